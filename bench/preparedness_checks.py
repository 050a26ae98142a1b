"""How many website and mail-domain misconfigurations the audit's automated checks catch.

    .venv/bin/python bench/preparedness_checks.py [--repeat 3]

Real servers on loopback: an HTTPS site with a certificate from a throwaway CA (trustme),
its plain-HTTP twin that redirects or not, and a UDP DNS server answering TXT records. Each
case breaks one thing (or nothing) and says which check must report which status; a case
counts as caught when every expected status is reported and no other check fails. Printed
with the seconds a full run of the checks takes.

Baseline in the same run: what a person learns by opening the site in a browser and sending
a mail (an HTTPS GET with certificate verification; a mail "works" whatever its records
say) — it notices only the problems that stop the page from loading.
"""

from __future__ import annotations

import argparse
import logging
import os
import ssl
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tocsin.settings")
os.environ.setdefault("TOCSIN_DATA_DIR", tempfile.mkdtemp(prefix="tocsin-bench-"))

import django  # noqa: E402

django.setup()

import httpx  # noqa: E402
import trustme  # noqa: E402
from django.conf import settings  # noqa: E402

from tocsin.preparedness.checks_mail import check_mail_domain  # noqa: E402
from tocsin.preparedness.checks_web import check_site  # noqa: E402
from tocsin.preparedness.findings import CheckConfig  # noqa: E402
from tocsin.preparedness.tests.conftest import GOOD_DNS, GOOD_HEADERS, security_txt  # noqa: E402
from tocsin.preparedness.tests.servers import DnsServer, Servers, Site  # noqa: E402

# name, site changes, dns changes, certificate (not_before, not_after) days, expected
CASES: list[
    tuple[str, dict[str, object], dict[str, list[str] | None], tuple[int, int], dict[str, str]]
] = [
    ("all good", {}, {}, (-1, 365), {}),
    ("expired certificate", {}, {}, (-90, -1), {"tls_certificate": "fail"}),
    ("certificate expires in 7 days", {}, {}, (-60, 7), {"tls_certificate": "warn"}),
    ("no HTTP→HTTPS redirect", {"redirect": False}, {}, (-1, 365), {"https_redirect": "fail"}),
    ("no HSTS", {"drop": "Strict-Transport-Security"}, {}, (-1, 365), {"hsts": "fail"}),
    (
        "HSTS one hour",
        {"set": ("Strict-Transport-Security", "max-age=3600")},
        {},
        (-1, 365),
        {"hsts": "warn"},
    ),
    ("no CSP", {"drop": "Content-Security-Policy"}, {}, (-1, 365), {"csp": "warn"}),
    (
        "no framing protection",
        {"drop": "X-Frame-Options", "set": ("Content-Security-Policy", "default-src 'self'")},
        {},
        (-1, 365),
        {"x_frame_options": "warn"},
    ),
    (
        "no nosniff",
        {"drop": "X-Content-Type-Options"},
        {},
        (-1, 365),
        {"x_content_type_options": "warn"},
    ),
    ("no Referrer-Policy", {"drop": "Referrer-Policy"}, {}, (-1, 365), {"referrer_policy": "warn"}),
    ("no security.txt", {"security_txt": None}, {}, (-1, 365), {"security_txt": "warn"}),
    (
        "expired security.txt",
        {"security_txt": security_txt(-5)},
        {},
        (-1, 365),
        {"security_txt": "warn"},
    ),
    ("no SPF", {}, {"alpha.example": ["google-site-verification=x"]}, (-1, 365), {"spf": "fail"}),
    ("SPF +all", {}, {"alpha.example": ["v=spf1 +all"]}, (-1, 365), {"spf": "fail"}),
    (
        "two SPF records",
        {},
        {"alpha.example": ["v=spf1 -all", "v=spf1 mx -all"]},
        (-1, 365),
        {"spf": "fail"},
    ),
    ("no DMARC", {}, {"_dmarc.alpha.example": None}, (-1, 365), {"dmarc": "fail"}),
    (
        "DMARC p=none",
        {},
        {"_dmarc.alpha.example": ["v=DMARC1; p=none"]},
        (-1, 365),
        {"dmarc": "warn"},
    ),
    ("no DKIM", {}, {"selector1._domainkey.alpha.example": None}, (-1, 365), {"dkim": "warn"}),
]


def _site(change: dict[str, object]) -> Site:
    headers = dict(GOOD_HEADERS)
    if "drop" in change:
        headers.pop(str(change["drop"]), None)
    if "set" in change:
        name, value = change["set"]  # type: ignore[misc]
        headers[name] = value
    return Site(
        headers=headers,
        security_txt=change.get("security_txt", security_txt()),  # type: ignore[arg-type]
        redirect=bool(change.get("redirect", True)),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3, help="runs of each case, for timing")
    args = parser.parse_args()
    logging.getLogger("httpx").setLevel(logging.WARNING)
    ca = trustme.CA()
    ca_file = Path(tempfile.mkdtemp()) / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    settings.TOCSIN_ALLOWED_PRIVATE_HOSTS = ["localhost"]
    caught = baseline = 0
    seconds: list[float] = []
    for name, site_change, dns_change, (before, after), expected in CASES:
        now = datetime.now(UTC)
        cert = ca.issue_cert(
            "localhost",
            not_before=now + timedelta(days=before),
            not_after=now + timedelta(days=after),
        )
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        cert.configure_cert(context)
        servers = Servers(_site(site_change), context)
        records = {k: list(v) for k, v in GOOD_DNS.items()}
        for key, value in dns_change.items():
            if value is None:
                records.pop(key, None)
            else:
                records[key] = value
        dns = DnsServer(records)
        config = CheckConfig(
            nameservers=["127.0.0.1"],
            dns_port=dns.port,
            http_port=servers.http_port,
            https_port=servers.https_port,
            ca_file=str(ca_file),
            timeout=3,
        )
        try:
            for _ in range(args.repeat):
                started = time.perf_counter()
                findings = check_site("https://localhost", config) + check_mail_domain(
                    "alpha.example", config
                )
                seconds.append(time.perf_counter() - started)
            statuses = {f.key: f.status for f in findings}
            ok = all(statuses.get(k) == v for k, v in expected.items()) and not any(
                s != "pass" for k, s in statuses.items() if k not in expected
            )
            caught += ok
            # The baseline: does the page load in a browser that trusts the CA?
            try:
                verify = ssl.create_default_context(cafile=str(ca_file))
                httpx.get(f"https://localhost:{servers.https_port}/", verify=verify, timeout=3)
                noticed = not expected  # it loads: the person sees nothing wrong
            except httpx.HTTPError:
                noticed = bool(expected)
            baseline += noticed
            print(
                f"{'ok ' if ok else 'MISS'} {name:<32} {', '.join(f'{k}={v}' for k, v in statuses.items() if v != 'pass') or 'all pass'}"
            )
        finally:
            servers.stop()
            dns.stop()
    total = len(CASES)
    print()
    print(
        f"automated checks: {caught}/{total} cases classified exactly (nothing missed, nothing extra)"
    )
    print(f"baseline (open the site in a browser): {baseline}/{total}")
    print(
        f"one full run (9 website + 3 mail checks) on loopback: median {statistics.median(seconds):.3f} s, "
        f"max {max(seconds):.3f} s over {len(seconds)} runs"
    )


if __name__ == "__main__":
    main()
