"""Importing mentions from files: CSV and XLSX exports of Mention, Talkwalker, Brandwatch,
or any spreadsheet, with a column mapping the person importing can correct and a preview.

The pure steps, usable from a view, a command or a test::

    table = read_table(upload)              # CSV (any usual encoding/separator) or XLSX
    mapping = guess_mapping(table.headers)  # from the header names (data/headers.json)
    preview(table, mapping, 10)             # the first rows as they will be stored
    import_rows(firm, table, mapping, actor)  # through the pipeline; a Report
"""

from __future__ import annotations

from tocsin.sources.importer.mapping import Mapping, guess_mapping
from tocsin.sources.importer.rows import PreviewRow, Report, import_rows, preview
from tocsin.sources.importer.table import ImportProblem, Table, read_table

__all__ = [
    "ImportProblem",
    "Mapping",
    "PreviewRow",
    "Report",
    "Table",
    "guess_mapping",
    "import_rows",
    "preview",
    "read_table",
]
