"""The cast every test can ask "can they see it?" about.

Firm A (alice the partner, ada the admin, colin the communicator, victor the viewer) and
firm B (bob its partner). Nobody of firm B may ever see anything of firm A.
"""

from __future__ import annotations

import functools
import os
import shutil
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.hashers import make_password
from django.core.servers.basehttp import WSGIServer

import tocsin.celery  # noqa: F401  (tasks in tests go through Tocsin's configured app)
from tocsin.firms.models import Firm, Membership, Person
from tocsin.firms.roles import Role

PASSWORD = "correct-horse-battery-staple"  # noqa: S105


@dataclass
class Cast:
    firm_a: Firm
    firm_b: Firm
    alice: Membership
    ada: Membership
    colin: Membership
    victor: Membership
    bob: Membership

    def by_role(self, role: Role) -> Membership:
        return {
            Role.PARTNER: self.alice,
            Role.ADMIN: self.ada,
            Role.COMMUNICATOR: self.colin,
            Role.VIEWER: self.victor,
        }[role]


@functools.cache
def _password_hash() -> str:
    # Argon2 is slow on purpose; hash the cast's password once per test process.
    return make_password(PASSWORD)


def _member(firm: Firm, username: str, role: str) -> Membership:
    person = Person.objects.create(
        username=username,
        email=f"{username}@example.org",
        password=_password_hash(),
        first_name=username.capitalize(),
    )
    return Membership.objects.create(person=person, firm=firm, role=role)


@pytest.fixture
def cast(db: None) -> Cast:
    firm_a = Firm.objects.create(name="Cabinet Alpha", slug="alpha")
    firm_b = Firm.objects.create(name="Cabinet Bêta", slug="beta")
    return Cast(
        firm_a=firm_a,
        firm_b=firm_b,
        alice=_member(firm_a, "alice", Role.PARTNER),
        ada=_member(firm_a, "ada", Role.ADMIN),
        colin=_member(firm_a, "colin", Role.COMMUNICATOR),
        victor=_member(firm_a, "victor", Role.VIEWER),
        bob=_member(firm_b, "bob", Role.PARTNER),
    )


@pytest.fixture(autouse=True)
def _eager_tasks(settings: pytest.FixtureRequest) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = True  # type: ignore[attr-defined]
    # Celery runs an eager task under a process-wide "do not wait for a result" flag that it
    # saves and restores around the task: two threads running eager tasks at once (the
    # concurrent-delivery tests) can leave it set, and a later test's ``.delay().get()``
    # then fails with "Never call result.get() within a task!". Each test starts clear.
    from celery.result import _set_task_join_will_block

    _set_task_join_will_block(False)


def service_available(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def require_service(name: str, host: str, port: int) -> None:
    """Skip when a loopback service is missing, except in CI where that is a failure."""
    if service_available(host, port):
        return
    message = f"{name} is not reachable on {host}:{port}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + " (CI=true: a missing service is a failure)")
    pytest.skip(message)


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@contextmanager
def chromium_page(
    monkeypatch: pytest.MonkeyPatch, *, width: int, height: int, locale: str = "fr-FR"
) -> Iterator[Any]:
    """A page of Debian's Chromium, headless, driven by Playwright, in a window of
    ``width`` × ``height``. Without Chromium the test fails in CI and is skipped elsewhere
    (``make test`` installs it with scripts/ensure-chromium.sh)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(
                "Chromium is missing (make test installs it with scripts/ensure-chromium.sh)"
            )
        pytest.skip("Chromium is not installed")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the
    # test itself happen before it starts, the live server runs in its own thread.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            context = browser.new_context(
                viewport={"width": width, "height": height}, locale=locale
            )
            yield context.new_page()
        finally:
            browser.close()
            # While Playwright's event loop runs in this thread, Django sees an async
            # context and keeps the ORM connections the test opened in a context-local
            # store, apart from the thread's own. Close them before the loop stops: after,
            # they are out of reach and would hold the test database open at teardown.
            from django.db import connections

            connections.close_all()


class _OneRequestAtATime(WSGIServer):
    """Django's development server without threads (it then closes each connection after
    its answer, so a browser's parallel requests simply queue)."""

    def __init__(self, *args: Any, connections_override: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


@pytest.fixture(scope="session")
def live_server(request: pytest.FixtureRequest) -> Iterator[Any]:
    """pytest-django's live server, answering one request at a time on SQLite.

    On SQLite the test database lives in memory, in SQLite's shared-cache mode: the
    server's request threads reach it through connections that lock whole tables from
    each other rather than waiting, and a page's parallel htmx requests race there (a
    browser test once lost its signed-in session under load). Serving one request at a
    time takes that concurrency away; PostgreSQL keeps Django's threaded server, with a
    connection per thread as in production.
    """
    from django.db import connection
    from django.test.testcases import LiveServerThread
    from pytest_django.live_server_helper import LiveServer

    address = (
        request.config.getvalue("liveserver")
        or os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    threaded = LiveServerThread.server_class
    if connection.vendor == "sqlite":
        LiveServerThread.server_class = _OneRequestAtATime  # type: ignore[assignment]
    try:
        server = LiveServer(address)  # starts the server thread, which builds its server
    finally:
        LiveServerThread.server_class = threaded
    yield server
    server.stop()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Inbox:
    """What a real SMTP server on loopback accepted, each message with its envelope
    recipients in ``X-Envelope-To``."""

    messages: list[Message] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = message_from_bytes(envelope.content)
        msg["X-Envelope-To"] = ",".join(envelope.rcpt_tos)
        self.messages.append(msg)
        return "250 OK"

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if address in m["X-Envelope-To"]]


@pytest.fixture
def smtp(settings: Any) -> Iterator[Inbox]:
    """An aiosmtpd server on loopback that Tocsin's mailer sends to for this test."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port},
        }
    }
    try:
        yield inbox
    finally:
        controller.stop()
