"""``tocsin train_analysis``: rebuild the shipped analysis models from their sources.

Sources: the tweet sentiment corpus in ``shared/data/tweet-sentiment`` (train splits only)
and our own labelled mentions in ``tocsin/analysis/data``. Same inputs, same file: fixed
seeds, sorted vocabularies, a deterministic solver, and a pickle of plain dicts and arrays.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tocsin.analysis.features import pack
from tocsin.analysis.services import MODEL_FILE


class Command(BaseCommand):
    # A filter over stdin must not depend on (or pay for) checking every other app's URLs.
    requires_system_checks: list[str] = []
    help = "Rebuild tocsin/analysis/models/analysis.joblib (sentiment, register, crisis type)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--tweets-dir",
            type=Path,
            default=None,
            help="folder with {fr,en}-train.jsonl (default: shared/data/tweet-sentiment)",
        )
        parser.add_argument("--output", type=Path, default=MODEL_FILE, help="model file to write")
        parser.add_argument(
            "--corrections",
            type=Path,
            action="append",
            default=[],
            help="JSON lines from `tocsin export-corrections` (a firm's inbox corrections), "
            "added to our examples; repeatable. Point TOCSIN_ANALYSIS_MODEL at the output to use it.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        import joblib

        from tocsin.analysis import training

        tweets_dir: Path = options["tweets_dir"] or training.DEFAULT_TWEETS_DIR
        if not (tweets_dir / "fr-train.jsonl").exists():
            raise CommandError(f"no tweet corpus in {tweets_dir} (use --tweets-dir)")
        extra: list[dict[str, Any]] = []
        for path in options["corrections"]:
            if not path.exists():
                raise CommandError(f"no corrections file {path}")
            extra.extend(training.read_jsonl(path))
        if extra:
            self.stdout.write(f"{len(extra)} corrected mention(s) added to the firm examples")
        started = time.monotonic()
        models: dict[str, Any] = {}
        for lang in ("fr", "en"):
            self.stdout.write(f"sentiment ({lang}) ...")
            models[f"sentiment_{lang}"] = training.train_sentiment(lang, tweets_dir)
        self.stdout.write("sentiment of posts about firms ...")
        models["sentiment_firm"] = training.train_domain_sentiment(extra)
        self.stdout.write("register (firm post or general tweet) ...")
        models["register"] = training.train_register(tweets_dir, extra)
        self.stdout.write("crisis type ...")
        models["crisis"] = training.train_crisis(tweets_dir, extra)
        output: Path = options["output"]
        output.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump(pack(models), output, compress=("zlib", 6), protocol=5)
        digest = hashlib.sha256(output.read_bytes()).hexdigest()[:16]
        size = output.stat().st_size / 1e6
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(f"wrote {output} ({size:.1f} MB, sha256 {digest}) in {elapsed:.0f}s")
        )
