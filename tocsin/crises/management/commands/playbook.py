"""``tocsin playbook``: export, import, validate and list playbooks (YAML).

tocsin playbook export data_breach --language fr                  # the shipped one
tocsin playbook export data_breach --firm martin-associes -o pb.yaml
tocsin playbook import pb.yaml --firm martin-associes              # next version
tocsin playbook validate pb.yaml
tocsin playbook list --firm martin-associes
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tocsin.crises import playbook as playbooks
from tocsin.crises.models import CrisisType
from tocsin.firms.models import Firm


def _firm(slug: str) -> Firm:
    firm = Firm.objects.filter(slug=slug).first()
    if firm is None:
        raise CommandError(f"no firm with the short name {slug!r}")
    return firm


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise CommandError(str(exc)) from exc


class Command(BaseCommand):
    help = "Export, import, validate or list crisis playbooks (YAML)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="write a playbook as YAML")
        export.add_argument("crisis_type", choices=CrisisType.values)
        export.add_argument("--language", default="fr", choices=playbooks.LANGUAGES)
        export.add_argument("--firm", help="the firm's short name (default: the shipped one)")
        export.add_argument(
            "--playbook-version", type=int, help="a given version (default: current)"
        )
        export.add_argument("-o", "--output", help="file to write (default: standard output)")
        imp = sub.add_parser("import", help="store a YAML file as the firm's next version")
        imp.add_argument("path", help="YAML file, or - for standard input")
        imp.add_argument("--firm", required=True)
        check = sub.add_parser("validate", help="check a YAML file, list every fault")
        check.add_argument("path")
        listing = sub.add_parser("list", help="the firm's current playbooks")
        listing.add_argument("--firm", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "export":
            self._export(options)
        elif action == "import":
            try:
                p = playbooks.save_version(
                    _firm(options["firm"]), _read(options["path"]), actor=None, note="imported"
                )
            except playbooks.PlaybookError as exc:
                raise CommandError("\n".join(exc.problems)) from exc
            self.stdout.write(f"{p.title}: version {p.version} ({p.crisis_type}, {p.language})")
        elif action == "validate":
            try:
                document = playbooks.parse(_read(options["path"]))
            except playbooks.PlaybookError as exc:
                raise CommandError("\n".join(exc.problems)) from exc
            self.stdout.write(
                f"valid: {document['title']} ({len(document['steps'])} steps, "
                f"{len(document.get('clocks', []))} clocks)"
            )
        else:
            for p in playbooks.current_set(_firm(options["firm"])):
                flag = "  review due" if p.needs_review() else ""
                self.stdout.write(
                    f"{p.pk:>5}  {p.crisis_type:<28} {p.language}  v{p.version}{flag}"
                )

    def _export(self, options: dict[str, Any]) -> None:
        crisis_type, language = options["crisis_type"], options["language"]
        if options["firm"]:
            firm = _firm(options["firm"])
            if options["playbook_version"]:
                found = (
                    playbooks.versions(firm, crisis_type, language)
                    .filter(version=options["playbook_version"])
                    .first()
                )
                if found is None:
                    raise CommandError("no such version")
            else:
                found = playbooks.current(firm, crisis_type, language)
            source = found.source or playbooks.dump(found.document)
        else:
            source = playbooks.shipped_source(crisis_type, language)
        if options["output"]:
            Path(options["output"]).write_text(source, encoding="utf-8")
        else:
            self.stdout.write(source, ending="")
