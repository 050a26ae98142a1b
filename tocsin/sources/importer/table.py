"""Reading an export (CSV or XLSX) into a table of text cells, whatever tool wrote it.

Exports come from Mention, Talkwalker, Brandwatch, or a spreadsheet a communicator filled
in by hand: CSV in UTF-8 (with or without the BOM Excel adds), UTF-16 (Excel's "Unicode
text"), or Windows-1252 (Excel on a French Windows), separated by commas, semicolons (the
French Excel default) or tabs; or an XLSX workbook. Some tools write a few lines about the
report before the header row (Brandwatch does): the header is the first row, among the
first twenty, that names columns Tocsin knows.

Everything is bounded: the file's size, the number of rows and columns, the size of a cell
and, for XLSX, the size of the workbook once unzipped.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import BinaryIO

from django.utils.translation import gettext as _

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 200
MAX_CELL = 100_000
MAX_UNZIPPED = 200 * 1024 * 1024  # an XLSX is a zip: refuse a bomb before parsing it
HEADER_SCAN = 20
DELIMITERS = ",;\t|"


class ImportProblem(Exception):
    """The file cannot be read; the message says why, for the person importing it."""


@dataclass
class Table:
    """The header names and the rows below them, every cell as text (dates in ISO 8601)."""

    headers: list[str]
    rows: list[list[str]]
    format: str = "csv"  # or "xlsx"
    encoding: str = ""
    delimiter: str = ""
    #: The spreadsheet row number (1-based, header included) of each row, for reports.
    lines: list[int] = field(default_factory=list)
    skipped_lines: int = 0  # lines above the header (a report's title, its filters)
    notes: list[str] = field(default_factory=list)

    def line_of(self, index: int) -> int:
        return self.lines[index] if index < len(self.lines) else index + 2


def read_table(file: BinaryIO | bytes, name: str = "") -> Table:
    """Read a CSV or XLSX export. Raises :class:`ImportProblem` with a clear reason."""
    raw = file if isinstance(file, bytes) else file.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise ImportProblem(
            _("the file is larger than %(mb)d MB") % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    if not raw.strip():
        raise ImportProblem(_("the file is empty"))
    if raw.startswith(b"PK\x03\x04"):
        return _read_xlsx(raw)
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportProblem(
            _("this is an old Excel file (.xls): save it as .xlsx or as CSV, then import it")
        )
    if name.lower().endswith((".xlsx", ".xlsm")):
        raise ImportProblem(_("the file is named .xlsx but is not an Excel workbook"))
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportProblem(_("this is not a CSV or XLSX file (binary content)"))
    return _read_csv(raw)


# -- CSV ---------------------------------------------------------------------------------


def decode(raw: bytes) -> tuple[str, str]:
    """``(text, encoding)``: UTF-8 (BOM or not) and UTF-16 with a BOM, else Windows-1252,
    which is what Excel writes on a French Windows (``é`` as one byte 0xE9)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        # Five bytes have no meaning in cp1252; Latin-1 reads every byte.
        return raw.decode("latin-1"), "latin-1"


def sniff_delimiter(text: str) -> str:
    """The separator that splits the first lines into the same, largest number of columns."""
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            counts = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:
            continue
        if not counts:
            continue
        width = max(set(counts), key=counts.count)  # the most common row width
        score = (counts.count(width) if width > 1 else 0, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(raw: bytes) -> Table:
    text, encoding = decode(raw)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append(_bounded(row, reader.line_num))
            if len(rows) > MAX_ROWS + HEADER_SCAN:
                raise ImportProblem(_too_many_rows())
    except csv.Error as exc:
        raise ImportProblem(
            _("line %(line)d: the CSV is malformed (%(error)s)")
            % {"line": reader.line_num, "error": exc}
        ) from None
    table = _with_header(rows, fmt="csv")
    table.encoding, table.delimiter = encoding, delimiter
    return table


def _bounded(row: list[str], line: int) -> list[str]:
    if len(row) > MAX_COLUMNS:
        raise ImportProblem(
            _("line %(line)d: more than %(n)d columns") % {"line": line, "n": MAX_COLUMNS}
        )
    if any(len(cell) > MAX_CELL for cell in row):
        raise ImportProblem(
            _("line %(line)d: a cell longer than %(n)d characters") % {"line": line, "n": MAX_CELL}
        )
    return row


# -- XLSX --------------------------------------------------------------------------------


def _read_xlsx(raw: bytes) -> Table:
    from openpyxl import load_workbook

    buffer = io.BytesIO(raw)
    try:
        with zipfile.ZipFile(buffer) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED:
                raise ImportProblem(_("the workbook is too large once unzipped"))
    except zipfile.BadZipFile:
        raise ImportProblem(_("the XLSX file is damaged (not a valid zip)")) from None
    try:
        # read_only streams the sheet; data_only gives cached formula results, not formulas.
        workbook = load_workbook(buffer, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise ImportProblem(
            _("the XLSX file could not be read (%(error)s)") % {"error": type(exc).__name__}
        ) from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise ImportProblem(_("the workbook has no sheet"))
        rows: list[list[str]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell(v) for v in values[: MAX_COLUMNS + 1]]
            while cells and cells[-1] == "":
                cells.pop()  # formatted but empty cells at the right
            rows.append(_bounded(cells, number))
            if len(rows) > MAX_ROWS + HEADER_SCAN:
                raise ImportProblem(_too_many_rows())
    finally:
        workbook.close()
    table = _with_header(rows, fmt="xlsx")
    if len(workbook.sheetnames) > 1:
        table.notes.append(
            _("only the first sheet (%(name)s) is read") % {"name": workbook.sheetnames[0]}
        )
    return table


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 1234.0 is how Excel stores 1234
    return str(value).strip()


def _too_many_rows() -> str:
    return _("more than %(n)d rows: split the file") % {"n": MAX_ROWS}


# -- header ------------------------------------------------------------------------------


def _with_header(rows: list[list[str]], *, fmt: str) -> Table:
    from tocsin.sources.importer.mapping import known_header_score

    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    if not rows:
        raise ImportProblem(_("the file has no rows"))
    candidates = rows[:HEADER_SCAN]
    scores = [known_header_score(row) for row in candidates]
    best = max(range(len(candidates)), key=lambda i: (scores[i], -i))
    index = best if scores[best] > 0 else 0
    headers = [h.strip() or f"#{n + 1}" for n, h in enumerate(rows[index])]
    numbered = [
        (n, r)
        for n, r in enumerate(rows[index + 1 :], start=index + 2)
        if any(c.strip() for c in r)
    ]
    body = [r for _, r in numbered]
    if len(body) > MAX_ROWS:
        raise ImportProblem(_too_many_rows())
    if not body:
        raise ImportProblem(_("the file has a header but no rows below it"))
    width = len(headers)
    body = [(r + [""] * width)[:width] if len(r) != width else r for r in body]
    return Table(
        headers=headers,
        rows=body,
        format=fmt,
        lines=[n for n, _ in numbered],
        skipped_lines=index,
    )
