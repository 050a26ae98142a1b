"""The FAQ chatbot's engine: approved answers only, in the asker's language, or a person.

What a caller needs:

- :func:`load_faq` / :func:`parse_faq` read and validate an FAQ in the YAML format of the
  crisis (``crisis``, ``entries`` with ``id``, example ``questions`` in any language and
  ``answers`` in ``fr`` and ``en``); every problem is reported at once in a :class:`FaqError`.
- ``FaqBot(faq).ask(question)`` returns a :class:`Reply`. It never writes an answer of its
  own: the text is an approved entry's answer, a refusal that gives the firm's contact and
  crisis page, or a hand-over message when the asker is upset, threatens, insults or insists
  on talking to a person (``escalate`` is then true: the conversation goes to the inbox).
  ``Reply.as_json()`` is the public contract (answer_id, escalate, lang, answer);
  ``Reply.reasons`` says why a conversation was handed over, for the inbox.
- :func:`bot_for_yaml` caches one bot per FAQ text, for an endpoint serving many visitors.

Matching is cross-lingual without any downloaded model: questions are mapped to bilingual
concepts (:mod:`tocsin.public.faq_lexicon`), plus stems of the words the lexicon does not
know; an entry is scored on how well the question meets its closest example question, all
its examples together, and its approved answers (which carry the vocabulary of both
languages). Unknown words close to the FAQ's own words are read as those words (typos), and
a question made only of everyday topics (tax, fees, payroll...) with no word of the crisis
is damped as probable general advice. Below a calibrated threshold the bot refuses rather
than guesses: a wrong approved answer is worse than "ask the firm".
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from tocsin.lib import untrusted_yaml
from tocsin.public.faq_lexicon import GENERIC_TOPICS, RELATED
from tocsin.public.faq_text import Analysis, detect_language, lexicon, tokenize
from tocsin.public.faq_tone import read_tone

LANGUAGES = ("fr", "en")
MAX_QUESTION_CHARS = 2000

# Below this score the bot refuses rather than risk a wrong approved answer. It and the
# weights below were chosen by a grid search on our own labelled sets (tocsin/public/data,
# ~290 questions; the shared dev set only checked), in the middle of a plateau of equally
# good values so that a new FAQ does not fall off an edge; bench/faq.py prints the figures.
THRESHOLD = 0.39

# How much each kind of feature counts before its inverse entry frequency.
_CONCEPT = 1.0
_QUESTION_WORD = 0.3
_UNKNOWN_WORD = 0.8
# An unknown word in the question that no entry mentions weighs as a rare concept, times:
_UNSEEN = 0.5
# Similarity (difflib ratio) above which an unknown word is read as a word of the FAQ.
_SPELLING = 0.8
# A concept related to one of the question's (faq_lexicon.RELATED) counts this much:
_RELATED = 0.35
# Score factor for a question with no tie to the crisis (see faq_lexicon.GENERIC_TOPICS).
_UNLINKED = 0.45


_W_BEST, _W_ALL, _W_COVER = 0.3, 0.13, 0.6
_ANSWER_COVER = 0.5  # a question word found only in an entry's answer counts this much


def _score(best_example: float, all_examples: float, covered: float, link: float) -> float:
    """One number per entry: mostly how much of the question the entry explains (coverage),
    then how close its nearest example is; a question with no tie to the crisis is damped."""
    base = _W_BEST * best_example + _W_ALL * all_examples + _W_COVER * covered
    return base * (1.0 if link else _UNLINKED)


class FaqError(ValueError):
    """An FAQ file that cannot be used; ``problems`` lists every problem with its place."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("invalid FAQ: " + "; ".join(problems))


@dataclass(frozen=True)
class Entry:
    """One approved question-and-answer of a crisis FAQ."""

    id: str
    questions: tuple[str, ...]
    answers: Mapping[str, str]


