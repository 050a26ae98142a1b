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
from typing import Any

import numpy as np

from tocsin.analysis.text import clean, emoji_tokens, lexicon, tokens

#: Characters per word considered for character n-grams (longer "words" are URLs or garbage).
_MAX_WORD = 30
#: Words per mention used for features; beyond that the text is a document, not a post.
_MAX_WORDS = 400


@dataclass(frozen=True, slots=True)
class Prepared:
    """A mention turned into the raw material of every model: computed once, read by all."""

    words: list[str]
    chars: list[str]
    lexical: np.ndarray


def word_ngrams(words: Sequence[str]) -> list[str]:
    """Unigrams and bigrams: bigrams keep "pas content" and "data leak" together."""
    grams = list(words)
    grams.extend(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))
    return grams


def char_ngrams(cleaned: str) -> list[str]:
    """Character 2- to 5-grams inside word boundaries, as scikit-learn's ``char_wb``.

    They let "compta", "comptable" and "comptabilite" share evidence, and survive typos.
    """
    grams: list[str] = []
    for word in cleaned.split()[:_MAX_WORDS]:
        padded = f" {word[:_MAX_WORD]} "
        size = len(padded)
        for n in (2, 3, 4, 5):
            if n > size:
                break
            grams.extend(padded[i : i + n] for i in range(size - n + 1))
    return grams


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


def prepare(text: str, lang: str) -> Prepared:
    """Compute the word, character and lexical material of one mention."""
    cleaned = clean(text)
    emoji = emoji_tokens(text[:2000])
    words = tokens(cleaned)[:_MAX_WORDS]
    extra = list(emoji)
    if "!" in text[:2000]:
        extra.append("exclam")
    return Prepared(
        words=word_ngrams(words) + extra,
        chars=char_ngrams(cleaned),
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


def decisive_words(prep: Prepared, model: dict[str, Any], klass: int, limit: int = 4) -> list[str]:
    """The word features that pushed hardest towards class ``klass``: the "why" of a label."""
    vocab: dict[str, int] = model["word_vocab"]
    coef = model["coef"][klass]
    seen: dict[str, float] = {}
    for gram in prep.words:
        j = vocab.get(gram)
        if j is None or gram.startswith("emo") or gram == "exclam":
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
