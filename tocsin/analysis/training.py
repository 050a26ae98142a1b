"""How the shipped models are built: data loading and deterministic fitting.

Called by ``tocsin train_analysis`` and by the tests (on a small slice, to check that training
is reproducible). scikit-learn is imported here only, never on the prediction path.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from tocsin.analysis.features import Prepared, encode, is_char_gram, prepare
from tocsin.analysis.text import DATA_DIR
from tocsin.lib import crisis_types

#: Where the tweet sentiment corpus lives by default: ``shared/data`` beside the repository.
DEFAULT_TWEETS_DIR = Path(__file__).resolve().parents[3] / "shared" / "data" / "tweet-sentiment"

SENTIMENTS = ("negative", "neutral", "positive")
REGISTERS = ("tweet", "firm")
CRISIS_TYPES = crisis_types.MENTION_TYPES

#: Hyper-parameters, chosen by 5-fold cross-validation on the *training* splits only
#: (see ``bench/analysis.py --cv``); the validation splits are never used to choose them.
SENTIMENT_C = 1.0
SENTIMENT_LEXICAL_SCALE = 1.0
CRISIS_C = 10.0
#: Out-of-domain tweets used as extra ``none`` examples for the crisis model, per language.
CRISIS_NONE_TWEETS = 300
CRISIS_NONE_WEIGHT = 0.3
SEED = 20260


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled text, with the language it is written in and its training weight."""

    text: str
    label: str
    lang: str
    weight: float = 1.0


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Rows of a JSON-lines file (blank lines skipped)."""
    rows: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                rows.append(json.loads(line))
    return rows


def tweets(lang: str, split: str, tweets_dir: Path = DEFAULT_TWEETS_DIR) -> list[Example]:
    """The tweet sentiment corpus, ``split`` being "train" or "val"."""
    path = tweets_dir / f"{lang}-{split}.jsonl"
    return [Example(r["text"], r["label"], lang) for r in read_jsonl(path)]


#: Weight of a firm's own corrections (``tocsin export-corrections``) against our examples:
#: a person read the mention and said what it is.
CORRECTION_WEIGHT = 2.0


def domain_examples(
    field: str, lang: str | None = None, extra: Sequence[dict[str, Any]] = ()
) -> list[Example]:
    """Our own labelled mentions of firms (``data/mentions-*.jsonl``), by ``field``, plus
    ``extra`` rows in the same shape (a firm's corrections from the inbox).

    ``field`` is "sentiment" or "crisis_type"; ``lang`` None means both languages.
    """
    found: list[Example] = []
    for code in ("fr", "en") if lang is None else (lang,):
        for row in read_jsonl(DATA_DIR / f"mentions-{code}.jsonl"):
            found.append(Example(row["text"], row[field], code))
        for row in extra:
            if row.get("lang") == code and row.get(field):
                found.append(Example(str(row["text"]), str(row[field]), code, CORRECTION_WEIGHT))
    return found


def fingerprint(examples: Sequence[Example]) -> str:
    """A digest of a training set, stored in the model to tell whether it is still current."""
    digest = hashlib.sha256()
    for e in examples:
        digest.update(json.dumps([e.text, e.label, e.lang, e.weight]).encode())
    return digest.hexdigest()


def _vocabulary(docs: Sequence[list[str]], min_df: int) -> tuple[dict[str, int], np.ndarray]:
    """Sorted vocabulary of grams seen in at least ``min_df`` documents, and smooth IDF."""
    df: Counter[str] = Counter()
    for grams in docs:
        df.update(set(grams))
    kept = sorted(g for g, n in df.items() if n >= min_df)
    n_docs = len(docs)
    idf = np.array([math.log((1 + n_docs) / (1 + df[g])) + 1.0 for g in kept])
    return {g: i for i, g in enumerate(kept)}, idf


def design_matrix(preps: Sequence[Prepared], model: dict[str, Any]) -> Any:
    """The sparse matrix of ``preps`` in ``model``'s feature space (rows in order)."""
    from scipy.sparse import csr_matrix

    n_cols = len(model["word_vocab"]) + len(model["char_vocab"]) + len(preps[0].lexical)
    data: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    indptr = [0]
    for prep in preps:
        idx, val = encode(prep, model)
        cols.append(idx)
        data.append(val)
        indptr.append(indptr[-1] + len(idx))
    return csr_matrix(
        (np.concatenate(data), np.concatenate(cols), np.asarray(indptr)),
        shape=(len(preps), n_cols),
    )


def fit_linear(
    examples: Sequence[Example],
    classes: Sequence[str],
    *,
    c: float,
    lexical_scale: float,
    min_df: int = 2,
    balanced: bool = False,
) -> dict[str, Any]:
    """Fit a multinomial logistic regression on word, character and lexical features.

    Deterministic: the vocabulary is sorted, the solver (lbfgs) has no randomness, and the
    examples are used in the order given. ``balanced`` gives every class the same total
    weight: our own examples are mostly complaints, and a model must not learn that a post
    about a firm is negative by default.
    """
    from sklearn import __version__ as sklearn_version
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    preps = [prepare(e.text, e.lang) for e in examples]
    word_vocab, word_idf = _vocabulary([p.words for p in preps], min_df)
    char_vocab, char_idf = _vocabulary(
        [[g for g in p.chars if is_char_gram(g)] for p in preps], min_df
    )
    model: dict[str, Any] = {
        "format": 1,
        "classes": list(classes),
        "word_vocab": word_vocab,
        "word_idf": word_idf,
        "char_vocab": char_vocab,
        "char_idf": char_idf,
        "lexical_scale": lexical_scale,
    }
    matrix = design_matrix(preps, model)
    labels = np.array([classes.index(e.label) for e in examples])
    weights = np.array([e.weight for e in examples])
    if balanced:
        totals = np.bincount(labels, weights=weights, minlength=len(classes))
        present = totals > 0
        target = totals[present].mean()
        scale = np.ones(len(classes))
        scale[present] = target / totals[present]
        weights = weights * scale[labels]
    clf = LogisticRegression(C=c, max_iter=3000)
    # One BLAS thread: the same floating-point sums every run, and no oversubscription when
    # tests or other services share the machine (it made training ten times slower).
    with threadpool_limits(limits=1):
        clf.fit(matrix, labels, sample_weight=weights)
    coef = np.zeros((len(classes), matrix.shape[1]))
    intercept = np.zeros(len(classes))
    if len(clf.classes_) == 2:
        # scikit-learn keeps one row for two classes: softmax([0, z]) is sigmoid(z).
        coef[clf.classes_[1]] = clf.coef_[0]
        intercept[clf.classes_[1]] = clf.intercept_[0]
    else:
        for row, klass in enumerate(clf.classes_):
            coef[klass] = clf.coef_[row]
            intercept[klass] = clf.intercept_[row]
    model["coef"] = coef.astype(np.float32)
    model["intercept"] = intercept
    model["trained_with"] = {
        "scikit-learn": sklearn_version,
        "fingerprint": fingerprint(examples),
        "examples": len(examples),
        "labels": dict(sorted(Counter(e.label for e in examples).items())),
    }
    return model


def sentiment_examples(lang: str, tweets_dir: Path = DEFAULT_TWEETS_DIR) -> list[Example]:
    """Training set of the general sentiment model of ``lang``: the train tweets only.

    Our own firm posts train the firm model instead (:func:`train_domain_sentiment`); mixing
    them in here lowered the cross-validated score on tweets (0.641 against 0.648 in French,
    5-fold on the train split), and the register model already routes firm posts to the
    firm model.
    """
    return tweets(lang, "train", tweets_dir)


def crisis_examples(
    tweets_dir: Path = DEFAULT_TWEETS_DIR, extra: Sequence[dict[str, Any]] = ()
) -> list[Example]:
    """Training set of the crisis-type model: our own mentions plus off-topic tweets as none.

    Random tweets (climate, sport, politics) teach the model that most of what is said online
    is no crisis for the firm, whatever its tone.
    """
    found = domain_examples("crisis_type", extra=extra)
    rng = random.Random(SEED)
    for lang in ("fr", "en"):
        pool = tweets(lang, "train", tweets_dir)
        for e in rng.sample(pool, min(CRISIS_NONE_TWEETS, len(pool))):
            found.append(Example(e.text, "none", lang, CRISIS_NONE_WEIGHT))
    return found


def train_sentiment(lang: str, tweets_dir: Path = DEFAULT_TWEETS_DIR) -> dict[str, Any]:
    """The shipped sentiment model of ``lang``."""
    return fit_linear(
        sentiment_examples(lang, tweets_dir),
        SENTIMENTS,
        c=SENTIMENT_C,
        lexical_scale=SENTIMENT_LEXICAL_SCALE,
    )


def register_examples(
    tweets_dir: Path = DEFAULT_TWEETS_DIR, extra: Sequence[dict[str, Any]] = ()
) -> list[Example]:
    """Training set of the register model: our firm mentions against general tweets."""
    found = [Example(e.text, "firm", e.lang) for e in domain_examples("sentiment", extra=extra)]
    for lang in ("fr", "en"):
        found.extend(Example(e.text, "tweet", lang, 0.2) for e in tweets(lang, "train", tweets_dir))
    return found


def train_register(
    tweets_dir: Path = DEFAULT_TWEETS_DIR, extra: Sequence[dict[str, Any]] = ()
) -> dict[str, Any]:
    """The register model: how much a text reads like a post about a firm (vs. any tweet).

    Sentiment in reviews of a firm is not phrased like sentiment in tweets about climate or
    politics; the analyser mixes the domain and the general sentiment models by this
    probability, so each kind of text is read by the model that knows it.
    """
    return fit_linear(register_examples(tweets_dir, extra), REGISTERS, c=1.0, lexical_scale=0.0)


def train_domain_sentiment(extra: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    """Sentiment of posts about firms, both languages, from our own examples (and a firm's
    corrections when given)."""
    return fit_linear(
        domain_examples("sentiment", extra=extra),
        SENTIMENTS,
        c=SENTIMENT_C,
        lexical_scale=SENTIMENT_LEXICAL_SCALE,
        min_df=1,
        balanced=True,
    )


def train_crisis(
    tweets_dir: Path = DEFAULT_TWEETS_DIR, extra: Sequence[dict[str, Any]] = ()
) -> dict[str, Any]:
    """The shipped crisis-type model (both languages in one model)."""
    return fit_linear(
        crisis_examples(tweets_dir, extra),
        CRISIS_TYPES,
        c=CRISIS_C,
        lexical_scale=0.0,
        min_df=1,
        balanced=True,
    )
