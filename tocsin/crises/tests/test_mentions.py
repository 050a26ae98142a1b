"""Mentions pinned to a crisis: by hand in the room, through the API, or by a rule."""

from __future__ import annotations

import pytest
from django.test import Client

from tocsin.crises import pins, services
from tocsin.crises.models import Crisis
from tocsin.firms.models import ApiToken, Firm
from tocsin.mentions.models import Mention
from tocsin.testing import Cast


def _mention(firm: Firm, key: str, text: str = "Fuite de données au cabinet ?") -> Mention:
    return Mention.objects.create(firm=firm, dedup_key=key, text=text, url="https://x.example/1")


def test_pinning_a_mention_twice_is_one_pin_on_the_timeline(breach: Crisis, cast: Cast) -> None:
    mention = _mention(cast.firm_a, "a")
    client = Client()
    client.force_login(cast.colin.person)
    for _ in range(2):
        assert client.post(f"/f/alpha/crises/{breach.pk}/pin/",
                           {"mention": mention.pk}).status_code == 302  # fmt: skip
    assert list(pins.pinned_mentions(breach)) == [mention]
    assert services.timeline(breach).filter(action="mention.pin").count() == 1
    room = client.get(f"/f/alpha/crises/{breach.pk}/").content.decode()
    assert "Fuite de données au cabinet" in room
    client.post(f"/f/alpha/crises/{breach.pk}/pin/", {"mention": mention.pk, "unpin": "1"})
    assert not pins.pinned_mentions(breach).exists()


def test_another_firms_mention_cannot_be_pinned(breach: Crisis, cast: Cast) -> None:
    foreign = _mention(cast.firm_b, "b")
    with pytest.raises(services.CrisisError):
        pins.pin_mention(breach, foreign.pk, actor=cast.alice.person)


def test_a_rule_can_pin_through_the_api(breach: Crisis, cast: Cast) -> None:
    mention = _mention(cast.firm_a, "c")
    pins.pin_mention(breach, _mention(cast.firm_a, "d").pk, actor=None, rule="alert 3")
    _, clear = ApiToken.issue(firm=cast.firm_a, person=cast.colin.person, name="t")
    response = Client().post(f"/api/v1/crises/{breach.pk}/mentions", {"mention_id": mention.pk},
        content_type="application/json", headers={"Authorization": f"Bearer {clear}"})  # fmt: skip
    assert response.status_code == 201
    detail = Client().get(f"/api/v1/crises/{breach.pk}",
                          headers={"Authorization": f"Bearer {clear}"}).json()  # fmt: skip
    assert mention.pk in detail["mention_ids"] and len(detail["mention_ids"]) == 2
