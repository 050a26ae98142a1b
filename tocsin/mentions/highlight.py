"""A mention's text as safe HTML with its matched watch-query terms marked."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from tocsin.mentions import query as wq
from tocsin.mentions.models import Mention


def highlighted(mention: Mention, limit: int = 4000) -> SafeString:
    """Escape everything; wrap the matched terms in <mark>.

    The stored terms are in the query language's normal form, so an OR of them finds the
    same words again, with the same folding (case, accents, plurals, elisions).
    """
    text = mention.text[:limit]
    terms = [t for t in mention.matched_terms if isinstance(t, str) and t.strip()]
    if terms:
        try:
            found = wq.parse(" OR ".join(terms)).match(text)
        except wq.QueryError:
            found = None
        if found is not None:
            return mark_safe(wq.highlight(text, found.spans))  # noqa: S308  (highlight escapes)
    return mark_safe(escape(text))  # noqa: S308  (escaped just above)
