"""Fixtures: a test CA, the loopback site and DNS server, and settings pointing the checks
at them (``localhost`` allowed as a private host, ports and resolver redirected)."""

from __future__ import annotations

import ssl
import warnings
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import trustme

from tocsin.preparedness.tests.servers import DnsServer, Servers, Site

GOOD_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
GOOD_SECURITY_TXT = (
    "Contact: mailto:securite@alpha.example\nExpires: {expires}\nPreferred-Languages: fr, en\n"
)
GOOD_DNS = {
    "alpha.example": ["v=spf1 include:_spf.mail.example -all", "google-site-verification=x"],
    "_dmarc.alpha.example": ["v=DMARC1; p=reject; rua=mailto:dmarc@alpha.example"],
    "selector1._domainkey.alpha.example": ["v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A"],
}


def security_txt(days: int = 200) -> str:
    expires = (datetime.now(UTC) + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return GOOD_SECURITY_TXT.format(expires=expires)


@pytest.fixture(scope="session")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="session")
def ca_file(ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return path


@pytest.fixture
def start_site(
    ca: trustme.CA, ca_file: Path, settings: Any
) -> Iterator[Callable[..., tuple[Servers, str]]]:
    """Start the loopback site with a certificate valid ``(not_before, not_after)`` days
    from now; returns the servers and the site's address. Settings follow."""
    started: list[Servers] = []

    def start(
        site: Site | None = None,
        *,
        not_before: int = -1,
        not_after: int = 365,
        old_tls: bool = False,
    ) -> tuple[Servers, str]:
        now = datetime.now(UTC)
        cert = ca.issue_cert(
            "localhost",
            not_before=now + timedelta(days=not_before),
            not_after=now + timedelta(days=not_after),
        )
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        cert.configure_cert(context)
        if old_tls:  # a server that still agrees to TLS 1.0 and 1.1
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                context.minimum_version = ssl.TLSVersion.TLSv1
            context.set_ciphers("DEFAULT:@SECLEVEL=0")
        servers = Servers(
            site or Site(headers=dict(GOOD_HEADERS), security_txt=security_txt()), context
        )
        started.append(servers)
        settings.TOCSIN_ALLOWED_PRIVATE_HOSTS = ["localhost"]
        settings.TOCSIN_AUDIT_CA_FILE = str(ca_file)
        settings.TOCSIN_AUDIT_HTTPS_PORT = servers.https_port
        settings.TOCSIN_AUDIT_HTTP_PORT = servers.http_port
        settings.TOCSIN_AUDIT_TIMEOUT = 3
        return servers, "https://localhost"

    yield start
    for s in started:
        s.stop()


@pytest.fixture
def dns_server(settings: Any) -> Iterator[DnsServer]:
    server = DnsServer({k: list(v) for k, v in GOOD_DNS.items()})
    settings.TOCSIN_AUDIT_NAMESERVERS = ["127.0.0.1"]
    settings.TOCSIN_AUDIT_DNS_PORT = server.port
    settings.TOCSIN_AUDIT_TIMEOUT = 2
    yield server
    server.stop()
