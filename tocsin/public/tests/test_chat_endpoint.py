"""The chatbot endpoint: approved answers only, hand-over to the inbox, limits, retention."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from tocsin.crises.models import Crisis
from tocsin.mentions.models import Mention, Status
from tocsin.public import chat, services
from tocsin.public.models import ChatMessage, Conversation, PublicSettings
from tocsin.testing import Cast


@pytest.fixture(autouse=True)
def _fresh_limits(db: None) -> None:
    cache.clear()


def _ask(crisis: Crisis, body: Any, **environ: str) -> Any:
    return Client().post(
        f"/p/{crisis.firm.slug}/{crisis.pk}/chat",
        json.dumps(body) if not isinstance(body, bytes) else body,
        content_type="application/json",
        **environ,  # type: ignore[arg-type]
    )


def test_answers_with_the_approved_entry_in_the_askers_language(crisis: Crisis) -> None:
    response = _ask(crisis, {"q": "what happened?"})
    assert response.status_code == 200
    data = response.json()
    assert data["answer_id"] == "what-happened"
    assert data["lang"] == "en"
    assert data["answer"] == "One of the firm's servers was hacked on 3 June."
    assert data["escalate"] is False
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "no-store" in response["Cache-Control"]


def test_unknown_question_is_refused_with_contact_and_page(crisis: Crisis) -> None:
    data = _ask(crisis, {"q": "Quel temps fera-t-il demain à Lyon ?"}).json()
    assert data["answer_id"] is None and data["escalate"] is False
    assert "01 02 03 04 05" in data["answer"]
    assert f"/p/{crisis.firm.slug}/{crisis.pk}/" in data["answer"]


def test_upset_visitor_is_handed_over_to_the_inbox(cast: Cast, crisis: Crisis) -> None:
    first = _ask(crisis, {"q": "Que s'est-il passé ?"}).json()
    data = _ask(
        crisis,
        {
            "q": "C'est scandaleux, je veux parler à un responsable !",
            "conversation": first["conversation"],
        },
    ).json()
    assert data["escalate"] is True and data["answer_id"] is None
    assert "membre du cabinet" in data["answer"]
    mention = Mention.objects.for_firm(cast.firm_a).get()
    assert mention.status == Status.TO_ANSWER
    assert mention.source_label == "Chatbot" and mention.author == "Chatbot visitor"
    assert "je veux parler à un responsable" in mention.text
    assert "Que s'est-il passé ?" in mention.text  # the transcript gives the context
    assert crisis.pins.filter(mention=mention).exists()
    assert Mention.objects.for_firm(cast.firm_b).count() == 0
    conversation = Conversation.objects.for_firm(cast.firm_a).get()
    assert conversation.mention_id == mention.pk and conversation.messages.count() == 2
    # The visitor leaves an address for the person who will answer.
    left = _ask(crisis, {"conversation": data["conversation"], "email": "visiteur@example.org"})
    assert left.status_code == 200
    mention.refresh_from_db()
    assert mention.author_handle == "visiteur@example.org"


def test_email_is_refused_before_any_hand_over(crisis: Crisis) -> None:
    data = _ask(crisis, {"q": "Que s'est-il passé ?"}).json()
    assert (
        _ask(crisis, {"conversation": data["conversation"], "email": "a@b.org"}).status_code == 400
    )


def test_a_conversation_token_of_another_crisis_starts_a_new_one(
    cast: Cast, crisis: Crisis
) -> None:
    data = _ask(crisis, {"q": "Que s'est-il passé ?"}).json()
    forged = services.conversation_token(Conversation(pk=999999))
    again = _ask(crisis, {"q": "Que s'est-il passé ?", "conversation": forged}).json()
    assert again["conversation"] != data["conversation"]
    assert Conversation.objects.for_firm(cast.firm_a).count() == 2


def test_visitor_is_rate_limited(crisis: Crisis, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chat, "CHAT_LIMIT", 3)
    for _ in range(3):
        assert _ask(crisis, {"q": "Que s'est-il passé ?"}).status_code == 200
    refused = _ask(crisis, {"q": "Que s'est-il passé ?"})
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= chat.CHAT_WINDOW
    # Another visitor is not held back.
    other = _ask(crisis, {"q": "Que s'est-il passé ?"}, REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 200


def test_input_is_bounded_and_checked(crisis: Crisis) -> None:
    assert _ask(crisis, {"q": "x" * 1001}).status_code == 400
    assert _ask(crisis, {"q": ""}).status_code == 400
    assert _ask(crisis, ["q"]).status_code == 400
    assert _ask(crisis, b"{not json").status_code == 400
    assert _ask(crisis, {"q": "y" * 9000}).status_code == 413
    assert Client().get(f"/p/{crisis.firm.slug}/{crisis.pk}/chat").status_code == 405


def test_cors_preflight_is_answered(crisis: Crisis) -> None:
    response = Client().options(
        f"/p/{crisis.firm.slug}/{crisis.pk}/chat",
        headers={"Origin": "https://www.cabinet.example", "Access-Control-Request-Method": "POST"},
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Content-Type" in response["Access-Control-Allow-Headers"]


def test_other_firm_or_hidden_crisis_has_no_chatbot(cast: Cast, crisis: Crisis) -> None:
    response = Client().post(
        f"/p/{cast.firm_b.slug}/{crisis.pk}/chat",
        '{"q": "bonjour"}',
        content_type="application/json",
    )
    assert response.status_code == 404
    services.set_page(crisis, is_public=False, title_fr="x", actor=cast.alice.person)
    assert _ask(crisis, {"q": "Que s'est-il passé ?"}).status_code == 404


def test_widget_script_points_at_the_endpoint(crisis: Crisis) -> None:
    response = Client().get(f"/p/{crisis.firm.slug}/{crisis.pk}/widget.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert f"/p/{crisis.firm.slug}/{crisis.pk}/chat" in response.content.decode()


def test_conversations_are_purged_after_the_firms_retention(cast: Cast, crisis: Crisis) -> None:
    _ask(crisis, {"q": "Que s'est-il passé ?"})
    _ask(crisis, {"q": "Should I change my password?"})
    old, recent = Conversation.objects.for_firm(cast.firm_a).order_by("pk")
    Conversation.objects.for_firm(cast.firm_a).filter(pk=old.pk).update(
        last_at=timezone.now() - timedelta(days=8)
    )
    PublicSettings.objects.create(firm=cast.firm_a, conversation_days=7)
    from tocsin.public.tasks import purge_conversations

    assert purge_conversations.delay().get()["conversations"] == 1
    assert list(Conversation.objects.for_firm(cast.firm_a)) == [recent]
    assert ChatMessage.objects.for_firm(cast.firm_a).count() == 1
