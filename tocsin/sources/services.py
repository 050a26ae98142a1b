"""Collecting from sources: run a collector, feed the pipeline, keep the health current."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F
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
    except Exception as exc:
        if not isinstance(exc, SourceError):
            # A bug in a collector must not stop the sweep nor hide the source's state.
            log.exception("collector %s failed on source %s", source.kind, source.pk)
            exc = SourceError(f"unexpected error ({type(exc).__name__}: {exc})")
        report.error = str(exc)
        source.record_failure(report.error)
        if exc.retry_after:
            source.next_run_at = max(
                source.next_run_at, timezone.now() + timedelta(seconds=exc.retry_after)
            )
        source.save()
        log.info("source %s failed: %s", source.pk, report.error)
        return report
    if collected.not_modified:
        # Nothing changed at the source: no parsing, no pipeline, just the health.
        source.record_success(
            seen=0, created=0, etag=collected.etag, last_modified=collected.last_modified
        )
        source.save()
        return report
    result = pipeline.ingest(
        source.firm, collected.items, source=source, filter_by_queries=filter_rule(source)
    )
    report.seen, report.created = len(collected.items), len(result.created)
    source.refresh_from_db(fields=["mentions_created"])
    source.record_success(
        seen=report.seen, created=0, etag=collected.etag, last_modified=collected.last_modified
    )
    if collected.cursor:
        source.cursor = collected.cursor[:500]
    source.save()
    return report


def filter_rule(source: Source) -> bool | None:
    """Whether the pipeline keeps only the items a watch query matches: the kind's rule
    (None) unless the source says otherwise (``config["only_matching"]``)."""
    value = source.config.get("only_matching")
    return value if isinstance(value, bool) else None


def ingest_pushed(source: Source, items: list[pipeline.Incoming]) -> pipeline.IngestResult:
    """Store items a source pushed to us (WebSub content, a signed webhook) and count them
    on its health, as a poll would."""
    result = pipeline.ingest(
        source.firm, items, source=source, filter_by_queries=filter_rule(source)
    )
    Source.objects.for_firm(source.firm).filter(pk=source.pk).update(
        items_seen=F("items_seen") + len(items), last_success_at=timezone.now()
    )
    return result


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
    # Only the source's row is locked (``of``): without it PostgreSQL locks the joined firm
    # too, and each commit of that firm's mentions (its deferred foreign keys key-share-lock
    # the firm) made a collection starting at that moment skip, as if another worker had the
    # source: during a storm, feeds of the firm waited for the next sweep, or longer.
    source = (
        Source.unscoped.select_for_update(skip_locked=True, of=("self",))
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


def apply_settings(
    source: Source, cleaned: dict[str, Any], credential_fields: tuple[str, ...] = ()
) -> None:
    """Put a kind's settings form values where they belong: ``url`` on the source, the
    form's ``credential_fields`` into the encrypted credentials, the rest into ``config``.
    A blank credential keeps the stored one (forms never show secrets back)."""
    config = dict(source.config)
    creds: dict[str, Any] | None = None
    for key, value in cleaned.items():
        if key == "url":
            source.url = value or ""
        elif key in credential_fields:
            if value:
                creds = creds if creds is not None else source.credentials
                creds[key] = value
        else:
            config[key] = value
    source.config = config
    if creds is not None:
        source.credentials = creds


def prepare_new(source: Source) -> None:
    """What a new source needs before its first save: receiving addresses and secrets."""
    if source.kind == "webhook":
        source.ensure_callback_token()
        source.ensure_webhook_secret()


def add_source(
    firm: Firm,
    *,
    actor: Person,
    request: HttpRequest | None = None,
    settings: dict[str, Any] | None = None,
    credential_fields: tuple[str, ...] = (),
    **fields: Any,
) -> Source:
    """A new source with its kind's settings (see :func:`apply_settings`), audited."""
    source = Source(firm=firm, **fields)
    apply_settings(source, settings or {}, credential_fields)
    prepare_new(source)
    source.save()
    audit.record(
        "source.create",
        firm=firm,
        actor=actor,
        target=source,
        summary=f"{source.kind}: {source.name}",
        request=request,
    )
    return source


