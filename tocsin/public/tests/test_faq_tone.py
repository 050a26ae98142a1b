"""Hand-over cues look for the act (threatening, insulting), not the topic."""

from __future__ import annotations

import pytest

from tocsin.public.faq_tone import read_tone


@pytest.mark.parametrize(
    "question",
    [
        "Avez-vous porté plainte après le piratage ?",
        "did you file a police complaint?",
        "faut-il redéposer les comptes au tribunal de commerce ?",
        "Can you recommend a good lawyer?",
        "how can I trust you won't do this again?",
        "Est-ce une erreur humaine ?",
        "Quand est-ce que ce sera réglé ?",
    ],
)
def test_questions_about_the_topic_do_not_escalate(question: str) -> None:
    assert read_tone(question).escalate is False


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("Je vais porter plainte contre le cabinet", "threat"),
        ("on se verra au tribunal", "threat"),
        ("I'm calling my lawyer", "threat"),
        ("bande d'escrocs", "insult or anger"),
        ("THIS IS UNACCEPTABLE", "insult or anger"),
        ("toujours rien depuis trois semaines !!", "impatience"),
        ("je veux parler à un humain", "asks for a person"),
    ],
)
def test_threats_insults_impatience_and_demands_escalate(question: str, reason: str) -> None:
    tone = read_tone(question)
    assert tone.escalate is True
    assert reason in tone.reasons


def test_polite_wish_to_talk_is_not_a_demand() -> None:
    tone = read_tone("je voudrais parler à quelqu'un")
    assert (tone.escalate, tone.asks_contact) == (False, True)
