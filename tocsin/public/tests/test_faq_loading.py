"""FAQ files are validated with every problem named, so an editor can fix them at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from tocsin.public.faq import FaqError, faq_from_yaml, load_faq

DEV_FAQ = Path(__file__).resolve().parents[4] / "shared" / "data" / "faq-dev" / "faq.yaml"


def test_valid_faq_loads(faq_file: Path) -> None:
    faq = load_faq(faq_file)
    assert faq.crisis == "Fuite de données clients"
    assert [e.id for e in faq.entries] == ["what-happened", "refund", "passwords", "contact"]
    assert faq.entries[1].answers["en"].startswith("Yes")


@pytest.mark.skipif(not DEV_FAQ.exists(), reason="shared development data not present")
def test_development_faq_is_valid() -> None:
    assert len(load_faq(DEV_FAQ).entries) == 9


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("- a\n- b\n", "must be a mapping"),
        ("crisis: x\n", "entries: must be a non-empty list"),
        ("crisis: ''\nentries: []\n", "crisis: must be a non-empty text"),
        ("crisis: x\nentries: [3]\n", "entries[0]: must be a mapping"),
        (
            "crisis: x\nentries:\n  - {id: a, questions: [q], answers: {fr: r}}\n",
            "entries[0].answers.en: missing",
        ),
        (
            "crisis: x\nentries:\n  - {id: a, questions: [], answers: {fr: r, en: r}}\n",
            "entries[0].questions: must be a non-empty list",
        ),
        (
            "crisis: x\nentries:\n  - {id: a, questions: [q], answers: {fr: r, en: r, de: r}}\n",
            "unsupported language 'de'",
        ),
        (
            "crisis: x\nentries:\n  - {id: a, questions: [q], answers: {fr: r, en: r}}\n"
            "  - {id: a, questions: [q], answers: {fr: r, en: r}}\n",
            "entries[1].id: duplicate id 'a'",
        ),
        (
            "crisis: x\nentires: []\n",
            "unknown top-level key 'entires'",
        ),
        (
            "crisis: x\nentries:\n  - {id: 'a b', questions: [q], answers: {fr: r, en: r}}\n",
            "must not contain spaces",
        ),
        ("crisis: [unclosed\n", "not valid YAML"),
        ("crisis: 2026-13-45\n", "month must be in 1..12"),  # a date YAML cannot build
    ],
)
def test_invalid_faq_names_the_problem(text: str, problem: str) -> None:
    with pytest.raises(FaqError) as caught:
        faq_from_yaml(text)
    assert problem in str(caught.value)


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(FaqError) as caught:
        faq_from_yaml("crisis: ''\nentries:\n  - {id: '', questions: [], answers: {}}\n")
    assert len(caught.value.problems) >= 5


def test_unreadable_file_is_a_faq_error(tmp_path: Path) -> None:
    with pytest.raises(FaqError, match="cannot read"):
        load_faq(tmp_path / "missing.yaml")


def test_bot_for_yaml_reuses_one_bot_per_faq_text() -> None:
    from tocsin.public.faq import bot_for_yaml

    text = "crisis: x\nentries:\n  - {id: a, questions: [q], answers: {fr: r, en: r}}\n"
    assert bot_for_yaml(text) is bot_for_yaml(text)
    assert bot_for_yaml(text) is not bot_for_yaml(text + "\n")
    with pytest.raises(FaqError):
        bot_for_yaml("crisis: x\n")
