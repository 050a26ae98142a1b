"""Reading a watch query: the lexer, the recursive-descent parser and its errors.

Grammar (NOT binds tighter than AND, AND tighter than OR; NEAR tightest of all)::

    query   := or EOF
    or      := and (OR and)*
    and     := unary ([AND] unary)*        adjacent terms are joined by AND
    unary   := (NOT | -) unary | near
    near    := primary (NEAR/n primary)*
    primary := word | prefix* | "phrase" | "phrase"~n | ( or )

Every error carries the character offset of its fault, so the interface can point at it,
and a message in English and in French.
"""

from __future__ import annotations

from dataclasses import dataclass

from tocsin.mentions.query_nodes import (
    And,
    Near,
    Node,
    Not,
    Or,
    Phrase,
    Within,
    Word,
    unanchored_part,
)
from tocsin.mentions.query_text import words

MAX_QUERY_LENGTH = 2000
MAX_DEPTH = 40  # parentheses and negations; keeps recursion far from Python's limit
MAX_DISTANCE = 100
MIN_PREFIX = 3  # "co*" would match half the dictionary

AND_WORDS = frozenset({"AND", "ET", "&&"})
OR_WORDS = frozenset({"OR", "OU", "||"})
NOT_WORDS = frozenset({"NOT", "SAUF"})
NEAR_WORDS = ("NEAR", "PRES", "PRÈS")
OPENING_QUOTES = '"“«„'
CLOSING_QUOTES = '"”»“'
QUOTES = frozenset(OPENING_QUOTES + CLOSING_QUOTES)

MESSAGES: dict[str, tuple[str, str]] = {
    "empty_query": ("empty query", "requête vide"),
    "too_long": (
        "query longer than {limit} characters",
        "requête de plus de {limit} caractères",
    ),
    "too_deep": (
        "query nested more than {limit} levels deep",
        "requête imbriquée sur plus de {limit} niveaux",
    ),
    "unclosed_parenthesis": (
        "unbalanced parenthesis: this '(' is never closed",
        "parenthèse déséquilibrée : cette « ( » n'est jamais fermée",
    ),
    "unopened_parenthesis": (
        "unbalanced parenthesis: this ')' closes nothing",
        "parenthèse déséquilibrée : cette « ) » ne ferme rien",
    ),
    "empty_parentheses": ("empty parentheses", "parenthèses vides"),
    "empty_phrase": ("empty phrase", "expression entre guillemets vide"),
    "unterminated_phrase": (
        "phrase with no closing quote",
        "expression sans guillemet fermant",
    ),
    "stray_quote": (
        "closing quote with no opening quote",
        "guillemet fermant sans guillemet ouvrant",
    ),
    "missing_left": (
        "operator {operator} with no left-hand side",
        "opérateur {operator} sans terme à gauche",
    ),
    "missing_right": (
        "operator {operator} with no right-hand side",
        "opérateur {operator} sans terme à droite",
    ),
    "missing_negated": (
        "operator {operator} with nothing to exclude",
        "opérateur {operator} sans terme à exclure",
    ),
    "dangling_minus": (
        "'-' must be stuck to the term it excludes, as in -recrutement",
        "« - » doit être collé au terme exclu, comme dans -recrutement",
    ),
    "near_distance": (
        "{operator} needs a distance in words, as in {operator}/5",
        "{operator} demande une distance en mots, comme dans {operator}/5",
    ),
    "proximity_distance": (
        '~ needs a distance in words, as in "cabinet dupont"~5',
        '~ demande une distance en mots, comme dans "cabinet dupont"~5',
    ),
    "distance_too_large": (
        "distance {distance} is above the maximum of {limit} words",
        "distance {distance} au-delà du maximum de {limit} mots",
    ),
    "stray_tilde": (
        '~ only follows a quoted phrase, as in "cabinet dupont"~5',
        '~ ne suit qu\'une expression entre guillemets, comme dans "cabinet dupont"~5',
    ),
    "near_operand": (
        "{operator} only joins words, phrases or parentheses of them joined by OR",
        "{operator} ne relie que des mots, des expressions ou des parenthèses de ceux-ci "
        "reliés par OU",
    ),
    "wildcard_position": (
        "the wildcard * is only allowed at the end of a word",
        "le joker * n'est permis qu'en fin de mot",
    ),
    "wildcard_too_short": (
        "a wildcard needs at least {limit} letters before *",
        "un joker demande au moins {limit} lettres avant *",
    ),
    "no_letters": (
        "term {term!r} has no letters or digits",
        "le terme {term!r} n'a ni lettre ni chiffre",
    ),
    "only_negative": (
        "this part can match without any positive term: join NOT to a term with AND",
        "cette partie peut correspondre sans aucun terme positif : reliez NOT à un terme par ET",
    ),
}


