"""Follow-up: answers to mentions, suggested wording, the language model, update reminders."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tocsin.crises.models import PinnedMention
from tocsin.firms.models import AuditEvent
from tocsin.mentions.models import Mention, Status
from tocsin.responses import llm, services
from tocsin.responses.models import (
    LanguageModelSettings,
    MentionAnswer,
    PublicationState,
    Statement,
    StatementState,
)
from tocsin.responses.tests.helpers import CALM, approved, committed, crisis
from tocsin.sources.testing_servers import ApiServer, Seen, json_reply
from tocsin.testing import Cast


def _mention(cast: Cast, **fields: Any) -> Mention:
    return Mention.objects.create(
        firm=cast.firm_a,
        dedup_key=fields.pop("dedup_key", "m1"),
        text=fields.pop("text", "Le cabinet Alpha a perdu nos données ?"),
        lang="fr",
        **fields,
    )


def test_suggestions_come_from_approved_statements_then_templates(cast: Cast) -> None:
    c = crisis(cast)
    mention = _mention(cast)
    PinnedMention.objects.create(firm=cast.firm_a, crisis=c, mention=mention)
    statement = approved(cast, crisis_=c)
    suggestions = services.suggestions(mention)
    assert suggestions[0].origin == f"statement:{statement.pk}"
    assert suggestions[0].text == CALM
    templates = [s for s in suggestions if s.origin.startswith("template:data_breach.")]
    assert templates and all(".fr" in s.origin for s in templates)


def test_a_review_gets_review_answers(cast: Cast) -> None:
    mention = _mention(cast, rating=2, crisis_type="client_dispute")
    origins = [s.origin for s in services.suggestions(mention)]
    assert origins == ["template:client_dispute.review_answer.review.fr"]


def test_reply_to_a_mention_goes_through_approval_and_is_recorded(cast: Cast) -> None:
    mention = _mention(cast)
    client = Client()
    client.force_login(cast.colin.person)
    page = client.get(reverse("mention_reply", args=["alpha", mention.pk]))
    assert page.status_code == 200
    answer = client.post(reverse("mention_reply", args=["alpha", mention.pk]), {"text": CALM})
    assert answer.status_code == 302
    statement = Statement.objects.for_firm(cast.firm_a).get(mention=mention)
    assert statement.channels == ["recorded"] and statement.kind == "reply"
    mention.refresh_from_db()
    assert mention.status == Status.TO_ANSWER
    with pytest.raises(services.StatementError):
        committed(services.publish, statement, actor=cast.alice)
    services.approve(statement, approver=cast.alice, version_number=1)
    [pub] = committed(services.publish, statement, actor=cast.alice, recorded_where="par téléphone")
    pub.refresh_from_db()
    assert pub.state == PublicationState.PUBLISHED
    mention.refresh_from_db()
    assert mention.status == Status.ANSWERED
    recorded = MentionAnswer.objects.for_firm(cast.firm_a).get(mention=mention)
    assert recorded.where == "par téléphone" and recorded.answered_by == cast.alice.person


def test_viewer_cannot_draft_a_reply(cast: Cast) -> None:
    mention = _mention(cast)
    client = Client()
    client.force_login(cast.victor.person)
    assert client.get(reverse("mention_reply", args=["alpha", mention.pk])).status_code == 200
    refused = client.post(reverse("mention_reply", args=["alpha", mention.pk]), {"text": CALM})
    assert refused.status_code == 403


# --------------------------------------------------------------------------- language model


def test_llm_adapter_is_off_by_default(cast: Cast) -> None:
    assert llm.settings_of(cast.firm_a).enabled is False
    with pytest.raises(llm.LanguageModelError, match="off"):
        llm.propose(cast.firm_a, instruction="Rédige un message d'attente.")


@pytest.mark.usefixtures("allow_loopback")
def test_llm_proposal_only_becomes_a_draft(cast: Cast, api_server: ApiServer) -> None:
    proposal = "Nous avons connaissance de la situation et revenons vers vous ce soir."

    def complete(seen: Seen) -> Any:
        body = json.loads(seen.body)
        assert body["model"] == "local-model" and body["messages"][0]["role"] == "system"
        return json_reply(
            200,
            {
                "id": "chatcmpl-1",
                "object": "chat.completion",
                "model": "local-model",
                "choices": [
                    {
                        "index": 0,
                        "finish_reason": "stop",
                        "message": {"role": "assistant", "content": proposal},
                    }
                ],
            },
        )

    api_server.route("/v1/chat/completions", complete)
    config = LanguageModelSettings(
        firm=cast.firm_a, enabled=True, base_url=api_server.url("/v1"), model="local-model"
    )
    config.api_key = "sk-local"
    config.save()
    statement = approved(cast)
    client = Client()
    client.force_login(cast.colin.person)
    client.post(
        reverse("statement_propose", args=["alpha", statement.pk]), {"instruction": "Plus court"}
    )
    statement.refresh_from_db()
    version = statement.current()
    assert version is not None and version.text == proposal and version.origin == "llm"
    # The model's words void the approval: a partner must read them.
    assert statement.state == StatementState.DRAFT
    assert api_server.requests_to("/v1/chat/completions")[0].headers["authorization"] == (
        "Bearer sk-local"
    )


@pytest.mark.usefixtures("allow_loopback")
def test_llm_failure_is_said_plainly(cast: Cast, api_server: ApiServer) -> None:
    api_server.route("/v1/chat/completions", json_reply(500, {"error": {"message": "boom"}}))
    LanguageModelSettings.objects.create(
        firm=cast.firm_a, enabled=True, base_url=api_server.url(""), model="m"
    )
    with pytest.raises(llm.LanguageModelError, match="HTTP 500"):
        llm.propose(cast.firm_a, instruction="x")


# --------------------------------------------------------------------------- cadence


def test_update_reminder_is_sent_once_before_it_is_due(cast: Cast) -> None:
    c = crisis(cast)
    cadence = services.set_cadence(c, every_hours=24, remind_before_minutes=120)
    due = services.next_update_due(cadence)
    mail.outbox.clear()
    assert services.remind_updates(now=due - timedelta(hours=3)) == 0
    assert services.remind_updates(now=due - timedelta(minutes=90)) == 1
    assert services.remind_updates(now=due - timedelta(minutes=60)) == 0
    [message] = mail.outbox
    assert c.title in message.subject and "colin@example.org" in message.to
    assert "victor@example.org" not in message.to
    assert AuditEvent.objects.filter(context=c.context, action="responses.update_due").count() == 1


def test_a_published_update_moves_the_next_due_time(cast: Cast) -> None:
    c = crisis(cast)
    cadence = services.set_cadence(c, every_hours=6)
    first_due = services.next_update_due(cadence)
    statement = approved(cast, crisis_=c, kind="update")
    committed(services.publish, statement, actor=cast.alice)
    assert services.next_update_due(cadence) > first_due
    assert services.next_update_due(cadence) > timezone.now() + timedelta(hours=5)


def test_cadence_page_needs_an_approver(cast: Cast) -> None:
    c = crisis(cast)
    client = Client()
    client.force_login(cast.colin.person)
    url = reverse("crisis_cadence", args=["alpha", c.pk])
    assert client.post(url, {"every_hours": "12"}).status_code == 403
    client.force_login(cast.alice.person)
    assert client.post(url, {"every_hours": "12"}).status_code == 302
    assert c.update_cadence.every_hours == 12
