"""``tocsin collect [--source ID]``: run collection in the foreground and say what happened."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tocsin.sources import services
from tocsin.sources.models import Source


class Command(BaseCommand):
    help = (
        "Collect every due source now (or one source, due or not) in this process, "
        "without a worker. Exits 1 when a source failed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--source", type=int, action="append", help="a source id (repeatable)")

    def handle(self, *args: Any, **options: Any) -> None:
        ids: list[int] = options["source"] or services.due_sources()
        failed = 0
        for source_id in ids:
            # A system command crosses firms on purpose: it is the operator's tool.
            source = Source.unscoped.select_related("firm").filter(pk=source_id).first()
            if source is None:
                raise CommandError(f"no source {source_id}")
            if not source.polled:
                self.stdout.write(f"{source.pk} {source.name}: receives items, nothing to collect")
                continue
            report = services.collect(source)
            if report.error:
                failed += 1
                self.stdout.write(f"{source.pk} {source.name}: FAILED {report.error}")
            else:
                self.stdout.write(
                    f"{source.pk} {source.name}: {report.seen} seen, {report.created} new"
                )
        self.stdout.write(f"{len(ids)} source(s), {failed} failed")
        if failed:
            raise SystemExit(1)
