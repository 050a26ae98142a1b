"""Check a public draft before anyone can approve it.

This is the one entry point the drafting UI, the approval service and the ``check-draft``
command call::

    from tocsin.responses.checker import check_draft

    flags = check_draft(text, lang="fr", firm_context={"clients": [...], "emails": [...]})
    [flag.to_dict() for flag in flags]

It is a set of explainable rules rather than a trained classifier: each flag must point at
the words that raised it and say why, in French and English, so the writer can fix the
draft, and a partner who overrides it knows exactly what he is overriding. The checker is
pure (no database, no network) and fast enough to run on every keystroke pause.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from tocsin.responses.checks.blame import BLAME
from tocsin.responses.checks.context import FirmContext
from tocsin.responses.checks.ethics import ETHICS
from tocsin.responses.checks.flags import KINDS, Flag, Hit, Reason, Span
from tocsin.responses.checks.hostile import HOSTILE
from tocsin.responses.checks.promises import OVERPROMISE
from tocsin.responses.checks.rules import apply_rules
from tocsin.responses.checks.secrecy import secrecy_hits
from tocsin.responses.checks.text import Draft, detect_language, fold

__all__ = ["KINDS", "FirmContext", "Flag", "Reason", "Span", "check_draft", "draft_language"]

LANGUAGES = ("fr", "en")
_RULES = [*HOSTILE, *BLAME, *OVERPROMISE, *ETHICS]


def draft_language(text: str) -> str:
    """``"fr"`` or ``"en"``: the language a draft is written in (French on a tie)."""
    return detect_language(fold(text))


def check_draft(
    text: str,
    *,
    lang: str | None = None,
    firm_context: FirmContext | Mapping[str, Any] | None = None,
) -> list[Flag]:
    """Return the problems in ``text``, one :class:`Flag` per kind, in ``KINDS`` order.

    ``lang`` (``"fr"``, ``"en"`` or ``None``) is validated but the French and English rules
    always both run: crisis drafts mix languages ("Bonjour, thank you...") and a rule that
    does not match costs nothing. ``firm_context`` (a :class:`FirmContext` or a dict with
    ``clients``, ``partners``, ``firm_name`` and ``contacts``/``emails``/``phones``/
    ``addresses``) makes client names flagged and the firm's own contacts allowed.
    An empty list means the checker found nothing; it never means a partner need not read.
    """
    if not isinstance(text, str):
        raise TypeError("text must be a string")
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES} or None, not {lang!r}")
    context = FirmContext.coerce(firm_context)
    draft = Draft(text)
    hits = [*apply_rules(_RULES, draft), *secrecy_hits(draft, context)]
    return _group(text, hits)


def _group(text: str, hits: Iterable[Hit]) -> list[Flag]:
    """One flag per kind; overlapping spans of one kind merge so each word is marked once."""
    by_kind: dict[str, list[Hit]] = {}
    for hit in hits:
        by_kind.setdefault(hit.kind, []).append(hit)
    flags: list[Flag] = []
    for kind in KINDS:
        kind_hits = sorted(by_kind.get(kind, ()), key=lambda h: (h.start, -(h.end - h.start)))
        merged: list[tuple[int, int, Reason]] = []
        for hit in kind_hits:
            if merged and hit.start < merged[-1][1]:
                start, end, reason = merged[-1]
                merged[-1] = (start, max(end, hit.end), reason)
            else:
                merged.append((hit.start, hit.end, hit.reason))
        if merged:
            spans = [Span(start, end, text[start:end], reason) for start, end, reason in merged]
            flags.append(Flag(kind=kind, spans=spans))
    return flags
