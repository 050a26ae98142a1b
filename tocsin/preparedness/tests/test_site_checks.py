"""The website checks against a real HTTPS server on loopback with a trustme certificate."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tocsin.preparedness.checks_web import check_site
from tocsin.preparedness.findings import CheckConfig, Finding
from tocsin.preparedness.tests.conftest import GOOD_HEADERS, security_txt
from tocsin.preparedness.tests.servers import Servers, Site

Start = Callable[..., tuple[Servers, str]]


def _by_key(findings: list[Finding]) -> dict[str, Finding]:
    return {f.key: f for f in findings}


def test_well_configured_site_passes_every_check(start_site: Start) -> None:
    _, url = start_site()
    found = _by_key(check_site(url, CheckConfig.from_settings()))
    assert {k: f.status for k, f in found.items()} == {
        "tls_version": "pass",
        "tls_certificate": "pass",
        "https_redirect": "pass",
        "hsts": "pass",
        "csp": "pass",
        "x_frame_options": "pass",
        "x_content_type_options": "pass",
        "referrer_policy": "pass",
        "security_txt": "pass",
    }
    assert found["tls_version"].detail in ("TLSv1.2", "TLSv1.3")
    assert found["tls_certificate"].fix == {}


def test_missing_hsts_is_flagged_with_its_fix(start_site: Start) -> None:
    headers = {k: v for k, v in GOOD_HEADERS.items() if k != "Strict-Transport-Security"}
    _, url = start_site(Site(headers=headers, security_txt=security_txt()))
    hsts = _by_key(check_site(url, CheckConfig.from_settings()))["hsts"]
    assert hsts.status == "fail"
    assert "Strict-Transport-Security" in hsts.fix["fr"]
    assert "Strict-Transport-Security" in hsts.fix["en"]
    assert "Wi-Fi" in hsts.explanation["en"]


def test_missing_headers_are_warnings_each_with_a_fix(start_site: Start) -> None:
    _, url = start_site(Site(headers={}, security_txt=None))
    found = _by_key(check_site(url, CheckConfig.from_settings()))
    for key in ("csp", "x_frame_options", "x_content_type_options", "referrer_policy"):
        assert found[key].status == "warn", key
        assert found[key].fix["fr"] and found[key].fix["en"], key
    assert found["security_txt"].status == "warn"
    assert "RFC 9116" in found["security_txt"].fix["en"]


def test_short_hsts_is_a_warning(start_site: Start) -> None:
    _, url = start_site(Site(headers={**GOOD_HEADERS, "Strict-Transport-Security": "max-age=3600"}))
    assert _by_key(check_site(url, CheckConfig.from_settings()))["hsts"].status == "warn"


def test_expired_certificate_fails(start_site: Start) -> None:
    _, url = start_site(not_before=-90, not_after=-2)
    found = _by_key(check_site(url, CheckConfig.from_settings()))
    cert = found["tls_certificate"]
    assert cert.status == "fail"
    assert "expired" in cert.explanation["en"]
    assert cert.fix["en"].startswith("Renew")
    # The headers are still read and reported even though browsers would stop at the warning.
    assert found["hsts"].status == "pass"


def test_certificate_near_expiry_is_a_warning(start_site: Start) -> None:
    _, url = start_site(not_after=5)
    cert = _by_key(check_site(url, CheckConfig.from_settings()))["tls_certificate"]
    assert cert.status == "warn"
    assert "expires in" in cert.explanation["en"]


def test_certificate_from_an_unknown_authority_fails(start_site: Start, settings: Any) -> None:
    _, url = start_site()
    settings.TOCSIN_AUDIT_CA_FILE = None  # the system store does not know the test CA
    cert = _by_key(check_site(url, CheckConfig.from_settings()))["tls_certificate"]
    assert cert.status == "fail"
    assert "trust" in cert.explanation["en"]


def test_http_that_does_not_redirect_fails(start_site: Start) -> None:
    _, url = start_site(Site(headers=dict(GOOD_HEADERS), redirect=False))
    redirect = _by_key(check_site(url, CheckConfig.from_settings()))["https_redirect"]
    assert redirect.status == "fail"
    assert "301" in redirect.fix["en"]


def test_http_that_redirects_to_https_passes(start_site: Start) -> None:
    servers, url = start_site()
    redirect = _by_key(check_site(url, CheckConfig.from_settings()))["https_redirect"]
    assert redirect.status == "pass"
    assert f"https://localhost:{servers.https_port}/" in redirect.detail


def test_expired_security_txt_is_a_warning(start_site: Start) -> None:
    _, url = start_site(Site(headers=dict(GOOD_HEADERS), security_txt=security_txt(days=-3)))
    found = _by_key(check_site(url, CheckConfig.from_settings()))["security_txt"]
    assert found.status == "warn"
    assert "expired" in found.explanation["en"]


def test_security_txt_without_expires_is_a_warning(start_site: Start) -> None:
    _, url = start_site(
        Site(headers=dict(GOOD_HEADERS), security_txt="Contact: mailto:x@y.example\n")
    )
    found = _by_key(check_site(url, CheckConfig.from_settings()))["security_txt"]
    assert found.status == "warn"
    assert "Expires" in found.explanation["en"]


def test_site_on_a_private_address_is_refused_without_the_setting(
    start_site: Start, settings: Any
) -> None:
    _, url = start_site()
    settings.TOCSIN_ALLOWED_PRIVATE_HOSTS = []
    found = _by_key(check_site(url, CheckConfig.from_settings()))
    assert found["tls_version"].status == "fail"
    assert "not a public address" in found["tls_version"].detail


def test_server_that_still_accepts_tls_1_1_fails(start_site: Start) -> None:
    _, url = start_site(old_tls=True)
    version = _by_key(check_site(url, CheckConfig.from_settings()))["tls_version"]
    assert version.status == "fail"
    assert "TLSv1.1" in version.explanation["en"] and "1.2" in version.fix["en"]
