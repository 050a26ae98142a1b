"""Export files as the tools write them, generated for the tests (nothing downloaded)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook

BRANDWATCH_HEADER = [
    "Query Id", "Query Name", "Date", "Title", "Url", "Domain", "Sentiment", "Page Type",
    "Language", "Country", "Author", "Full Name", "Full Text", "Snippet", "Resource Id",
    "Reach (new)", "Twitter Followers",
]  # fmt: skip
TALKWALKER_HEADER = [
    "url", "indexed", "search_indexed", "published", "title", "content", "root_url", "lang",
    "porn_level", "fluency_level", "sentiment", "extra_author_attributes.name",
    "extra_author_attributes.short_name", "extra_source_attributes.name", "reach",
]  # fmt: skip
MENTION_HEADER = [
    "Alert name", "Published at", "Title", "Description", "URL", "Source type", "Source name",
    "Author name", "Author influence score", "Language", "Tone", "Reach",
]  # fmt: skip


def csv_bytes(
    rows: Sequence[Sequence[object]], *, sep: str = ",", encoding: str = "utf-8"
) -> bytes:
    import csv

    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: Sequence[Sequence[object]], *, extra_sheet: bool = False) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Mentions"
    for row in rows:
        sheet.append(list(row))
    if extra_sheet:
        book.create_sheet("Synthèse").append(["total", 3])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def brandwatch_csv() -> bytes:
    """A Brandwatch "Mentions" export: report lines above the header, UTF-8 with a BOM."""
    rows: list[list[object]] = [
        ["Report:", "Mentions"],
        ["Brand:", "Cabinet Alpha"],
        ["From:", "2026-11-01 00:00:00.0", "To:", "2026-11-27 23:59:59.0"],
        ["Label:", ""],
        [],
        list(BRANDWATCH_HEADER),
        [
            "1998", "Cabinet Alpha", "2026-11-26 18:04:00.0", "Fuite de données ?",
            "https://twitter.com/jr/status/1861", "twitter.com", "negative", "twitter", "fr",
            "France", "jroux", "Jeanne Roux",
            "Le Cabinet Alpha a envoyé ma liasse à un autre client.", "Le Cabinet Alpha a envoyé…",
            "1861", "12 345", "12345",
        ],
        [
            "1998", "Cabinet Alpha", "2026-11-25 09:00:00.0", "", "https://forum.example.fr/t/42",
            "forum.example.fr", "neutral", "forum", "fr", "France", "pm", "Paul M.",
            "Quelqu'un connaît le Cabinet Alpha ?", "", "f42", "80", "",
        ],
    ]  # fmt: skip
    return b"\xef\xbb\xbf" + csv_bytes(rows)