class QueryError(ValueError):
    """A malformed watch query.

    ``code`` is stable (for tests and translations), ``position`` the character offset of the
    fault in the query, ``message`` English and ``message_fr`` French; ``str()`` reads
    ``"unbalanced parenthesis: this '(' is never closed at 14"``.
    """

    def __init__(self, code: str, position: int, **params: object) -> None:
        english, french = MESSAGES[code]
        self.code = code
        self.position = position
        self.params = params
        self.message = english.format(**params)
        self.message_fr = french.format(**params)
        super().__init__(f"{self.message} at {position}")


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # "(", ")", "AND", "OR", "NOT", "NEAR", "TERM", "END"
    position: int
    text: str = ""
    node: Node | None = None
    distance: int = 0


def _distance(digits: str, position: int) -> int:
    distance = int(digits)
    if distance > MAX_DISTANCE:
        raise QueryError("distance_too_large", position, distance=distance, limit=MAX_DISTANCE)
    return distance


def _chunk_words(chunk: str, position: int) -> list[Word]:
    """The words of one space-free chunk of the query (``experts-compta*``)."""
    prefix = chunk.endswith("*")
    body = chunk[:-1] if prefix else chunk
    star = body.find("*")
    if star >= 0:
        raise QueryError("wildcard_position", position + star)
    spans = words(body)
    if prefix and (not spans or spans[-1][1] != len(body)):
        raise QueryError("wildcard_position", position + len(body))
    found = [Word(position + start, folded, stemmed) for start, _end, folded, stemmed in spans]
    if prefix and found:
        last = found[-1]
        if len(last.fold) < MIN_PREFIX:
            raise QueryError("wildcard_too_short", position, limit=MIN_PREFIX)
        found[-1] = Word(last.position, last.fold, last.fold, prefix=True)
    return found


def _term(position: int, found: list[Word], distance: int | None = None) -> Node:
    if distance is not None:
        unique: dict[tuple[str, bool], Word] = {}
        for word in found:
            unique.setdefault(word.key(), word)
        found = list(unique.values())
        if len(found) > 1:
            return Within(position, tuple(found), distance)
    if len(found) == 1:
        only = found[0]
        return Word(position, only.fold, only.stem, only.prefix)
    return Phrase(position, tuple(found))


def tokenize(query: str) -> list[Token]:
    """Split a query into operator and term tokens, each with its character offset."""
    if len(query) > MAX_QUERY_LENGTH:
        raise QueryError("too_long", MAX_QUERY_LENGTH, limit=MAX_QUERY_LENGTH)
    tokens: list[Token] = []
    size = len(query)
    i = 0
    while i < size:
        char = query[i]
        if char.isspace():
            i += 1
        elif char in "()":
            tokens.append(Token(char, i))
            i += 1
        elif char in OPENING_QUOTES:
            i = _phrase(query, i, tokens)
        elif char in QUOTES:
            raise QueryError("stray_quote", i)
        else:
            end = i
            while end < size and not query[end].isspace() and query[end] not in "()":
                if query[end] in QUOTES:
                    break
                end += 1
            _chunk(query, i, end, tokens)
            i = end
    tokens.append(Token("END", size))
    return tokens


def _phrase(query: str, start: int, tokens: list[Token]) -> int:
    """Read ``"..."`` or ``"..."~n`` at ``start``; return the offset after it."""
    end = start + 1
    while end < len(query) and query[end] not in CLOSING_QUOTES:
        end += 1
    if end >= len(query):
        raise QueryError("unterminated_phrase", start)
    found: list[Word] = []
    offset = start + 1
    for chunk in query[offset:end].split():
        at = query.index(chunk, offset)
        offset = at + len(chunk)
        found.extend(_chunk_words(chunk, at))  # punctuation-only chunks are just skipped
    if not found:
        raise QueryError("empty_phrase", start)
    after = end + 1
    distance: int | None = None
    if after < len(query) and query[after] == "~":
        digits_end = after + 1
        while (
            digits_end < len(query) and query[digits_end].isascii() and query[digits_end].isdigit()
        ):
            digits_end += 1
        if digits_end == after + 1:
            raise QueryError("proximity_distance", after)
        distance = _distance(query[after + 1 : digits_end], after + 1)
        after = digits_end
    tokens.append(Token("TERM", start, query[start:after], _term(start, found, distance)))
    return after


