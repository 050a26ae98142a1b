"""The ``tocsin`` command: Tocsin's own subcommands plus every Django management command.

``tocsin detect-spikes`` and ``tocsin detect_spikes`` are the same command: subcommands are
written with hyphens on the command line and live as management commands with underscores.
"""

from __future__ import annotations

import os
import sys

# Commands that read standard input and judge it: they never enqueue work, so they skip
# importing Celery and start faster.
JUDGEMENT_COMMANDS = frozenset({"analyze", "check_draft", "detect_spikes", "faq"})


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tocsin.settings")
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    if not args or args[0] not in JUDGEMENT_COMMANDS:
        import tocsin.celery  # noqa: F401  (the app every enqueued task goes through)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["tocsin", *args])


if __name__ == "__main__":
    main()
