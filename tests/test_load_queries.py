"""The pages the load test measures stay cheap as a firm grows (bench/load/ measures them
at a million mentions; these guard the fixes in CI): the number of queries does not grow
with the mentions, and the inbox never counts a big firm's whole history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tocsin.crises import pins, services
from tocsin.firms.models import Firm, Membership
from tocsin.mentions import views
from tocsin.mentions.models import Mention, Story
from tocsin.testing import Cast


def _add_mentions(firm: Firm, n: int, start: int, assignee: Membership) -> list[int]:
    """``n`` analysed mentions in stories of two, some assigned: what the inbox joins."""
    now = timezone.now()
    stories = Story.objects.bulk_create(
        [Story(firm=firm, title=f"story {i}", fingerprint=i, size=2) for i in range((n + 1) // 2)]
    )
    mentions = Mention.objects.bulk_create(
        [
            Mention(
                firm=firm,
                dedup_key=f"load-{start + i}",
                text=f"Fuite de données numéro {start + i}",
                published_at=now - timedelta(hours=i),
                sentiment="negative" if i % 3 == 0 else "neutral",
                crisis_type="data_breach" if i % 3 == 0 else "none",
                risk=80 if i % 3 == 0 else 10,
                matched_terms=["fuite"],
                story=stories[i // 2],
                assignee=assignee.person if i % 2 else None,
            )
            for i in range(n)
        ]
    )
    return [m.pk for m in mentions]


def _queries(client: Client, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return [q["sql"] for q in captured.captured_queries]


@pytest.mark.parametrize(
    "path",
    [
        "/f/alpha/inbox/",
        "/f/alpha/inbox/?sentiment=negative&page=2",
        "/f/alpha/inbox/?q=fuite",
        "/f/alpha/inbox/curve/",
        "/f/alpha/",
    ],
)
def test_pages_run_as_many_queries_for_120_mentions_as_for_6(
    cast: Cast, client: Client, path: str
) -> None:
    client.force_login(cast.alice.person)
    _add_mentions(cast.firm_a, 6, 0, cast.colin)
    few = len(_queries(client, path))
    _add_mentions(cast.firm_a, 114, 6, cast.colin)
    many = len(_queries(client, path))
    assert many == few and many <= 20, (path, few, many)


def test_crisis_room_queries_do_not_grow_with_pinned_mentions(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice.person)
    crisis = services.open_crisis(
        cast.firm_a,
        opened_by=cast.alice.person,
        crisis_type="data_breach",
        title="Fuite",
        awareness_at=timezone.now() - timedelta(hours=2),
    )
    ids = _add_mentions(cast.firm_a, 60, 0, cast.colin)
    room = f"/f/alpha/crises/{crisis.pk}/"
    pins.pin_mention(crisis, ids[0], actor=cast.alice.person)
    few = len(_queries(client, room))
    for mention_id in ids[1:40]:
        pins.pin_mention(crisis, mention_id, actor=cast.alice.person)
    many = len(_queries(client, room))
    # Each pin adds one timeline event (one row, no query); the pinned list is one query.
    assert many == few, (few, many)


def test_inbox_counts_no_further_than_its_cap(
    cast: Cast, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "COUNT_CAP", 10)
    monkeypatch.setattr(views, "PER_PAGE", 5)
    client.force_login(cast.victor.person)
    _add_mentions(cast.firm_a, 30, 0, cast.colin)
    sql = _queries(client, "/f/alpha/inbox/")
    counts = [q for q in sql if "COUNT(" in q.upper()]
    assert counts and all("LIMIT 11" in q.upper() for q in counts), counts
    page = client.get("/f/alpha/inbox/").content.decode()
    assert "&gt; 10 mentions" in page or "&gt; 10 mention" in page
    # Below the cap the count is exact.
    monkeypatch.setattr(views, "COUNT_CAP", 100)
    assert "30 mentions" in client.get("/f/alpha/inbox/").content.decode()
    # Paging past the cap still works: the count follows the page asked for.
    monkeypatch.setattr(views, "COUNT_CAP", 10)
    later = client.get("/f/alpha/inbox/", {"page": 4}).content.decode()
    assert "page=5" in later and "page=3" in later
