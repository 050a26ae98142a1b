"""The vulnerability questionnaire: loading it, scoring answers, ordering the remediation plan.

Pure functions over the YAML file and plain dicts, so the scoring can be tested and reused
(API, command, demo) without a database.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import get_language

DATA = Path(__file__).parent / "data" / "questionnaire.yaml"

# Credit of each answer; "unknown" earns nothing: not knowing is a finding in itself.
CREDIT: dict[str, float] = {"yes": 1.0, "partly": 0.5, "no": 0.0, "unknown": 0.0}
ANSWERS = tuple(CREDIT)

# Weight of an automated check in the score, by how bad its status is.
CHECK_CREDIT: dict[str, float] = {"pass": 1.0, "warn": 0.5, "fail": 0.0}


@dataclass(frozen=True)
class Question:
    key: str
    category: str
    risk: int
    effort: int
    source: str
    text: dict[str, str]
    fix: dict[str, str]

    def text_in(self, lang: str | None = None) -> str:
        return pick(self.text, lang)

    def fix_in(self, lang: str | None = None) -> str:
        return pick(self.fix, lang)


@dataclass(frozen=True)
class PlanItem:
    """One thing to fix, from a question or an automated check."""

    key: str
    kind: str  # "question" or "check"
    risk: int
    effort: int
    title: str
    fix: str
    status: str  # the answer, or the check's status

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "kind": self.kind,
            "risk": self.risk,
            "effort": self.effort,
            "title": self.title,
            "fix": self.fix,
            "status": self.status,
        }


def pick(texts: dict[str, str], lang: str | None = None) -> str:
    """The text in the interface language (French first, English second)."""
    lang = (lang or get_language() or "fr")[:2]
    return texts.get(lang) or texts.get("fr") or texts.get("en") or ""


@functools.cache
def questions() -> tuple[Question, ...]:
    """Every question of the shipped questionnaire, checked once when first read."""
    document = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    rows = []
    for q in document["questions"]:
        if not (1 <= q["risk"] <= 5 and 1 <= q["effort"] <= 3):
            raise ValueError(f"question {q['key']}: risk 1-5 and effort 1-3")
        if not {"fr", "en"} <= set(q["text"]) or not {"fr", "en"} <= set(q["fix"]):
            raise ValueError(f"question {q['key']}: French and English are both required")
        rows.append(
            Question(
                key=q["key"],
                category=q["category"],
                risk=int(q["risk"]),
                effort=int(q["effort"]),
                source=q.get("source", ""),
                text=dict(q["text"]),
                fix=dict(q["fix"]),
            )
        )
    keys = [r.key for r in rows]
    if len(set(keys)) != len(keys):
        raise ValueError("question keys must be unique")
    return tuple(rows)


def clean_answers(raw: dict[str, Any]) -> dict[str, str]:
    """Keep only known questions and known answers (a form or an API body may hold more)."""
    known = {q.key for q in questions()}
    return {k: str(v) for k, v in raw.items() if k in known and str(v) in CREDIT}


def score(answers: dict[str, str], checks: list[dict[str, Any]] | None = None) -> int | None:
    """A score out of 100: risk-weighted credit of the answered questions and of the checks.

    Unanswered questions are left out (a half-done audit is scored on what it says), but an
    explicit "unknown" counts as a gap. None when nothing has been answered or checked.
    """
    earned = total = 0.0
    for q in questions():
        answer = answers.get(q.key)
        if answer in CREDIT:
            earned += q.risk * CREDIT[answer]
            total += q.risk
    for check in checks or []:
        if check.get("status") in CHECK_CREDIT:
            weight = float(check.get("risk", 2))
            earned += weight * CHECK_CREDIT[check["status"]]
            total += weight
    if total == 0:
        return None
    return round(100 * earned / total)


def plan(
    answers: dict[str, str], checks: list[dict[str, Any]] | None = None, lang: str | None = None
) -> list[PlanItem]:
    """What to fix first: every gap, the riskiest first, then the cheapest among equals.

    A "partly" answer or a warning keeps its risk: the plan orders by the harm a gap can do,
    the score already says how much is left.
    """
    items: list[PlanItem] = []
    for q in questions():
        answer = answers.get(q.key)
        if answer is not None and answer != "yes":
            items.append(
                PlanItem(
                    q.key, "question", q.risk, q.effort, q.text_in(lang), q.fix_in(lang), answer
                )
            )
    for check in checks or []:
        if check.get("status") in ("warn", "fail"):
            items.append(
                PlanItem(
                    check["key"],
                    "check",
                    int(check.get("risk", 2)),
                    int(check.get("effort", 1)),
                    pick(check.get("title", {}), lang),
                    pick(check.get("fix", {}), lang),
                    check["status"],
                )
            )
    worst = {"fail": 0, "no": 0, "unknown": 1, "warn": 2, "partly": 2}
    return sorted(items, key=lambda i: (-i.risk, i.effort, worst.get(i.status, 3), i.key))
