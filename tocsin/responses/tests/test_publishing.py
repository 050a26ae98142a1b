"""Publishing: once per place, at the set time, with retries, and never during a freeze."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from tocsin.firms.models import AuditEvent
from tocsin.responses import services
from tocsin.responses.models import (
    ClientContact,
    Publication,
    PublicationState,
    StatementState,
)
from tocsin.responses.publishers import base
from tocsin.responses.tests.helpers import approved, committed, crisis
from tocsin.testing import Cast


class Counting(base.Publisher):
    """A channel that counts what it sends; fails as told."""

    channel = "recorded"
    sent: list[str] = []
    failures: list[base.PublishError] = []

    def send(self, out: base.Outgoing) -> base.Sent:
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append(out.text)
        return base.Sent(url="https://example.org/p/1")


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> type[Counting]:
    Counting.sent, Counting.failures = [], []
    monkeypatch.setattr(base, "publisher_for", lambda channel: Counting())
    return Counting


def test_publication_is_never_sent_twice(cast: Cast, counting: type[Counting]) -> None:
    statement = approved(cast)
    [pub] = committed(services.publish, statement, actor=cast.alice, channels=["recorded"])
    assert counting.sent == [statement.current().text]  # type: ignore[union-attr]
    # The task delivered again, the sweep, and a second publish request: nothing more.
    assert services.send(pub.pk) == PublicationState.PUBLISHED
    services.publish_due(now=timezone.now() + timedelta(hours=1))
    statement.refresh_from_db()
    with pytest.raises(services.StatementError):
        committed(services.publish, statement, actor=cast.alice, channels=["recorded"])
    assert len(counting.sent) == 1
    assert Publication.objects.for_firm(cast.firm_a).count() == 1
    statement.refresh_from_db()
    assert statement.state == StatementState.PUBLISHED


@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_send_a_publication_once(cast: Cast, counting: type[Counting]) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("concurrent claims are exercised on PostgreSQL")
    statement = approved(cast)
    [pub] = committed(
        services.publish,
        statement,
        actor=cast.alice,
        channels=["recorded"],
        publish_at=timezone.now() + timedelta(seconds=1),
    )
    later = timezone.now() + timedelta(seconds=5)
    results: list[str] = []

    def worker() -> None:
        results.append(services.send(pub.pk, later))
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(counting.sent) == 1
    # One worker claimed it (attempts counts claims); the others saw it sending or, if
    # they came after the winner finished, already published.
    pub.refresh_from_db()
    assert pub.attempts == 1 and pub.state == PublicationState.PUBLISHED
    assert set(results) <= {PublicationState.SENDING, PublicationState.PUBLISHED}


def test_scheduled_publication_waits_for_its_time(cast: Cast, counting: type[Counting]) -> None:
    statement = approved(cast)
    at = timezone.now() + timedelta(hours=1)
    [pub] = committed(
        services.publish, statement, actor=cast.alice, channels=["recorded"], publish_at=at
    )
    assert services.publish_due() == {"stuck": 0, "lapsed": 0, "sent": 0}
    assert counting.sent == []
    assert services.publish_due(now=at + timedelta(seconds=1))["sent"] == 1
    pub.refresh_from_db()
    assert pub.state == PublicationState.PUBLISHED and pub.url


def test_retryable_failure_backs_off_then_gives_up(cast: Cast, counting: type[Counting]) -> None:
    counting.failures = [base.PublishError("HTTP 503") for _ in range(10)]
    statement = approved(cast)
    [pub] = committed(services.publish, statement, actor=cast.alice, channels=["recorded"])
    pub.refresh_from_db()
    assert pub.state == PublicationState.PENDING and pub.due_at > timezone.now()
    first_delay = pub.due_at
    for _ in range(10):
        pub.refresh_from_db()
        if pub.state != PublicationState.PENDING:
            break
        services.publish_due(now=pub.due_at + timedelta(seconds=1))
    pub.refresh_from_db()
    assert pub.state == PublicationState.FAILED
    assert pub.attempts == 5 and "503" in pub.last_error
    assert pub.due_at > first_delay  # the delay grew
    assert AuditEvent.objects.filter(action="statement.publication_failed").exists()


def test_permanent_failure_waits_for_a_person_to_retry(
    cast: Cast, counting: type[Counting]
) -> None:
    counting.failures = [base.PublishError("token revoked", retryable=False)]
    statement = approved(cast)
    [pub] = committed(services.publish, statement, actor=cast.alice, channels=["recorded"])
    pub.refresh_from_db()
    assert pub.state == PublicationState.FAILED and pub.attempts == 1
    with pytest.raises(services.StatementError):
        committed(services.retry, pub, actor=cast.colin)
    committed(services.retry, pub, actor=cast.alice)
    pub.refresh_from_db()
    assert pub.state == PublicationState.PUBLISHED
    assert len(counting.sent) == 1


def test_interrupted_sending_is_failed_not_sent_again(cast: Cast, counting: type[Counting]) -> None:
    statement = approved(cast)
    [pub] = committed(
        services.publish,
        statement,
        actor=cast.alice,
        channels=["recorded"],
        publish_at=timezone.now() + timedelta(minutes=5),
    )
    # A worker claimed it, then died.
    Publication.objects.for_firm(cast.firm_a).filter(pk=pub.pk).update(
        state=PublicationState.SENDING, sending_since=timezone.now()
    )
    services.publish_due(now=timezone.now() + timedelta(minutes=30))
    pub.refresh_from_db()
    assert pub.state == PublicationState.FAILED and "interrupted" in pub.last_error
    assert counting.sent == []


def test_email_goes_to_affected_clients_one_by_one(cast: Cast) -> None:
    c = crisis(cast)
    hit = ClientContact.objects.create(
        firm=cast.firm_a, organisation="Boulangerie Roux", email="roux@example.org"
    )
    hit.affected_in.add(c)
    other = ClientContact.objects.create(
        firm=cast.firm_a, organisation="Garage Blanc", email="blanc@example.org", language="en"
    )
    other.affected_in.add(c)
    ClientContact.objects.create(
        firm=cast.firm_a, organisation="Pharmacie Noir", email="noir@example.org"
    )
    ClientContact.objects.create(firm=cast.firm_b, organisation="Autre", email="autre@example.org")
    statement = approved(
        cast,
        kind="client_letter",
        crisis_=c,
        channels=["email"],
        translation="We are writing to tell you about a security incident.",
    )
    mail.outbox.clear()
    [pub] = committed(services.publish, statement, actor=cast.alice, segment="affected")
    assert sorted(m.to[0] for m in mail.outbox) == ["blanc@example.org", "roux@example.org"]
    assert all(len(m.to) == 1 for m in mail.outbox)
    english = next(m for m in mail.outbox if m.to == ["blanc@example.org"])
    assert english.body.startswith("We are writing")
    pub.refresh_from_db()
    assert sorted(pub.progress) == sorted([str(hit.pk), str(other.pk)])


def test_client_names_are_flagged_in_public_drafts(cast: Cast) -> None:
    ClientContact.objects.create(
        firm=cast.firm_a, organisation="Boulangerie Roux", email="r@example.org"
    )
    flags = services.check(cast.firm_a, "La Boulangerie Roux est concernée par l'incident.")
    assert any(f["kind"] == "secrecy" for f in flags)


def test_crisis_page_publishes_an_update(cast: Cast) -> None:
    from tocsin.responses.publishers.crisis_page import public_services

    try:
        public = public_services()
    except base.PublishError:
        pytest.skip("the public app is not installed yet")
    c = crisis(cast)
    statement = approved(
        cast,
        crisis_=c,
        channels=["crisis_page"],
        translation="We are aware of the situation and checking the facts.",
    )
    [pub] = committed(services.publish, statement, actor=cast.alice)
    pub.refresh_from_db()
    assert pub.state == PublicationState.PUBLISHED, pub.last_error
    [update] = public.updates_of(c)
    assert update.body_fr == statement.current().text  # type: ignore[union-attr]
    assert update.body_en.startswith("We are aware")
    assert AuditEvent.objects.filter(context=c.context, action="statement.published").exists()


def test_freeze_returns_scheduled_posts_to_drafts(cast: Cast, counting: type[Counting]) -> None:
    statement = approved(cast)
    committed(
        services.publish,
        statement,
        actor=cast.alice,
        channels=["recorded"],
        publish_at=timezone.now() + timedelta(hours=1),
    )
    mail.outbox.clear()
    _row, returned = committed(
        services.freeze,
        cast.firm_a,
        actor=cast.alice,
        reason="Crise en cours d'évaluation : aucune publication.",
        ends_at=timezone.now() + timedelta(days=1),
        may_post=[cast.ada.person],
    )
    assert returned == [statement]
    statement.refresh_from_db()
    assert statement.state == StatementState.DRAFT
    assert Publication.objects.for_firm(cast.firm_a).count() == 0
    assert services.active_approvals(statement) == []
    services.publish_due(now=timezone.now() + timedelta(hours=2))
    assert counting.sent == []
    # The team is told, with the reason and who may still post.
    [message] = mail.outbox
    assert {"alice@example.org", "victor@example.org"} <= set(message.to)
    assert "Crise en cours" in message.body and "Ada" in message.body


def test_frozen_firm_publishes_only_through_named_people(
    cast: Cast, counting: type[Counting]
) -> None:
    committed(
        services.freeze, cast.firm_a, actor=cast.alice, reason="Gel", may_post=[cast.ada.person]
    )
    statement = approved(cast)
    with pytest.raises(services.StatementError, match="frozen"):
        committed(services.publish, statement, actor=cast.alice, channels=["recorded"])
    committed(services.publish, statement, actor=cast.ada, channels=["recorded"])
    assert len(counting.sent) == 1
    # Another firm is not frozen.
    assert services.active_freeze(cast.firm_b) is None


def test_lifting_a_freeze_lets_publishing_resume(cast: Cast, counting: type[Counting]) -> None:
    row, _ = committed(services.freeze, cast.firm_a, actor=cast.alice, reason="Gel")
    services.lift_freeze(row, actor=cast.alice)
    statement = approved(cast)
    committed(services.publish, statement, actor=cast.alice, channels=["recorded"])
    assert len(counting.sent) == 1
