"""Statement templates shipped as YAML under ``templates_data/`` (one file per crisis type,
French and English side by side), rendered with the firm's and the crisis's variables.

A template is written for one crisis type, one kind (holding statement, update, apology,
answer to a review, private letter), one channel family (``long``: crisis page, email,
LinkedIn, Facebook; ``short``: Mastodon, Bluesky, X; ``review``; ``letter``) and one
language. Variables are written ``{firm}``; an unknown variable stays as written, so a
drafter sees what to fill in rather than a crash.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).parent / "templates_data"
CHANNEL_FAMILIES = ("long", "short", "review", "letter")
LANGUAGES = ("fr", "en")
VARIABLES = (
    "firm",
    "contact_email",
    "contact_phone",
    "website",
    "page_url",
    "next_update",
    "signature",
    "date",
)


@dataclass(frozen=True)
class Template:
    key: str
    crisis_type: str
    kind: str
    channel: str
    language: str
    title: str
    text: str

    def render(self, variables: dict[str, Any]) -> str:
        return render(self.text, variables)


class _Keep(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(text: str, variables: dict[str, Any]) -> str:
    """Fill ``{name}`` placeholders; unknown or empty ones stay visible as ``{name}``."""
    values = _Keep({k: v for k, v in variables.items() if v not in (None, "")})
    names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    for name in names:
        if not name.isidentifier():
            raise ValueError(f"bad placeholder {{{name}}}")
    return text.format_map(values)


@cache
def all_templates() -> tuple[Template, ...]:
    """Every shipped template, read once per process."""
    found: list[Template] = []
    for path in sorted(DATA.glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        crisis_type = str(document["crisis_type"])
        for entry in document.get("templates", []):
            for language in LANGUAGES:
                body = entry.get(language)
                if not body:
                    continue
                found.append(
                    Template(
                        key=f"{crisis_type}.{entry['kind']}.{entry['channel']}.{language}",
                        crisis_type=crisis_type,
                        kind=str(entry["kind"]),
                        channel=str(entry["channel"]),
                        language=language,
                        title=str(body["title"]),
                        text=str(body["text"]).strip(),
                    )
                )
    return tuple(found)


def templates_for(
    crisis_type: str | None = None,
    *,
    kind: str | None = None,
    channel: str | None = None,
    language: str | None = None,
) -> list[Template]:
    """Templates matching every criterion given; a crisis type without its own templates
    falls back to those of ``other``."""
    rows = all_templates()
    if crisis_type is not None:
        typed = [t for t in rows if t.crisis_type == crisis_type]
        rows = tuple(typed or [t for t in rows if t.crisis_type == "other"])
    return [
        t
        for t in rows
        if (kind is None or t.kind == kind)
        and (channel is None or t.channel == channel)
        and (language is None or t.language == language)
    ]


def template(key: str) -> Template | None:
    return next((t for t in all_templates() if t.key == key), None)
