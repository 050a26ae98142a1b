"""Text analysis for the FAQ chatbot: normalisation, concepts, typo tolerance, language.

Visitors type on phones, in a hurry and often angry: no accents, SMS spelling, typos, French
and English mixed. Everything here turns such a question into comparable *features*
(bilingual concepts from :mod:`tocsin.public.faq_lexicon`, plus stems of the remaining
words) and guesses its language. Pure Python, no model download; py3langid's model ships
inside its wheel.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from tocsin.public.faq_lexicon import (
    CONCEPTS,
    QUESTION_WORDS,
    SLANG,
    STOPWORDS_EN,
    STOPWORDS_FR,
)

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})
_FR_ELISION = re.compile(r"\b(l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)'(?=\w)")
_EN_CONTRACTIONS = (
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\bcan't\b"), "cannot"),
    (re.compile(r"n't\b"), " not"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"\b(i)'m\b"), r"\1 am"),
    (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'ve\b"), " have"),
    (re.compile(r"'d\b"), " would"),
    (re.compile(r"\b(what|where|who|how|it|that|there|here|he|she)'s\b"), r"\1 is"),
    (re.compile(r"'s\b"), ""),
)
_NON_WORD = re.compile(r"[^a-z0-9]+")
_MAX_CHARS = 2000  # a chat question; longer input is cut, never rejected


def fold(text: str) -> str:
    """Lower-case, strip accents and unify apostrophes: "Déjà l’URSSAF" -> "deja l'urssaf"."""
    text = text[:_MAX_CHARS].translate(_APOSTROPHES).lower().translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokenize(text: str) -> list[str]:
    """Folded word tokens with French elisions split and English contractions expanded."""
    folded = _FR_ELISION.sub(r"\1 ", fold(text))
    for pattern, replacement in _EN_CONTRACTIONS:
        folded = pattern.sub(replacement, folded)
    words: list[str] = []
    for word in _NON_WORD.sub(" ", folded).split():
        words.extend(SLANG.get(word, word).split())
    return words


def stem(word: str) -> str:
    """A deliberately crude French/English stemmer for words outside the lexicon.

    It only has to make "corrections", "corrigées" and "correction" meet often enough;
    the lexicon carries the real meaning.
    """
    for suffix in ("ements", "ement", "ations", "ation", "ings", "ing", "ees", "ee", "es", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    if word.endswith(("s", "x", "e")) and len(word) > 4:
        return word[:-1]
    return word


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


@dataclass(frozen=True)
class Analysis:
    """What the engine needs from one text."""

    tokens: tuple[str, ...]
    concepts: frozenset[str]
    question_words: frozenset[str]
    stems: frozenset[str]  # content words the lexicon does not know
    unknown: tuple[str, ...]  # those words as typed (folded), for spelling correction
    fr_terms: int  # lexicon terms only French spells that way
    en_terms: int


class Lexicon:
    """The compiled concept lexicon: phrases, exact words, prefixes and a typo index."""

    def __init__(self, source: str = CONCEPTS, question_words: str = QUESTION_WORDS) -> None:
        self.phrases: dict[tuple[str, ...], set[str]] = {}
        # phrases whose last word is a prefix ("nouvelle erreur*"), keyed by their head
        self.prefix_phrases: dict[tuple[str, ...], list[tuple[str, set[str]]]] = {}
        self.words: dict[str, set[str]] = {}
        self.prefixes: dict[str, set[str]] = {}
        self.language: dict[str, set[str]] = {}
        self.question_concepts: set[str] = set()
        self.max_phrase = 1
        self._load(source, question=False)
        self._load(question_words, question=True)
        self.stopwords = set(fold(STOPWORDS_FR).split()) | set(fold(STOPWORDS_EN).split())
        self.fr_function_words = set(fold(STOPWORDS_FR).split()) - set(fold(STOPWORDS_EN).split())
        self.en_function_words = set(fold(STOPWORDS_EN).split()) - set(fold(STOPWORDS_FR).split())
        self._fuzzy_words = self._index(self.words)
        self._fuzzy_prefixes = self._index(self.prefixes)

    def _load(self, source: str, *, question: bool) -> None:
        # An indented line continues the concept above (keeps the lexicon file readable).
        for line in re.sub(r"\n[ \t]+", " ", source.strip()).splitlines():
            name, _, terms = line.partition(":")
            concept = name.strip()
            if question:
                self.question_concepts.add(concept)
            french, _, english = terms.partition("|")
            for lang, part in (("fr", french), ("en", english)):
                for raw in part.split(","):
                    self._add(raw.strip(), concept, lang)

    def _add(self, raw: str, concept: str, lang: str) -> None:
        if not raw:
            return
        is_prefix = raw.endswith("*")
        words = tuple(tokenize(raw.rstrip("*")))
        if not words:
            return
        key = " ".join(words)
        self.language.setdefault(key, set()).add(lang)
        if len(words) > 1:
            if is_prefix:
                heads = self.prefix_phrases.setdefault(words[:-1], [])
                heads.append((words[-1], {concept}))
            else:
                self.phrases.setdefault(words, set()).add(concept)
            self.max_phrase = max(self.max_phrase, len(words))
        elif is_prefix:
            self.prefixes.setdefault(words[0], set()).add(concept)
        else:
            self.words.setdefault(words[0], set()).add(concept)

    @staticmethod
    def _index(table: dict[str, set[str]]) -> dict[str, set[str]]:
        """SymSpell-style index: every one-letter deletion of a term points back to it."""
        index: dict[str, set[str]] = {}
        for term in table:
            if len(term) < 4:
                continue
            for variant in {term, *_deletes(term)}:
                index.setdefault(variant, set()).add(term)
        return index

    def _exact(self, word: str) -> tuple[set[str], str | None]:
        if word in self.words:
            return self.words[word], word
        for end in range(len(word), 2, -1):
            if word[:end] in self.prefixes:
                return self.prefixes[word[:end]], word[:end]
        return set(), None

    def _fuzzy(self, word: str) -> set[str]:
        """Concepts of lexicon terms one typo away.

        Only words of six letters or more, against whole terms of five or more and prefixes
        of seven or more, with the same first letter: shorter words have too many real
        neighbours ("monde" is not a typo of "money", "bordeaux" not of "bourde*").
        """
        if len(word) < 6:
            return set()
        found: set[str] = set()
        for variant in {word, *_deletes(word)}:
            for term in self._fuzzy_words.get(variant, ()):
                if term[0] == word[0] and abs(len(term) - len(word)) <= 1 and len(term) >= 5:
                    found |= self.words[term]
        if found:
            return found
        for end in range(4, len(word) + 1):
            head = word[:end]
            for variant in {head, *_deletes(head)}:
                for term in self._fuzzy_prefixes.get(variant, ()):
                    if term[0] != word[0] or abs(len(term) - end) > 1 or len(term) < 7:
                        continue
                    found |= self.prefixes[term]
        return found

    def _phrase_at(self, tokens: list[str], i: int) -> tuple[int, set[str]]:
        """Longest lexicon phrase starting at token i: (its length, its concepts)."""
        for size in range(min(self.max_phrase, len(tokens) - i), 1, -1):
            phrase = tuple(tokens[i : i + size])
            if phrase in self.phrases:
                return size, self.phrases[phrase]
            for last, concepts in self.prefix_phrases.get(phrase[:-1], ()):
                if phrase[-1].startswith(last):
                    return size, concepts
        return 0, set()

    def analyse(self, text: str) -> Analysis:
        """Map a text to concepts, question words and leftover stems."""
        tokens = tokenize(text)
        concepts: set[str] = set()
        stems: set[str] = set()
        unknown: list[str] = []
        langs = {"fr": 0, "en": 0}
        i = 0
        while i < len(tokens):
            size, found = self._phrase_at(tokens, i)
            if size:
                concepts |= found
                self._count_language(" ".join(tokens[i : i + size]), langs)
                i += size
                continue
            word = tokens[i]
            i += 1
            found, term = self._exact(word)
            if found:
                concepts |= found
                if term is not None:
                    self._count_language(term, langs)
                continue
            if word in self.stopwords or word.isdigit() or len(word) < 3:
                continue
            found = self._fuzzy(word)
            if found:
                concepts |= found
            else:
                stems.add(stem(word))
                unknown.append(word)
        return Analysis(
            tokens=tuple(tokens),
            concepts=frozenset(
                c for c in concepts - self.question_concepts if not c.startswith("_")
            ),
            question_words=frozenset(concepts & self.question_concepts),
            stems=frozenset(stems),
            unknown=tuple(unknown),
            fr_terms=langs["fr"],
            en_terms=langs["en"],
        )

    def _count_language(self, term: str, langs: dict[str, int]) -> None:
        spelled = self.language.get(term, set())
        if len(spelled) == 1:
            langs[next(iter(spelled))] += 1


@cache
def lexicon() -> Lexicon:
    """The shared compiled lexicon (built once per process, ~50 ms)."""
    return Lexicon()


@cache
def _langid() -> Any:
    """py3langid restricted to French and English (its model loads in about a second)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(["fr", "en"])
    return identifier


_FRENCH_LETTERS = re.compile(r"[éèêàçùûîôœëï]")


def detect_language(text: str, analysis: Analysis | None = None) -> str:
    """'fr' or 'en' for a short question; French when nothing tells them apart.

    py3langid alone confuses short questions ("date ?", "TVA ok ?"), so its vote is added
    to cues that work on three words: function words of each language, French accented
    letters, and lexicon terms that only one language spells that way.
    """
    analysis = analysis or lexicon().analyse(text)
    lex = lexicon()
    score = 0.0  # > 0 means English
    for token in analysis.tokens:
        if token in lex.en_function_words:
            score += 1.0
        elif token in lex.fr_function_words:
            score -= 1.0
    score += 0.7 * (analysis.en_terms - analysis.fr_terms)
    if _FRENCH_LETTERS.search(text.lower()):
        score -= 1.5
    letters = sum(ch.isalpha() for ch in text)
    if letters >= 3:
        lang, probability = _langid().classify(text[:_MAX_CHARS])
        vote = (probability - 0.5) * 2 * (1.5 if letters < 40 else 2.5)
        score += vote if lang == "en" else -vote
    return "en" if score > 0 else "fr"
