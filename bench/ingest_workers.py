"""Sustained ingest by Celery workers on PostgreSQL and Redis: one worker, then two.

    .venv/bin/python bench/ingest_workers.py [--runs 3] [--feeds 40] [--items 250]

Issue 10's figure. A loopback HTTP server serves ``--feeds`` RSS feeds of ``--items``
distinct mentions each; a fresh firm watches them (one RSS source per feed, a watch query
every item matches). One collection task per source is sent to the broker, and 1 then 2
worker processes (``celery worker --concurrency 1`` each, as on two machines) fetch,
parse, filter, analyse and store them, and run the after-ingest work (rollups, detectors)
that their storing enqueues. The time is from the first task sent to the last mention
stored. Prints mentions/s for each worker count (median of the runs) and the ratio of two
workers to one. Both workers share this machine's two cores with PostgreSQL and Redis, so
the ratio is a floor for workers on machines of their own.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH = "postgres://postgres@127.0.0.1:5432/tocsin_bench_workers"
BROKER = "redis://127.0.0.1:6379/13"
LINES = [
    "Le cabinet Martin : fuite de données, les fiches de paie de {n} clients en ligne",
    "Très bon accompagnement du cabinet Martin pour la création de la société {n}",
    "Erreur sur la déclaration de TVA numéro {n}, le cabinet Martin ne répond pas",
    "Le cabinet Martin organise le webinaire {n} sur la facture électronique",
    "Worst accountant ever: cabinet Martin lost payroll file {n} and nobody answers",
]


def _feed(round_id: str, feed: int, items: int) -> bytes:
    now = format_datetime(datetime.now(UTC))
    entries = []
    for i in range(items):
        n = feed * items + i
        text = LINES[n % len(LINES)].format(n=f"{round_id}-{n}")
        entries.append(
            f"<item><title>{escape(text[:60])}</title><description>{escape(text)}</description>"
            f"<link>https://news.example/{round_id}/{n}</link>"
            f"<guid>{round_id}-{n}</guid><pubDate>{now}</pubDate></item>"
        )
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Feed {feed}</title><link>https://news.example/</link><description>bench</description>"
        + "".join(entries)
        + "</channel></rss>"
    )
    return body.encode()


class _Feeds(BaseHTTPRequestHandler):
    feeds: dict[str, bytes] = {}

    def do_GET(self) -> None:
        body = self.feeds.get(self.path)
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        self.wfile.write(body or b"")

    def log_message(self, *args: object) -> None:
        pass


def _django(env: dict[str, str], code: str) -> str:
    script = "import django, tocsin.celery; django.setup()\n" + code
    return subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=ROOT, check=True, capture_output=True,
        text=True,
    ).stdout.strip()  # fmt: skip


def _round(env: dict[str, str], port: int, workers: int, feeds: int, items: int) -> float:
    round_id = f"r{time.time_ns()}"
    for f in range(feeds):
        _Feeds.feeds[f"/{round_id}/{f}.xml"] = _feed(round_id, f, items)
    firm_id = _django(
        env,
        "from tocsin.firms import services\nfrom tocsin.mentions.models import WatchQuery\n"
        "from tocsin.sources.models import Source\n"
        f"firm = services.create_firm('Bench {round_id}')\n"
        "WatchQuery.objects.create(firm=firm, name='cabinet', query='\"cabinet martin\"')\n"
        f"for f in range({feeds}):\n"
        f"    Source.objects.create(firm=firm, name=f'feed {{f}}', kind='rss', "
        f"url=f'http://localhost:{port}/{round_id}/{{f}}.xml')\n"
        "print(firm.pk)",
    )
    subprocess.run(["redis-cli", "-n", "13", "FLUSHDB"], check=True, capture_output=True)
    worker = [sys.executable, "-m", "celery", "-A", "tocsin", "worker", "--concurrency", "1",
              "--without-gossip", "--without-mingle",
              "--loglevel", os.environ.get("BENCH_LOGLEVEL", "WARNING")]  # fmt: skip
    children = [
        subprocess.Popen([*worker, "-n", f"bench{w}@%h"], env=env, cwd=ROOT) for w in range(workers)
    ]
    try:
        time.sleep(4)  # the workers load Django and the models before the clock starts
        started = _django(
            env,
            "import time\nfrom tocsin.sources.models import Source\n"
            "from tocsin.sources.tasks import collect_source\nstart = time.time()\n"
            f"for pk in Source.unscoped.filter(firm_id={firm_id}).values_list('pk', flat=True):\n"
            "    collect_source.delay(pk)\nprint(start)",
        )
        expected = feeds * items
        count = "from tocsin.mentions.models import Mention\n" + (
            f"print(Mention.unscoped.filter(firm_id={firm_id}).count())"
        )
        progress, still_since = -1, time.monotonic()
        while True:
            stored = int(_django(env, count))
            if stored >= expected:
                break
            if any(child.poll() is not None for child in children):
                raise SystemExit("a worker stopped")
            if stored != progress:
                progress, still_since = stored, time.monotonic()
            elif time.monotonic() - still_since > 10:
                # Nothing moves: a collection task went missing. Production's beat sweep
                # (sources.collect_due, every minute) sends the due sources again; so does
                # the bench, sooner, and says so.
                resent = _django(
                    env, "from tocsin.sources.tasks import collect_due\nprint(collect_due())"
                )
                print(f"    no progress for 10 s: the due-source sweep sent {resent} again")
                still_since = time.monotonic()
            time.sleep(0.5)
        last = _django(
            env,
            "from django.db.models import Max\nfrom tocsin.mentions.models import Mention\n"
            f"print(Mention.unscoped.filter(firm_id={firm_id}).aggregate(t=Max('collected_at'))"
            "['t'].timestamp())",
        )
        return expected / (float(last) - float(started))
    finally:
        for child in children:
            child.terminate()
        for child in children:
            child.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--feeds", type=int, default=40)
    parser.add_argument("--items", type=int, default=250)
    args = parser.parse_args()
    for statement in (
        "DROP DATABASE IF EXISTS tocsin_bench_workers",
        "CREATE DATABASE tocsin_bench_workers",
    ):
        subprocess.run(["psql", PG_ADMIN, "-qc", statement], check=True, capture_output=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Feeds)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with tempfile.TemporaryDirectory(prefix="tocsin-bench-workers-") as tmp:
        env = {
            **os.environ,
            "TOCSIN_DATA_DIR": tmp,
            "DJANGO_SETTINGS_MODULE": "tocsin.settings",
            "DATABASE_URL": PG_BENCH,
            "CELERY_BROKER_URL": BROKER,
            "TOCSIN_ALLOWED_PRIVATE_HOSTS": "localhost",
        }
        subprocess.run(
            [sys.executable, "-m", "tocsin.cli", "migrate", "-v0"], env=env, cwd=ROOT, check=True
        )
        rates: dict[int, list[float]] = {1: [], 2: []}
        for run in range(args.runs):
            for workers in (1, 2):
                rate = _round(env, server.server_port, workers, args.feeds, args.items)
                rates[workers].append(rate)
                print(f"  run {run + 1}, {workers} worker(s): {rate:,.0f} mentions/s", flush=True)
    server.shutdown()
    one, two = statistics.median(rates[1]), statistics.median(rates[2])
    print(
        f"ingest by workers on PostgreSQL + Redis, {args.feeds} feeds × {args.items} items: "
        f"1 worker {one:,.0f} mentions/s, 2 workers {two:,.0f} mentions/s "
        f"(×{two / one:.2f}; medians of {args.runs} runs, on one 2-core machine)"
    )


if __name__ == "__main__":
    main()
