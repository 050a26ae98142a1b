"""Risk rises with what makes a crisis: its type, its tone, its reach, its growth."""

from __future__ import annotations

from tocsin.analysis.services import analyze

BREACH = "Fuite de données au cabinet : nos fiches de paie et nos RIB circulent sur internet."
NEUTRAL = "Le cabinet publie sa lettre d'information du mois sur la facturation électronique."


def test_high_reach_breach_outranks_a_neutral_post() -> None:
    breach = analyze(BREACH, reach=120_000, story_size=8)
    neutral = analyze(NEUTRAL, reach=120_000)
    assert breach.risk >= 70
    assert neutral.risk <= 30
    assert breach.risk > neutral.risk


def test_reach_growth_source_and_sensitive_words_each_raise_risk() -> None:
    base = analyze(BREACH).risk
    assert analyze(BREACH, reach=50_000).risk > base
    assert analyze(BREACH, story_size=10).risk > base
    assert analyze(BREACH, sensitive_words=["fiches de paie"]).risk > base
    assert analyze(BREACH, source_weight=2.0).risk > base
    assert analyze(BREACH, source_weight=0.3).risk < base


def test_risk_is_bounded_and_explained() -> None:
    worst = analyze(
        BREACH, reach=10**9, story_size=10**6, source_weight=50, sensitive_words=["cabinet"]
    )
    assert worst.risk == 100
    joined = " ".join(worst.reasons)
    for factor in ("crisis type", "negative tone", "reach", "story", "sensitive", "source weight"):
        assert factor in joined


def test_sensitive_words_match_without_case_or_accents() -> None:
    result = analyze(
        "Encore un problème avec le CABINET DUPONT et ses déclarations.", sensitive_words=["Dupont"]
    )
    assert any("Dupont" in reason for reason in result.reasons)
