"""``tocsin audit verify``: recompute the audit trail's hash chain."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tocsin.firms import audit


class Command(BaseCommand):
    help = "Audit trail tools. 'verify' recomputes the hash chain and reports any tampering."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        checked, breaks = audit.verify()
        for item in breaks:
            self.stderr.write(f"event {item.seq}: {item.problem}")
        if breaks:
            raise CommandError(f"audit trail BROKEN: {len(breaks)} problem(s) in {checked} events")
        self.stdout.write(self.style.SUCCESS(f"audit trail intact: {checked} events verified"))
        sys.stdout.flush()
