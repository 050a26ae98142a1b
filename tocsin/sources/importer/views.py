"""The import wizard: upload a file → check the columns and the preview → import.

Between the steps the file is kept, compressed, in Django's cache for an hour (the
database, or Redis in production): every web machine sees it, and nothing is left on
disk. The cache key names the firm and the person, so an upload is only ever seen by the
one who made it, in that firm.
"""

from __future__ import annotations

import functools
import re
import secrets
import zlib
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template import engines
from django.urls import reverse
from django.utils.translation import gettext as _

from tocsin.firms.access import firm_of, firm_view, person_of
from tocsin.firms.roles import Action
from tocsin.sources.importer import tasks
from tocsin.sources.importer.forms import MappingForm, UploadForm
from tocsin.sources.importer.mapping import FIELDS, Mapping, guess_mapping
from tocsin.sources.importer.rows import count_rejected, import_rows, preview
from tocsin.sources.importer.table import MAX_BYTES, ImportProblem, Table, read_table

KEEP_SECONDS = 3600
PREVIEW_ROWS = 10
INLINE_ROWS = 2000  # about two seconds of pipeline; more goes to a worker
TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
TEMPLATES = Path(__file__).parent / "templates" / "importer"


@firm_view(Action.MANAGE)
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        raw = upload.read(MAX_BYTES + 1)
        name = str(upload.name or "")[:200]
        try:
            read_table(raw, name)
        except ImportProblem as exc:
            form.add_error("file", _("This file cannot be imported: %(reason)s") % {"reason": exc})
        else:
            token = secrets.token_urlsafe(18)
            cache.set(
                _cache_key(request, token),
                {"name": name, "data": zlib.compress(raw, 6)},
                KEEP_SECONDS,
            )
            url = reverse("source_import_mapping", args=[firm_of(request).slug])
            return redirect(f"{url}?t={token}")
    return _render(request, "upload.html", {"form": form})


@firm_view(Action.MANAGE)
def mapping(request: HttpRequest) -> HttpResponse:
    token = str(request.POST.get("t") or request.GET.get("t") or "")
    stored = cache.get(_cache_key(request, token)) if TOKEN.match(token) else None
    if not stored:
        messages.info(request, _("Choose the file to import (an upload is kept for one hour)."))
        return redirect("source_import", firm_of(request).slug)
    name = str(stored["name"])
    table = read_table(zlib.decompress(stored["data"]), name)
    guessed = guess_mapping(table.headers)
    chosen = guessed
    samples = _samples(table)
    if request.method == "POST":
        form = MappingForm(table.headers, request.POST, samples=samples)
        if form.is_valid():
            chosen = form.mapping(tool=guessed.tool)
            if "import" in request.POST:
                _start_import(request, token, table, chosen, name)
                url = reverse("source_import_done", args=[firm_of(request).slug])
                return redirect(f"{url}?t={token}")
    else:
        form = MappingForm(table.headers, initial=guessed.as_initial(), samples=samples)
    usable = not form.is_bound or form.is_valid()
    return _render(
        request,
        "mapping.html",
        {
            "form": form,
            "token": token,
            "name": name,
            "table": table,
            "about": _describe(table),
            "tool": guessed.tool,
            "mapped": [FIELDS[f] for f in FIELDS if f in chosen.columns],
            "rows": _preview_rows(table, chosen) if usable else [],
            "rejected": count_rejected(table, chosen) if usable else None,
        },
    )


@firm_view(Action.MANAGE)
def done(request: HttpRequest) -> HttpResponse:
    token = str(request.GET.get("t") or "")
    report = cache.get(tasks.report_key(_cache_key(request, token))) if TOKEN.match(token) else None
    if not report:
        return redirect("source_import", firm_of(request).slug)
    return _render(request, "done.html", {"report": report, "token": token})


def _start_import(
    request: HttpRequest, token: str, table: Table, chosen: Mapping, name: str
) -> None:
    """A small file is imported now; a large one by a worker, the last page waiting for it."""
    key = _cache_key(request, token)
    if len(table.rows) <= INLINE_ROWS:
        report = import_rows(
            firm_of(request), table, chosen, person_of(request), name=name, request=request
        )
        tasks.store_report(key, report, name)
        cache.delete(key)
        return
    cache.set(tasks.report_key(key), {"name": name, "pending": True}, KEEP_SECONDS)
    job = (firm_of(request).pk, person_of(request).pk, key, chosen.columns, chosen.tool, name)
    transaction.on_commit(lambda: tasks.import_file.delay(*job))


def _preview_rows(table: Table, chosen: Mapping) -> list[dict[str, Any]]:
    """The preview's rows: for each, the values of the mapped fields as they will be stored,
    or the reasons it will be rejected."""
    out = []
    for row in preview(table, chosen, PREVIEW_ROWS):
        values: list[Any] = []
        item = row.item
        for f in FIELDS if item is not None else ():
            if f in chosen.columns and item is not None:
                # A file with only titles: the title is stored as the text.
                title_only = f == "title" and "text" not in chosen.columns
                values.append(item.text if title_only else getattr(item, f))
        out.append({"line": row.line, "values": values, "reasons": row.reasons})
    return out


def _samples(table: Table) -> list[str]:
    """The first value of each column in the first rows, to show next to its name."""
    out = [""] * len(table.headers)
    for row in table.rows[:20]:
        for i, cell in enumerate(row[: len(out)]):
            if not out[i] and cell.strip():
                out[i] = " ".join(cell.split())
    return out


def _cache_key(request: HttpRequest, token: str) -> str:
    return f"tocsin:import:{firm_of(request).pk}:{person_of(request).pk}:{token}"


def _describe(table: Table) -> str:
    if table.format == "xlsx":
        about = _("Excel workbook, %(n)d rows") % {"n": len(table.rows)}
    else:
        separator = {",": _("comma"), ";": _("semicolon"), "\t": _("tab"), "|": "|"}.get(
            table.delimiter, table.delimiter
        )
        about = _("CSV, %(encoding)s, separated by %(sep)s, %(n)d rows") % {
            "encoding": table.encoding,
            "sep": separator,
            "n": len(table.rows),
        }
    if table.skipped_lines:
        about += " " + _("(%(n)d lines above the header skipped)") % {"n": table.skipped_lines}
    return about


@functools.cache
def _template(name: str) -> Any:
    # The wizard's templates live with it, in a package that is not a Django app: compile
    # them with the project's engine, so that they extend base.html like any other page.
    return engines["django"].from_string((TEMPLATES / name).read_text(encoding="utf-8"))


def _render(request: HttpRequest, name: str, context: dict[str, Any]) -> HttpResponse:
    return HttpResponse(_template(name).render(context, request))
