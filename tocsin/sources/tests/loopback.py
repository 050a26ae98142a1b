"""A real HTTP server on 127.0.0.1 that answers with scripted replies, for collector tests.

Each path gets a list of replies (the last one repeats) or a function of the request, so a
test can say "500, then 500, then the feed" or "304 when the ETag matches". Every request is
recorded. The server is reached as ``localhost`` (which tests put on the private allow-list),
while ``127.0.0.1`` stays forbidden: that is how tests prove the SSRF guard.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


Answer = Reply | Callable[[Seen], Reply]


class Loopback:
    def __init__(self, ssl_context: Any = None) -> None:
        self.routes: dict[str, list[Answer]] = {}
        self.seen: list[Seen] = []
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        if ssl_context is not None:
            self.server.socket = ssl_context.wrap_socket(self.server.socket, server_side=True)
        self.port = int(self.server.server_address[1])
        self.scheme = "https" if ssl_context is not None else "http"
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    def route(self, path: str, *answers: Answer) -> None:
        self.routes[path] = list(answers)

    def url(self, path: str = "/", host: str = "localhost") -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"

    def paths(self) -> list[str]:
        return [s.path for s in self.seen]

    def answer(self, seen: Seen) -> Reply:
        with self._lock:
            self.seen.append(seen)
            answers = self.routes.get(seen.path.split("?")[0])
            if not answers:
                return Reply(404, b"not found")
            answer = answers.pop(0) if len(answers) > 1 else answers[0]
        return answer(seen) if callable(answer) else answer

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _handler(loopback: Loopback) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            import time

            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            seen = Seen(
                self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body
            )
            reply = loopback.answer(seen)
            if reply.delay:
                time.sleep(reply.delay)
            self.send_response(reply.status)
            headers = {"Content-Length": str(len(reply.body)), **reply.headers}
            for key, value in headers.items():
                if value:  # an empty value leaves the header out (a body without length)
                    self.send_header(key, value)
            self.end_headers()
            if self.command != "HEAD" and reply.body:
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(reply.body)

        do_GET = do_POST = do_HEAD = _serve

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def loopback() -> Iterator[Loopback]:
    server = Loopback()
    yield server
    server.close()


@pytest.fixture
def allow_loopback(settings: Any) -> None:
    """Let ``localhost`` (by name only) be fetched, as an administrator would allow an
    on-premise feed; ``127.0.0.1`` and every other private address stay refused."""
    settings.TOCSIN_ALLOWED_PRIVATE_HOSTS = ["localhost"]