def _chunk(query: str, start: int, end: int, tokens: list[Token]) -> None:
    """Read an operator or a bare term between ``start`` and ``end``."""
    chunk = query[start:end]
    if chunk in AND_WORDS:
        tokens.append(Token("AND", start, chunk))
        return
    if chunk in OR_WORDS:
        tokens.append(Token("OR", start, chunk))
        return
    if chunk in NOT_WORDS:
        tokens.append(Token("NOT", start, chunk))
        return
    for name in NEAR_WORDS:
        if chunk == name or chunk.startswith(name + "/"):
            digits = chunk[len(name) + 1 :]
            if not (digits.isascii() and digits.isdigit()):
                raise QueryError("near_distance", start, operator=name)
            distance = _distance(digits, start + len(name) + 1)
            tokens.append(Token("NEAR", start, name, distance=distance))
            return
    original = chunk
    while chunk[:1] in ("-", "+"):  # -x excludes x; +x is accepted and means x
        sign = chunk[0]
        if sign == "-":
            tokens.append(Token("NOT", start, "-"))
        chunk, start = chunk[1:], start + 1
        if not chunk:
            follows = query[start : start + 1]
            if follows == "(" or (follows and follows in OPENING_QUOTES):
                return
            if sign == "+":
                raise QueryError("no_letters", start - len(original), term=original)
            raise QueryError("dangling_minus", start - 1)
    tilde = chunk.find("~")
    if tilde >= 0:
        raise QueryError("stray_tilde", start + tilde)
    found = _chunk_words(chunk, start)
    if not found:
        raise QueryError("no_letters", start, term=chunk)
    tokens.append(Token("TERM", start, chunk, _term(start, found)))


class Parser:
    """Recursive descent over the tokens; see the grammar in the module docstring."""

    def __init__(self, query: str) -> None:
        self.tokens = tokenize(query)
        self.at = 0
        self.depth = 0

    @property
    def token(self) -> Token:
        return self.tokens[self.at]

    def advance(self) -> Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def starts_operand(self) -> bool:
        return self.token.kind in ("TERM", "(", "NOT")

    def parse(self) -> Node:
        if self.token.kind == "END":
            raise QueryError("empty_query", 0)
        node = self.parse_or()
        if self.token.kind == ")":
            raise QueryError("unopened_parenthesis", self.token.position)
        unanchored = unanchored_part(node)
        if unanchored is not None:
            raise QueryError("only_negative", unanchored.position)
        return node

    def parse_or(self) -> Node:
        first = self.parse_and()
        children = [first]
        while self.token.kind == "OR":
            operator = self.advance()
            if not self.starts_operand():
                raise QueryError("missing_right", operator.position, operator=operator.text)
            children.append(self.parse_and())
        if len(children) == 1:
            return first
        flat = tuple(
            c for child in children for c in (child.children if isinstance(child, Or) else (child,))
        )
        return Or(first.position, flat)

    def parse_and(self) -> Node:
        token = self.token
        if token.kind in ("AND", "OR", "NEAR"):
            raise QueryError("missing_left", token.position, operator=token.text)
        if token.kind == ")":
            raise QueryError("unopened_parenthesis", token.position)
        first = self.parse_unary()
        children = [first]
        while True:
            if self.token.kind == "AND":
                operator = self.advance()
                if not self.starts_operand():
                    raise QueryError("missing_right", operator.position, operator=operator.text)
            elif not self.starts_operand():
                break
            children.append(self.parse_unary())
        if len(children) == 1:
            return first
        flat = tuple(
            c
            for child in children
            for c in (child.children if isinstance(child, And) else (child,))
        )
        return And(first.position, flat)

    def parse_unary(self) -> Node:
        if self.token.kind != "NOT":
            return self.parse_near()
        operator = self.advance()
        if not self.starts_operand():
            raise QueryError("missing_negated", operator.position, operator=operator.text)
        self.enter(operator)
        child = self.parse_unary()
        self.depth -= 1
        return Not(operator.position, child)

    def parse_near(self) -> Node:
        left = self.parse_primary()
        while self.token.kind == "NEAR":
            operator = self.advance()
            if self.token.kind not in ("TERM", "("):
                raise QueryError("missing_right", operator.position, operator=operator.text)
            right = self.parse_primary()
            for operand in (left, right):
                if not operand.positional:
                    raise QueryError("near_operand", operand.position, operator=operator.text)
            left = Near(left.position, left, right, operator.distance)
        return left

    def parse_primary(self) -> Node:
        token = self.advance()
        if token.kind == "TERM":
            assert token.node is not None
            return token.node
        # starts_operand() guarantees a "(" here
        if self.token.kind == "END":
            raise QueryError("unclosed_parenthesis", token.position)
        if self.token.kind == ")":
            raise QueryError("empty_parentheses", token.position)
        self.enter(token)
        node = self.parse_or()
        self.depth -= 1
        if self.token.kind != ")":
            raise QueryError("unclosed_parenthesis", token.position)
        self.advance()
        node.position = token.position  # errors about a group point at its "("
        return node

    def enter(self, token: Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QueryError("too_deep", token.position, limit=MAX_DEPTH)


def parse_tree(query: str) -> Node:
    """Parse ``query`` into its node tree, or raise ``QueryError``."""
    return Parser(query).parse()
