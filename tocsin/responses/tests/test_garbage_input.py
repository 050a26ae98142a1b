"""Whatever people paste into a draft box, the checker answers and never crashes."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from tocsin.responses.checker import FirmContext, check_draft
from tocsin.responses.management.commands.check_draft import check_line

_FIRM = FirmContext.from_mapping({"clients": ["Ébène & Fils SARL", "ß"], "emails": ["a@b.c"]})
_TRICKY = st.sampled_from(
    ["œ", "Œ", "ß", "İ", "\u202f", "«", "»", "’", "!", "?", "€", "@", "M. ", "FR76", "0", " "]
)
_TEXT = st.lists(st.one_of(st.text(max_size=20), _TRICKY), max_size=30).map("".join)


@settings(max_examples=100, deadline=None)
@given(_TEXT)
def test_any_text_gives_flags_whose_spans_are_in_the_text(text: str) -> None:
    for flag in check_draft(text, firm_context=_FIRM):
        assert flag.spans
        for span in flag.spans:
            assert 0 <= span.start < span.end <= len(text)
            assert text[span.start : span.end] == span.text


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.text(max_size=80), st.binary(max_size=80)))
def test_any_input_line_gives_a_json_record(line: str | bytes) -> None:
    record = check_line(line, 1, _FIRM)
    assert "flags" in record or "error" in record
    json.dumps(record)


@settings(max_examples=60, deadline=None)
@given(st.recursive(st.none() | st.integers() | st.text(max_size=10), st.lists, max_leaves=8))
def test_any_json_value_as_text_is_an_error_or_a_result(value: object) -> None:
    record = check_line(json.dumps({"text": value, "lang": value}), 1, _FIRM)
    assert "flags" in record or "error" in record
