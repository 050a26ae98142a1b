"""``tocsin export-corrections --firm SLUG``: the inbox corrections as training examples.

One JSON line per corrected mention, ``{"text", "lang", "sentiment", "crisis_type"}`` with
the labels as the person left them; ``tocsin train_analysis --corrections FILE`` learns
from it. Mention texts are personal data of their authors: keep the file as you keep the
database.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tocsin.firms.models import Firm
from tocsin.mentions.models import Correction, Mention


class Command(BaseCommand):
    help = "Write a firm's analysis corrections as JSON lines for `tocsin train_analysis`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--firm", required=True, help="the firm's short name (slug)")
        parser.add_argument(
            "-o", "--output", type=Path, help="file to write (default: standard output)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        firm = Firm.objects.filter(slug=options["firm"]).first()
        if firm is None:
            raise CommandError(f"no firm {options['firm']!r}")
        ids = Correction.objects.for_firm(firm).values_list("mention_id", flat=True).distinct()
        rows = Mention.objects.for_firm(firm).filter(pk__in=list(ids)).order_by("pk")
        out = options["output"].open("w", encoding="utf-8") if options["output"] else sys.stdout
        count = 0
        try:
            for mention in rows.iterator():
                if mention.lang not in ("fr", "en"):
                    continue
                record = {
                    "text": f"{mention.title}\n{mention.text}" if mention.title else mention.text,
                    "lang": mention.lang,
                    "sentiment": mention.sentiment,
                    "crisis_type": mention.crisis_type,
                }
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
        finally:
            if options["output"]:
                out.close()
        self.stderr.write(f"{count} corrected mention(s) of {firm.name}")
