"""The issue's floors, held on the checker's own labelled drafts (not the shared dev set).

Every flag's recall at least 0.9 and no flag on at least 90 % of clean drafts. The sets were
written by the checker's authors, so passing here is necessary, not sufficient: the bench
(``bench/drafts.py``) reports the shared set and the held-out set beside a baseline.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tocsin.responses.checker import KINDS, FirmContext, check_draft

DATA = Path(__file__).resolve().parent.parent / "data"


def _drafts(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text("utf-8").splitlines() if line]


# eval_holdout5.jsonl is left out on purpose: it is the never-tuned estimate, below the
# floors; making a test pass on it would turn it into one more tuning set.
@pytest.mark.parametrize(
    "name", ["eval_drafts.jsonl", *(f"eval_holdout{n}.jsonl" for n in ("", "2", "3", "4"))]
)
def test_own_sets_meet_the_issue_floors(name: str) -> None:
    firm = FirmContext.from_file(DATA / "eval_firm.yaml")
    drafts = _drafts(name)
    found = dict.fromkeys(KINDS, 0)
    support = dict.fromkeys(KINDS, 0)
    clean = clean_flagged = 0
    for draft in drafts:
        got = {flag.kind for flag in check_draft(draft["text"], firm_context=firm)}
        for kind in draft["expect"]:
            support[kind] += 1
            found[kind] += kind in got
        if not draft["expect"]:
            clean += 1
            clean_flagged += bool(got)
    recalls = {kind: found[kind] / support[kind] for kind in KINDS if support[kind]}
    assert all(recall >= 0.9 for recall in recalls.values()), recalls
    assert clean_flagged / clean <= 0.10


def test_labels_use_only_known_kinds() -> None:
    for name in (
        "eval_drafts.jsonl",
        "eval_holdout.jsonl",
        "eval_holdout2.jsonl",
        "eval_holdout3.jsonl",
    ):
        for draft in _drafts(name):
            assert set(draft["expect"]) <= set(KINDS), draft
