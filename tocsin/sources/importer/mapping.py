"""Which column holds what: guessed from the header names, corrected by the person importing.

The names Tocsin recognises (French and English headings, and the columns of the Mention,
Talkwalker and Brandwatch exports) are kept in ``data/headers.json``, most telling first: a
Brandwatch export has both "Full Text" and "Snippet", and the full text is what we want.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

HEADERS_FILE = Path(__file__).parent / "data" / "headers.json"

#: The fields of a mention an import can fill, in the order the wizard shows them.
FIELDS: dict[str, Any] = {
    "text": _("Text"),
    "title": _("Title"),
    "url": _("Address (URL)"),
    "author": _("Author"),
    "author_handle": _("Author's handle"),
    "reach": _("Reach (followers, audience)"),
    "rating": _("Rating (1 to 5)"),
    "published_at": _("Date"),
    "external_id": _("Id in the tool"),
    "lang": _("Language"),
}


@functools.cache
def known_names() -> tuple[dict[str, list[str]], dict[str, set[str]]]:
    """``(aliases by field, distinctive columns by tool)``, folded, from the data file."""
    data = _data()
    fields = {f: [fold(n) for n in names] for f, names in data["fields"].items()}
    tools = {t: {fold(n) for n in names} for t, names in data["tools"].items()}
    return fields, tools


@functools.cache
def _data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(HEADERS_FILE.read_text(encoding="utf-8"))
    return data


def overrides(tool: str) -> dict[str, list[str]]:
    """What the ambiguous columns of ``tool``'s export hold, folded."""
    found = _data().get("overrides", {}).get(tool, {})
    return {f: [fold(n) for n in names] for f, names in found.items()}


def fold(name: str) -> str:
    """``"Date de publication "`` → ``"date de publication"``; ``"extra_author_attributes.name"``
    → ``"extra author attributes name"``; ``"Reach (new)"`` → ``"reach new"``."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    return " ".join(re.split(r"[^a-z0-9]+", text)).strip()


@dataclass
class Mapping:
    """Field name → column index. A field left out is not imported."""

    columns: dict[str, int] = field(default_factory=dict)
    tool: str = ""  # the tool whose export this looks like, when one is recognised

    def get(self, row: Sequence[str], name: str) -> str:
        index = self.columns.get(name)
        if index is None or index >= len(row):
            return ""
        return row[index].strip()

    def as_initial(self) -> dict[str, str]:
        return {name: str(index) for name, index in self.columns.items()}


def guess_mapping(headers: Sequence[str]) -> Mapping:
    """The likely column of each field, from the header names (each column used once)."""
    aliases, _tools = known_names()
    tool = detect_tool(headers)
    folded = [fold(h) for h in headers]
    taken: set[int] = set()
    columns: dict[str, int] = {}
    # A known tool's own meaning of a column first; then, field by field in the order of
    # FIELDS, the first alias (most telling first) that names a column not yet taken.
    for name, names in overrides(tool).items():
        index = next((i for i, h in enumerate(folded) if h in names), None)
        if index is not None:
            columns[name] = index
            taken.add(index)
    for name in FIELDS:
        if name in columns:
            continue
        for alias in aliases.get(name, []):
            index = next((i for i, h in enumerate(folded) if h == alias and i not in taken), None)
            if index is not None:
                columns[name] = index
                taken.add(index)
                break
    return Mapping(columns=columns, tool=tool)


def detect_tool(headers: Iterable[str]) -> str:
    """ "Brandwatch", "Talkwalker", "Mention", or "" for an ordinary spreadsheet."""
    _aliases, tools = known_names()
    folded = {fold(h) for h in headers}
    scores = {tool: len(folded & names) for tool, names in tools.items()}
    best = max(scores, key=lambda t: scores[t], default="")
    return best if best and scores[best] >= 2 else ""


def known_header_score(row: Sequence[str]) -> int:
    """How many cells of ``row`` are column names Tocsin knows: the header row scores best."""
    aliases, _tools = known_names()
    every = {a for names in aliases.values() for a in names}
    return sum(1 for cell in row if cell and fold(cell) in every)
