"""``tocsin check-draft``: check drafts given as JSON lines on standard input.

Each input line is ``{"text": "...", "lang": "fr"|"en" (optional), "id": ... (optional)}``;
each output line, in the same order, echoes ``id`` (when given) and carries ``lang`` (given
or detected) and ``flags`` (see :meth:`tocsin.responses.checks.flags.Flag.to_dict`).
A line that is not a JSON object with a string ``text`` produces ``{"line": n, "error":
"..."}`` and the command carries on, so a batch of ten thousand drafts is never lost to
one bad line; blank lines and bytes that are not UTF-8 are errors too, so output line *n*
always answers input line *n*. Output is flushed line by line so the command can sit
behind a pipe in a drafting tool.

    echo '{"text": "Nous garantissons que tout sera réglé ce soir."}' | tocsin check-draft
    tocsin check-draft --context firm.yaml < drafts.jsonl
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tocsin.responses.checker import LANGUAGES, FirmContext, check_draft, draft_language


def check_line(line: str | bytes, number: int, context: FirmContext) -> dict[str, Any]:
    """The output record for one input line; never raises on bad input."""
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as error:
            return {"line": number, "error": f"not UTF-8: {error}"}
    if not line.strip():
        return {"line": number, "error": "empty line"}
    try:
        record = json.loads(line)
    except (ValueError, RecursionError) as error:
        return {"line": number, "error": f"invalid JSON: {error}"}
    if not isinstance(record, dict):
        return {"line": number, "error": 'each line must be a JSON object with a "text"'}
    out: dict[str, Any] = {"id": record["id"]} if "id" in record else {}
    text, lang = record.get("text"), record.get("lang")
    if not isinstance(text, str):
        return out | {"line": number, "error": '"text" must be a string'}
    if lang is not None and lang not in LANGUAGES:
        return out | {"line": number, "error": f'"lang" must be one of {list(LANGUAGES)}'}
    flags = check_draft(text, lang=lang, firm_context=context)
    return out | {"lang": lang or draft_language(text), "flags": [f.to_dict() for f in flags]}


class Command(BaseCommand):
    # Tests and callers inside Python pass a text stream instead of the process's stdin.
    stealth_options = ("stdin",)
    # A pure text tool: no database, no URLs, so no system checks to slow every pipe start.
    requires_system_checks: list[str] = []
    help = "Check drafts (JSON lines on stdin) for tone, blame, promises, secrecy and ethics."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--context",
            metavar="FILE",
            help="JSON or YAML firm context: firm_name, clients, partners, contacts "
            "(emails, phones, addresses) that are allowed",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        context = FirmContext()
        if options.get("context"):
            try:
                context = FirmContext.from_file(options["context"])
            except (OSError, ValueError) as error:
                raise CommandError(f"cannot read firm context: {error}") from error
        stdin: TextIO | None = options.get("stdin")
        # Read bytes when we can, so one badly encoded line is an error, not a crash.
        lines: Iterable[str | bytes] = stdin if stdin is not None else sys.stdin.buffer
        for number, line in enumerate(lines, start=1):
            self.stdout.write(_dumps(check_line(line, number, context)))
            self.stdout.flush()


def _dumps(result: dict[str, Any]) -> str:
    """Readable UTF-8 JSON; escaped ASCII when the text holds lone surrogates."""
    dumped = json.dumps(result, ensure_ascii=False)
    try:
        dumped.encode("utf-8")
    except UnicodeEncodeError:
        dumped = json.dumps(result)
    return dumped
