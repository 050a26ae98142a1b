"""Words as watch queries see them: folding, tokenising a mention once, highlighting.

A query and the mention it is matched against go through the *same* tokeniser, so every
insensitivity the product promises comes from one place:

- case and accents: ``Société`` and ``SOCIETE`` are the word ``societe`` (ligatures too:
  ``œ`` is ``oe``);
- hyphens, spaces, apostrophes and other punctuation only separate words, so
  ``experts-comptables`` and ``expert comptable`` are the same two words;
- French elisions are dropped (``l'expert`` is ``expert``, ``qu'il`` is ``il``), and so is an
  English possessive ``'s`` (``Dupont's`` is ``Dupont``);
- simple plurals fold onto the singular: a final ``-s`` (not ``-ss``), ``-x`` after
  ``au``/``eu``/``ou`` (``bureaux``, ``jeux``), and English ``-y``/``-ies``
  (``company``/``companies``).

Positions are counted in kept words, so a phrase matches across any punctuation, and every
word keeps its character span in the original text for highlighting.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import lru_cache
from html import escape
from itertools import accumulate, chain, pairwise

APOSTROPHES = "'’ʼ‘"
_WORD = r"[^\W_]+(?:[\u0300-\u036f]+[^\W_]*)*"
# A word: letters and digits, keeping the combining accents of a decomposed (NFD) text inside
# it so that "e\u0301te\u0301" is one word, like its NFC twin. Not a word: an elided French
# particle (l', d', qu'...) stuck to the next word, and an English possessive 's. Doing this in
# the expression, with look-arounds, keeps tokenising a C loop.
WORD_RE = re.compile(
    rf"(?<![^\W_])"
    rf"(?!(?i:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)[{APOSTROPHES}][^\W_])"
    rf"(?!(?<=[^\W_][{APOSTROPHES}])[sS](?![^\W_]))"
    rf"{_WORD}"
)
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "ı": "i"})
_VOWELS = frozenset("aeiouy")
_EMPTY: list[int] = []
_SPACES = re.compile(r"(\s+)")  # the separators str.split() uses, kept
_LONGEST_CACHED = 64  # a hostile text may be one huge "word": tokenise it, do not keep it


@lru_cache(maxsize=65_536)
def fold(word: str) -> str:
    """Lower-case ``word``, strip its accents and keep only letters and digits.

    The result is a fixed point (``fold(fold(w)) == fold(w)``) made of word characters only,
    so a normalised query prints and re-parses to itself.
    """
    if word.isascii():
        return "".join(c for c in word.lower() if c.isalnum())
    folded = word
    for _ in range(4):  # decomposition can reveal new upper-case letters; settle them
        before = folded
        decomposed = unicodedata.normalize("NFKD", folded.casefold().translate(_LIGATURES))
        folded = "".join(c for c in decomposed if c.isalnum())
        if folded == before:
            break
    return folded


def stem(folded: str) -> str:
    """Fold simple French and English plurals onto the singular; idempotent.

    Deliberately tiny: a real stemmer would conflate words a firm wants told apart
    (``comptable``/``comptabilité``), while plural folding is what users expect.
    """
    if not folded.isalpha():
        return folded
    word = folded
    if len(word) > 3 and word[-1] == "s" and word[-2] != "s":
        word = word[:-1]
    if len(word) > 3 and word[-1] == "x" and word[-3:-1] in ("au", "eu", "ou"):
        word = word[:-1]
    if len(word) > 3 and word[-1] == "y" and word[-2] not in _VOWELS:
        word = word[:-1] + "ie"  # company and companies both become companie
    return word


def words(text: str) -> list[tuple[int, int, str, str]]:
    """The kept words of ``text`` as ``(start, end, fold, stem)``, in order."""
    out = []
    for m in WORD_RE.finditer(text):
        folded = fold(m.group())
        if folded:
            out.append((m.start(), m.end(), folded, stem(folded)))
    return out


class _ChunkCache(dict[str, tuple[str, ...]]):
    """Whitespace-separated chunk of raw text -> the stems (or folds) of its words.

    Mentions repeat their chunks ("le", "cabinet", "Dupont,"), so after a warm-up nearly every
    chunk is one dictionary hit, and ``prepare`` runs as ``str.split`` plus ``map``, in C.
    Cleared, not evicted, when full: simple and bounded.
    """

    limit = 200_000

    def __init__(self, stems: bool) -> None:
        super().__init__()
        self.stems = stems

    def __missing__(self, chunk: str) -> tuple[str, ...]:
        found = tuple(
            stem(folded) if self.stems else folded
            for folded in (fold(m.group()) for m in WORD_RE.finditer(chunk))
            if folded
        )
        if len(chunk) <= _LONGEST_CACHED:
            if len(self) >= self.limit:
                self.clear()
            self[chunk] = found
        return found


_STEMS = _ChunkCache(stems=True)
_FOLDS = _ChunkCache(stems=False)


class PreparedText:
    """A mention tokenised once, to match every query of a firm against it.

    ``present`` is the set of the stems of its words, which answers most queries on its own:
    a mention rarely holds all the words of a phrase. Word positions, folds (for prefixes)
    and character spans (for highlighting) are computed on first use only; on a loaded
    machine every per-word Python step costs, so prepare() does the fewest.
    """

    __slots__ = (
        "_bigrams",
        "_layout",
        "_positions",
        "_prefixes",
        "_stems",
        "_vocabulary",
        "chunks",
        "present",
        "text",
    )

    def __init__(self, text: str) -> None:
        self.text = text
        # str.split() separates on exactly the characters WORD_RE never takes nor looks at
        # across (whitespace), so chunk-wise tokens are the whole text's tokens.
        self.chunks = text.split()
        self.present = set(chain.from_iterable(map(_STEMS.__getitem__, self.chunks)))
        self._stems: list[str] | None = None
        self._bigrams: set[tuple[str, str]] | None = None
        self._positions: dict[str, list[int]] = {}
        self._vocabulary: tuple[list[str], list[str]] | None = None
        self._prefixes: dict[str, list[int]] = {}
        # words up to each chunk, character offset of each part, index of the first chunk's
        # part, and the word spans of the chunks already asked for
        self._layout: tuple[list[int], list[int], int, dict[int, list[tuple[int, int]]]] | None = (
            None
        )

    def __len__(self) -> int:
        return len(self.stems)

    @property
    def stems(self) -> list[str]:
        """Each kept word's stem, in order: a word's position is its index here."""
        if self._stems is None:
            self._stems = list(chain.from_iterable(map(_STEMS.__getitem__, self.chunks)))
        return self._stems

    def __repr__(self) -> str:
        return f"<PreparedText {len(self)} words>"

    def positions(self, stemmed: str) -> list[int]:
        """Ascending positions of a stem (a shared empty list when absent: do not mutate).

        Found with ``list.count`` and ``list.index`` (C scans comparing the same string
        objects), rather than by indexing every word: queries ask about a handful.
        """
        if stemmed not in self.present:
            return _EMPTY
        found = self._positions.get(stemmed)
        if found is None:
            stems = self.stems
            at = stems.index(stemmed)
            found = [at]
            for _ in range(stems.count(stemmed) - 1):
                at = stems.index(stemmed, at + 1)
                found.append(at)
            self._positions[stemmed] = found
        return found

    @property
    def bigrams(self) -> set[tuple[str, str]]:
        """Pairs of adjacent stems: a two-word phrase is then one set look-up."""
        if self._bigrams is None:
            stems = self.stems
            self._bigrams = set(pairwise(stems))
        return self._bigrams

    def prefix_positions(self, prefix: str) -> list[int]:
        """Ascending positions of the words whose fold starts with ``prefix``."""
        found = self._prefixes.get(prefix)
        if found is not None:
            return found
        if self._vocabulary is None:
            folds = list(chain.from_iterable(map(_FOLDS.__getitem__, self.chunks)))
            self._vocabulary = (sorted(set(folds)), folds)
        vocabulary, folds = self._vocabulary
        found = []
        i = bisect_left(vocabulary, prefix)
        while i < len(vocabulary) and vocabulary[i].startswith(prefix):
            folded = vocabulary[i]
            at = -1
            for _ in range(folds.count(folded)):
                at = folds.index(folded, at + 1)
                found.append(at)
            i += 1
        found.sort()
        self._prefixes[prefix] = found
        return found

    def char_span(self, first: int, last: int) -> tuple[int, int]:
        """Character span in ``text`` of the words from position ``first`` to ``last``.

        Only matched mentions need spans, and only for a few words: the word's chunk is
        found from cumulative counts (C loops), and only that chunk is tokenised again.
        """
        start, end = self._word_span(first)
        if last != first:
            end = self._word_span(last)[1]
        return start, end

    def _word_span(self, position: int) -> tuple[int, int]:
        if self._layout is None:
            words_so_far = accumulate(map(len, map(_STEMS.__getitem__, self.chunks)))
            parts = _SPACES.split(self.text)  # chunk, spaces, chunk... ("" first if spaces)
            offsets = [0, *accumulate(map(len, parts))]
            self._layout = (list(words_so_far), offsets, 0 if parts[0] else 2, {})
        counts, offsets, first_chunk, chunk_spans = self._layout
        chunk = bisect_right(counts, position)
        spans = chunk_spans.get(chunk)
        if spans is None:
            part = first_chunk + 2 * chunk
            text = self.text
            found = WORD_RE.finditer(text, offsets[part], offsets[part + 1])
            spans = chunk_spans[chunk] = [m.span() for m in found if fold(m.group())]
        return spans[position - (counts[chunk - 1] if chunk else 0)]


def prepare(text: str) -> PreparedText:
    """Tokenise ``text`` once; pass the result to ``Query.match`` for each query."""
    return PreparedText(text)


def merge_spans(spans: Iterable[tuple[int, int]], size: int) -> list[tuple[int, int]]:
    """Sort, clip to ``[0, size]`` and merge overlapping or touching spans; drop empty ones."""
    clipped = sorted(
        (max(0, start), min(size, end)) for start, end in spans if min(size, end) > max(0, start)
    )
    merged: list[tuple[int, int]] = []
    for start, end in clipped:
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """HTML of ``text`` with ``<mark>`` around ``spans``; everything else is escaped.

    Mention text is hostile input: it is escaped in full (quotes included), and spans out of
    range, reversed or overlapping are clipped and merged rather than trusted.
    """
    out: list[str] = []
    cursor = 0
    for start, end in merge_spans(spans, len(text)):
        out.append(escape(text[cursor:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    out.append(escape(text[cursor:]))
    return "".join(out)
