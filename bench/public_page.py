"""Public-side figures of issue 8, measured on a real server (SQLite, embedded setup).

    .venv/bin/python bench/public_page.py [--requests 300]

A fresh data folder with the demo firm (its breach crisis is public with two updates and
an approved FAQ), gunicorn with two workers on loopback. Prints p50/p95 latency of:
the public crisis page (full render), the same page revalidated with its ETag (304), the
Atom feed, and the chatbot endpoint (one question per call, each from a different visitor
address so the per-visitor limit does not interfere; every call writes the conversation).
The baseline, measured in the same run, is the chatbot engine alone in-process (no HTTP, no
database): the difference is what the web layer and storage cost per question.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
FAQ = ROOT / "tocsin" / "public" / "data" / "demo-payslips-faq.yaml"
QUESTIONS = [
    "Que s'est-il passé ?",
    "quelles infos ont été volées ?",
    "Suis-je concerné ?",
    "Do I need to block my card?",
    "Avez-vous prévenu la CNIL ?",
    "who can I call",
    "Mes autres dossiers sont-ils touchés ?",
    "How will I be kept informed?",
    "Quel temps fait-il à Lyon ?",
    "Vous êtes des incapables, je veux parler au responsable !",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def _line(name: str, values: list[float]) -> None:
    print(
        f"{name:<38} p50 {_pct(values, 0.5):7.1f} ms   p95 {_pct(values, 0.95):7.1f} ms"
        f"   ({len(values)} requests)"
    )


def _time(into: list[float], expected: int, call: Any, *args: Any, **kwargs: Any) -> None:
    start = time.perf_counter()
    response = call(*args, **kwargs)
    into.append(time.perf_counter() - start)
    assert response.status_code == expected, (response.request.url, response.status_code)


def _baseline(n: int) -> list[float]:
    sys.path.insert(0, str(ROOT))
    from tocsin.public.faq import FaqBot, load_faq

    bot = FaqBot(load_faq(FAQ), contact="04 78 00 00 00", page_url="https://example.org/p")
    times = []
    for i in range(n):
        start = time.perf_counter()
        bot.ask(QUESTIONS[i % len(QUESTIONS)])
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    n = parser.parse_args().requests
    with tempfile.TemporaryDirectory(prefix="tocsin-bench-public-") as tmp:
        env = {**os.environ, "TOCSIN_DATA_DIR": tmp, "DJANGO_SETTINGS_MODULE": "tocsin.settings"}
        env.pop("DATABASE_URL", None)
        run = [sys.executable, "-m", "tocsin.cli"]
        subprocess.run([*run, "demo"], env=env, cwd=ROOT, check=True, capture_output=True)
        code = (
            "import django; django.setup()\n"
            "from tocsin.firms.models import Firm\nfrom tocsin.public import services\n"
            "c = services.public_crises(Firm.objects.get(slug='martin-associes')).first()\n"
            "print(c.pk)\n"
        )
        crisis_id = subprocess.run(
            [sys.executable, "-c", code], env=env, cwd=ROOT, check=True, capture_output=True,
            text=True,
        ).stdout.strip()  # fmt: skip
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "tocsin.wsgi:application", "--bind",
             f"127.0.0.1:{port}", "--workers", "2", "--log-level", "warning"],
            env=env, cwd=ROOT,
        )  # fmt: skip
        try:
            base = f"/p/martin-associes/{crisis_id}/"
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
                for _ in range(200):
                    try:
                        client.get(base)
                        break
                    except httpx.TransportError:
                        time.sleep(0.1)
                etag = client.get(base).headers["ETag"]
                figures: dict[str, list[float]] = {"page": [], "304": [], "feed": [], "chat": []}
                for i in range(n):
                    _time(figures["page"], 200, client.get, base)
                    _time(figures["304"], 304, client.get, base, headers={"If-None-Match": etag})
                    _time(figures["feed"], 200, client.get, base + "feed.atom")
                    # Each call from another visitor (last proxy hop), so the limit stays out.
                    visitor = {"X-Forwarded-For": f"198.51.100.7, 10.{i // 250}.{i % 250}.1"}
                    question = {"q": QUESTIONS[i % len(QUESTIONS)]}
                    _time(
                        figures["chat"],
                        200,
                        client.post,
                        base + "chat",
                        json=question,
                        headers=visitor,
                    )
        finally:
            server.terminate()
            server.wait(timeout=20)
    print("Public side on SQLite, gunicorn 2 workers, loopback (demo firm's public crisis)")
    _line("crisis page, full render", figures["page"])
    _line("crisis page, revalidated (304)", figures["304"])
    _line("Atom feed", figures["feed"])
    _line("chatbot endpoint (stores each turn)", figures["chat"])
    _line("baseline: chatbot engine in-process", _baseline(n))


if __name__ == "__main__":
    main()
