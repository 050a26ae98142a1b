"""``tocsin report --crisis ID --lang fr --pdf out.pdf``: the post-crisis report from the
command line (HTML and/or PDF, full or ``--executive``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tocsin.crises.models import Crisis
from tocsin.recovery import report


class Command(BaseCommand):
    help = "Write the post-crisis report of a crisis as PDF and/or HTML, in French or English."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--crisis", type=int, required=True, help="crisis id")
        parser.add_argument("--lang", choices=["fr", "en"], default="fr")
        parser.add_argument("--pdf", type=Path, help="write the PDF here")
        parser.add_argument("--html", type=Path, help="write the HTML here")
        parser.add_argument(
            "--executive", action="store_true", help="the one-page executive summary"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # An operator's command, not a firm's page: the crisis id alone names the firm.
        crisis = Crisis.unscoped.select_related("firm").filter(pk=options["crisis"]).first()
        if crisis is None:
            raise CommandError(f"no crisis {options['crisis']}")
        if not options["pdf"] and not options["html"]:
            raise CommandError("say where to write: --pdf FILE and/or --html FILE")
        html = report.render_html(
            crisis, options["lang"], executive=options["executive"], pdf=bool(options["pdf"])
        )
        if options["html"]:
            screen = report.render_html(crisis, options["lang"], executive=options["executive"])
            options["html"].write_text(screen, encoding="utf-8")
            self.stdout.write(f"HTML: {options['html']}")
        if options["pdf"]:
            options["pdf"].write_bytes(report.pdf_of(html))
            self.stdout.write(f"PDF: {options['pdf']}")
