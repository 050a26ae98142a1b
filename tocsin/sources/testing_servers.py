"""Fake public APIs (Mastodon, Bluesky, Google) on loopback, for the collectors' tests.

Built on the sources' scripted loopback server (``sources/tests/loopback.py``), with the
verbs those APIs use beyond GET and POST, and a JSON reply helper. Each test scripts the
answers in the API's documented shape, errors and rate-limit headers included.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tocsin.sources.tests.loopback import Loopback, Reply, Seen

__all__ = ["ApiServer", "Reply", "Seen", "api_server", "json_reply", "query"]


class ApiServer(Loopback):
    """A :class:`Loopback` that also answers PUT, PATCH and DELETE."""

    def __init__(self) -> None:
        super().__init__()
        base: Any = self.server.RequestHandlerClass
        serve = base._serve
        self.server.RequestHandlerClass = type(
            "ApiHandler", (base,), {"do_PUT": serve, "do_PATCH": serve, "do_DELETE": serve}
        )

    def requests_to(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path.split("?")[0] == path]


def json_reply(status: int, payload: Any, headers: dict[str, str] | None = None) -> Reply:
    return Reply(
        status,
        json.dumps(payload).encode(),
        {"Content-Type": "application/json; charset=utf-8", **(headers or {})},
    )


def query(seen: Seen) -> dict[str, str]:
    """The query string of a request, one value per name (the last)."""
    return {k: v[-1] for k, v in parse_qs(urlsplit(seen.path).query).items()}


@pytest.fixture
def api_server() -> Iterator[ApiServer]:
    server = ApiServer()
    yield server
    server.close()
