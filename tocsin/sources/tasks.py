"""Background collection: a beat sweep finds due sources, one task per source collects."""

from __future__ import annotations

from celery import shared_task

from tocsin.sources import services
from tocsin.sources.importer import tasks as _importer_tasks  # noqa: F401  (registers sources.import_file)


@shared_task(name="sources.collect_due")
def collect_due() -> int:
    due = services.due_sources()
    for source_id in due:
        collect_source.delay(source_id)
    return len(due)


@shared_task(name="sources.collect_source", acks_late=True)
def collect_source(source_id: int) -> dict[str, object]:
    source = services.claim(source_id)
    if source is None:  # another worker has it, or it is not due any more
        return {"source": source_id, "skipped": True}
    report = services.collect(source)
    return {
        "source": source_id,
        "seen": report.seen,
        "created": report.created,
        "error": report.error,
    }


@shared_task(name="sources.websub_unsubscribe", acks_late=True)
def websub_unsubscribe(source_id: int) -> None:
    """Tell a feed's hub to stop pushing (a network call: kept out of the web request)."""
    from tocsin.sources.models import Source
    from tocsin.sources.rss import websub

    source = Source.unscoped.select_related("firm").filter(pk=source_id).first()
    if source is not None and not source.enabled:
        websub.unsubscribe(source)
