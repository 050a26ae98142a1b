"""Features and the linear model format shared by the training command and the analyser.

A shipped model is a plain dictionary of vocabularies and NumPy arrays saved with joblib: no
scikit-learn object is pickled, so a model file never breaks on a library upgrade, and
prediction needs only NumPy (importing scikit-learn alone takes longer than the 2 s start-up
budget of ``tocsin analyze``). Training uses scikit-learn on matrices built by the very same
functions below, so training and prediction cannot disagree on a feature.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise, repeat
from typing import Any

import numpy as np

from tocsin.analysis.text import STOPWORDS, clean, emoji_tokens, lexicon, tokens

#: Characters per word considered for character n-grams (longer "words" are URLs or garbage).
_MAX_WORD = 30
#: Words per mention used for features; beyond that the text is a document, not a post.
_MAX_WORDS = 400
#: Character n-gram sizes. 2-grams cost a quarter of the lookups and add nothing a linear
#: model can use that 3-grams do not already carry.
CHAR_SIZES = (3, 4, 5)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A mention turned into the raw material of every model: computed once, read by all."""

    cleaned: str
    words: list[str]
    chars: list[str]
    lexical: np.ndarray


def word_ngrams(words: Sequence[str]) -> list[str]:
    """Unigrams and bigrams: bigrams keep "pas content" and "data leak" together."""
    grams = list(words)
    grams.extend(f"{a} {b}" for a, b in pairwise(words))
    return grams


def _joined(cleaned: str) -> str:
    """The words of a mention, each padded by a space, as ``char_wb`` pads them."""
    words = cleaned.split()[:_MAX_WORDS]
    if not words:
        return ""
    return " " + "  ".join(w[:_MAX_WORD] for w in words) + " "


def char_ngrams(cleaned: str) -> list[str]:
    """Character 3- to 5-grams inside word boundaries, as scikit-learn's ``char_wb``.

    They let "compta", "comptable" and "comptabilite" share evidence, and survive typos.
    Words are joined by two spaces and n-grams taken over the whole string; those that
    straddle two words contain two spaces and are never in a vocabulary (see
    :func:`is_char_gram`). Prediction computes the same n-grams as integers instead
    (:func:`char_codes`); training uses these strings.
    """
    joined = _joined(cleaned)
    size = len(joined)
    grams: list[str] = []
    for n in CHAR_SIZES:
        grams += [joined[i : i + n] for i in range(size - n + 1)]
    return grams


#: Bits per character in a character n-gram code; :func:`~tocsin.analysis.text.clean` keeps
#: every character under 1024.
_BITS = 10


def gram_code(gram: str) -> int:
    """The integer that stands for a character n-gram: its characters, then its length."""
    code = 0
    for ch in gram:
        code = (code << _BITS) | ord(ch)
    return (len(gram) << (5 * _BITS)) | code


