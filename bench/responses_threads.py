"""How statements are cut into threads, beside a naive cut, and how fast a draft is
re-checked and marked as it is typed.

    .venv/bin/python bench/responses_threads.py          # table
    .venv/bin/python bench/responses_threads.py --json   # machine-readable

Texts: every shipped template rendered with a demo firm's variables (84), plus longer
statements made by joining the labelled drafts of ``tocsin/responses/data/eval_drafts.jsonl``
four at a time (the length of a real update). Each is cut for Bluesky (300 graphemes),
X and Mastodon (280 and 500 characters, links counted 23) by ``split_thread``, and by the
baseline: ``textwrap`` at the limit minus the counter, which is what a quick implementation
does. Reported per channel: texts that needed a thread, posts, posts over the limit, cuts
inside a word, cuts at a sentence end (a reader sees whole sentences), and the median and
95th percentile of one re-check (checker + flags drawn on the words) for a 1,000- and a
5,000-character draft, which is what each keystroke pause costs the server.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tocsin.settings")

import django  # noqa: E402

django.setup()

from tocsin.responses import templates as tpl  # noqa: E402
from tocsin.responses.checker import FirmContext, check_draft  # noqa: E402
from tocsin.responses.marking import marked  # noqa: E402
from tocsin.responses.publishers.base import graphemes, links_as, split_thread  # noqa: E402

VALUES = {
    "firm": "Cabinet Martin & Associés",
    "contact_email": "contact@martin-associes.example",
    "contact_phone": "01 23 45 67 89",
    "page_url": "https://martin-associes.example/crise/12",
    "next_update": "28/11/2026 18:00",
    "signature": "Claire Martin, associée",
    "date": "27/11/2026",
}
CHANNELS: dict[str, tuple[int, Callable[[str], int]]] = {
    "bluesky": (300, graphemes),
    "x": (280, links_as(23)),
    "mastodon": (500, links_as(23)),
}
SENTENCE_END = (".", "!", "?", "…", ":", ";")


def texts() -> list[str]:
    out = [t.render(VALUES) for t in tpl.all_templates()]
    lines = (ROOT / "tocsin/responses/data/eval_drafts.jsonl").read_text().splitlines()
    drafts = [json.loads(x)["text"] for x in lines if x.strip()]
    out += [" ".join(drafts[i : i + 4]) for i in range(0, len(drafts) - 3, 4)]
    return out


def naive(text: str, limit: int, measure: Callable[[str], int]) -> list[str]:
    if measure(text) <= limit:
        return [text]
    parts = textwrap.wrap(text, limit - 6, break_long_words=True)
    return [f"{p} {i}/{len(parts)}" for i, p in enumerate(parts, 1)]


def _strip_counter(post: str) -> str:
    head, _, tail = post.rpartition(" ")
    return head if "/" in tail and tail.replace("/", "").isdigit() else post


def score(
    cut: Callable[[str, int, Callable[[str], int]], list[str]], corpus: list[str]
) -> dict[str, float]:
    threaded = posts = over = mid_word = sentence = cuts = 0
    for channel, (limit, measure) in CHANNELS.items():
        del channel
        for text in corpus:
            parts = cut(text, limit, measure)
            posts += len(parts)
            over += sum(measure(p) > limit for p in parts)
            if len(parts) > 1:
                threaded += 1
                words = set(text.split())
                for part in parts[:-1]:
                    body = _strip_counter(part).split("\n")[0].rstrip()
                    cuts += 1
                    last = body.split()[-1] if body.split() else ""
                    mid_word += last not in words and not last.endswith("…")
                    sentence += body.endswith(SENTENCE_END)
    return {
        "threads": threaded,
        "posts": posts,
        "over_limit": over,
        "cuts": cuts,
        "cut_inside_a_word": mid_word,
        "cut_at_sentence_end_pct": round(100 * sentence / cuts, 1) if cuts else 100.0,
    }


def ours(text: str, limit: int, measure: Callable[[str], int]) -> list[str]:
    return split_thread(text, limit, measure=measure)


def recheck_times(length: int, rounds: int = 30) -> tuple[float, float]:
    base = " ".join(texts())
    text = (base * (length // len(base) + 1))[:length]
    context = FirmContext(firm_name=VALUES["firm"], emails=(VALUES["contact_email"],))
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        flags = [f.to_dict() for f in check_draft(text, firm_context=context)]
        marked(text, flags, "fr")
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    corpus = texts()
    mine, theirs = score(ours, corpus), score(naive, corpus)
    timings = {str(n): recheck_times(n) for n in (1000, 5000)}
    result = {
        "texts": len(corpus),
        "ours": mine,
        "baseline_textwrap": theirs,
        "recheck_ms": timings,
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{len(corpus)} texts x {len(CHANNELS)} channels (Bluesky 300, X 280, Mastodon 500)")
    print(f"{'':28}{'ours':>10}{'textwrap':>10}")
    for key in mine:
        print(f"{key:28}{mine[key]!s:>10}{theirs[key]!s:>10}")
    for n, (median, p95) in timings.items():
        print(f"re-check and mark a {n}-character draft: median {median:.1f} ms, p95 {p95:.1f} ms")


if __name__ == "__main__":
    main()
