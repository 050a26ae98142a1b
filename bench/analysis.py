"""Benchmark of the analysis engine (issue 4): quality against baselines, speed, start-up.

Run from the repository root: ``.venv/bin/python bench/analysis.py`` (about two minutes).
Every figure is measured in this run, baselines included; nothing is copied from elsewhere.

- mentions-dev (shared/data/mentions-dev): crisis-type and sentiment macro-F1 (floors 0.85,
  0.80). Never used for training.
- tweet-sentiment validation splits: macro-F1 per language for ours, VADER (English),
  textblob-fr (French) and a word+char TF-IDF logistic regression trained here on the same
  train split. The validation splits are never used for training.
- throughput of the service and of ``tocsin analyze`` on one core, start-up of the command.

``--cv`` adds the 5-fold cross-validation on the train splits used to choose C.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

# One core, as the floor says: BLAS must not spread over the machine.
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "data"
TOCSIN = ROOT / ".venv" / "bin" / "tocsin"
LABELS = ("negative", "neutral", "positive")


def macro_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Macro-averaged F1 over the labels present in ``gold``."""
    from sklearn.metrics import f1_score

    return float(f1_score(gold, predicted, labels=sorted(set(gold)), average="macro"))


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Rows of a JSON-lines file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def vader() -> Callable[[str], str]:
    """VADER with its documented thresholds (compound >= 0.05 positive, <= -0.05 negative)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyser = SentimentIntensityAnalyzer()

    def label(text: str) -> str:
        compound = analyser.polarity_scores(text)["compound"]
        return "positive" if compound >= 0.05 else "negative" if compound <= -0.05 else "neutral"

    return label


def textblob_fr() -> Callable[[str], str]:
    """textblob-fr polarity: above 0 positive, below 0 negative, 0 neutral."""
    from textblob import Blobber
    from textblob_fr import PatternAnalyzer, PatternTagger

    blobber = Blobber(pos_tagger=PatternTagger(), analyzer=PatternAnalyzer())

    def label(text: str) -> str:
        polarity = blobber(text).sentiment[0]
        return "positive" if polarity > 0 else "negative" if polarity < 0 else "neutral"

    return label


def tfidf_lr(train: list[dict[str, Any]]) -> Callable[[str], str]:
    """The classic baseline: word 1-2 + char_wb 2-5 TF-IDF, logistic regression, defaults."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    model = make_pipeline(
        make_union(
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
        ),
        LogisticRegression(max_iter=3000),
    )
    model.fit([r["text"] for r in train], [r["label"] for r in train])
    return lambda text: str(model.predict([text])[0])


