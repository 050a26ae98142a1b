"""The interface every channel implements, the registry of channels, and how a message is
cut to a channel's limits.

A :class:`Publisher` sends one :class:`Outgoing` message and says where it landed. It may
be called again for the same publication after a failure: ``Outgoing.progress`` lists the
parts already out (thread posts, email recipients) and the adapter continues after them,
recording each new part with ``Outgoing.record`` as soon as the network said yes, so a
retry never sends a part twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

import regex

if TYPE_CHECKING:
    from tocsin.responses.models import Publication, PublishingAccount, Statement


class PublishError(Exception):
    """Sending failed; the message is shown on the publication. ``retryable`` failures
    (timeouts, 5xx, rate limits) are tried again with back-off; others need a person."""

    def __init__(
        self, message: str, *, retryable: bool = True, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after


@dataclass
class Outgoing:
    """What one publication sends: the approved words and where they go."""

    publication: Publication
    statement: Statement
    text: str
    translation: str
    language: str
    link: str
    account: PublishingAccount | None
    progress: list[str] = field(default_factory=list)
    on_part: Callable[[str], None] | None = None

    def record(self, part: str) -> None:
        """Remember that one part is out (saved at once by the runner)."""
        self.progress.append(part)
        if self.on_part is not None:
            self.on_part(part)


@dataclass
class Sent:
    url: str = ""


class Publisher:
    """Base of every channel adapter."""

    channel: ClassVar[str]
    #: Characters (or graphemes, see ``measure``) per post; 0 means no practical limit.
    limit: ClassVar[int] = 0
    #: Long texts become a thread of numbered posts rather than being refused.
    threads: ClassVar[bool] = False
    #: Sent inside the database transaction that marks the publication published (the
    #: crisis page is a database write: it is then exactly-once by construction).
    transactional: ClassVar[bool] = False

    def send(self, out: Outgoing) -> Sent:
        raise NotImplementedError

    def check(self, account: PublishingAccount) -> str:
        """Ask the network whether the stored token still works; returns who we are there.
        Raises :class:`PublishError` with what to fix."""
        return ""

    def measure(self, text: str) -> int:
        return len(text)

    def parts(self, text: str, link: str = "") -> list[str]:
        """The posts ``text`` becomes on this channel (one, or a thread)."""
        if not self.limit:
            return [_join(text, link)]
        return split_thread(text, self.limit, measure=self.measure, link=link)


_REGISTRY: dict[str, type[Publisher]] = {}


def register(cls: type[Publisher]) -> type[Publisher]:
    _REGISTRY[cls.channel] = cls
    return cls


def publisher_for(channel: str) -> Publisher:
    from tocsin.responses.publishers import (  # noqa: F401 (registration)
        bluesky,
        crisis_page,
        email,
        facebook,
        google_review,
        linkedin,
        mastodon,
        recorded,
        x,
    )

    try:
        return _REGISTRY[channel]()
    except KeyError:
        raise PublishError(f"no publisher for channel {channel!r}", retryable=False) from None


# --------------------------------------------------------------------------- measuring

URL = re.compile(r"https?://\S+")


def graphemes(text: str) -> int:
    """What Bluesky counts: user-perceived characters (an emoji with its modifiers is one)."""
    return len(regex.findall(r"\X", text))


def links_as(width: int) -> Callable[[str], int]:
    """A measure where every link counts ``width`` characters (X and Mastodon shorten them
    to 23 whatever their length)."""

    def measure(text: str) -> int:
        return len(URL.sub("x" * width, text))

    return measure


def _join(text: str, link: str) -> str:
    return f"{text.strip()}\n{link}" if link and link not in text else text.strip()


_SENTENCE = re.compile(r"(?<=[.!?…:;])\s+|\n+")


def split_thread(
    text: str, limit: int, *, measure: Callable[[str], int] = len, link: str = ""
) -> list[str]:
    """Cut ``text`` into posts of at most ``limit`` (as ``measure`` counts), at sentence
    ends where possible, then words, then characters; number them ``1/3`` when more than
    one; put ``link`` in the first post, where readers look.
    """
    whole = _join(text, link)
    if measure(whole) <= limit:
        return [whole]
    counter = len(" 99/99")
    pieces = [p.strip() for p in _SENTENCE.split(text.strip()) if p.strip()]
    tail = f"\n{link}" if link and link not in text else ""
    posts: list[str] = []
    current = ""
    for piece in pieces:
        budget = limit - counter - (measure(tail) if not posts else 0)
        for word_run in _fit(piece, budget, measure):
            candidate = f"{current} {word_run}".strip()
            if current and measure(candidate) > budget:
                posts.append(current)
                current = word_run
                budget = limit - counter
            else:
                current = candidate
    if current:
        posts.append(current)
    if tail:
        posts[0] += tail
    total = len(posts)
    return [f"{p} {i}/{total}" for i, p in enumerate(posts, 1)]


def _fit(piece: str, budget: int, measure: Callable[[str], int]) -> list[str]:
    """``piece`` as runs no longer than ``budget``: whole if it fits, else word by word, a
    word longer than the budget cut by graphemes."""
    if measure(piece) <= budget:
        return [piece]
    out: list[str] = []
    for word in piece.split():
        while measure(word) > budget:
            chars = regex.findall(r"\X", word)
            out.append("".join(chars[: budget - 1]) + "…")
            word = "".join(chars[budget - 1 :])
        out.append(word)
    return out


def error_text(payload: Any, fallback: str) -> str:
    """A short error message from a JSON error body, whatever its shape."""
    if isinstance(payload, dict):
        for key in ("detail", "message", "error_description", "title"):
            value = payload.get(key)
            if isinstance(value, str) and value:
                return value[:300]
        error = payload.get("error")
        if isinstance(error, dict):
            return str(error.get("message") or error)[:300]
        if isinstance(error, str):
            return error[:300]
        errors = payload.get("errors")
        if isinstance(errors, list) and errors and isinstance(errors[0], dict):
            return str(errors[0].get("message") or errors[0].get("detail") or errors[0])[:300]
    return fallback
