"""A mention's text as safe HTML with its matched watch-query terms marked."""

from __future__ import annotations

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from tocsin.mentions.models import Mention


def _fold(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c)
    )


def highlighted(mention: Mention, limit: int = 2000) -> SafeString:
    """Escape everything; wrap occurrences of the matched terms in <mark>.

    Folding keeps one character per character for Latin text, so positions found in the
    folded text are positions in the original.
    """
    text = mention.text[:limit]
    terms = [t for t in mention.matched_terms if isinstance(t, str) and t.strip()]
    folded = _fold(text)
    if not terms or len(folded) != len(text):
        return mark_safe(escape(text))  # noqa: S308  (escaped just above)
    pattern = re.compile(
        "|".join(re.escape(_fold(t).rstrip("*")) for t in sorted(terms, key=len, reverse=True))
    )
    out: list[str] = []
    last = 0
    for m in pattern.finditer(folded):
        if m.start() == m.end():
            continue
        out.append(escape(text[last : m.start()]))
        out.append(f"<mark>{escape(text[m.start() : m.end()])}</mark>")
        last = m.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308  (every piece is escaped)
