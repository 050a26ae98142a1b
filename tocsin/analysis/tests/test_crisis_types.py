"""Each crisis type is recognised on clear French and English mentions, with its words.

The sentences are written for these tests: none is in the training data or in mentions-dev.
"""

from __future__ import annotations

import pytest

from tocsin.analysis.services import analyze

CLEAR = [
    (
        "accounting_error",
        "fr",
        "Le cabinet s'est trompé de taux de TVA sur toutes nos factures, redressement en vue.",
    ),
    (
        "accounting_error",
        "en",
        "Our accountants made a mistake on the VAT return and we now owe a penalty.",
    ),
    (
        "data_breach",
        "fr",
        "Piratage du cabinet comptable : nos données personnelles et nos RIB ont fuité.",
    ),
    ("data_breach", "en", "The accounting firm was hacked and client data was leaked online."),
    (
        "inappropriate_communication",
        "fr",
        "L'associé du cabinet a insulté une cliente dans un commentaire sur LinkedIn. Honteux.",
    ),
    (
        "inappropriate_communication",
        "en",
        "The firm's partner posted an offensive joke about clients on Twitter.",
    ),
    (
        "client_dispute",
        "fr",
        "Le cabinet refuse de nous rendre nos documents et réclame des honoraires que nous contestons.",
    ),
    (
        "client_dispute",
        "en",
        "They overcharged us, ignore our emails and refuse to refund the fees we dispute.",
    ),
    (
        "supplier_outage",
        "fr",
        "Panne du logiciel de paie chez l'éditeur : le cabinet ne peut pas sortir les bulletins.",
    ),
    ("supplier_outage", "en", "The firm's software provider is down, so our payroll is delayed."),
    (
        "none",
        "fr",
        "Le cabinet organise une matinée d'information sur la création d'entreprise mardi.",
    ),
    ("none", "en", "The firm is hiring a junior accountant for its Lyon office."),
]


@pytest.mark.parametrize(("expected", "lang", "text"), CLEAR)
def test_clear_mention_gets_its_crisis_type(expected: str, lang: str, text: str) -> None:
    result = analyze(text)
    assert result.lang == lang
    assert result.crisis_type == expected


@pytest.mark.parametrize(("expected", "lang", "text"), [c for c in CLEAR if c[0] != "none"])
def test_crisis_type_comes_with_the_words_that_decided_it(
    expected: str, lang: str, text: str
) -> None:
    result = analyze(text)
    assert result.crisis_words, result
    folded = text.lower()
    # Every word shown must come from the text (accents aside), never from the model alone.
    for word in result.crisis_words:
        assert word.split()[0][:4] in _fold(folded), (word, text)
    assert any(expected in reason for reason in result.reasons)


def _fold(text: str) -> str:
    from tocsin.analysis.text import strip_accents

    return strip_accents(text)
