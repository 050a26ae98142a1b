"""The requests session of clients built on requests (Mastodon.py): every request vetted,
the connection made to the vetted address, the name kept for Host, SNI and the certificate,
against real HTTP and HTTPS servers on loopback."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import trustme

from tests.security.outside import loopback_only
from tocsin.lib import safe_http, safe_requests
from tocsin.sources.tests.loopback import Loopback, Reply


def _resolve(monkeypatch: pytest.MonkeyPatch, table: dict[str, list[str]]) -> list[str]:
    """Names resolved from ``table``, each answer in turn (the last one repeats)."""
    asked: list[str] = []

    def resolver(host: str, port: int) -> list[str]:
        asked.append(host)
        answers = table[host]
        return [answers[min(asked.count(host), len(answers)) - 1]]

    monkeypatch.setattr(safe_http, "system_resolver", resolver)
    return asked


@pytest.fixture
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def https_server(ca: trustme.CA) -> Iterator[Loopback]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("social.test").configure_cert(context)
    server = Loopback(ssl_context=context)
    server.route("/api/v1/instance", Reply(body=b'{"uri": "social.test"}'))
    yield server
    server.close()


def test_the_connection_goes_to_the_vetted_address_and_tls_checks_the_name(
    https_server: Loopback,
    ca: trustme.CA,
    tmp_path: Path,
    settings: object,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings.TOCSIN_ALLOWED_PRIVATE_HOSTS = ["social.test", "other.test"]  # type: ignore[attr-defined]
    # Only safe_http's resolver knows these names: a second lookup by requests would fail.
    _resolve(monkeypatch, {"social.test": ["127.0.0.1"], "other.test": ["127.0.0.1"]})
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    session = safe_requests.session()
    answer = session.get(
        https_server.url("/api/v1/instance", host="social.test"), verify=str(bundle)
    )
    assert answer.json() == {"uri": "social.test"}
    assert https_server.seen[-1].headers["host"] == f"social.test:{https_server.port}"
    # The same address under a name the certificate does not hold: refused by TLS.
    with pytest.raises(requests.exceptions.SSLError):
        session.get(https_server.url("/api/v1/instance", host="other.test"), verify=str(bundle))


def test_a_name_that_turns_private_between_two_requests_is_refused(
    https_server: Loopback, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = _resolve(monkeypatch, {"social.test": ["93.184.216.34", "127.0.0.1"]})
    session = safe_requests.session()
    # The first answer is public: allowed, and the connection is tried (it fails here as an
    # unreachable network would: the test never leaves the machine). The second answer is
    # loopback: refused before any connection.
    with loopback_only() as tried, pytest.raises(requests.ConnectionError):
        session.get("https://social.test:8443/api/v1/instance", timeout=0.5)
    assert any("93.184.216.34" in attempt for attempt in tried)
    with pytest.raises(safe_requests.Refused, match="not a public address"):
        session.get("https://social.test:8443/api/v1/instance", timeout=0.5)
    assert asked == ["social.test", "social.test"]
    assert https_server.seen == []


def test_no_redirect_is_followed(settings: object, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.TOCSIN_ALLOWED_PRIVATE_HOSTS = ["social.test"]  # type: ignore[attr-defined]
    _resolve(monkeypatch, {"social.test": ["127.0.0.1"]})
    server = Loopback()
    try:
        server.route("/", Reply(status=302, headers={"Location": "http://169.254.169.254/"}))
        with pytest.raises(requests.TooManyRedirects):
            safe_requests.session().get(server.url("/", host="social.test"))
        assert len(server.seen) == 1
    finally:
        server.close()
