"""Ingest figures of issue 3, measured through the real push API on a real server.

    .venv/bin/python bench/ingest.py [--db sqlite|postgres|both] [--runs 3] [--batches 20] [--senders 2]

For each database: a fresh database and data folder, gunicorn serving Tocsin on loopback,
batches of 500 realistic mentions POSTed to /api/v1/mentions with enrichment on (language,
sentiment, crisis type, risk, stories, search index). Prints the median mentions/s over the
runs, then the p50/p99 time from pushing one mention to seeing it in the inbox API. The
baseline, measured in the same run, is the same batches through the in-process pipeline
with no HTTP at all: the ratio says what the web layer costs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH = "postgres://postgres@127.0.0.1:5432/tocsin_bench"

SNIPPETS = [
    "Fuite de données chez le cabinet {n} : des fiches de paie en ligne",
    "Très bon accompagnement du cabinet {n} pour ma création d'entreprise",
    "Erreur sur ma déclaration de TVA, le cabinet {n} ne répond pas",
    "Le cabinet {n} organise un webinaire sur la facture électronique",
    "Worst accountant ever, {n} lost my payroll files and nobody answers",
    "Great service from {n}, quick and precise answers on our tax return",
    "Panne du logiciel de paie : les déclarations du cabinet {n} bloquées",
    "Le community manager du cabinet {n} a publié un message déplacé",
]


def _mention(i: int, rng: random.Random) -> dict[str, object]:
    text = rng.choice(SNIPPETS).format(n=rng.choice(["Martin", "Dupont", "Rousseau", "Petit"]))
    return {
        "text": f"{text} #{i} {rng.random():.6f}",
        "external_id": f"b{i}",
        "reach": rng.randint(0, 50_000),
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _tocsin(env: dict[str, str], *args: str) -> str:
    return subprocess.run(
        [sys.executable, "-m", "tocsin.cli", *args],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def _setup(db: str, data: Path) -> dict[str, str]:
    env = {**os.environ, "TOCSIN_DATA_DIR": str(data), "DJANGO_SETTINGS_MODULE": "tocsin.settings"}
    env.pop("DATABASE_URL", None)
    if db == "postgres":
        subprocess.run(
            ["psql", PG_ADMIN, "-qc", "DROP DATABASE IF EXISTS tocsin_bench"],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            ["psql", PG_ADMIN, "-qc", "CREATE DATABASE tocsin_bench"],
            check=True,
            capture_output=True,
        )
        env["DATABASE_URL"] = PG_BENCH
    _tocsin(env, "migrate", "-v0")
    return env


def _token(env: dict[str, str]) -> str:
    code = (
        "import django; django.setup()\n"
        "from tocsin.firms import services\nfrom tocsin.firms.models import ApiToken\n"
        "firm = services.create_firm('Bench')\n"
        "m = services.add_member(firm, email='bench@example.org', role='communicator')\n"
        "print(ApiToken.issue(firm=firm, person=m.person, name='bench')[1])\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()


def _in_process(env: dict[str, str], batches: list[list[dict[str, object]]]) -> float:
    code = (
        "import django, json, sys, time, tocsin.celery; django.setup()\n"
        "from tocsin.firms import services\nfrom tocsin.mentions.pipeline import Incoming, ingest\n"
        "firm = services.create_firm('Baseline')\nbatches = json.load(sys.stdin)\n"
        "start = time.perf_counter()\n"
        "for b in batches: ingest(firm, [Incoming(text=m['text'], external_id=m['external_id'], reach=m['reach']) for m in b])\n"
        "print(sum(len(b) for b in batches) / (time.perf_counter() - start))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], input=json.dumps(batches), env=env, cwd=ROOT, check=True,
        capture_output=True, text=True,
    )  # fmt: skip
    return float(out.stdout.strip())


def _push_all(client: httpx.Client, batches: list[list[dict[str, object]]], senders: int) -> float:
    """Push every batch, ``senders`` requests in flight at a time; returns mentions/s."""
    queue = list(batches)
    lock = threading.Lock()

    def sender() -> None:
        while True:
            with lock:
                if not queue:
                    return
                batch = queue.pop()
            client.post("/api/v1/mentions", json={"mentions": batch}).raise_for_status()

    start = time.perf_counter()
    threads = [threading.Thread(target=sender) for _ in range(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(len(b) for b in batches) / (time.perf_counter() - start)


def run_once(db: str, batches_n: int, seed: int, senders: int) -> tuple[float, float, list[float]]:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="tocsin-bench-") as tmp:
        env = _setup(db, Path(tmp))
        token = _token(env)
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "tocsin.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", "2", "--log-level", "warning"],
            env=env, cwd=ROOT,
        )  # fmt: skip
        try:
            headers = {"Authorization": f"Bearer {token}"}
            with httpx.Client(
                base_url=f"http://127.0.0.1:{port}", headers=headers, timeout=60
            ) as client:
                for _ in range(100):
                    try:
                        client.get("/api/v1/me")
                        break
                    except httpx.TransportError:
                        time.sleep(0.1)
                client.post("/api/v1/mentions", json={"text": "warm-up"})
                batches = [
                    [_mention(b * 500 + i, rng) for i in range(500)] for b in range(batches_n)
                ]
                rate = _push_all(client, batches, senders)
                latencies = []
                for i in range(100):
                    marker = f"latence{seed}x{i}"
                    t0 = time.perf_counter()
                    client.post(
                        "/api/v1/mentions", json={"text": f"Question sur le cabinet {marker}"}
                    ).raise_for_status()
                    while not client.get("/api/v1/mentions", params={"q": marker}).json()["items"]:
                        time.sleep(0.005)
                    latencies.append((time.perf_counter() - t0) * 1000)
        finally:
            server.terminate()
            server.wait(timeout=30)
        baseline_env = _setup(db, Path(tmp) / "baseline")
        baseline = _in_process(
            baseline_env,
            [[_mention(b * 500 + i, rng) for i in range(500)] for b in range(batches_n)],
        )
    return rate, baseline, latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--batches", type=int, default=20)
    parser.add_argument(
        "--senders", type=int, default=2, help="batches in flight at once (one per web worker)"
    )
    args = parser.parse_args()
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        rates, baselines, latencies = [], [], []
        for run in range(args.runs):
            rate, baseline, lat = run_once(db, args.batches, seed=run, senders=args.senders)
            rates.append(rate)
            baselines.append(baseline)
            latencies.extend(lat)
            print(
                f"  {db} run {run + 1}: {rate:,.0f} mentions/s via the API, {baseline:,.0f}/s in-process",
                flush=True,
            )
        latencies.sort()
        p99 = latencies[int(len(latencies) * 0.99) - 1]
        print(
            f"{db}: push API ingest median {statistics.median(rates):,.0f} mentions/s "
            f"(floor 1,000); in-process pipeline {statistics.median(baselines):,.0f}/s "
            f"(API/in-process {statistics.median(rates) / statistics.median(baselines):.2f}); "
            f"push-to-inbox latency p50 {statistics.median(latencies):.0f} ms, p99 {p99:.0f} ms (floor 500 ms)"
        )


if __name__ == "__main__":
    main()