@dataclass(frozen=True)
class Faq:
    """An approved FAQ; ``contact`` and ``page_url`` (optional in the file) feed refusals."""

    crisis: str
    entries: tuple[Entry, ...]
    contact: str | None = None
    page_url: str | None = None


@dataclass(frozen=True)
class Reply:
    """What the chatbot says. ``answer_id`` is None when no approved entry answered."""

    answer_id: str | None
    escalate: bool
    lang: str
    answer: str
    score: float = 0.0  # best entry score, for the inbox and for calibration
    reasons: tuple[str, ...] = field(default=())

    def as_json(self) -> dict[str, Any]:
        """The public contract of the command and the API endpoint."""
        return {
            "answer_id": self.answer_id,
            "escalate": self.escalate,
            "lang": self.lang,
            "answer": self.answer,
        }


# --------------------------------------------------------------------------- loading


def load_faq(path: str | Path) -> Faq:
    """Read and validate an FAQ YAML file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FaqError([f"{path}: cannot read ({exc})"]) from exc
    return faq_from_yaml(text)


def faq_from_yaml(text: str) -> Faq:
    """Parse YAML text (safe loader: an FAQ may come from an upload)."""
    try:
        data = untrusted_yaml.load(text)
    except untrusted_yaml.UnreadableYaml as exc:
        raise FaqError([f"not valid YAML: {exc}"]) from exc
    return parse_faq(data)


def _text(value: Any, where: str, problems: list[str]) -> str:
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}: must be a non-empty text")
        return ""
    return value.strip()


def _parse_entry(raw: Any, where: str, problems: list[str]) -> Entry | None:
    if not isinstance(raw, Mapping):
        problems.append(f"{where}: must be a mapping with id, questions and answers")
        return None
    for key in sorted(set(raw) - {"id", "questions", "answers"}, key=str):
        problems.append(f"{where}: unknown key {key!r}")
    entry_id = _text(raw.get("id"), f"{where}.id", problems)
    if entry_id and any(ch.isspace() for ch in entry_id):
        problems.append(f"{where}.id: {entry_id!r} must not contain spaces")
    questions: list[str] = []
    raw_questions = raw.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        problems.append(f"{where}.questions: must be a non-empty list of example questions")
    else:
        for j, question in enumerate(raw_questions):
            questions.append(_text(question, f"{where}.questions[{j}]", problems))
    answers: dict[str, str] = {}
    raw_answers = raw.get("answers")
    if not isinstance(raw_answers, Mapping):
        problems.append(f"{where}.answers: must map each language (fr, en) to its answer")
    else:
        for lang in sorted(set(raw_answers) - set(LANGUAGES), key=str):
            problems.append(f"{where}.answers: unsupported language {lang!r} (fr, en)")
        for lang in LANGUAGES:
            if lang not in raw_answers:
                problems.append(f"{where}.answers.{lang}: missing")
            else:
                answers[lang] = _text(raw_answers[lang], f"{where}.answers.{lang}", problems)
    return Entry(id=entry_id, questions=tuple(questions), answers=answers)


def parse_faq(data: Any) -> Faq:
    """Validate an already-parsed FAQ document; report every problem, not the first."""
    problems: list[str] = []
    if not isinstance(data, Mapping):
        raise FaqError(["the document must be a mapping with 'crisis' and 'entries'"])
    for key in sorted(set(data) - {"crisis", "entries", "contact", "page_url"}, key=str):
        problems.append(f"unknown top-level key {key!r}")
    crisis = _text(data.get("crisis"), "crisis", problems)
    contact = data.get("contact")
    page_url = data.get("page_url")
    for name, value in (("contact", contact), ("page_url", page_url)):
        if value is not None:
            _text(value, name, problems)
    raw_entries = data.get("entries")
    entries: list[Entry] = []
    if not isinstance(raw_entries, list) or not raw_entries:
        problems.append("entries: must be a non-empty list")
    else:
        seen: set[str] = set()
        for i, raw in enumerate(raw_entries):
            entry = _parse_entry(raw, f"entries[{i}]", problems)
            if entry is None:
                continue
            if entry.id and entry.id in seen:
                problems.append(f"entries[{i}].id: duplicate id {entry.id!r}")
            seen.add(entry.id)
            entries.append(entry)
    if problems:
        raise FaqError(problems)
    return Faq(
        crisis=crisis,
        entries=tuple(entries),
        contact=contact.strip() if isinstance(contact, str) else None,
        page_url=page_url.strip() if isinstance(page_url, str) else None,
    )


@lru_cache(maxsize=64)
def bot_for_yaml(text: str, contact: str | None = None, page_url: str | None = None) -> FaqBot:
    """A FaqBot for an FAQ given as YAML text, built once and reused.

    Building a bot analyses every example and answer (tens of milliseconds); an endpoint
    answering many visitors of one crisis should not pay that per question. The YAML text
    is the cache key, so an edited FAQ gets a fresh bot. Raises FaqError like load_faq.
    """
    return FaqBot(faq_from_yaml(text), contact=contact, page_url=page_url)


# --------------------------------------------------------------------------- matching

Features = dict[str, float]


def features(analysis: Analysis) -> Features:
    """Weighted features of a text, before inverse entry frequency."""
    # "deixis" ("about this") only ties a question to the crisis and "tone-*" concepts only
    # feed the hand-over decision: neither is a topic.
    found: Features = {
        f"c:{c}": _CONCEPT for c in analysis.concepts if c != "deixis" and not c.startswith("tone-")
    }
    for first, second in RELATED:
        for have, add in ((first, second), (second, first)):
            if have in analysis.concepts and add not in analysis.concepts:
                found[f"c:{add}"] = max(found.get(f"c:{add}", 0.0), _RELATED)
    found.update({f"q:{q}": _QUESTION_WORD for q in analysis.question_words})
    found.update({f"w:{s}": _UNKNOWN_WORD for s in analysis.stems})
    return found


@dataclass(frozen=True)
class _Profile:
    entry: Entry
    examples: tuple[frozenset[str], ...]
    example_union: frozenset[str]
    answer: frozenset[str]


def _cosine(query: Features, other: Iterable[str], weight: Mapping[str, float]) -> float:
    other_set = set(other)
    if not query or not other_set:
        return 0.0
    dot = sum(w * w for f, w in query.items() if f in other_set)
    norm_q = math.sqrt(sum(w * w for w in query.values()))
    norm_o = math.sqrt(sum(weight.get(f, 0.0) ** 2 for f in other_set))
    return dot / (norm_q * norm_o) if norm_o else 0.0


class FaqBot:
    """Answers visitors' questions from one approved FAQ.

    Build it once per FAQ (a few milliseconds) and call :meth:`ask` per question; it holds
    no per-conversation state and is safe to share between threads.
    """

    def __init__(
        self,
        faq: Faq,
        *,
        contact: str | None = None,
        page_url: str | None = None,
        threshold: float = THRESHOLD,
    ) -> None:
        self.faq = faq
        self.contact = contact or faq.contact
        self.page_url = page_url or faq.page_url
        self.threshold = threshold
        lex = lexicon()
        self._profiles: list[_Profile] = []
        for entry in faq.entries:
            examples = tuple(frozenset(features(lex.analyse(q))) for q in entry.questions)
            answer = frozenset().union(
                *(features(lex.analyse(text)) for text in entry.answers.values())
            )
            union = frozenset().union(*examples)
            self._profiles.append(_Profile(entry, examples, union, answer))
        self._idf = self._inverse_entry_frequency()
        self._vocabulary = self._words_worth_correcting_to()
        self._feature_weight = self._weigh({f: self._raw_weight(f) for f in self._idf})
        self._contact_entry = self._find_contact_entry()
        # The crisis title ties a question to the crisis only through its specific words:
        # "comptes annuels" in the title must not make every bookkeeping question in scope.
        title = lex.analyse(faq.crisis)
        self._title_concepts = title.concepts
        self._title_words = (title.concepts - GENERIC_TOPICS) | {f"w:{s}" for s in title.stems}

    def _words_worth_correcting_to(self) -> dict[str, list[str]]:
        """The FAQ's own words (examples and answers), by first letter, as spelling targets:
        "bultin" is corrected to "bulletins" because this FAQ says "bulletins"."""
        words: set[str] = set()
        for profile in self._profiles:
            texts = [*profile.entry.questions, *profile.entry.answers.values()]
            for text in texts:
                words.update(w for w in tokenize(text) if len(w) >= 5 and w.isalpha())
        by_letter: dict[str, list[str]] = {}
        for word in sorted(words):
            by_letter.setdefault(word[0], []).append(word)
        return by_letter

    def _corrected(self, text: str, analysis: Analysis) -> Analysis:
        """Re-analyse a question whose unknown words are near-misses of the FAQ's words."""
        fixes: dict[str, str] = {}
        for word in analysis.unknown:
            if len(word) < 5:
                continue
            candidates = self._vocabulary.get(word[0], [])
            close = difflib.get_close_matches(word, candidates, n=1, cutoff=_SPELLING)
            if close and close[0] != word:
                fixes[word] = close[0]
        if not fixes:
            return analysis
        return lexicon().analyse(" ".join(fixes.get(w, w) for w in analysis.tokens))

    def _inverse_entry_frequency(self) -> dict[str, float]:
        """Features rare among entries decide; features every entry has do not."""
        count = len(self._profiles)
        df: dict[str, float] = {}
        for profile in self._profiles:
            for feature in profile.example_union:
                df[feature] = df.get(feature, 0.0) + 1.0
            for feature in profile.answer - profile.example_union:
                df[feature] = df.get(feature, 0.0) + 0.5
        return {f: math.log((count + 1) / (n + 0.5)) + 0.1 for f, n in df.items()}

    def _unseen_weight(self) -> float:
        return _UNSEEN * (math.log((len(self._profiles) + 1) / 1.5) + 0.1)

    def _weigh(self, raw: Features) -> Features:
        unseen = self._unseen_weight()
        return {f: w * self._idf.get(f, unseen) for f, w in raw.items()}

    def _find_contact_entry(self) -> Entry | None:
        """The entry that tells how to reach the firm, quoted in refusals when no contact
        option was given (it is approved text, so nothing is invented)."""
        for profile in self._profiles:
            if profile.entry.id.lower() in {"contact", "contacts", "contact-us"}:
                return profile.entry
        scored = [
            (sum("c:contact" in ex for ex in p.examples) / len(p.examples), p.entry)
            for p in self._profiles
        ]
        best = max(scored, key=lambda item: item[0], default=None)
        return best[1] if best and best[0] >= 0.5 else None

    def rank(self, question: str) -> list[tuple[float, str]]:
        """Every entry's score for a question, best first (for debugging and calibration)."""
        analysis = lexicon().analyse(question)
        return self._rank(self._corrected(question, analysis))

    def _rank(self, analysis: Analysis) -> list[tuple[float, str]]:
        ranked = [(round(_score(*parts), 4), entry_id) for entry_id, parts in self._parts(analysis)]
        ranked.sort(key=lambda item: -item[0])
        return ranked

    def _linked(self, analysis: Analysis) -> bool:
        """Does the question touch the crisis (see faq_lexicon.GENERIC_TOPICS)?"""
        if analysis.concepts - GENERIC_TOPICS:
            return True
        own = analysis.concepts | {f"w:{s}" for s in analysis.stems}
        # Two everyday topics of the title together ("the partner" + "social media" for a
        # crisis about a partner's post) do tie the question to the crisis; one does not.
        return bool(own & self._title_words) or len(analysis.concepts & self._title_concepts) > 1

    def _parts(self, analysis: Analysis) -> list[tuple[str, tuple[float, float, float, float]]]:
        """Per entry: (closest example, all examples, share of the question covered, link)."""
        query = self._weigh(features(analysis))
        total = sum(query.values())
        link = 1.0 if self._linked(analysis) else 0.0
        parts = []
        for profile in self._profiles:
            if not total:
                parts.append((profile.entry.id, (0.0, 0.0, 0.0, link)))
                continue
            weight = self._feature_weight
            best_example = max(_cosine(query, ex, weight) for ex in profile.examples)
            all_examples = _cosine(query, profile.example_union, weight)
            covered = sum(
                w * (1.0 if f in profile.example_union else _ANSWER_COVER)
                for f, w in query.items()
                if f in profile.example_union or f in profile.answer
            )
            parts.append((profile.entry.id, (best_example, all_examples, covered / total, link)))
        return parts

    @staticmethod
    def _raw_weight(feature: str) -> float:
        kind = feature[:2]
        return {"c:": _CONCEPT, "q:": _QUESTION_WORD}.get(kind, _UNKNOWN_WORD)

    def ask(self, question: str) -> Reply:
        """Answer one question; never raises on any text."""
        # A chat question is short; a pasted novel is cut, never rejected.
        text = question[:MAX_QUESTION_CHARS] if isinstance(question, str) else ""
        analysis = lexicon().analyse(text)
        lang = detect_language(text, analysis) if text.strip() else "fr"
        tone = read_tone(text, analysis.concepts)
        if tone.escalate:
            return Reply(None, True, lang, self._handover(lang), reasons=tone.reasons)
        ranked = self._rank(self._corrected(text, analysis))
        score, entry_id = ranked[0] if ranked else (0.0, "")
        if score >= self.threshold:
            entry = next(p.entry for p in self._profiles if p.entry.id == entry_id)
            return Reply(entry.id, False, lang, entry.answers[lang], score=score)
        if tone.asks_contact:
            # A person was asked for and no approved entry tells how: a person answers.
            return Reply(None, True, lang, self._handover(lang), score, ("asks for a person",))
        return Reply(None, False, lang, self._refusal(lang), score=score)

    # ----------------------------------------------------------------------- wording

    def _how_to_reach(self, lang: str) -> str:
        """The configured contact, else the approved contact entry, else a generic pointer
        (never an invented number), as a sentence."""
        if self.contact:
            reach = self.contact
        elif self._contact_entry is not None:
            reach = self._contact_entry.answers[lang]
        elif lang == "fr":
            reach = "votre interlocuteur habituel au cabinet"
        else:
            reach = "your usual contact at the firm"
        return reach if reach.endswith((".", "!", "?")) else reach + "."

    def _page(self, lang: str) -> str:
        if not self.page_url:
            return ""
        if lang == "fr":
            return f" Les informations à jour sont publiées sur {self.page_url}."
        return f" Up-to-date information is published on {self.page_url}."

    def _refusal(self, lang: str) -> str:
        if lang == "fr":
            return (
                "Je n'ai pas de réponse validée par le cabinet à cette question. "
                f"Pour en parler, contactez : {self._how_to_reach(lang)}{self._page(lang)}"
            )
        return (
            "I have no answer approved by the firm for this question. "
            f"To discuss it, please contact: {self._how_to_reach(lang)}{self._page(lang)}"
        )

    def _handover(self, lang: str) -> str:
        if lang == "fr":
            return (
                "Je transmets votre message à un membre du cabinet, qui vous répondra "
                "personnellement dans les meilleurs délais. Vous pouvez aussi nous joindre : "
                f"{self._how_to_reach(lang)}{self._page(lang)}"
            )
        return (
            "I am passing your message to a member of the firm, who will answer you in person "
            f"as soon as possible. You can also reach us: {self._how_to_reach(lang)}"
            f"{self._page(lang)}"
        )