def update_source(
    source: Source,
    *,
    actor: Person,
    request: HttpRequest | None = None,
    settings: dict[str, Any] | None = None,
    credential_fields: tuple[str, ...] = (),
    **fields: Any,
) -> Source:
    """Change a source; a new address forgets the old one's ETag and back-off."""
    old_url = source.url
    for key, value in fields.items():
        setattr(source, key, value)
    if settings is not None:
        apply_settings(source, settings, credential_fields)
    if source.url != old_url:
        source.etag = source.last_modified = source.cursor = ""
        source.consecutive_failures = 0
        source.next_run_at = timezone.now()
    source.save()
    audit.record(
        "source.update",
        firm=source.firm,
        actor=actor,
        target=source,
        summary=", ".join(sorted({*fields, *(settings or {})})) or source.name,
        request=request,
    )
    return source


def set_enabled(
    source: Source, enabled: bool, *, actor: Person, request: HttpRequest | None = None
) -> None:
    source.enabled = enabled
    if enabled:
        source.consecutive_failures = 0
        source.next_run_at = timezone.now()
    source.save(update_fields=["enabled", "consecutive_failures", "next_run_at"])
    if not enabled and source.kind == "rss":
        from tocsin.sources import tasks

        source_id = source.pk
        transaction.on_commit(lambda: tasks.websub_unsubscribe.delay(source_id))
    audit.record(
        "source.enable" if enabled else "source.disable",
        firm=source.firm,
        actor=actor,
        target=source,
        summary=source.name,
        request=request,
    )


def delete_source(source: Source, *, actor: Person, request: HttpRequest | None = None) -> None:
    """Remove a source; its mentions stay (their source becomes empty, the label remains)."""
    audit.record(
        "source.delete",
        firm=source.firm,
        actor=actor,
        target=source,
        summary=f"{source.kind}: {source.name}",
        request=request,
    )
    source.delete()


def collect_now(source: Source, *, actor: Person, request: HttpRequest | None = None) -> bool:
    """Make a polled source due now and queue its collection (after the commit, so that the
    worker sees the new due time). False for kinds that are not polled, or a disabled source."""
    if not source.polled or not source.enabled:
        return False
    from tocsin.sources import tasks

    Source.objects.for_firm(source.firm).filter(pk=source.pk).update(next_run_at=timezone.now())
    source_id = source.pk
    transaction.on_commit(lambda: tasks.collect_source.delay(source_id))
    audit.record(
        "source.collect",
        firm=source.firm,
        actor=actor,
        target=source,
        summary=source.name,
        request=request,
    )
    return True


def rotate_webhook_secret(
    source: Source, *, actor: Person, request: HttpRequest | None = None
) -> str:
    """A new HMAC secret for a webhook source; the old one stops working at once."""
    creds = source.credentials
    creds.pop("hmac_secret", None)
    source.credentials = creds
    secret = source.ensure_webhook_secret()
    source.save(update_fields=["sealed_credentials"])
    audit.record(
        "source.secret",
        firm=source.firm,
        actor=actor,
        target=source,
        summary=source.name,
        request=request,
    )
    return secret


def health(source: Source) -> dict[str, Any]:
    """What the health view and the API show about a source."""
    sub = getattr(source, "websub", None) if source.pk else None
    return {
        "healthy": source.healthy,
        "enabled": source.enabled,
        "last_attempt_at": source.last_attempt_at,
        "last_success_at": source.last_success_at,
        "last_error_at": source.last_error_at,
        "last_error": source.last_error,
        "consecutive_failures": source.consecutive_failures,
        "items_seen": source.items_seen,
        "mentions_created": source.mentions_created,
        "next_run_at": source.next_run_at if source.polled and source.enabled else None,
        "websub": sub.state if sub is not None else "",
    }
