"""Approval: who may approve, which version, with which reason, and what voids it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tocsin.firms.models import AuditEvent
from tocsin.responses import services
from tocsin.responses.models import ApprovalPolicy, Publication, StatementState
from tocsin.responses.tests.helpers import CALM, approved, committed, crisis, draft
from tocsin.testing import Cast

FLAGGED = "Vous avez tort et c'est totalement faux : ces critiques sont ridicules."


def test_viewer_cannot_approve_statement(cast: Cast) -> None:
    statement = draft(cast)
    with pytest.raises(services.StatementError):
        services.approve(statement, approver=cast.victor, version_number=1)
    client = Client()
    client.force_login(cast.victor.person)
    url = reverse("statement_approve", args=["alpha", statement.pk])
    assert client.post(url, {"version": "1"}).status_code == 403
    statement.refresh_from_db()
    assert statement.state == StatementState.DRAFT


def test_communicator_cannot_approve_statement(cast: Cast) -> None:
    statement = services.create_statement(
        cast.firm_a, author=cast.alice.person, kind="holding", title="t", text=CALM
    )
    with pytest.raises(services.StatementError):
        services.approve(statement, approver=cast.colin, version_number=1)


def test_nobody_approves_their_own_draft(cast: Cast) -> None:
    statement = services.create_statement(
        cast.firm_a, author=cast.alice.person, kind="holding", title="t", text=CALM
    )
    with pytest.raises(services.StatementError, match="own draft"):
        services.approve(statement, approver=cast.alice, version_number=1)
    services.approve(statement, approver=cast.ada, version_number=1)


def test_partner_approves_a_specific_version(cast: Cast) -> None:
    statement = draft(cast)
    services.save_version(statement, author=cast.colin.person, text=CALM + " Merci.")
    with pytest.raises(services.StatementError, match="changed"):
        services.approve(statement, approver=cast.alice, version_number=1)
    services.approve(statement, approver=cast.alice, version_number=2)
    statement.refresh_from_db()
    assert statement.state == StatementState.APPROVED


def test_edit_after_approval_voids_it(cast: Cast) -> None:
    statement = approved(cast)
    assert statement.state == StatementState.APPROVED
    services.save_version(statement, author=cast.colin.person, text=CALM + " Bien à vous.")
    statement.refresh_from_db()
    assert statement.state == StatementState.DRAFT
    assert services.active_approvals(statement) == []
    approval = statement.approvals.get()
    assert approval.voided_at is not None and "edited" in approval.void_reason
    with pytest.raises(services.StatementError, match="approval"):
        committed(services.publish, statement, actor=cast.alice, channels=["recorded"])


def test_saving_the_same_words_keeps_the_approval(cast: Cast) -> None:
    statement = approved(cast)
    services.save_version(statement, author=cast.colin.person, text=CALM)
    statement.refresh_from_db()
    assert statement.state == StatementState.APPROVED
    assert statement.versions.count() == 1


def test_edit_after_scheduling_unschedules_what_has_not_gone_out(cast: Cast) -> None:
    statement = approved(cast)
    committed(
        services.publish,
        statement,
        actor=cast.alice,
        channels=["recorded"],
        publish_at=timezone.now() + timedelta(hours=2),
    )
    assert Publication.objects.for_firm(cast.firm_a).count() == 1
    services.save_version(statement, author=cast.colin.person, text=CALM + " Cordialement.")
    assert Publication.objects.for_firm(cast.firm_a).count() == 0
    statement.refresh_from_db()
    assert statement.state == StatementState.DRAFT


def test_flagged_draft_needs_a_written_reason_on_the_timeline(cast: Cast) -> None:
    c = crisis(cast)
    statement = draft(cast, FLAGGED, crisis_=c)
    version = statement.current()
    assert version is not None and version.flags, "the checker flags the hostile draft"
    with pytest.raises(services.StatementError, match="flagged"):
        services.approve(statement, approver=cast.alice, version_number=1)
    approval = services.approve(
        statement,
        approver=cast.alice,
        version_number=1,
        override_reason="Citation exacte d'un tiers, reprise volontairement.",
    )
    assert approval.flags_seen and approval.override_reason
    events = AuditEvent.objects.filter(context=f"crisis:{c.pk}", action="statement.override")
    assert events.count() == 1
    assert "Citation exacte" in events.get().detail["override_reason"]


def test_approval_page_shows_flags_and_asks_for_a_reason(cast: Cast) -> None:
    statement = draft(cast, FLAGGED)
    client = Client()
    client.force_login(cast.alice.person)
    page = client.get(reverse("statement", args=["alpha", statement.pk])).content.decode()
    assert '<mark class="flag-hostile' in page
    assert 'name="override_reason"' in page


def test_two_approval_steps_need_two_approvers(cast: Cast) -> None:
    ApprovalPolicy.objects.create(firm=cast.firm_a, channel="x", steps=2)
    statement = draft(cast, channels=["x"])
    services.approve(statement, approver=cast.alice, version_number=1)
    statement.refresh_from_db()
    assert statement.state == StatementState.REVIEW
    with pytest.raises(services.StatementError, match="already"):
        services.approve(statement, approver=cast.alice, version_number=1)
    services.approve(statement, approver=cast.ada, version_number=1)
    statement.refresh_from_db()
    assert statement.state == StatementState.APPROVED


def test_approval_lapses_when_the_publish_time_passes(cast: Cast) -> None:
    statement = draft(cast)
    services.set_intended_time(statement, timezone.now() + timedelta(minutes=30))
    services.approve(statement, approver=cast.alice, version_number=1)
    statement.refresh_from_db()
    assert statement.state == StatementState.APPROVED
    later = timezone.now() + timedelta(hours=2)
    services.publish_due(now=later)
    statement.refresh_from_db()
    assert statement.state == StatementState.DRAFT
    assert statement.approvals.get().void_reason == "publish time passed"


def test_nothing_is_published_without_approval(cast: Cast) -> None:
    statement = draft(cast)
    with pytest.raises(services.StatementError, match="approval"):
        committed(services.publish, statement, actor=cast.alice, channels=["recorded"])
    assert Publication.objects.for_firm(cast.firm_a).count() == 0


def test_statement_page_offers_publishing_once_approved_and_retry_when_failed(
    cast: Cast,
) -> None:
    statement = approved(cast)
    client = Client()
    client.force_login(cast.alice.person)
    url = reverse("statement", args=["alpha", statement.pk])
    page = client.get(url).content.decode()
    assert reverse("statement_publish", args=["alpha", statement.pk]) in page
    Publication.objects.create(
        firm=cast.firm_a,
        statement=statement,
        version=statement.current(),
        channel="recorded",
        target="recorded",
        state="failed",
        last_error="HTTP 503",
    )
    page = client.get(url).content.decode()
    assert "HTTP 503" in page and "/retry/" in page
    client.force_login(cast.victor.person)
    page = client.get(url).content.decode()
    assert "/retry/" not in page and 'name="override_reason"' not in page


def test_intended_time_set_on_the_page_makes_approvals_lapse(cast: Cast) -> None:
    statement = approved(cast)
    client = Client()
    client.force_login(cast.colin.person)
    when = (timezone.localtime() + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    client.post(
        reverse("statement_save", args=["alpha", statement.pk]),
        {"text": CALM, "intended_at": when},
    )
    statement.refresh_from_db()
    assert statement.publish_at is not None and statement.state == StatementState.DRAFT
    services.approve(statement, approver=cast.alice, version_number=1)
    # Saving again with the same minute voids nothing.
    client.post(
        reverse("statement_save", args=["alpha", statement.pk]),
        {"text": CALM, "intended_at": when},
    )
    statement.refresh_from_db()
    assert statement.state == StatementState.APPROVED


def test_admin_sets_approval_steps_per_channel(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.ada.person)
    client.post(
        reverse("response_settings", args=["alpha"]), {"steps_default": "1", "steps_x": "3"}
    )
    assert services.steps_required(cast.firm_a, ["x", "recorded"]) == 3
    assert services.steps_required(cast.firm_a, ["recorded"]) == 1
    page = client.get(reverse("publishing_accounts", args=["alpha"])).content.decode()
    assert 'name="steps_x" value="3"' in page
