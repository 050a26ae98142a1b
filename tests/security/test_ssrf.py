"""No address inside the machine or its network is ever fetched (the list of bench/ssrf.py).

A canary HTTP server listens on 127.0.0.1 and records every request. ``safe_http.fetch`` (what
every feed, redirect, WebSub hub, webhook and publisher goes through) is asked for it and for
private, link-local, metadata and IPv6 addresses, written directly, in encoded forms, behind
redirects from an allowed host (served by the canary itself), and as DNS answers; then the same
through a real RSS source's collection. The canary must see zero requests, and nothing may
even try to connect outside the loopback range (``outside.loopback_only`` would see it).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.security.outside import loopback_only
from tests.security.ssrf_targets import DNS_ANSWERS, HOSTS, SCHEMES
from tocsin.lib import safe_http
from tocsin.mentions.models import Mention
from tocsin.sources import services
from tocsin.sources.models import Source
from tocsin.testing import Cast

ALLOWED = "attacker.test"  # plays a public site the attacker controls (resolved to loopback)


class Canary:
    """Answers ``/r/<n>`` on the allowed host with a redirect; records everything else."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        self.redirects: dict[str, str] = {}
        canary = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path in canary.redirects:
                    self.send_response(302)
                    self.send_header("Location", canary.redirects[self.path])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                canary.hits.append(f"{self.headers.get('Host')}{self.path}")
                self.send_response(200)
                self.send_header("Content-Length", "6")
                self.end_headers()
                self.wfile.write(b"canary")

            do_POST = do_HEAD = do_GET

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = int(self.server.server_address[1])
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def redirect(self, target: str, host: str = ALLOWED) -> str:
        path = f"/r/{len(self.redirects)}"
        self.redirects[path] = target
        return f"http://{host}:{self.port}{path}"


@pytest.fixture(scope="module")
def canary() -> Iterator[Canary]:
    server = Canary()
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture
def allowed_host(settings: Any) -> None:
    settings.TOCSIN_ALLOWED_PRIVATE_HOSTS = [ALLOWED]


def _resolver(answer: str = "") -> safe_http.Resolver:
    """DNS as the attacker would have it: the allowed host is on loopback, any other name
    gets ``answer`` (a rebinding name), or what the system says (``localhost``)."""

    def resolve(name: str, port: int) -> list[str]:
        if name == ALLOWED:
            return ["127.0.0.1"]
        if answer:
            return [answer]
        return safe_http.system_resolver(name, port)

    return resolve


def _attempts(port: int) -> list[tuple[str, str]]:
    attempts = []
    for host in HOSTS:
        attempts.append((f"http://{host}:{port}/direct", ""))
        attempts.append((f"http://{host}/usual-port", ""))
    for answer in DNS_ANSWERS:
        attempts.append((f"http://rebind.example:{port}/dns", answer))
    attempts += [(url, "") for url in SCHEMES]
    return attempts


def _refused_quietly(url: str, answer: str = "", **options: Any) -> str:
    with loopback_only() as outside, pytest.raises(safe_http.FetchError) as refusal:
        safe_http.fetch(url, resolver=_resolver(answer), deadline=5, **options)
    # Refused by the guard itself, before any connection outside loopback was tried.
    assert not [attempt for attempt in outside if attempt.startswith("connect")], outside
    return str(refusal.value)


def test_the_canary_counts_what_is_fetched(canary: Canary, allowed_host: None) -> None:
    """The control: the allowed host is fetched, so a zero below means refused."""
    before = len(canary.hits)
    answer = safe_http.fetch(f"http://{ALLOWED}:{canary.port}/control", resolver=_resolver())
    assert answer.status == 200
    assert len(canary.hits) == before + 1


@pytest.mark.parametrize("number", range(len(_attempts(1))))
def test_no_internal_address_is_fetched(canary: Canary, allowed_host: None, number: int) -> None:
    url, answer = _attempts(canary.port)[number]
    before = list(canary.hits)
    _refused_quietly(url, answer, allow_any_port=True)
    assert canary.hits == before


@pytest.mark.parametrize("host", HOSTS)
def test_no_redirect_to_an_internal_address_is_followed(
    canary: Canary, allowed_host: None, host: str
) -> None:
    before = list(canary.hits)
    _refused_quietly(canary.redirect(f"http://{host}:{canary.port}/via-redirect"))
    _refused_quietly(canary.redirect(f"http://{host}/via-redirect"), allow_any_port=True)
    assert canary.hits == before


def test_localhost_from_the_system_resolver_is_refused(canary: Canary) -> None:
    """A real DNS answer of 127.0.0.1 (the system's, for ``localhost``): refused by address."""
    problem = _refused_quietly(f"http://localhost:{canary.port}/", allow_any_port=True)
    assert "127.0.0.1" in problem or "::1" in problem or "loopback" in problem
    assert canary.hits == [hit for hit in canary.hits if "/control" in hit]


@pytest.mark.parametrize(
    "target",
    ["http://127.0.0.1/{p}", "http://2130706433/{p}", "http://[::ffff:127.0.0.1]/{p}",
     "http://169.254.169.254/latest/meta-data/{p}", "http://[fd00:ec2::254]/{p}",
     "http://0x7f000001:{port}/{p}"],
)  # fmt: skip
def test_a_feed_that_redirects_inside_imports_nothing(
    cast: Cast, canary: Canary, settings: Any, target: str
) -> None:
    """The product path: an RSS source on an allowed host (``localhost``, as an administrator
    allows an on-premise feed, resolved by the system) whose feed redirects inside."""
    settings.TOCSIN_ALLOWED_PRIVATE_HOSTS = ["localhost"]
    url = canary.redirect(target.format(p="feed", port=canary.port), host="localhost")
    source = Source.objects.create(firm=cast.firm_a, name="Feed", kind="rss", url=url)
    before = list(canary.hits)
    with loopback_only() as outside:
        report = services.collect(source)
    assert report.created == 0
    assert report.error.startswith("address refused"), report.error
    assert canary.hits == before
    assert not [attempt for attempt in outside if attempt.startswith("connect")]
    assert not Mention.objects.for_firm(cast.firm_a).exists()
    source.refresh_from_db()
    assert source.last_error == report.error
