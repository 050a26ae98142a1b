"""SPF, DKIM and DMARC read from a real DNS server on loopback."""

from __future__ import annotations

from tocsin.preparedness.checks_mail import check_mail_domain
from tocsin.preparedness.findings import CheckConfig, Finding
from tocsin.preparedness.tests.servers import DnsServer


def _check(extra: list[str] | None = None) -> dict[str, Finding]:
    return {f.key: f for f in check_mail_domain("alpha.example", CheckConfig.from_settings(extra))}


def test_good_mail_records_pass(dns_server: DnsServer) -> None:
    found = _check()
    assert {k: f.status for k, f in found.items()} == {
        "spf": "pass",
        "dkim": "pass",
        "dmarc": "pass",
    }
    assert found["dkim"].detail == "selector1"


def test_dmarc_none_policy_is_a_warning(dns_server: DnsServer) -> None:
    dns_server.records["_dmarc.alpha.example"] = ["v=DMARC1; p=none; rua=mailto:d@alpha.example"]
    dmarc = _check()["dmarc"]
    assert dmarc.status == "warn"
    assert "p=reject" in dmarc.fix["en"]


def test_missing_dmarc_fails(dns_server: DnsServer) -> None:
    del dns_server.records["_dmarc.alpha.example"]
    assert _check()["dmarc"].status == "fail"


def test_missing_spf_fails_with_its_fix(dns_server: DnsServer) -> None:
    dns_server.records["alpha.example"] = ["google-site-verification=x"]
    spf = _check()["spf"]
    assert spf.status == "fail"
    assert "v=spf1" in spf.fix["fr"]


def test_spf_that_allows_everyone_fails(dns_server: DnsServer) -> None:
    dns_server.records["alpha.example"] = ["v=spf1 +all"]
    assert _check()["spf"].status == "fail"


def test_two_spf_records_fail(dns_server: DnsServer) -> None:
    dns_server.records["alpha.example"] = ["v=spf1 -all", "v=spf1 mx -all"]
    assert _check()["spf"].status == "fail"


def test_dkim_under_an_unusual_selector_is_found_when_named(dns_server: DnsServer) -> None:
    del dns_server.records["selector1._domainkey.alpha.example"]
    dns_server.records["cabinet2026._domainkey.alpha.example"] = ["v=DKIM1; k=rsa; p=MIGfMA0"]
    assert _check()["dkim"].status == "warn"
    assert _check(["cabinet2026"])["dkim"].status == "pass"


def test_revoked_dkim_key_is_not_a_key(dns_server: DnsServer) -> None:
    dns_server.records["selector1._domainkey.alpha.example"] = ["v=DKIM1; p="]
    assert _check()["dkim"].status == "warn"
