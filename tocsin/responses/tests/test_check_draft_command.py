"""The ``tocsin check-draft`` contract: one JSON line out per line in, never a crash."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command


def run(lines: list[str], *args: str) -> list[dict]:
    out = io.StringIO()
    call_command("check_draft", *args, stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_each_input_line_gets_one_output_line_in_order() -> None:
    results = run(
        [
            json.dumps({"id": "a", "text": "Merci, nous revenons vers vous."}),
            json.dumps({"id": "b", "text": "We guarantee it.", "lang": "en"}),
        ]
    )
    assert [r["id"] for r in results] == ["a", "b"]
    assert results[0] == {"id": "a", "lang": "fr", "flags": []}
    assert results[1]["lang"] == "en"
    assert results[1]["flags"][0]["kind"] == "overpromise"
    assert results[1]["flags"][0]["spans"][0] == {
        "start": 3,
        "end": 12,
        "text": "guarantee",
        "reason": "overpromise.guarantee",
    }


def test_invalid_lines_get_an_error_and_the_rest_is_checked() -> None:
    results = run(
        [
            "not json",
            "[1, 2]",
            json.dumps({"text": 42}),
            json.dumps({"id": 7, "text": "x", "lang": "de"}),
            "",
            json.dumps({"text": "Tout sera réglé ce soir."}),
        ]
    )
    assert [("error" in r) for r in results] == [True, True, True, True, True, False]
    assert results[3]["id"] == 7
    assert results[0]["line"] == 1
    assert results[5]["flags"][0]["kind"] == "overpromise"


def test_firm_context_file_allows_the_firm_contacts(tmp_path: Path) -> None:
    context = tmp_path / "firm.yaml"
    context.write_text(
        "clients: [Boulangerie Cariou]\ncontacts:\n  emails: [contact@cabinet.fr]\n",
        encoding="utf-8",
    )
    results = run(
        [
            json.dumps({"text": "Écrivez à contact@cabinet.fr."}),
            json.dumps({"text": "La boulangerie Cariou est prévenue."}),
        ],
        "--context",
        str(context),
    )
    assert results[0]["flags"] == []
    assert results[1]["flags"][0]["kind"] == "secrecy"


def test_json_firm_context_is_read_too(tmp_path: Path) -> None:
    context = tmp_path / "firm.json"
    context.write_text(json.dumps({"emails": ["a@b.fr"]}), encoding="utf-8")
    assert run([json.dumps({"text": "a@b.fr"})], "--context", str(context))[0]["flags"] == []


def test_unreadable_firm_context_is_a_command_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError):
        run([json.dumps({"text": "x"})], "--context", str(tmp_path / "missing.yaml"))


def test_cli_survives_bytes_that_are_not_utf8() -> None:
    tocsin = Path(sys.executable).with_name("tocsin")
    stdin = b'{"text": "ok"}\n\xff\xfe\n{"text": "M. Le Bihan"}\n'
    done = subprocess.run(
        [str(tocsin), "check-draft"], input=stdin, capture_output=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert len(results) == 3
    assert "error" in results[1]
    assert results[2]["flags"][0]["kind"] == "secrecy"
