"""Collecting from sources: run a collector, feed the pipeline, keep the health current."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from tocsin.firms import audit
from tocsin.mentions import pipeline
from tocsin.sources.base import SourceError, collector_for
from tocsin.sources.models import POLLED_KINDS, Source

if TYPE_CHECKING:
    from django.http import HttpRequest

    from tocsin.firms.models import Firm, Person

log = logging.getLogger(__name__)


@dataclass
class RunReport:
    source_id: int
    seen: int = 0
    created: int = 0
    error: str = ""


def collect(source: Source) -> RunReport:
    """One collection run. Never raises for a source's own failure: it is recorded on the
    source (with back-off) and shown on its health view; nothing already stored is lost."""
    report = RunReport(source.pk)
    try:
        collected = collector_for(source.kind).collect(source)
    except SourceError as exc:
        report.error = str(exc)
        source.record_failure(report.error)
        if exc.retry_after:
            source.next_run_at = max(
                source.next_run_at, timezone.now() + timedelta(seconds=exc.retry_after)
            )
        source.save()
        log.info("source %s failed: %s", source.pk, report.error)
        return report
    result = pipeline.ingest(source.firm, collected.items, source=source)
    report.seen, report.created = len(collected.items), len(result.created)
    source.refresh_from_db(fields=["mentions_created"])
    source.record_success(
        seen=report.seen, created=0, etag=collected.etag, last_modified=collected.last_modified
    )
    if collected.cursor:
        source.cursor = collected.cursor[:500]
    source.save()
    return report


def due_sources(limit: int = 500) -> list[int]:
    """Ids of enabled polled sources whose next run is due, all firms (system sweep)."""
    return list(
        Source.unscoped.filter(
            enabled=True, kind__in=list(POLLED_KINDS), next_run_at__lte=timezone.now()
        )
        .order_by("next_run_at")
        .values_list("pk", flat=True)[:limit]
    )


@transaction.atomic
def claim(source_id: int, lease: timedelta = timedelta(minutes=10)) -> Source | None:
    """Take a due source for one run, so two workers never collect it at once: its next run
    moves past the lease before collection starts (a crashed run is retried after it)."""
    source = (
        Source.unscoped.select_for_update(skip_locked=True)
        .select_related("firm")
        .filter(pk=source_id, enabled=True, next_run_at__lte=timezone.now())
        .first()
    )
    if source is None:
        return None
    Source.unscoped.filter(pk=source_id).update(next_run_at=timezone.now() + lease)
    return source


def create_source(
    firm: Firm, *, actor: Person, request: HttpRequest | None = None, **fields: Any
) -> Source:
    source = Source.objects.create(firm=firm, **fields)
    audit.record(
        "source.create",
        firm=firm,
        actor=actor,
        target=source,
        summary=f"{source.kind}: {source.name}",
        request=request,
    )
    return source
