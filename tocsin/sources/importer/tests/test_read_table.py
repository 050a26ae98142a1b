"""Reading the files people actually export: encodings, separators, report lines, XLSX,
and the files that must be refused with a reason."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import pytest

from tocsin.sources.importer import table as table_module
from tocsin.sources.importer.table import ImportProblem, read_table
from tocsin.sources.importer.tests.files import (
    BRANDWATCH_HEADER,
    brandwatch_csv,
    csv_bytes,
    xlsx_bytes,
)

ROWS = [
    ["Date", "Auteur", "Texte", "Lien"],
    ["27/11/2026 08h15", "Hélène Dupré", "Très déçue par le cabinet, « inadmissible »", "https://ex.fr/a"],
    ["26/11/2026", "Marc", "Rien à redire", ""],
]  # fmt: skip


def test_utf8_comma_csv_is_read() -> None:
    table = read_table(csv_bytes(ROWS))
    assert (table.format, table.encoding, table.delimiter) == ("csv", "utf-8", ",")
    assert table.headers == ["Date", "Auteur", "Texte", "Lien"]
    assert table.rows[0][1] == "Hélène Dupré"
    assert table.lines == [2, 3]


def test_excel_french_csv_in_cp1252_with_semicolons_is_read() -> None:
    raw = csv_bytes(ROWS, sep=";", encoding="cp1252")
    assert "é".encode("cp1252") in raw and b"\xc3" not in raw  # really Windows-1252
    table = read_table(raw)
    assert (table.encoding, table.delimiter) == ("cp1252", ";")
    assert table.rows[0][2] == "Très déçue par le cabinet, « inadmissible »"


def test_utf8_bom_is_not_part_of_the_first_header() -> None:
    table = read_table(b"\xef\xbb\xbf" + csv_bytes(ROWS, sep=";"))
    assert table.encoding == "utf-8-sig"
    assert table.headers[0] == "Date"


def test_utf16_tab_separated_text_is_read() -> None:
    table = read_table(csv_bytes(ROWS, sep="\t", encoding="utf-16"))
    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    assert table.rows[1][2] == "Rien à redire"


def test_report_lines_above_the_header_are_skipped() -> None:
    table = read_table(brandwatch_csv())
    assert table.headers == BRANDWATCH_HEADER
    assert table.skipped_lines == 5
    assert len(table.rows) == 2
    assert table.lines[0] == 7  # as the spreadsheet numbers it


def test_xlsx_with_dates_and_numbers_is_read() -> None:
    raw = xlsx_bytes(
        [
            ["Date", "Texte", "Portée"],
            [datetime(2026, 11, 27, 8, 15), "Le cabinet ne répond pas", 1234],
            [datetime(2026, 11, 26, 9, 0), "Très bon accueil", 12.0],
        ],
        extra_sheet=True,
    )
    table = read_table(io.BytesIO(raw), "export.xlsx")
    assert table.format == "xlsx"
    assert table.rows[0] == ["2026-11-27 08:15:00", "Le cabinet ne répond pas", "1234"]
    assert table.rows[1][2] == "12"
    assert table.notes == ["only the first sheet (Mentions) is read"]


def test_binary_file_is_refused_with_a_reason() -> None:
    with pytest.raises(ImportProblem, match="not a CSV or XLSX"):
        read_table(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100), "logo.png")


def test_old_xls_is_refused_with_what_to_do() -> None:
    with pytest.raises(ImportProblem, match=r"save it as \.xlsx"):
        read_table(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "export.xls")


def test_zip_that_is_not_a_workbook_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "bonjour")
    with pytest.raises(ImportProblem, match="could not be read"):
        read_table(buffer.getvalue(), "export.xlsx")


def test_empty_and_header_only_files_are_refused() -> None:
    with pytest.raises(ImportProblem, match="empty"):
        read_table(b"  \r\n")
    with pytest.raises(ImportProblem, match="no rows below"):
        read_table(b"Date;Texte\r\n")


def test_too_many_rows_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(table_module, "MAX_ROWS", 5)
    raw = csv_bytes([["Texte"], *([f"ligne {i}"] for i in range(30))])
    with pytest.raises(ImportProblem, match="more than 5 rows"):
        read_table(raw)


def test_too_large_file_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(table_module, "MAX_BYTES", 1000)
    with pytest.raises(ImportProblem, match="larger than"):
        read_table(io.BytesIO(b"Texte\r\n" + b"x" * 2000))


def test_malformed_csv_says_which_line() -> None:
    raw = b'Texte,Lien\r\n"ok",https://a.fr\r\n"' + b"x" * 10 + b'\x00"\r\n'
    with pytest.raises(ImportProblem):
        read_table(raw)
