"""Preview and import through the pipeline: created, duplicates, rejected rows with reasons."""

from __future__ import annotations

from datetime import UTC, datetime

from tocsin.firms.models import AuditEvent
from tocsin.mentions.models import Mention
from tocsin.sources.importer import guess_mapping, import_rows, preview, read_table
from tocsin.sources.importer.tests.files import brandwatch_csv, csv_bytes, xlsx_bytes
from tocsin.sources.models import Source
from tocsin.testing import Cast

SHEET = [
    ["Date", "Auteur", "Texte", "Lien", "Note", "Abonnés"],
    ["27/11/2026 08:15", "Hélène", "Le cabinet a perdu mon dossier", "https://ex.fr/1", "1", "1 200"],
    ["hier soir", "Marc", "Date illisible", "", "", ""],
    ["26/11/2026", "Léa", "", "https://ex.fr/3", "", ""],
    ["25/11/2026", "Paul", "Note impossible", "", "7", ""],
    ["24/11/2026", "Zoé", "Lien bizarre", "javascript:alert(1)", "", ""],
    ["23/11/2026", "Hugo", "Très bon cabinet", "https://ex.fr/6", "5/5", "3,4k"],
]  # fmt: skip


def test_import_preview_shows_rejected_rows() -> None:
    table = read_table(csv_bytes(SHEET, sep=";"))
    rows = preview(table, guess_mapping(table.headers), 10)
    assert [r.line for r in rows] == [2, 3, 4, 5, 6, 7]
    assert [r.rejected for r in rows] == [False, True, True, True, True, False]
    assert rows[1].reasons == ["the date « hier soir » is not understood"]
    assert rows[2].reasons == ["no text"]
    assert rows[3].reasons == ["the rating « 7 » is not between 1 and 5"]
    assert "not a web address" in rows[4].reasons[0]
    first = rows[0].item
    assert first is not None
    assert (first.author, first.rating, first.reach, first.url) == (
        "Hélène",
        1,
        1200,
        "https://ex.fr/1",
    )
    assert first.published_at == datetime(2026, 11, 27, 7, 15, tzinfo=UTC)  # Paris time
    assert rows[5].item is not None and rows[5].item.reach == 3400


def test_import_creates_mentions_and_reports_rejected_rows(cast: Cast) -> None:
    table = read_table(csv_bytes(SHEET, sep=";"))
    report = import_rows(
        cast.firm_a, table, guess_mapping(table.headers), cast.ada.person, name="veille.csv"
    )
    assert (report.rows, report.created, report.duplicates) == (6, 2, 0)
    assert [line for line, _ in report.rejected] == [3, 4, 5, 6]
    source = Source.objects.for_firm(cast.firm_a).get(pk=report.source_id)
    assert (source.kind, source.name, source.items_seen) == ("import", "Import (tableur)", 2)
    mention = Mention.objects.for_firm(cast.firm_a).get(url="https://ex.fr/1")
    assert (mention.rating, mention.reach, mention.author) == (1, 1200, "Hélène")
    event = AuditEvent.objects.get(firm_id=cast.firm_a.pk, action="source.import")
    assert "veille.csv: 2 created, 0 duplicates, 4 rejected" in event.summary
    assert not Mention.objects.for_firm(cast.firm_b).exists()


def test_importing_the_same_export_twice_finds_duplicates(cast: Cast) -> None:
    table = read_table(brandwatch_csv())
    mapping = guess_mapping(table.headers)
    first = import_rows(cast.firm_a, table, mapping, cast.ada.person)
    again = import_rows(cast.firm_a, table, mapping, cast.ada.person)
    assert (first.created, first.duplicates, first.rejected) == (2, 0, [])
    assert (again.created, again.duplicates) == (0, 2)
    assert again.source_id == first.source_id  # one source per tool
    mention = Mention.objects.for_firm(cast.firm_a).get(external_id="1861")
    assert (mention.author, mention.author_handle, mention.reach) == ("Jeanne Roux", "jroux", 12345)
    assert Source.objects.for_firm(cast.firm_a).get(pk=first.source_id).name == "Import Brandwatch"


def test_rows_repeated_inside_one_file_count_as_duplicates(cast: Cast) -> None:
    rows = [
        ["Texte", "Lien"],
        ["Même article", "https://ex.fr/x"],
        ["Même article (copie)", "https://ex.fr/x"],
    ]
    table = read_table(xlsx_bytes(rows))
    report = import_rows(cast.firm_a, table, guess_mapping(table.headers), cast.ada.person)
    assert (report.created, report.duplicates) == (1, 1)


def test_import_without_a_text_column_rejects_every_row(cast: Cast) -> None:
    table = read_table(csv_bytes([["Lien"], ["https://ex.fr/1"]]))
    report = import_rows(cast.firm_a, table, guess_mapping(table.headers), cast.ada.person)
    assert (report.created, report.rejected) == (0, [(2, "no text column chosen")])
    assert not Source.objects.for_firm(cast.firm_a).filter(kind="import").exists()
