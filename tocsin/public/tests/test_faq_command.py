"""`tocsin faq ask|validate`: the JSON-lines contract other tools rely on."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def run_ask(faq_file: Path, lines: list[str], *extra: str) -> list[dict[str, object]]:
    out = io.StringIO()
    stdin = io.StringIO("\n".join(lines) + "\n")
    call_command("faq", "ask", "--faq", str(faq_file), *extra, stdin=stdin, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_ask_writes_one_json_line_per_question(faq_file: Path) -> None:
    replies = run_ask(
        faq_file,
        [
            json.dumps({"q": "Will you refund my costs?"}),
            json.dumps({"q": "Quel temps fera-t-il demain ?"}),
            json.dumps({"q": "Je vais porter plainte"}),
        ],
    )
    assert [set(r) for r in replies] == [{"answer_id", "escalate", "lang", "answer"}] * 3
    assert [(r["answer_id"], r["escalate"], r["lang"]) for r in replies] == [
        ("refund", False, "en"),
        (None, False, "fr"),
        (None, True, "fr"),
    ]


def test_invalid_lines_get_an_error_line_and_the_stream_goes_on(faq_file: Path) -> None:
    replies = run_ask(
        faq_file,
        [
            "not json",
            "[1, 2]",
            '{"question": "x"}',
            '{"q": null}',
            '{"q": "Que s\'est-il passé ?"}',
        ],
    )
    assert [("error" in r) for r in replies] == [True, True, True, True, False]
    assert replies[-1]["answer_id"] == "what-happened"


def test_blank_lines_are_skipped_and_ids_echoed(faq_file: Path) -> None:
    replies = run_ask(faq_file, ["", json.dumps({"id": "c-42", "q": "refund?"}), "   "])
    assert len(replies) == 1
    assert replies[0]["id"] == "c-42"


def test_contact_and_page_options_appear_in_refusals(faq_file: Path) -> None:
    [reply] = run_ask(
        faq_file,
        [json.dumps({"q": "Do you hire interns?"})],
        "--contact",
        "crise@cabinet.example",
        "--page-url",
        "https://cabinet.example/crise",
    )
    assert reply["answer_id"] is None
    assert "crise@cabinet.example" in str(reply["answer"])
    assert "https://cabinet.example/crise" in str(reply["answer"])


def test_validate_accepts_a_good_file(faq_file: Path) -> None:
    out = io.StringIO()
    call_command("faq", "validate", "--faq", str(faq_file), stdout=out)
    assert "FAQ valid: 4 entries" in out.getvalue()


def test_validate_rejects_a_bad_file_listing_problems(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("crisis: x\nentries:\n  - {id: a, questions: [q], answers: {fr: r}}\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match="invalid FAQ"):
        call_command("faq", "validate", "--faq", str(bad), stderr=err)
    assert "entries[0].answers.en: missing" in err.getvalue()
