"""From table rows to mentions: the preview the wizard shows, and the import itself.

A row is rejected, with the reason, when it has no text, or when a mapped column holds
something that cannot be what it says (a date nobody can read, a rating of 7, an address
that is not a web address). A rejected row is never half-imported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.utils import timezone
from django.utils.translation import gettext as _

from tocsin.mentions import pipeline
from tocsin.mentions.pipeline import Incoming
from tocsin.sources.importer.mapping import Mapping
from tocsin.sources.importer.table import Table

if TYPE_CHECKING:
    from django.http import HttpRequest

    from tocsin.firms.models import Firm, Person
    from tocsin.sources.models import Source

BATCH = 1000
LANGUAGES = {
    "fr": "fr", "francais": "fr", "français": "fr", "french": "fr",
    "en": "en", "anglais": "en", "english": "en",
    "de": "de", "allemand": "de", "german": "de", "deutsch": "de",
    "es": "es", "espagnol": "es", "spanish": "es", "espanol": "es", "español": "es",
    "it": "it", "italien": "it", "italian": "it", "nl": "nl", "neerlandais": "nl", "dutch": "nl",
}  # fmt: skip
DATE_FORMATS = (
    "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d/%m/%y %H:%M", "%d/%m/%y",
    "%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y", "%d.%m.%Y %H:%M", "%d.%m.%Y",
    "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d",
    "%b %d, %Y %I:%M %p", "%b %d, %Y %H:%M", "%b %d, %Y", "%d %b %Y %H:%M", "%d %b %Y",
    "%B %d, %Y", "%d %B %Y",
)  # fmt: skip
FRENCH_MONTHS = {
    "janvier": "Jan", "janv": "Jan", "fevrier": "Feb", "février": "Feb", "fevr": "Feb",
    "févr": "Feb", "mars": "Mar", "avril": "Apr", "avr": "Apr", "mai": "May", "juin": "Jun",
    "juillet": "Jul", "juil": "Jul", "aout": "Aug", "août": "Aug", "septembre": "Sep",
    "sept": "Sep", "octobre": "Oct", "oct": "Oct", "novembre": "Nov", "nov": "Nov",
    "decembre": "Dec", "décembre": "Dec", "dec": "Dec", "déc": "Dec",
}  # fmt: skip


@dataclass
class PreviewRow:
    """One row as it will be stored (``item``), or why it will not be (``reasons``)."""

    line: int
    item: Incoming | None
    reasons: list[str] = field(default_factory=list)

    @property
    def rejected(self) -> bool:
        return self.item is None


@dataclass
class Report:
    source_id: int | None = None
    rows: int = 0
    created: int = 0
    duplicates: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (row number, reason)

    def as_dict(self) -> dict[str, object]:
        return {
            "source_id": self.source_id,
            "rows": self.rows,
            "created": self.created,
            "duplicates": self.duplicates,
            "rejected": [[line, reason] for line, reason in self.rejected],
        }


def convert(row: list[str], mapping: Mapping) -> tuple[Incoming | None, list[str]]:
    """One row → an :class:`Incoming`, or None and the reasons it cannot be one."""
    reasons: list[str] = []
    text, title = mapping.get(row, "text"), mapping.get(row, "title")
    if not text and not title:
        reasons.append(_("no text"))
    url = mapping.get(row, "url")
    if url and not _web_address(url):
        reasons.append(_("the address « %(value)s » is not a web address") % {"value": url[:80]})
    published = None
    raw_date = mapping.get(row, "published_at")
    if raw_date:
        published = parse_date(raw_date)
        if published is None:
            reasons.append(_("the date « %(value)s » is not understood") % {"value": raw_date[:40]})
    reach = None
    raw_reach = mapping.get(row, "reach")
    if raw_reach:
        reach = parse_count(raw_reach)
        if reach is None:
            reasons.append(_("the reach « %(value)s » is not a number") % {"value": raw_reach[:20]})
    rating = None
    raw_rating = mapping.get(row, "rating")
    if raw_rating:
        rating = parse_rating(raw_rating)
        if rating is None:
            reasons.append(
                _("the rating « %(value)s » is not between 1 and 5") % {"value": raw_rating[:20]}
            )
    if reasons:
        return None, reasons
    handle = mapping.get(row, "author_handle")
    return (
        Incoming(
            text=text or title,
            title=title if text else "",
            url=url,
            author=mapping.get(row, "author"),
            author_handle=handle,
            reach=reach,
            rating=rating,
            published_at=published,
            external_id=mapping.get(row, "external_id"),
            lang=parse_lang(mapping.get(row, "lang")),
        ),
        [],
    )


def preview(table: Table, mapping: Mapping, n: int = 10) -> list[PreviewRow]:
    """The first ``n`` rows as they will be stored, rejected ones with their reasons."""
    out = []
    for index, row in enumerate(table.rows[:n]):
        item, reasons = convert(row, mapping)
        out.append(PreviewRow(table.line_of(index), item, reasons))
    return out


def count_rejected(table: Table, mapping: Mapping) -> int:
    return sum(1 for row in table.rows if convert(row, mapping)[0] is None)


def import_rows(
    firm: Firm,
    table: Table,
    mapping: Mapping,
    actor: Person,
    *,
    name: str = "",
    request: HttpRequest | None = None,
) -> Report:
    """Store the table's rows as mentions of ``firm`` through the pipeline (so the same row
    imported twice is one mention), from an import source of the firm: the one of this tool,
    created the first time. Audited; returns what happened to each row."""
    from tocsin.firms import audit

    report = Report(rows=len(table.rows))
    if "text" not in mapping.columns and "title" not in mapping.columns:
        report.rejected = [
            (table.line_of(i), _("no text column chosen")) for i in range(len(table.rows))
        ]
        return report
    source = import_source(firm, mapping.tool, actor=actor, request=request)
    report.source_id = source.pk
    items: list[Incoming] = []
    lines: list[int] = []
    for index, row in enumerate(table.rows):
        item, reasons = convert(row, mapping)
        if item is None:
            report.rejected.append((table.line_of(index), "; ".join(reasons)))
        else:
            items.append(item)
            lines.append(table.line_of(index))
    for start in range(0, len(items), BATCH):
        batch = items[start : start + BATCH]
        result = pipeline.ingest(firm, batch, source=source, filter_by_queries=False)
        for index, error in result.errors:
            report.rejected.append((lines[start + index], error))
        report.created += len(result.created)
        # Copies inside the file itself are skipped by the pipeline without a count.
        report.duplicates += len(batch) - len(result.created) - len(result.errors)
    report.rejected.sort()
    source.refresh_from_db(fields=["mentions_created"])
    source.record_success(seen=len(items), created=0)
    source.save()
    audit.record(
        "source.import",
        firm=firm,
        actor=actor,
        target=source,
        summary=(
            f"{name or 'file'}: {report.created} created, {report.duplicates} duplicates, "
            f"{len(report.rejected)} rejected"
        )[:500],
        request=request,
    )
    return report


def import_source(
    firm: Firm, tool: str, *, actor: Person, request: HttpRequest | None = None
) -> Source:
    """The firm's import source for ``tool`` ("" for spreadsheets): one per tool, so that
    importing the same export again finds its rows by their ids in that tool."""
    from tocsin.sources import services
    from tocsin.sources.models import Source, SourceKind

    label = tool or "tableur"
    existing = (
        Source.objects.for_firm(firm)
        .filter(kind=SourceKind.IMPORT, config__tool=label)
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return existing
    return services.add_source(
        firm,
        actor=actor,
        request=request,
        name=f"Import {tool}" if tool else "Import (tableur)",
        kind=SourceKind.IMPORT,
        settings={"tool": label},
    )


# -- cells -------------------------------------------------------------------------------


def _web_address(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in value


def parse_date(value: str) -> datetime | None:
    """Dates as exports write them: ISO 8601, French day-first, English month names, French
    month names, Unix time in seconds or milliseconds (Talkwalker). A date without a zone is
    in the installation's time zone (Europe/Paris)."""
    value = value.strip()
    if re.fullmatch(r"\d{9,13}", value):
        number = int(value)
        seconds = number / 1000 if number > 10**11 else number
        return datetime.fromtimestamp(seconds, tz=UTC)
    candidate = value.replace("Z", "+00:00") if value.endswith("Z") else value
    parsed: datetime | None = None
    try:
        parsed = datetime.fromisoformat(candidate)
    except ValueError:
        # "27/11/2026 à 08h15", "27 nov. 2026 08:15": French ways of writing a time and month.
        cleaned = _english_months(re.sub(r"(\d{1,2})h(\d{2})", r"\1:\2", value.replace(" à ", " ")))
        for fmt in DATE_FORMATS:
            try:
                parsed = datetime.strptime(cleaned, fmt)
                break
            except ValueError:
                continue
    if parsed is None:
        return None
    if parsed.year < 1990 or parsed.year > 2100:
        return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _english_months(value: str) -> str:
    def swap(match: re.Match[str]) -> str:
        return FRENCH_MONTHS.get(match.group(0).lower().rstrip("."), match.group(0))

    return re.sub(r"[^\W\d_]+\.?", swap, value)


