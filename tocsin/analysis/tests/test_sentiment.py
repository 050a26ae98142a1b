"""Sentiment on clear cases, in both languages and in the styles mentions come in."""

from __future__ import annotations

import pytest

from tocsin.analysis.services import analyze

CLEAR = [
    ("positive", "Merci à toute l'équipe, accompagnement excellent et très réactif !"),
    ("positive", "Super cabinet, je recommande vivement 👍"),
    ("positive", "Fantastic accountants, friendly and always on time. Highly recommended!"),
    ("negative", "Cabinet nul, aucune réponse depuis des semaines, à fuir !!!"),
    ("negative", "cabinet lamentable, des erreurs partout et personne pour repondre"),
    ("negative", "Worst accountants ever, rude and incompetent. Avoid."),
    ("neutral", "Le cabinet déménage dans de nouveaux locaux le 3 avril."),
    ("neutral", "The firm will publish its annual guide to payroll taxes next week."),
]


@pytest.mark.parametrize(("expected", "text"), CLEAR)
def test_clear_sentiment(expected: str, text: str) -> None:
    assert analyze(text).sentiment == expected


def test_score_sign_follows_the_label() -> None:
    assert analyze("Excellent service, merci beaucoup !").sentiment_score > 0.3
    assert analyze("Service honteux, une arnaque totale.").sentiment_score < -0.3


def test_negation_turns_praise_around() -> None:
    praised = analyze("Je suis satisfait du cabinet.").sentiment_score
    negated = analyze("Je ne suis pas du tout satisfait du cabinet.").sentiment_score
    assert negated < praised


def test_language_is_detected_or_taken_from_the_caller() -> None:
    assert analyze("Bonjour, le cabinet est fermé pendant les vacances de Noël.").lang == "fr"
    assert analyze("Hello, the office is closed over the Christmas holidays.").lang == "en"
    assert analyze("Das Büro ist über die Feiertage geschlossen, danke.").lang == "other"
    assert analyze("Texte quelconque", lang="en-GB").lang == "en"