def run_command(lines: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of ``tocsin analyze`` on ``lines`` (checked to answer each line).

    CPU time (user + system of the child) is what one core spends, whatever else the machine
    is doing; wall time is what a user waits on this machine right now.
    """
    payload = ("\n".join(lines) + "\n").encode() if lines else b""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [str(TOCSIN), "analyze"], input=payload, capture_output=True, check=True, cwd=ROOT
    )
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    answered = done.stdout.decode().count("\n")
    if answered != len(lines):
        raise SystemExit(f"tocsin analyze answered {answered} lines for {len(lines)}")
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="runs per timing (median)")
    parser.add_argument("--cv", action="store_true", help="also run the CV used to choose C")
    args = parser.parse_args()

    from tocsin.analysis.services import analyze, analyze_many, load_models

    load_models()
    print("== mentions-dev (never trained on) ==")
    dev = read_jsonl(SHARED / "mentions-dev" / "mentions.jsonl")
    ours = analyze_many([{"text": r["text"]} for r in dev], group_stories=False)
    crisis_f1 = macro_f1([r["crisis_type"] for r in dev], [a.crisis_type for a in ours])
    sent_f1 = macro_f1([r["sentiment"] for r in dev], [a.sentiment for a in ours])
    vader_label, blob_label = vader(), textblob_fr()
    base_dev = [
        (blob_label if a.lang == "fr" else vader_label)(r["text"])
        for r, a in zip(dev, ours, strict=True)
    ]
    base_f1 = macro_f1([r["sentiment"] for r in dev], base_dev)
    print(
        f"crisis type macro-F1  {crisis_f1:.3f}   (floor 0.85)  {'OK' if crisis_f1 >= 0.85 else 'BELOW'}"
    )
    print(
        f"sentiment macro-F1    {sent_f1:.3f}   (floor 0.80)  {'OK' if sent_f1 >= 0.80 else 'BELOW'}"
    )
    print(f"  VADER/textblob-fr sentiment on the same set: {base_f1:.3f}")

    print("\n== tweet sentiment, validation splits (macro-F1) ==")
    print(f"{'lang':5} {'ours':>6} {'lexicon':>8} {'tfidf-lr':>9}  ours/best-baseline")
    beaten = True
    for lang in ("fr", "en"):
        train = read_jsonl(SHARED / "tweet-sentiment" / f"{lang}-train.jsonl")
        val = read_jsonl(SHARED / "tweet-sentiment" / f"{lang}-val.jsonl")
        gold = [r["label"] for r in val]
        mine = macro_f1(gold, [analyze(r["text"], lang=lang).sentiment for r in val])
        lexicon_label = blob_label if lang == "fr" else vader_label
        lex = macro_f1(gold, [lexicon_label(r["text"]) for r in val])
        lr_label = tfidf_lr(train)
        lr = macro_f1(gold, [lr_label(r["text"]) for r in val])
        best = max(lex, lr)
        beaten &= mine > best
        name = "textblob-fr" if lang == "fr" else "VADER"
        print(f"{lang:5} {mine:6.3f} {lex:8.3f} {lr:9.3f}  x{mine / best:.2f}   (lexicon = {name})")
    print("ours beats every baseline in both languages:", "yes" if beaten else "NO")

    print("\n== speed (one core) ==")
    corpus = [r["text"] for r in dev]
    for lang in ("fr", "en"):
        corpus += [r["text"] for r in read_jsonl(SHARED / "tweet-sentiment" / f"{lang}-val.jsonl")]
    items = [{"text": corpus[i % len(corpus)]} for i in range(4000)]
    rates, cpu_rates = [], []
    for _ in range(args.runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        analyze_many(items)
        rates.append(len(items) / (time.perf_counter() - started))
        cpu_rates.append(len(items) / (time.process_time() - cpu_started))
    print(
        f"service analyze_many: {statistics.median(cpu_rates):,.0f} mentions per CPU-second, "
        f"{statistics.median(rates):,.0f} per wall second (median of {args.runs})"
    )
    load = os.getloadavg()[0]
    print(f"  (load average {load:.1f} on {os.cpu_count()} cores: wall figures suffer from it)")

    lines = [json.dumps({"id": i, "text": t["text"]}) for i, t in enumerate(items * 5)]
    bare = [run_command([]) for _ in range(args.runs)]
    startups = [run_command(lines[:1]) for _ in range(args.runs)]
    wall_start = statistics.median(s[0] for s in startups)
    cpu_start = statistics.median(s[1] for s in startups)
    fulls = [run_command(lines) for _ in range(max(3, args.runs // 2))]
    wall_rate = len(lines) / max(statistics.median(f[0] for f in fulls) - wall_start, 1e-9)
    cpu_rate = len(lines) / max(statistics.median(f[1] for f in fulls) - cpu_start, 1e-9)
    print(
        f"tocsin analyze start-up (one mention): {cpu_start:.2f} CPU-s, {wall_start:.2f} s wall "
        "(median; floor < 2 s)"
    )
    print(
        f"  of which Django and the project's own start-up (empty input): "
        f"{statistics.median(b[1] for b in bare):.2f} CPU-s, "
        f"{statistics.median(b[0] for b in bare):.2f} s wall"
    )
    print(
        f"tocsin analyze, start-up excluded: {cpu_rate:,.0f} mentions per CPU-second, "
        f"{wall_rate:,.0f} per wall second (floor 2,000 on one core)"
    )

    if args.cv:
        cross_validate()


def cross_validate() -> None:
    """5-fold CV on the *train* splits for the sentiment model's C (how it was chosen)."""
    import numpy as np

    from tocsin.analysis import training
    from tocsin.analysis.features import prepare, scores

    print("\n== 5-fold CV on train splits (chooses SENTIMENT_C) ==")
    for lang in ("fr", "en"):
        examples = training.sentiment_examples(lang)
        for c in (1.0, 3.0):
            folds = []
            for k in range(5):
                fit = [e for i, e in enumerate(examples) if i % 5 != k]
                held = [e for i, e in enumerate(examples) if i % 5 == k]
                model = training.fit_linear(
                    fit, training.SENTIMENTS, c=c, lexical_scale=training.SENTIMENT_LEXICAL_SCALE
                )
                guess = [
                    training.SENTIMENTS[int(np.argmax(scores(prepare(e.text, lang), model)))]
                    for e in held
                ]
                folds.append(macro_f1([e.label for e in held], guess))
            print(f"{lang} C={c:g}: {statistics.mean(folds):.3f}")


if __name__ == "__main__":
    main()
