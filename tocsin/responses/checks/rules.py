"""A lexical rule: a pattern plus the linguistic context that cancels it.

Most tone problems are carried by a few words, but the same words are harmless in other
contexts: "we cannot *guarantee*", "some called it a « *scandal* »", "your data will *never*
be sold". A rule therefore names what must not come just before or just after the match,
what its sentence must contain, and whether quoted (reported) speech counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from tocsin.responses.checks.flags import Hit, Reason
from tocsin.responses.checks.text import Draft


@dataclass(frozen=True)
class Rule:
    """One pattern of one kind; see :func:`rule` for the arguments."""

    kind: str
    reason: Reason
    pattern: re.Pattern[str]
    unless_before: re.Pattern[str] | None = None
    unless_after: re.Pattern[str] | None = None
    only_if_sentence: re.Pattern[str] | None = None
    unless_sentence: re.Pattern[str] | None = None
    on_original: bool = False
    skip_quoted: bool = True
    window: int = 45


def _compile(pattern: str | None, flags: int = 0) -> re.Pattern[str] | None:
    return re.compile(pattern, flags) if pattern else None


def rule(
    kind: str,
    code: str,
    fr: str,
    en: str,
    pattern: str,
    *,
    unless_before: str | None = None,
    unless_after: str | None = None,
    only_if_sentence: str | None = None,
    unless_sentence: str | None = None,
    on_original: bool = False,
    skip_quoted: bool = True,
    window: int = 45,
) -> Rule:
    """Build a rule. Patterns match the folded draft (lower case, no accents) unless
    ``on_original`` is set (for capitals and punctuation). A named group ``span`` narrows
    what is underlined. ``unless_before``/``unless_after`` look ``window`` folded characters
    around the match; ``only_if_sentence``/``unless_sentence`` test the folded sentence.
    """
    return Rule(
        kind=kind,
        reason=Reason(code=f"{kind}.{code}", fr=fr, en=en),
        pattern=re.compile(pattern),
        unless_before=_compile(unless_before),
        unless_after=_compile(unless_after),
        only_if_sentence=_compile(only_if_sentence),
        unless_sentence=_compile(unless_sentence),
        on_original=on_original,
        skip_quoted=skip_quoted,
        window=window,
    )


def apply_rules(rules: Sequence[Rule], draft: Draft) -> Iterator[Hit]:
    """Every hit of ``rules`` on ``draft``, in original-text offsets."""
    for current in rules:
        haystack = draft.text if current.on_original else draft.folded
        for match in current.pattern.finditer(haystack):
            group = "span" if "span" in current.pattern.groupindex and match.group("span") else 0
            m_start, m_end = match.start(group), match.end(group)
            if m_end <= m_start:
                continue
            if current.unless_before is not None:
                before = haystack[max(0, match.start() - current.window) : match.start()]
                if current.unless_before.search(before.lower()):
                    continue
            if current.unless_after is not None:
                after = haystack[match.end() : match.end() + current.window]
                if current.unless_after.search(after.lower()):
                    continue
            if current.on_original:
                start, end = m_start, m_end
            else:
                start, end = draft.original_span(m_start, m_end)
            if current.skip_quoted and draft.is_quoted(start, end):
                continue
            if current.only_if_sentence is not None or current.unless_sentence is not None:
                sentence = draft.sentence_at(start)
                if current.only_if_sentence and not current.only_if_sentence.search(sentence):
                    continue
                if current.unless_sentence and current.unless_sentence.search(sentence):
                    continue
            yield Hit(kind=current.kind, start=start, end=end, reason=current.reason)
