"""Watch queries: the boolean language a firm writes to say which mentions are about it.

    >>> query = parse('"Cabinet Dupont" ET (erreur OU fuite*) SAUF recrutement')
    >>> str(query)
    '"cabinet dupont" AND (erreur OR fuite*) AND NOT recrutement'
    >>> found = query.match("Fuite de données au cabinet Dupont !")
    >>> found.terms
    ('fuite*', '"cabinet dupont"')
    >>> highlight("Fuite de données au cabinet Dupont !", found.spans)
    '<mark>Fuite</mark> de données au <mark>cabinet Dupont</mark> !'

Syntax (operators in capitals; French aliases in brackets):

- ``a b`` or ``a AND b`` [``ET``, ``&&``]: both; ``a OR b`` [``OU``, ``||``]: either;
  ``NOT a`` [``SAUF``] or ``-a``: without; ``+a`` is ``a``. Precedence NOT > AND > OR
  (NEAR binds tightest); use parentheses. Lower-case ``et``/``ou``/``and`` are words.
- ``"cabinet dupont"``: consecutive words. ``experts-comptables`` unquoted is the phrase
  ``"experts comptables"``.
- ``compta*``: any word starting with ``compta`` (at least 3 letters before ``*``; also
  inside a phrase: ``"cabinet compta*"``).
- ``"cabinet dupont"~5``: all the words, in any order, with at most 5 other words among
  them. ``dupont NEAR/5 fuite`` [``PRES/5``, ``PRÈS/5``]: both sides, either order, at most 5 words
  between; each side is a word, phrase, prefix or a parenthesised OR of those.
  ``"dupont fuite"~5`` and ``dupont NEAR/5 fuite`` are the same query.
- Matching ignores case, accents, hyphens, apostrophes and punctuation, French elisions
  (``l'expert`` finds ``expert``), and simple plurals (``-s``, ``-x``, ``-ies``).
- A query must be able to match only through a positive term: ``NOT x`` alone or
  ``a OR NOT b`` is refused, which makes ``Query.terms()`` a sound pre-filter.
- Limits: 2,000 characters, 40 levels of nesting, distances up to 100 words, 3 letters
  before a ``*``. Quotes may be ``"..."``, ``“...”``, ``« ... »`` or ``„...“``.

Matching a query is a walk of its compiled tree over a ``PreparedText`` (the mention
tokenised and indexed once), so a firm's several queries share one tokenisation.
"""

from __future__ import annotations

from dataclasses import dataclass

from tocsin.mentions.query_nodes import Hit as _Hit
from tocsin.mentions.query_nodes import Node
from tocsin.mentions.query_parser import QueryError, parse_tree
from tocsin.mentions.query_text import PreparedText, highlight, merge_spans, prepare

__all__ = [
    "Hit",
    "Match",
    "PreparedText",
    "Query",
    "QueryError",
    "highlight",
    "parse",
    "prepare",
]


@dataclass(frozen=True, slots=True)
class Hit:
    """One matched term at ``text[start:end]`` of the original mention."""

    term: str
    start: int
    end: int


class Match:
    """Why a mention matched: every positive term found, with its spans, in text order.

    Character spans are worked out on first access: the pipeline matches every mention
    against every query but highlights only the few a person looks at.
    """

    __slots__ = ("_found", "_hits", "_text")

    def __init__(self, text: PreparedText, found: list[_Hit]) -> None:
        self._text = text
        self._found = sorted(set(found))  # word positions first: text order
        self._hits: tuple[Hit, ...] | None = None

    @property
    def terms(self) -> tuple[str, ...]:
        """The matched terms in normalised form, each once, in order of first appearance."""
        return tuple(dict.fromkeys(term for _first, _last, term in self._found))

    @property
    def hits(self) -> tuple[Hit, ...]:
        """Each matched term with its span in the original text, in text order."""
        if self._hits is None:
            span = self._text.char_span
            self._hits = tuple(Hit(term, *span(first, last)) for first, last, term in self._found)
        return self._hits

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        """Merged character spans to highlight, sorted."""
        return tuple(merge_spans(((hit.start, hit.end) for hit in self.hits), len(self._text.text)))

    def __repr__(self) -> str:
        return f"<Match {', '.join(self.terms)}>"


class Query:
    """A parsed, compiled watch query. Build it with ``parse``."""

    __slots__ = ("root", "source")

    def __init__(self, source: str, root: Node) -> None:
        self.source = source
        self.root = root

    def matches(self, text: str | PreparedText) -> bool:
        """Whether the query holds for ``text``: the fast path, without spans."""
        prepared = text if isinstance(text, PreparedText) else prepare(text)
        return self.root.test(prepared)

    def match(self, text: str | PreparedText) -> Match | None:
        """The terms and original-text spans that make the query hold, or None.

        Pass a ``PreparedText`` when several queries are matched against one mention.
        """
        prepared = text if isinstance(text, PreparedText) else prepare(text)
        if not self.root.test(prepared):
            return None
        hits: list[_Hit] = []
        self.root.collect(prepared, hits)
        return Match(prepared, hits)

    def terms(self) -> list[str]:
        """The positive terms (words, ``"phrases"``, ``prefix*``), each once.

        Every match contains at least one of them (``parse`` refuses queries that could
        match without one), so a search for any of them is a sound pre-filter. A proximity
        phrase contributes its words one by one.
        """
        return list(dict.fromkeys(self.root.positive_terms()))

    def __str__(self) -> str:
        return self.root.render()

    def __repr__(self) -> str:
        return f"<Query {self}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Query) and str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))


def parse(text: str) -> Query:
    """Parse and compile a watch query; raise ``QueryError`` (with a position) if malformed."""
    return Query(text, parse_tree(text))
