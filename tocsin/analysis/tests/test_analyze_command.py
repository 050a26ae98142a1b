"""``tocsin analyze``: one JSON line out per line in, in order, whatever comes in."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from tocsin.analysis.management.commands.analyze import run

FIELDS = {"id", "lang", "sentiment", "sentiment_score", "crisis_type", "risk", "reasons"}


def _run(lines: list[bytes], sensitive: list[str] | None = None) -> list[dict[str, object]]:
    out = io.StringIO()
    run(io.BytesIO(b"\n".join(lines) + b"\n"), out, sensitive or [])
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_each_line_is_answered_in_order_with_the_contract_fields() -> None:
    lines = [
        json.dumps({"id": i, "text": text}).encode()
        for i, text in enumerate(["Fuite de données !", "Merci !", "The firm is hiring.", ""] * 3)
    ]
    results = _run(lines)
    assert [r["id"] for r in results] == list(range(12))
    for result in results:
        assert result.keys() >= FIELDS
        assert isinstance(result["risk"], int)


def test_optional_lang_and_reach_are_used() -> None:
    quiet, loud = _run(
        [
            json.dumps({"id": "a", "text": "Data breach at the firm", "lang": "en"}).encode(),
            json.dumps({"id": "b", "text": "Data breach at the firm", "reach": 10**6}).encode(),
        ]
    )
    assert quiet["lang"] == "en"
    assert int(str(loud["risk"])) > int(str(quiet["risk"]))


def test_bad_lines_get_an_error_line_with_the_id_when_known() -> None:
    results = _run(
        [
            b"not json",
            b"[1, 2]",
            b'{"id": 7}',
            b'{"id": 8, "text": 42}',
            b"\xff\xfe\x00garbage",
            b'{"id": 9, "text": "ok", "reach": "lots", "lang": 3}',
        ]
    )
    assert results[0] == {"id": None, "error": "invalid JSON"}
    assert results[1]["error"]
    assert results[2] == {"id": 7, "error": "missing text"}
    assert results[3] == {"id": 8, "error": "text must be a string"}
    assert "error" in results[4]
    assert results[5]["id"] == 9
    assert "error" not in results[5]


def test_blank_lines_are_skipped() -> None:
    assert len(_run([b"", b'{"id": 1, "text": "x"}', b"   "])) == 1


def test_sensitive_words_from_the_command_line_raise_risk() -> None:
    line = json.dumps({"id": 1, "text": "Encore une erreur du cabinet Dupont"}).encode()
    plain = _run([line])[0]
    flagged = _run([line], ["Dupont"])[0]
    assert int(str(flagged["risk"])) > int(str(plain["risk"]))


def test_real_command_reads_stdin_and_writes_stdout() -> None:
    root = Path(__file__).resolve().parents[3]
    payload = b'{"id": "x", "text": "Le cabinet a \\u00e9t\\u00e9 pirat\\u00e9"}\nnope\n'
    done = subprocess.run(
        [sys.executable, "-m", "tocsin.cli", "analyze"],
        input=payload,
        capture_output=True,
        cwd=root,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tocsin.settings"},
        timeout=60,
        check=True,
    )
    first, second = (json.loads(line) for line in done.stdout.decode().splitlines())
    assert first["id"] == "x" and first["lang"] == "fr"
    assert second == {"id": None, "error": "invalid JSON"}
