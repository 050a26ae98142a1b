"""The checker's flags drawn on the words: every flagged span of the draft wrapped in a
``<mark>`` whose class says the kind and whose title says why, everything else escaped.

Spans of different kinds may overlap ("vous avez tort, c'est 100 % faux" is hostile and
blame at once): the text is cut at every span boundary and each piece is marked with all
the kinds that cover it.
"""

from __future__ import annotations

import itertools
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def marked(text: str, flags: list[dict[str, Any]], lang: str = "fr", field: str = "") -> SafeString:
    """HTML for ``text`` with the spans of ``flags`` (those of ``field``) marked."""
    spans: list[tuple[int, int, str, str]] = []
    for flag in flags:
        if flag.get("field", "") != field:
            continue
        reasons = {r["code"]: r.get(lang) or r.get("en") or r["code"] for r in flag["reasons"]}
        for span in flag["spans"]:
            start, end = int(span["start"]), int(span["end"])
            if 0 <= start < end <= len(text):
                spans.append((start, end, flag["kind"], reasons.get(span["reason"], "")))
    cuts = sorted({0, len(text), *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    out: list[str] = []
    for start, end in itertools.pairwise(cuts):
        piece = escape(text[start:end])
        covering = [s for s in spans if s[0] <= start and end <= s[1]]
        if not covering:
            out.append(piece)
            continue
        kinds = sorted({c[2] for c in covering})
        title = " · ".join(dict.fromkeys(f"{c[2]}: {c[3]}" for c in covering))
        classes = " ".join(f"flag-{k}" for k in kinds)
        out.append(f'<mark class="{classes}" title="{escape(title)}">{piece}</mark>')
    return mark_safe("".join(out))  # noqa: S308 (every piece of text was escaped above)
