"""The draft as the rules see it: folded for matching, mapped back to the writer's offsets.

People type drafts fast, on phones, without accents or with the wrong apostrophe, so the
lexical rules match a *folded* copy (lower case, no diacritics, straight quotes, plain
spaces). Folding can change the length of the text (``œ`` becomes ``oe``), so every folded
character remembers the index of the original character it came from; spans are always
reported in the original text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, cached_property

_SPACES = {"\u00a0", "\u202f", "\u2007", "\u2009", "\t", "\u3000"}
_APOSTROPHES = {"\u2019", "\u2018", "\u02bc", "\u00b4", "`"}
_DOUBLE_QUOTES = {"\u201c", "\u201d", "\u201e", "\u00ab", "\u00bb"}
_DASHES = {"\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212"}
_LIGATURES = {"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"}

# Quoted words are reported speech ("some called it a « scandal »"), not the firm's voice.
_QUOTED = re.compile(r"«[^»]{0,200}»|“[^”]{0,200}”|\"[^\"]{0,200}\"")
# Semicolons join clauses that rules read together ("we use what we are given; it was wrong").
_SENTENCE_END = re.compile(r"[.!?\n]+(?:\s|$)")


def words(spaced: str) -> frozenset[str]:
    """A set of words written as one space-separated string (easier to read and edit)."""
    return frozenset(spaced.split())


_FR_WORDS = words(
    "le la les des du une est sont nous vous votre vos pour avec sur dans pas ne que qui "
    "cette ces notre nos aux au et mais sera seront avons "
)
_EN_WORDS = words(
    "the a an is are we you your our for with on in not that which this these will be "
    "have has was were and but of to "
)


@cache
def fold_char(char: str) -> str:
    """Lower-case ``char`` and strip its accents; may return two characters (``œ``)."""
    if char in _LIGATURES:
        return _LIGATURES[char]
    if char in _SPACES:
        return " "
    if char in _APOSTROPHES:
        return "'"
    if char in _DOUBLE_QUOTES:
        return '"'
    if char in _DASHES:
        return "-"
    base = unicodedata.normalize("NFD", char)[:1] or char
    lowered = base.lower()
    return lowered if len(lowered) == 1 else base


def fold(text: str) -> str:
    """The folded form of ``text`` (for comparing names and contacts, not for spans)."""
    return "".join(fold_char(char) for char in text)


class Draft:
    """A draft's original text, its folded copy and the offset map between the two."""

    def __init__(self, text: str) -> None:
        self.text = text
        pieces: list[str] = []
        origin: list[int] = []
        for index, char in enumerate(text):
            folded = fold_char(char)
            pieces.append(folded)
            origin.extend([index] * len(folded))
        self.folded = "".join(pieces)
        self._origin = origin

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` range of the folded text back to the original text."""
        if not self._origin or end <= start:
            return (0, 0)
        return (self._origin[start], self._origin[end - 1] + 1)

    @cached_property
    def quoted(self) -> list[tuple[int, int]]:
        """Ranges of the original text inside quotation marks."""
        return [(m.start(), m.end()) for m in _QUOTED.finditer(self.text)]

    def is_quoted(self, start: int, end: int) -> bool:
        """True when the original range lies inside a quotation."""
        return any(q_start < start and end < q_end for q_start, q_end in self.quoted)

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """Sentence ranges (same offsets in original and folded text are not assumed)."""
        bounds: list[tuple[int, int]] = []
        start = 0
        for match in _SENTENCE_END.finditer(self.text):
            bounds.append((start, match.end()))
            start = match.end()
        if start < len(self.text):
            bounds.append((start, len(self.text)))
        return bounds

    def sentence_at(self, index: int) -> str:
        """The folded text of the sentence holding original character ``index``."""
        for start, end in self.sentences:
            if start <= index < end:
                return fold(self.text[start:end])
        return ""

    def folded_before(self, index: int, width: int = 30) -> str:
        """The folded text of the ``width`` original characters before ``index``."""
        return fold(self.text[max(0, index - width) : index])

    @cached_property
    def language(self) -> str:
        """``"fr"`` or ``"en"``, from function-word counts (accents missing or not)."""
        return detect_language(self.folded)


def detect_language(folded: str) -> str:
    """Guess French or English from function words; French wins ties (French first)."""
    words = re.findall(r"[a-z']+", folded)
    french = sum(1 for word in words if word in _FR_WORDS or word.startswith(("l'", "d'", "n'")))
    english = sum(1 for word in words if word in _EN_WORDS)
    return "en" if english > french else "fr"
