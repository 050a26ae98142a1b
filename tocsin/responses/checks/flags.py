"""What the checker returns: flags of one kind, each pointing at the words that raised it.

The drafting UI underlines every span and shows its reason beside it, in the reviewer's
language (which is not always the draft's language), so each reason carries French and
English text and a stable code the UI and tests can rely on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

KINDS: tuple[str, ...] = ("hostile", "blame", "overpromise", "secrecy", "ethics")


@dataclass(frozen=True)
class Reason:
    """Why a span was flagged: a stable ``code`` plus the explanation in French and English."""

    code: str
    fr: str
    en: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "fr": self.fr, "en": self.en}


@dataclass(frozen=True)
class Span:
    """Characters ``text[start:end]`` of the draft (Python string offsets) and why."""

    start: int
    end: int
    text: str
    reason: Reason

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "reason": self.reason.code}


@dataclass(frozen=True)
class Hit:
    """One rule firing on one span; the checker groups hits into one :class:`Flag` per kind."""

    kind: str
    start: int
    end: int
    reason: Reason


@dataclass
class Flag:
    """Everything of one ``kind`` found in a draft: its spans, in text order, and its reasons."""

    kind: str
    spans: list[Span] = field(default_factory=list)

    @property
    def reasons(self) -> list[Reason]:
        """The distinct reasons behind the spans, in the order they first appear."""
        seen: dict[str, Reason] = {}
        for span in self.spans:
            seen.setdefault(span.reason.code, span.reason)
        return list(seen.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "spans": [span.to_dict() for span in self.spans],
            "reasons": [reason.to_dict() for reason in self.reasons],
        }