def parse_count(value: str) -> int | None:
    """``12 345``, ``12,345``, ``1.2k``, ``3 M``, ``1234.0`` → a whole number."""
    text = value.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "").lower()
    multiplier = 1
    if text[-1:] in ("k", "m"):
        multiplier = 1000 if text[-1] == "k" else 1_000_000
        text = text[:-1].replace(",", ".")
    elif re.fullmatch(r"\d{1,3}([,.]\d{3})+", text):
        text = re.sub(r"[,.]", "", text)  # thousands separators
    else:
        text = text.replace(",", ".")
    try:
        number = float(text) * multiplier
    except ValueError:
        return None
    if number < 0 or number != number or number > 10**13:
        return None
    return int(number)


def parse_rating(value: str) -> int | None:
    """``4``, ``4/5``, ``4,0``, ``★★★★`` → 4; anything outside 1..5 is refused."""
    text = value.strip()
    if text and set(text) <= {"★", "☆"}:
        stars = text.count("★")
        return stars if 1 <= stars <= 5 else None
    text = text.split("/")[0].strip().replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() and 1 <= number <= 5 else None


def parse_lang(value: str) -> str | None:
    """A language code Tocsin knows, from ``fr``, ``fr-FR``, ``French`` or ``Français``."""
    text = value.strip().casefold()
    if not text:
        return None
    if text in LANGUAGES:
        return LANGUAGES[text]
    head = re.split(r"[-_]", text)[0]
    return head if re.fullmatch(r"[a-z]{2}", head) else None
