"""Who may use the mentions pages and API (walked by tests/test_isolation.py)."""

from __future__ import annotations

from tocsin.mentions.models import Mention, WatchQuery
from tocsin.testing import Cast

ALL = {"admin", "partner", "communicator", "viewer"}
EDITORS = {"admin", "partner", "communicator"}

PAGES = {
    "inbox": ("GET", ALL),
    "triage": ("POST", EDITORS),
    "mention_curve": ("GET", ALL),
    "mention": ("GET", ALL),
    "mention_correct": ("POST", EDITORS),
    "watch_queries": ("GET", ALL),
    "watch_query_delete": ("POST", EDITORS),
}
API = {
    ("POST", "/api/v1/mentions"): EDITORS,
    ("GET", "/api/v1/mentions"): ALL,
    ("GET", "/api/v1/mentions/{mention_id}"): ALL,
    ("PATCH", "/api/v1/mentions/{mention_id}"): EDITORS,
    ("POST", "/api/v1/mentions/bulk"): EDITORS,
    ("GET", "/api/v1/watch-queries"): ALL,
    ("POST", "/api/v1/watch-queries"): EDITORS,
    ("DELETE", "/api/v1/watch-queries/{query_id}"): EDITORS,
}


def _mention(cast: Cast) -> int:
    return Mention.objects.create(firm=cast.firm_a, dedup_key="route-test", text="Cabinet Alpha").pk


def _query(cast: Cast) -> int:
    return WatchQuery.objects.create(firm=cast.firm_a, name="alpha", query='"Cabinet Alpha"').pk


OBJECTS = {"mention_id": _mention, "query_id": _query}
