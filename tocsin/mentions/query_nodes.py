"""The compiled form of a watch query: a small tree evaluated against a ``PreparedText``.

Every node answers ``test`` (does it hold? the fast path, no allocation for a plain word)
and ``collect`` (does it hold, and which words made it hold, for highlighting; run only once
a query is known to match). Positional nodes (words, phrases, proximity, ``NEAR`` and OR
groups of those) also give their occurrences as inclusive word-position spans, which is what
``NEAR`` measures distances between.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from collections.abc import Iterator

from tocsin.mentions.query_text import PreparedText

Span = tuple[int, int]  # first and last word position, inclusive
Hit = tuple[int, int, str]  # first and last word position, and the term's normalised form
Occurrence = tuple[int, int, tuple[Hit, ...]]

# Rendering precedence: a child is parenthesised when it binds more loosely than its slot.
MAX_PAIRS = 5_000
OR_LEVEL, AND_LEVEL, NOT_LEVEL, NEAR_LEVEL, LEAF_LEVEL = 1, 2, 3, 4, 5


class Node:
    """A query node; ``position`` is its character offset in the query, for errors."""

    __slots__ = ("position",)
    level = LEAF_LEVEL
    positional = False

    def __init__(self, position: int) -> None:
        self.position = position

    def test(self, text: PreparedText) -> bool:
        raise NotImplementedError

    def collect(self, text: PreparedText, hits: list[Hit]) -> bool:
        """Like ``test``, appending the hits that make it hold (none when it does not)."""
        raise NotImplementedError

    def spans(self, text: PreparedText) -> list[Span]:
        """Occurrences, sorted; only for positional nodes."""
        raise TypeError(f"{type(self).__name__} has no position")

    def occurrences(self, text: PreparedText) -> list[Occurrence]:
        """Occurrences with the hits inside each; only for positional nodes."""
        raise TypeError(f"{type(self).__name__} has no position")

    def anchored(self) -> bool:
        """True when the node can only hold if some positive term occurs in the text."""
        return True

    def positive_terms(self) -> Iterator[str]:
        raise NotImplementedError

    def render(self) -> str:
        raise NotImplementedError

    def wrap(self, minimum: int) -> str:
        text = self.render()
        return f"({text})" if self.level < minimum else text


class Positional(Node):
    """A node that occurs at word positions: holds when it occurs at least once."""

    __slots__ = ()
    positional = True

    def test(self, text: PreparedText) -> bool:
        return bool(self.spans(text))

    def collect(self, text: PreparedText, hits: list[Hit]) -> bool:
        found = self.occurrences(text)
        for _first, _last, parts in found:
            hits.extend(parts)
        return bool(found)


class Word(Positional):
    """One word, or a prefix (``compta*``) when ``prefix`` is set.

    A word is compared by stem (plural-insensitive), a prefix by fold: ``compta*`` must find
    ``comptables`` whole, not the stem of the prefix.
    """

    __slots__ = ("fold", "prefix", "stem")

    def __init__(self, position: int, fold: str, stem: str, prefix: bool = False) -> None:
        super().__init__(position)
        self.fold = fold
        self.stem = stem
        self.prefix = prefix

    def positions(self, text: PreparedText) -> list[int]:
        if self.prefix:
            return text.prefix_positions(self.fold)
        return text.positions(self.stem)

    def test(self, text: PreparedText) -> bool:
        if self.prefix:
            return bool(text.prefix_positions(self.fold))
        return self.stem in text.present

    def spans(self, text: PreparedText) -> list[Span]:
        return [(p, p) for p in self.positions(text)]

    def occurrences(self, text: PreparedText) -> list[Occurrence]:
        label = self.render()
        return [(p, p, ((p, p, label),)) for p in self.positions(text)]

    def key(self) -> tuple[str, bool]:
        return (self.fold if self.prefix else self.stem, self.prefix)

    def positive_terms(self) -> Iterator[str]:
        yield self.render()

    def render(self) -> str:
        return f"{self.fold}*" if self.prefix else self.fold


class Phrase(Positional):
    """Consecutive words (``"cabinet dupont"``, or ``experts-comptables`` unquoted)."""

    __slots__ = ("words",)

    def __init__(self, position: int, words: tuple[Word, ...]) -> None:
        super().__init__(position)
        self.words = words

    def test(self, text: PreparedText) -> bool:
        words = self.words
        if not all(word.test(text) for word in words):
            return False
        if not any(word.prefix for word in words):
            bigrams = text.bigrams
            pairs = itertools.pairwise(words)
            if not all((a.stem, b.stem) in bigrams for a, b in pairs):
                return False
            if len(words) == 2:
                return True
        return bool(self.spans(text))

    def spans(self, text: PreparedText) -> list[Span]:
        first = self.words[0].positions(text)
        if not first:
            return []
        followers: list[set[int] | list[int]] = []
        for word in self.words[1:]:
            found = word.positions(text)
            if not found:
                return []
            followers.append(set(found) if len(found) > 4 else found)
        last = len(self.words) - 1
        return [
            (p, p + last)
            for p in first
            if all(p + i in follower for i, follower in enumerate(followers, 1))
        ]

    def occurrences(self, text: PreparedText) -> list[Occurrence]:
        label = self.render()
        return [(a, b, ((a, b, label),)) for a, b in self.spans(text)]

    def positive_terms(self) -> Iterator[str]:
        yield self.render()

    def render(self) -> str:
        return '"' + " ".join(word.render() for word in self.words) + '"'


class Within(Positional):
    """``"w1 w2 ..."~N``: every word, in any order, with at most N other words among them."""

    __slots__ = ("distance", "words")

    def __init__(self, position: int, words: tuple[Word, ...], distance: int) -> None:
        super().__init__(position)
        self.words = words
        self.distance = distance

    def spans(self, text: PreparedText) -> list[Span]:
        merged: list[tuple[int, int]] = []
        for i, word in enumerate(self.words):
            found = word.positions(text)
            if not found:
                return []
            merged.extend((p, i) for p in found)
        merged.sort()
        # Smallest windows holding every word (the classic two-pointer cover).
        needed = len(self.words)
        counts = [0] * needed
        have = left = 0
        out: list[Span] = []
        for position, i in merged:
            if counts[i] == 0:
                have += 1
            counts[i] += 1
            while have == needed:
                start, j = merged[left]
                if counts[j] > 1:
                    counts[j] -= 1
                    left += 1
                    continue
                if position - start - (needed - 1) <= self.distance:
                    out.append((start, position))
                break
        return out

    def occurrences(self, text: PreparedText) -> list[Occurrence]:
        out: list[Occurrence] = []
        positions = [word.positions(text) for word in self.words]
        for first, last in self.spans(text):
            parts: list[Hit] = []
            for word, found in zip(self.words, positions, strict=True):
                low, high = bisect_left(found, first), bisect_right(found, last)
                parts.extend((p, p, word.render()) for p in found[low:high])
            out.append((first, last, tuple(parts)))
        return out

    def positive_terms(self) -> Iterator[str]:
        for word in self.words:
            yield word.render()

    def render(self) -> str:
        inner = " ".join(word.render() for word in self.words)
        return f'"{inner}"~{self.distance}'


def _pairs(left: list[Span], right: list[Span], distance: int) -> Iterator[tuple[int, int]]:
    """Index pairs of non-overlapping spans with at most ``distance`` words between them.

    ``right`` is sorted by start; a bisect bounds the candidates for each left span, and the
    pairs stop at ``MAX_PAIRS``: a hostile text repeating a word thousands of times costs
    milliseconds, and only its highlighting (or a NEAR chained on it) sees fewer pairs.
    """
    if not left or not right:
        return
    budget = MAX_PAIRS
    starts = [first for first, _last in right]
    longest = max(last - first for first, last in right)
    for i, (l_first, l_last) in enumerate(left):
        low = bisect_left(starts, l_first - distance - 1 - longest)
        high = bisect_right(starts, l_last + 1 + distance)
        for j in range(low, high):
            r_first, r_last = right[j]
            if r_first > l_last:
                gap = r_first - l_last - 1
            elif r_last < l_first:
                gap = l_first - r_last - 1
            else:
                continue  # overlapping occurrences are not "near" each other
            if gap <= distance:
                yield i, j
                budget -= 1
                if not budget:
                    return


class Near(Positional):
    """``left NEAR/N right``: both occur, in either order, at most N words apart."""

    __slots__ = ("distance", "left", "right")
    level = NEAR_LEVEL

    def __init__(self, position: int, left: Node, right: Node, distance: int) -> None:
        super().__init__(position)
        self.left = left
        self.right = right
        self.distance = distance

    def test(self, text: PreparedText) -> bool:
        left = self.left.spans(text)
        if not left:
            return False
        return next(_pairs(left, self.right.spans(text), self.distance), None) is not None

    def spans(self, text: PreparedText) -> list[Span]:
        left = self.left.spans(text)
        if not left:
            return []
        right = self.right.spans(text)
        found = {
            (min(left[i][0], right[j][0]), max(left[i][1], right[j][1]))
            for i, j in _pairs(left, right, self.distance)
        }
        return sorted(found)

    def occurrences(self, text: PreparedText) -> list[Occurrence]:
        left = self.left.occurrences(text)
        if not left:
            return []
        right = self.right.occurrences(text)
        out: dict[Span, tuple[Hit, ...]] = {}
        bounds = [(a[0], a[1]) for a in right]
        for i, j in _pairs([(a[0], a[1]) for a in left], bounds, self.distance):
            a, b = left[i], right[j]
            out.setdefault((min(a[0], b[0]), max(a[1], b[1])), a[2] + b[2])
        return [(first, last, parts) for (first, last), parts in sorted(out.items())]

    def positive_terms(self) -> Iterator[str]:
        yield from self.left.positive_terms()
        yield from self.right.positive_terms()

    def render(self) -> str:
        return f"{self.left.wrap(NEAR_LEVEL)} NEAR/{self.distance} {self.right.wrap(LEAF_LEVEL)}"


class Not(Node):
    """``NOT x``, ``-x`` or ``SAUF x``: holds when ``x`` does not; never highlights."""

    __slots__ = ("child",)
    level = NOT_LEVEL

    def __init__(self, position: int, child: Node) -> None:
        super().__init__(position)
        self.child = child

    def test(self, text: PreparedText) -> bool:
        return not self.child.test(text)

    def collect(self, text: PreparedText, hits: list[Hit]) -> bool:
        return not self.child.test(text)

    def anchored(self) -> bool:
        return False

    def positive_terms(self) -> Iterator[str]:
        return iter(())

    def render(self) -> str:
        return f"NOT {self.child.wrap(NOT_LEVEL)}"


class And(Node):
    """Every child holds. Negations are tried last: they are the rarely decisive ones."""

    __slots__ = ("children", "order")
    level = AND_LEVEL

    def __init__(self, position: int, children: tuple[Node, ...]) -> None:
        super().__init__(position)
        self.children = children
        self.order = tuple(sorted(children, key=lambda child: isinstance(child, Not)))

    def test(self, text: PreparedText) -> bool:
        return all(child.test(text) for child in self.order)

    def collect(self, text: PreparedText, hits: list[Hit]) -> bool:
        mark = len(hits)
        for child in self.order:
            if not child.collect(text, hits):
                del hits[mark:]
                return False
        return True

    def anchored(self) -> bool:
        return any(child.anchored() for child in self.children)

    def positive_terms(self) -> Iterator[str]:
        for child in self.children:
            yield from child.positive_terms()

    def render(self) -> str:
        return " AND ".join(child.wrap(AND_LEVEL) for child in self.children)


class Or(Node):
    """Any child holds; positional (usable under NEAR) when every child is."""

    __slots__ = ("children", "positional")
    level = OR_LEVEL

    def __init__(self, position: int, children: tuple[Node, ...]) -> None:
        super().__init__(position)
        self.children = children
        self.positional = all(child.positional for child in children)

    def test(self, text: PreparedText) -> bool:
        return any(child.test(text) for child in self.children)

    def collect(self, text: PreparedText, hits: list[Hit]) -> bool:
        # Every true branch is collected, not just the first, so that all the reasons a
        # mention matched are highlighted.
        held = False
        for child in self.children:
            if child.collect(text, hits):
                held = True
        return held

    def spans(self, text: PreparedText) -> list[Span]:
        return sorted(span for child in self.children for span in child.spans(text))

    def occurrences(self, text: PreparedText) -> list[Occurrence]:
        return sorted(found for child in self.children for found in child.occurrences(text))

    def anchored(self) -> bool:
        return all(child.anchored() for child in self.children)

    def positive_terms(self) -> Iterator[str]:
        for child in self.children:
            yield from child.positive_terms()

    def render(self) -> str:
        return " OR ".join(child.wrap(AND_LEVEL) for child in self.children)


def unanchored_part(node: Node) -> Node | None:
    """The outermost part that lets ``node`` hold with no positive term, for the error."""
    if node.anchored():
        return None
    if isinstance(node, Or):
        for child in node.children:
            if not child.anchored():
                return unanchored_part(child)
    if isinstance(node, And):
        return node.children[0]
    return node
