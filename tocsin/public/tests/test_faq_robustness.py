"""Whatever a visitor types, the bot answers with approved text or a refusal, never crashes."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tocsin.public.faq import Faq, FaqBot

WORDS = st.sampled_from(
    [
        "paie",
        "salaire",
        "fuite",
        "données",
        "remboursement",
        "erreur",
        "plainte",
        "avocat",
        "humain",
        "quand",
        "refund",
        "leak",
        "data",
        "lawyer",
        "when",
        "!!!",
        "???",
        "é",
        "ç",
        "'",
        "-",
        "l'",
        "qu'",
        "n't",
        "URSSAF",
        "TVA",
        "RIB",
        "fiche de paye",
    ]
)
QUESTIONS = st.one_of(st.text(max_size=300), st.lists(WORDS, max_size=12).map(" ".join))


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(question=QUESTIONS)
def test_any_text_gets_a_well_formed_reply(bot: FaqBot, faq: Faq, question: str) -> None:
    reply = bot.ask(question)
    assert reply.lang in ("fr", "en")
    assert reply.answer
    if reply.answer_id is not None:
        entry = next(e for e in faq.entries if e.id == reply.answer_id)
        assert reply.answer == entry.answers[reply.lang]
        assert not reply.escalate


def test_huge_input_is_cut_not_rejected(bot: FaqBot) -> None:
    reply = bot.ask("remboursement " * 100_000)
    assert reply.answer_id == "refund"
