"""Template tags of the recovery stage: the public progress of corrective actions, for the
public crisis page's section (``recovery/_public_actions.html``)."""

from __future__ import annotations

from typing import Any

from django import template

from tocsin.crises.models import Crisis
from tocsin.recovery import services

register = template.Library()


@register.simple_tag
def public_actions(crisis: Crisis, lang: str) -> list[dict[str, Any]]:
    """:func:`services.public_progress` in one language: ``title``, ``state_label``,
    ``note`` are plain strings (French when no English text was written)."""
    lang = "en" if lang == "en" else "fr"
    rows = []
    for row in services.public_progress(crisis):
        note = row["note"]
        rows.append(
            {
                **row,
                "title": row["title"][lang],
                "state_label": row["state_label"][lang],
                "note": note[lang] if note else "",
                # Text left in French on the English page is marked so (WCAG 3.1.2).
                "title_lang": lang
                if lang == "fr" or row["title"]["en"] != row["title"]["fr"]
                else "fr",
                "note_lang": lang if not note or lang == "fr" or note["en"] != note["fr"] else "fr",
            }
        )
    return rows