def char_codes(cleaned: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The character n-grams of many mentions as integer codes, with their mention numbers.

    Same n-grams as :func:`char_ngrams`, computed by NumPy over all mentions at once: this
    is most of the speed of :func:`batch`. Mentions are separated by a character ``clean``
    never leaves; n-grams crossing it or a double space are dropped.
    """
    parts = [_joined(c) for c in cleaned]
    text = "\x01".join(parts)
    if not text:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    chars = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    chars = np.minimum(chars, (1 << _BITS) - 1)
    doc = np.repeat(np.arange(len(parts)), [len(p) + 1 for p in parts])[: len(chars)]
    sep = np.concatenate(([0], np.cumsum(chars == 1)))
    double = np.concatenate(([0], np.cumsum((chars[:-1] == 32) & (chars[1:] == 32))))
    codes: list[np.ndarray] = []
    docs: list[np.ndarray] = []
    for n in CHAR_SIZES:
        count = len(chars) - n + 1
        if count <= 0:
            continue
        code = np.zeros(count, dtype=np.int64)
        for j in range(n):
            code = (code << _BITS) | chars[j : j + count]
        start = np.arange(count)
        ok = (sep[start + n] == sep[start]) & (double[start + n - 1] == double[start])
        codes.append((code | (n << (5 * _BITS)))[ok])
        docs.append(doc[:count][ok])
    if not codes:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(codes), np.concatenate(docs)


def is_char_gram(gram: str) -> bool:
    """Whether ``gram`` lies inside one padded word (two spaces mean it straddles two)."""
    return "  " not in gram


#: Names of the dense lexical features, in order (kept for explanations and tests).
LEXICAL_FEATURES = (
    "lex_positive_sum",
    "lex_negative_sum",
    "lex_positive_count",
    "lex_negative_count",
    "lex_last",
    "lex_balance",
    "lex_more_positive",
    "lex_more_negative",
    "emoji_positive",
    "emoji_negative",
)


def lexical_features(words: Sequence[str], emoji: Sequence[str], lang: str) -> np.ndarray:
    """Dense polarity features from the lexicons, with negation flipping the polarity.

    A 1,800-tweet training set sees each sentiment word a handful of times at best; the
    lexicons bring what is known about thousands more, and the linear model learns how much
    to trust them.
    """
    lex = lexicon("fr" if lang == "fr" else "en")
    pos = neg = last = 0.0
    npos = nneg = 0
    for word in words:
        negated = word.startswith("neg_")
        base = word[4:] if negated else word
        value = lex.get(base)
        if value is None:
            continue
        if negated:
            value = -0.5 * value
        if value > 0:
            pos += value
            npos += 1
        elif value < 0:
            neg += value
            nneg += 1
        last = value
    epos = sum(1 for e in emoji if e == "emopos")
    eneg = sum(1 for e in emoji if e == "emoneg")
    return np.array(
        [
            pos,
            neg,
            npos,
            nneg,
            last,
            pos + neg,
            float(npos > nneg),
            float(nneg > npos),
            min(epos, 3),
            min(eneg, 3),
        ],
        dtype=np.float64,
    )


def prepare(
    text: str, lang: str, cleaned: str | None = None, *, with_chars: bool = True
) -> Prepared:
    """Compute the word, character and lexical material of one mention.

    ``cleaned`` is ``clean(text)`` when the caller already has it (language detection needs
    it first); it is computed otherwise. ``with_chars=False`` leaves the character n-grams
    out: :func:`batch` computes them faster from ``cleaned``.
    """
    if cleaned is None:
        cleaned = clean(text)
    emoji = emoji_tokens(text[:2000])
    words = tokens(cleaned)[:_MAX_WORDS]
    extra = list(emoji)
    if "!" in text[:2000]:
        extra.append("exclam")
    return Prepared(
        cleaned=cleaned,
        words=word_ngrams(words) + extra,
        chars=char_ngrams(cleaned) if with_chars else [],
        lexical=lexical_features(words, emoji, lang),
    )


def _block(grams: Iterable[str], vocab: dict[str, int]) -> tuple[list[int], list[float]]:
    """Sublinear TF of known grams, as ``TfidfVectorizer(sublinear_tf=True)`` computes it."""
    counts: dict[int, int] = {}
    for gram in grams:
        j = vocab.get(gram)
        if j is not None:
            counts[j] = counts.get(j, 0) + 1
    idx = list(counts)
    return idx, [1.0 + math.log(counts[j]) for j in idx]


def encode(prep: Prepared, model: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """Sparse (indices, values) of one prepared mention in ``model``'s feature space.

    Layout: word block, then character block (each TF-IDF, L2-normalised on its own), then
    the lexical block scaled by ``model["lexical_scale"]``.
    """
    indices: list[np.ndarray] = []
    values: list[np.ndarray] = []
    offset = 0
    for grams, vocab, idf in (
        (prep.words, model["word_vocab"], model["word_idf"]),
        (prep.chars, model["char_vocab"], model["char_idf"]),
    ):
        idx, tf = _block(grams, vocab)
        if idx:
            ia = np.asarray(idx, dtype=np.int64)
            va = np.asarray(tf) * idf[ia]
            norm = float(np.sqrt(va @ va))
            if norm > 0:
                va = va / norm
            indices.append(ia + offset)
            values.append(va)
        offset += len(vocab)
    lex = prep.lexical * float(model["lexical_scale"])
    nz = np.flatnonzero(lex)
    indices.append(nz + offset)
    values.append(lex[nz])
    return np.concatenate(indices), np.concatenate(values)


def scores(prep: Prepared, model: dict[str, Any]) -> np.ndarray:
    """Class probabilities (softmax of the linear scores) of one prepared mention."""
    idx, val = encode(prep, model)
    logits = model["coef"][:, idx] @ val + model["intercept"]
    if logits.shape[0] == 1:
        # scikit-learn stores a binary model as one row; no model here is binary, but a
        # firm-specific retraining could be, so answer sensibly rather than crash.
        p = 1.0 / (1.0 + math.exp(-float(logits[0])))
        return np.array([1.0 - p, p])
    logits = logits - logits.max()
    exp = np.exp(logits)
    result: np.ndarray = exp / exp.sum()
    return result


def pack(models: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Put models trained with their own vocabularies into one shared feature space.

    At prediction time a mention's n-grams are then looked up once for all models, and all
    mentions of a batch are scored with a few NumPy calls. A feature unknown to a model gets
    an IDF of 0 there, so it weighs nothing and leaves the norms unchanged: the scores are
    exactly those of :func:`scores` on each model alone (a test checks it).
    """
    word_grams = sorted({g for m in models.values() for g in m["word_vocab"]})
    char_grams = sorted({g for m in models.values() for g in m["char_vocab"]})
    word_vocab = {g: i for i, g in enumerate(word_grams)}
    n_words = len(word_grams)
    char_vocab = {g: n_words + i for i, g in enumerate(char_grams)}
    size = n_words + len(char_grams)
    packed: dict[str, Any] = {}
    for name, model in models.items():
        idf = np.zeros(size, dtype=np.float64)
        rows = len(model["classes"])
        n_lex = model["coef"].shape[1] - len(model["word_vocab"]) - len(model["char_vocab"])
        coef = np.zeros((rows, size + n_lex), dtype=np.float32)
        own = model["coef"]
        word_map = np.array([word_vocab[g] for g in model["word_vocab"]], dtype=np.int64)
        char_map = np.array([char_vocab[g] for g in model["char_vocab"]], dtype=np.int64)
        n_own_words = len(word_map)
        idf[word_map] = model["word_idf"]
        idf[char_map] = model["char_idf"]
        coef[:, word_map] = own[:, :n_own_words]
        coef[:, char_map] = own[:, n_own_words : n_own_words + len(char_map)]
        coef[:, size:] = own[:, n_own_words + len(char_map) :]
        packed[name] = {
            "classes": list(model["classes"]),
            "idf": idf,
            "coef": coef,
            "intercept": np.asarray(model["intercept"], dtype=np.float64),
            "lexical_scale": float(model["lexical_scale"]),
            "trained_with": model.get("trained_with", {}),
        }
    codes = np.array([gram_code(g) for g in char_grams], dtype=np.int64)
    order = np.argsort(codes, kind="stable")
    return {
        "format": 3,
        "word_vocab": word_vocab,
        # No "char_vocab": prediction looks character n-grams up by code, and unpickling
        # 50,000 strings would cost a tenth of the start-up budget.
        "char_codes": codes[order],
        "char_index": (n_words + order).astype(np.int64),
        "models": packed,
    }


@dataclass(frozen=True, slots=True)
class Batch:
    """Sparse term frequencies of many mentions in a packed feature space."""

    size: int
    index: np.ndarray
    tf: np.ndarray
    segment: np.ndarray
    doc: np.ndarray
    lexical: np.ndarray


def batch(preps: Sequence[Prepared], bundle: dict[str, Any]) -> Batch:
    """Look every mention's n-grams up once in the shared vocabularies.

    Words go through a dictionary at C speed (``map`` over ``dict.get``); character n-grams
    are computed and looked up as integers by NumPy for the whole batch
    (:func:`char_codes`, ``searchsorted``); counting is one ``np.unique``. This is what makes
    ``tocsin analyze`` fast enough for the ingest path.
    """
    word_get = bundle["word_vocab"].get
    ids: list[int] = []
    lengths: list[int] = []
    for prep in preps:
        before = len(ids)
        ids += map(word_get, prep.words, repeat(-1, len(prep.words)))
        lengths.append(len(ids) - before)
    word_ids = np.asarray(ids, dtype=np.int64)
    word_seg = np.repeat(np.arange(len(preps), dtype=np.int64) * 2, lengths)
    codes, docs = char_codes([p.cleaned for p in preps])
    known: np.ndarray = bundle["char_codes"]
    where = np.minimum(np.searchsorted(known, codes), max(len(known) - 1, 0))
    hit = known[where] == codes if len(known) else np.zeros(len(codes), dtype=bool)
    found = np.concatenate((word_ids, bundle["char_index"][where[hit]]))
    segments = np.concatenate((word_seg, docs[hit] * 2 + 1))
    keep = found >= 0
    width = 1 << 32
    keys, counts = np.unique(segments[keep] * width + found[keep], return_counts=True)
    segment = keys // width
    lexical = (
        np.vstack([p.lexical for p in preps]) if preps else np.zeros((0, len(LEXICAL_FEATURES)))
    )
    return Batch(
        size=len(preps),
        index=keys % width,
        tf=1.0 + np.log(counts.astype(np.float64)),
        segment=segment,
        doc=segment // 2,
        lexical=lexical,
    )


def subset(data: Batch, keep: np.ndarray) -> Batch:
    """The mentions of ``data`` where ``keep`` (one bool per mention) is true, in order."""
    new_doc = np.cumsum(keep) - 1
    entries = keep[data.doc]
    segment = 2 * new_doc[data.doc[entries]] + data.segment[entries] % 2
    return Batch(
        size=int(keep.sum()),
        index=data.index[entries],
        tf=data.tf[entries],
        segment=segment,
        doc=segment // 2,
        lexical=data.lexical[keep],
    )


def batch_scores(data: Batch, model: dict[str, Any]) -> np.ndarray:
    """Class probabilities, one row per mention, of a packed ``model`` on a :class:`Batch`."""
    n = data.size
    coef: np.ndarray = model["coef"]
    rows = coef.shape[0]
    values = data.tf * model["idf"][data.index]
    norms = np.sqrt(np.bincount(data.segment, weights=values * values, minlength=2 * n))
    norms[norms == 0] = 1.0
    values = values / norms[data.segment]
    logits = np.zeros((n, rows))
    if n == 0:
        return logits
    if len(values):
        # Entries are sorted by mention (np.unique sorted them): one reduceat sums each
        # mention's contributions for every class at once.
        starts = np.flatnonzero(np.r_[True, data.doc[1:] != data.doc[:-1]])
        sums = np.add.reduceat(coef[:, data.index] * values, starts, axis=1)
        logits[data.doc[starts]] = sums.T
    n_lex = data.lexical.shape[1]
    # Broadcast rather than ``@``: a BLAS call here would start threads for a tiny product.
    lexical = data.lexical * model["lexical_scale"]
    logits += (lexical[:, None, :] * coef[None, :, -n_lex:]).sum(axis=2)
    logits += model["intercept"]
    logits -= logits.max(axis=1, keepdims=True)
    exp = np.exp(logits)
    result: np.ndarray = exp / exp.sum(axis=1, keepdims=True)
    return result


def decisive_words(
    prep: Prepared, vocab: dict[str, int], model: dict[str, Any], klass: int, limit: int = 4
) -> list[str]:
    """The word features that pushed hardest towards class ``klass``: the "why" of a label."""
    coef = model["coef"][klass]
    seen: dict[str, float] = {}
    for gram in prep.words:
        j = vocab.get(gram)
        if j is None or any(part.removeprefix("neg_") in STOPWORDS for part in gram.split()):
            continue
        weight = float(coef[j])
        if weight > 0.3:
            seen[gram] = weight
    ranked = sorted(seen.items(), key=lambda kv: (-kv[1], kv[0]))
    words: list[str] = []
    for gram, _ in ranked:
        shown = gram.replace("neg_", "")
        if any(shown in w or w in shown for w in words):
            continue
        words.append(shown)
        if len(words) == limit:
            break
    return words
