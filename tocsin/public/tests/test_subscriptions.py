"""Email subscriptions: double opt-in, language, one-click unsubscribe, update notices."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from tocsin.crises.models import Crisis
from tocsin.public import services
from tocsin.public.models import Delivery, Subscriber
from tocsin.public.tasks import notify_subscribers
from tocsin.testing import Cast, Inbox


@pytest.fixture(autouse=True)
def _fresh_limits(db: None) -> None:
    cache.clear()


def _subscribe(crisis: Crisis, email: str, language: str = "fr") -> Any:
    return Client().post(
        f"/p/{crisis.firm.slug}/{crisis.pk}/subscribe", {"email": email, "language": language}
    )


def _link(message: Any, kind: str) -> str:
    found = re.search(rf"https?://\S+/{kind}/\S+", message.body)
    assert found, message.body
    return found.group(0).split("://", 1)[1].split("/", 1)[1]


def _publish(crisis: Crisis, cast: Cast, notify: bool = True) -> Any:
    return services.publish_update(
        crisis,
        body_fr="Les bulletins sont corrigés.",
        body_en="The payslips are corrected.",
        state="monitoring",
        notify=notify,
        actor=cast.alice.person,
    )


def test_double_opt_in_then_update_in_the_chosen_language(
    cast: Cast, crisis: Crisis, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = _subscribe(crisis, "Client@Example.org", "en")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert len(mail.outbox) == 1
    confirmation = mail.outbox[0]
    assert confirmation.to == ["client@example.org"]
    assert "Confirm" in confirmation.subject
    # Not confirmed yet: an update reaches nobody.
    with django_capture_on_commit_callbacks(execute=True):
        _publish(crisis, cast)
    assert len(mail.outbox) == 1
    assert Client().get("/" + _link(confirmation, "confirm")).status_code == 200
    assert Subscriber.objects.for_firm(cast.firm_a).get().is_active
    with django_capture_on_commit_callbacks(execute=True):
        update = _publish(crisis, cast)
    notice = mail.outbox[-1]
    assert notice.to == ["client@example.org"]
    assert "The payslips are corrected." in notice.body
    html = notice.alternatives[0][0]  # type: ignore[attr-defined]
    assert "The payslips are corrected." in html
    assert notice.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert notice.extra_headers["List-Unsubscribe"].startswith("<http")
    # A retried task sends nothing twice.
    assert notify_subscribers.delay(update.pk).get() == 0
    assert Delivery.objects.for_firm(cast.firm_a).count() == 1


def test_update_without_notify_emails_nobody(
    cast: Cast, crisis: Crisis, django_capture_on_commit_callbacks: Any
) -> None:
    Subscriber.objects.create(
        firm=cast.firm_a, crisis=crisis, email="a@example.org", confirmed_at=crisis.opened_at
    )
    with django_capture_on_commit_callbacks(execute=True):
        _publish(crisis, cast, notify=False)
    assert mail.outbox == []


def test_one_click_unsubscribe_needs_no_csrf_token(
    cast: Cast, crisis: Crisis, django_capture_on_commit_callbacks: Any
) -> None:
    subscriber = Subscriber.objects.create(
        firm=cast.firm_a, crisis=crisis, email="a@example.org", confirmed_at=crisis.opened_at
    )
    with django_capture_on_commit_callbacks(execute=True):
        _publish(crisis, cast)
    url = mail.outbox[-1].extra_headers["List-Unsubscribe"].strip("<>").split("://", 1)[1]
    path = "/" + url.split("/", 1)[1]
    # GET only asks (link scanners must not unsubscribe anyone).
    assert Client().get(path).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is None
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        _publish(crisis, cast)
    assert len(mail.outbox) == 1


def test_bad_or_foreign_tokens_are_refused(cast: Cast, crisis: Crisis) -> None:
    subscriber = Subscriber.objects.create(firm=cast.firm_a, crisis=crisis, email="a@example.org")
    token = services.confirm_token(subscriber)
    client = Client()
    assert client.get(f"/p/alpha/{crisis.pk}/confirm/{token}x").status_code == 400
    assert client.get(f"/p/beta/{crisis.pk}/confirm/{token}").status_code == 404
    unsubscribe = services.confirm_token(subscriber)  # a confirm token cannot unsubscribe
    assert client.post(f"/p/alpha/{crisis.pk}/unsubscribe/{unsubscribe}").status_code == 400


def test_invalid_email_is_shown_back_and_subscribing_is_rate_limited(crisis: Crisis) -> None:
    bad = _subscribe(crisis, "not an email")
    assert bad.status_code == 400
    assert 'id="sub_email"' in bad.content.decode()
    statuses = [_subscribe(crisis, f"p{i}@example.org").status_code for i in range(6)]
    assert statuses[:5] == [200] * 5 and statuses[5] == 429


def test_update_reaches_a_real_smtp_server_with_unsubscribe_headers(
    cast: Cast, crisis: Crisis, smtp: Inbox, django_capture_on_commit_callbacks: Any
) -> None:
    for email, lang in (("fr@example.org", "fr"), ("en@example.org", "en")):
        Subscriber.objects.create(
            firm=cast.firm_a,
            crisis=crisis,
            email=email,
            language=lang,
            confirmed_at=crisis.opened_at,
        )
    with django_capture_on_commit_callbacks(execute=True):
        _publish(crisis, cast)
    by_to = {m["To"]: m for m in smtp.messages}
    assert set(by_to) == {"fr@example.org", "en@example.org"}
    english = by_to["en@example.org"]
    assert english["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert english["List-Unsubscribe"].startswith("<http")
    assert "Cabinet Alpha" in english["From"]
    assert english.is_multipart()
    assert "The payslips are corrected." in _part(english, "text/plain")
    assert "The payslips are corrected." in _part(english, "text/html")
    assert "Les bulletins sont corrigés." in _part(by_to["fr@example.org"], "text/plain")


def _part(message: Any, content_type: str) -> str:
    for part in message.walk():
        if part.get_content_type() == content_type:
            return str(part.get_payload(decode=True).decode())
    raise AssertionError(content_type)


def test_unconfirmed_addresses_are_forgotten_after_a_week(cast: Cast, crisis: Crisis) -> None:
    from datetime import timedelta

    from tocsin.public.tasks import purge_conversations

    old = crisis.opened_at - timedelta(days=8)
    Subscriber.objects.create(
        firm=cast.firm_a, crisis=crisis, email="old@example.org", created_at=old
    )
    Subscriber.objects.create(firm=cast.firm_a, crisis=crisis, email="new@example.org")
    Subscriber.objects.create(
        firm=cast.firm_a, crisis=crisis, email="kept@example.org", created_at=old, confirmed_at=old
    )
    assert purge_conversations.delay().get()["unconfirmed"] == 1
    emails = set(Subscriber.objects.for_firm(cast.firm_a).values_list("email", flat=True))
    assert emails == {"new@example.org", "kept@example.org"}
