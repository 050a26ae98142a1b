"""Large imports run on a worker: 100,000 rows take longer than a web request may last.

Registered with Celery when ``tocsin/sources/tasks.py`` imports this module (the worker
autodiscovers only the apps' own ``tasks`` modules).
"""

from __future__ import annotations

import zlib
from typing import Any

from celery import shared_task
from django.core.cache import cache
from django.utils.translation import gettext as _

from tocsin.sources.importer.mapping import Mapping
from tocsin.sources.importer.rows import Report, import_rows
from tocsin.sources.importer.table import ImportProblem, read_table

KEEP_SECONDS = 3600
SHOWN_REJECTED = 200


def report_key(key: str) -> str:
    return f"{key}:report"


def store_report(key: str, report: Report | None, name: str, error: str = "") -> None:
    """What the wizard's last page shows, kept as long as the upload was."""
    data: dict[str, Any] = {"name": name, "pending": False, "error": error}
    if report is not None:
        full = report.as_dict()
        data.update(full)
        data["rejected"] = report.as_dict()["rejected"][:SHOWN_REJECTED]  # type: ignore[index]
        data["rejected_count"] = len(report.rejected)
    cache.set(report_key(key), data, KEEP_SECONDS)


@shared_task(name="sources.import_file", acks_late=True)
def import_file(
    firm_id: int, person_id: int, key: str, columns: dict[str, int], tool: str, name: str
) -> dict[str, object]:
    """Import an upload the wizard kept in the cache under ``key`` (idempotent: a retried
    run finds the rows already stored and counts them as duplicates)."""
    from tocsin.firms.models import Firm, Person

    stored = cache.get(key)
    if not stored:
        store_report(key, None, name, error=_("the upload expired before it could be imported"))
        return {"error": "expired"}
    firm = Firm.objects.get(pk=firm_id)
    actor = Person.objects.get(pk=person_id)
    try:
        table = read_table(zlib.decompress(stored["data"]), name)
    except ImportProblem as exc:
        store_report(key, None, name, error=str(exc))
        return {"error": str(exc)}
    mapping = Mapping(columns={k: int(v) for k, v in columns.items()}, tool=tool)
    report = import_rows(firm, table, mapping, actor, name=name)
    store_report(key, report, name)
    cache.delete(key)
    return {"created": report.created, "duplicates": report.duplicates}
