"""``tocsin analyze``: JSON lines in, one JSON line of analysis out per input, in order.

Input lines are ``{"id": ..., "text": ..., "lang"?: ..., "reach"?: ...}`` (also accepted:
``"source_weight"``, ``"story_size"``). Each output line carries "id", "lang", "sentiment",
"sentiment_score", "crisis_type", "risk" and "reasons" (plus "crisis_words"), or "id" and
"error" when the line could not be read. Blank lines are skipped. Nothing here touches the
network or the database, and no input makes the command stop early.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandParser

from tocsin.analysis.services import Analysis, analyze_many

#: Lines analysed together: bounds memory on endless input while keeping per-batch overhead
#: (story grouping, writes) negligible.
BATCH = 512
#: Longest input line read whole; the rest of a longer line is skipped (its text would be cut
#: to 20,000 characters anyway).
MAX_LINE = 4 * 1024 * 1024


def _lines(stream: IO[bytes]) -> Iterator[bytes]:
    """Lines of ``stream``, each at most :data:`MAX_LINE` bytes (the excess is discarded)."""
    while True:
        line = stream.readline(MAX_LINE)
        if not line:
            return
        if not line.endswith(b"\n") and len(line) == MAX_LINE:
            while True:
                rest = stream.readline(MAX_LINE)
                if not rest or rest.endswith(b"\n"):
                    break
        yield line


def parse_line(line: bytes) -> dict[str, Any]:
    """One input line as a mention, or ``{"id": ..., "error": ...}`` saying what is wrong."""
    try:
        value = json.loads(line.decode("utf-8", errors="replace"))
    except (ValueError, RecursionError):
        return {"id": None, "error": "invalid JSON"}
    if not isinstance(value, dict):
        return {"id": None, "error": "a line must be a JSON object"}
    ident = value.get("id")
    if not isinstance(ident, str | int | float | bool) and ident is not None:
        ident = str(ident)[:200]
    text = value.get("text")
    if text is None:
        return {"id": ident, "error": "missing text"}
    if not isinstance(text, str):
        return {"id": ident, "error": "text must be a string"}
    return {"id": ident, "mention": value}


def render(ident: Any, result: Analysis) -> dict[str, Any]:
    """The output record of one analysed mention."""
    return {
        "id": ident,
        "lang": result.lang,
        "sentiment": result.sentiment,
        "sentiment_score": result.sentiment_score,
        "crisis_type": result.crisis_type,
        "crisis_words": result.crisis_words,
        "risk": result.risk,
        "reasons": result.reasons,
    }


def run(stdin: IO[bytes], stdout: IO[str], sensitive_words: list[str]) -> int:
    """Analyse every line of ``stdin`` onto ``stdout``; returns the number of lines written."""
    written = 0
    batch: list[dict[str, Any]] = []
    interactive = stdin.isatty()

    def flush() -> None:
        nonlocal written
        mentions = [p["mention"] for p in batch if "mention" in p]
        results = (
            iter(analyze_many(mentions, sensitive_words=sensitive_words)) if mentions else None
        )
        out: list[str] = []
        for parsed in batch:
            if "error" in parsed:
                record: dict[str, Any] = {"id": parsed["id"], "error": parsed["error"]}
            else:
                assert results is not None
                record = render(parsed["id"], next(results))
            out.append(json.dumps(record, ensure_ascii=True))
        if out:
            stdout.write("\n".join(out) + "\n")
            stdout.flush()
        written += len(out)
        batch.clear()

    for line in _lines(stdin):
        if not line.strip():
            continue
        batch.append(parse_line(line))
        if interactive or len(batch) >= BATCH:
            flush()
    flush()
    return written


class Command(BaseCommand):
    # A filter over stdin must not depend on (or pay for) checking every other app's URLs.
    requires_system_checks: list[str] = []
    help = "Analyse JSON-lines mentions from stdin: language, sentiment, crisis type, risk."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--sensitive",
            action="append",
            default=[],
            help="a firm's sensitive word or name (repeatable); raises the risk when present",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # Models load on the first mention (services.load_models), not before: an empty input
        # costs nothing, and start-up is Django's alone until there is work.
        run(sys.stdin.buffer, sys.stdout, list(options["sensitive"]))
