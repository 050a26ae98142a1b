"""What a flag looks like: spans on the writer's own text, reasons in French and English."""

from __future__ import annotations

import pytest

from tocsin.responses.checker import KINDS, check_draft, draft_language


def test_spans_point_at_the_original_words_despite_ligatures_and_accents() -> None:
    text = "Œuvre collective : nous GARANTISSONS un résultat parfait."
    flag = next(f for f in check_draft(text) if f.kind == "overpromise")
    assert [span.text for span in flag.spans] == ["GARANTISSONS", "parfait"]
    for span in flag.spans:
        assert text[span.start : span.end] == span.text


def test_one_flag_per_kind_in_a_stable_order() -> None:
    text = "C'est la faute de l'URSSAF, mais nous garantissons que tout sera réglé, M. Roux."
    flags = check_draft(text)
    assert [f.kind for f in flags] == ["blame", "overpromise", "secrecy"]
    assert [f.kind for f in flags] == sorted((f.kind for f in flags), key=KINDS.index)


def test_reasons_are_in_french_and_english_with_a_code() -> None:
    (flag,) = check_draft("Nous garantissons un résultat.")
    (reason,) = flag.reasons
    assert reason.code == "overpromise.guarantee"
    assert "Garantie" in reason.fr and "Guarantee" in reason.en
    as_dict = flag.to_dict()
    assert as_dict["spans"][0] == {
        "start": 5,
        "end": 17,
        "text": "garantissons",
        "reason": "overpromise.guarantee",
    }


def test_secrecy_reason_cites_the_law() -> None:
    (flag,) = check_draft("Mme Kervella a été remboursée.")
    assert "226-13" in flag.reasons[0].fr and "226-13" in flag.reasons[0].en


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError):
        check_draft("Hallo", lang="de")


def test_language_is_detected_without_accents() -> None:
    assert draft_language("nous sommes desoles pour la gene") == "fr"
    assert draft_language("we are sorry for the trouble") == "en"
