"""``tocsin run``: the web server and a Celery worker with beat, together, in one terminal."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate, then serve Tocsin with gunicorn and run a Celery worker with beat."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default=os.environ.get("TOCSIN_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("TOCSIN_PORT", "8000")))
        parser.add_argument("--web-workers", type=int, default=2)
        parser.add_argument("--no-worker", action="store_true", help="serve the web interface only")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        bind = f"{options['host']}:{options['port']}"
        commands = [
            [
                sys.executable,
                "-m",
                "gunicorn",
                "tocsin.wsgi:application",
                "--bind",
                bind,
                "--workers",
                str(options["web_workers"]),
                "--access-logfile",
                "-",
                "--graceful-timeout",
                "10",
            ]
        ]
        if not options["no_worker"]:
            commands.append(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "tocsin",
                    "worker",
                    "--beat",
                    "--loglevel",
                    "INFO",
                    "--concurrency",
                    "2",
                    "--schedule",
                    str(settings.DATA_DIR / "celerybeat-schedule"),
                ]
            )
        children = [subprocess.Popen(cmd) for cmd in commands]
        self.stdout.write(
            self.style.SUCCESS(f"Tocsin is running on http://{bind}/ (Ctrl-C stops it)")
        )

        def stop(*_: Any) -> None:
            for child in children:
                if child.poll() is None:
                    child.terminate()

        signal.signal(signal.SIGTERM, stop)
        try:
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            stop()
            for child in children:
                try:
                    child.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    child.kill()
