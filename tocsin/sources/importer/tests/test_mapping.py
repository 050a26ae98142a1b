"""Guessing which column holds what from the header names of known exports."""

from __future__ import annotations

from tocsin.sources.importer.mapping import detect_tool, fold, guess_mapping
from tocsin.sources.importer.tests.files import (
    BRANDWATCH_HEADER,
    MENTION_HEADER,
    TALKWALKER_HEADER,
)


def _named(headers: list[str]) -> dict[str, str]:
    mapping = guess_mapping(headers)
    return {field: headers[index] for field, index in mapping.columns.items()}


def test_brandwatch_export_is_mapped_to_full_text_not_snippet() -> None:
    named = _named(BRANDWATCH_HEADER)
    assert named == {
        "text": "Full Text",
        "title": "Title",
        "url": "Url",
        "author": "Full Name",
        "author_handle": "Author",
        "reach": "Reach (new)",
        "published_at": "Date",
        "external_id": "Resource Id",
        "lang": "Language",
    }
    assert guess_mapping(BRANDWATCH_HEADER).tool == "Brandwatch"


def test_talkwalker_export_is_mapped() -> None:
    named = _named(TALKWALKER_HEADER)
    assert (named["text"], named["url"], named["published_at"]) == ("content", "url", "published")
    assert (named["author"], named["author_handle"]) == (
        "extra_author_attributes.name",
        "extra_author_attributes.short_name",
    )
    assert named["reach"] == "reach"
    assert detect_tool(TALKWALKER_HEADER) == "Talkwalker"


def test_mention_export_is_mapped() -> None:
    named = _named(MENTION_HEADER)
    assert (named["text"], named["published_at"], named["author"]) == (
        "Description",
        "Published at",
        "Author name",
    )
    assert detect_tool(MENTION_HEADER) == "Mention"


def test_french_spreadsheet_headers_are_mapped() -> None:
    headers = ["Date de publication", "Auteur", "Contenu", "Lien", "Abonnés", "Note", "Langue"]
    assert _named(headers) == {
        "text": "Contenu",
        "url": "Lien",
        "author": "Auteur",
        "reach": "Abonnés",
        "rating": "Note",
        "published_at": "Date de publication",
        "lang": "Langue",
    }
    assert guess_mapping(headers).tool == ""


def test_header_names_are_folded() -> None:
    assert fold(" Date de Publication ") == "date de publication"
    assert fold("extra_author_attributes.name") == "extra author attributes name"
    assert fold("Reach (new)") == "reach new"
    assert fold("Abonnés") == "abonnes"
