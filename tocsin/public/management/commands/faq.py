"""``tocsin faq ask|validate --faq FILE``: the chatbot engine on the command line.

``ask`` reads JSON lines ``{"q": "..."}`` on standard input and writes one JSON line per
question with ``answer_id``, ``escalate``, ``lang`` and ``answer`` (plus the input's ``id``
when it has one), flushed line by line so it can sit behind a pipe. A line that is not a
JSON object with a text ``q`` gets ``{"error": ...}`` and the stream goes on: one bad line
from an upstream tool must not lose the rest. ``validate`` checks an FAQ file and lists
every problem.
"""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tocsin.public.faq import Faq, FaqBot, FaqError, load_faq


class Command(BaseCommand):
    help = "FAQ chatbot: 'ask' answers JSON-lines questions from stdin; 'validate' checks a file."
    requires_system_checks: list[str] = []  # pure text work: no database, no checks
    stealth_options = ("stdin",)  # tests pass a stream instead of the process stdin

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        ask = actions.add_parser("ask", help="answer JSON lines {'q': ...} read on stdin")
        ask.add_argument("--faq", required=True, help="FAQ YAML file")
        ask.add_argument("--contact", help="how to reach the firm, quoted when no entry fits")
        ask.add_argument("--page-url", help="URL of the public crisis page")
        validate = actions.add_parser("validate", help="check an FAQ YAML file")
        validate.add_argument("--faq", required=True, help="FAQ YAML file")

    def handle(self, *args: Any, **options: Any) -> None:
        faq = self._load(options["faq"])
        if options["action"] == "validate":
            questions = sum(len(e.questions) for e in faq.entries)
            self.stdout.write(
                f"FAQ valid: {len(faq.entries)} entries, {questions} example questions"
            )
            return
        bot = FaqBot(faq, contact=options.get("contact"), page_url=options.get("page_url"))
        stream: TextIO = options.get("stdin") or sys.stdin
        for line in stream:
            if not line.strip():
                continue
            self.stdout.write(json.dumps(answer_line(bot, line), ensure_ascii=False))
            self.stdout.flush()

    def _load(self, path: str) -> Faq:
        try:
            return load_faq(path)
        except FaqError as exc:
            for problem in exc.problems:
                self.stderr.write(f"{path}: {problem}")
            raise CommandError(f"{path}: invalid FAQ ({len(exc.problems)} problem(s))") from exc


def answer_line(bot: FaqBot, line: str) -> dict[str, Any]:
    """One output object for one input line; never raises on bad input."""
    try:
        request = json.loads(line)
    except ValueError as exc:
        return {"error": f"invalid JSON: {exc}"}
    if not isinstance(request, dict):
        return {"error": 'expected a JSON object like {"q": "..."}'}
    question = request.get("q")
    if not isinstance(question, str):
        return {"error": 'missing or non-text "q"'}
    result = bot.ask(question).as_json()
    if "id" in request:
        result = {"id": request["id"], **result}
    return result
