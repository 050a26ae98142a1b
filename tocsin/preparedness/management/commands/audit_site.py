"""``tocsin audit-site --firm SLUG [--domain D] [--url U]``: run the automated checks now.

Prints one line per finding (status, title, detail) and the fix for each warning or failure;
with ``--save`` stores them on the firm's latest audit. Exit status 1 when a check fails, so
a firm's IT provider can run it from cron or CI.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tocsin.firms.models import Firm
from tocsin.preparedness import services
from tocsin.preparedness.findings import FAIL, CheckConfig
from tocsin.preparedness.models import Audit
from tocsin.preparedness.questionnaire import pick


class Command(BaseCommand):
    help = "Check a firm's website (TLS, redirect, headers, security.txt) and mail domain (SPF, DKIM, DMARC)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--firm", required=True, help="the firm's short name (slug)")
        parser.add_argument("--domain", default=None, help="mail domain (default: the audit's)")
        parser.add_argument("--url", default=None, help="website (default: the firm's)")
        parser.add_argument("--dkim-selector", action="append", default=[], dest="selectors")
        parser.add_argument("--lang", default="fr", choices=["fr", "en"])
        parser.add_argument("--json", action="store_true", help="print the findings as JSON")
        parser.add_argument("--save", action="store_true", help="store on the latest audit")

    def handle(self, *args: Any, **options: Any) -> None:
        firm = Firm.objects.filter(slug=options["firm"]).first()
        if firm is None:
            raise CommandError(f"no firm {options['firm']!r}")
        latest = Audit.objects.for_firm(firm).first()
        url = (
            options["url"]
            if options["url"] is not None
            else (latest.website if latest and latest.website else firm.website)
        )
        domain = options["domain"]
        if domain is None:
            domain = (
                latest.mail_domain
                if latest and latest.mail_domain
                else services.guess_mail_domain(firm)
            )
        try:
            domain = services.clean_domain(domain)
        except services.AuditError as exc:
            raise CommandError(f"{domain!r}: {exc}") from None
        if not url and not domain:
            raise CommandError("nothing to check: give --url and/or --domain")
        config = CheckConfig.from_settings(options["selectors"])
        findings = services.run_checks(url, domain, config)
        lang = options["lang"]
        if options["json"]:
            self.stdout.write(
                json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2)
            )
        else:
            for f in findings:
                self.stdout.write(
                    f"{f.status.upper():<5} {pick(f.title, lang)}: {pick(f.explanation, lang)}"
                )
                if f.detail:
                    self.stdout.write(f"      {f.detail}")
                if f.status != "pass" and f.fix:
                    self.stdout.write(f"      → {pick(f.fix, lang)}")
        if options["save"] and latest is not None:
            latest.website, latest.mail_domain = url, domain
            latest.save(update_fields=["website", "mail_domain"])
            services.run_audit_checks(latest, dkim_selectors=options["selectors"], config=config)
        if any(f.status == FAIL for f in findings):
            raise SystemExit(1)
