"""The chatbot answers with the right approved entry, in the asker's language."""

from __future__ import annotations

import pytest

from tocsin.public.faq import FaqBot


def test_answer_is_in_the_language_of_the_question(bot: FaqBot) -> None:
    french = bot.ask("Que s'est-il passé exactement ?")
    english = bot.ask("What happened exactly?")
    assert (french.answer_id, french.lang) == ("what-happened", "fr")
    assert (english.answer_id, english.lang) == ("what-happened", "en")
    assert french.answer == "Un serveur du cabinet a été piraté le 3 juin."
    assert english.answer == "One of the firm's servers was hacked on 3 June."


@pytest.mark.parametrize(
    "question",
    [
        "Will you refund my costs?",
        "do I get reimbursed for the expenses?",
    ],
)
def test_english_question_matches_french_only_examples(bot: FaqBot, question: str) -> None:
    reply = bot.ask(question)
    assert reply.answer_id == "refund"
    assert reply.lang == "en"
    assert reply.answer == "Yes, costs incurred because of the incident are refunded."


def test_french_question_matches_english_only_examples(bot: FaqBot) -> None:
    reply = bot.ask("Dois-je modifier mon mot de passe ?")
    assert (reply.answer_id, reply.lang, reply.escalate) == ("passwords", "fr", False)


@pytest.mark.parametrize(
    "question",
    [
        "vous allez me rembourcer les frais ?",  # typo
        "VOUS ALLEZ ME REMBOURSER LES FRAIS ?",  # shouting, one question is not anger
        "remboursement des frais svp",  # telegraphic
        "jveux etre rembourse des frais",  # SMS spelling, no accents
    ],
)
def test_typos_caps_and_missing_accents_still_match(bot: FaqBot, question: str) -> None:
    reply = bot.ask(question)
    assert (reply.answer_id, reply.escalate, reply.lang) == ("refund", False, "fr")


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("Quel est le taux de TVA sur la restauration ?", "fr"),
        ("Vous recrutez des stagiaires ?", "fr"),
        ("What's the weather in Lyon tomorrow?", "en"),
    ],
)
def test_out_of_scope_is_refused_with_contact_and_page(
    bot: FaqBot, question: str, lang: str
) -> None:
    reply = bot.ask(question)
    assert reply.answer_id is None
    assert reply.escalate is False
    assert reply.lang == lang
    assert "01 02 03 04 05" in reply.answer
    assert "https://cabinet.example/crise" in reply.answer


def test_refusal_quotes_the_contact_entry_when_no_contact_is_configured(faq: object) -> None:
    from tocsin.public.faq import Faq

    assert isinstance(faq, Faq)
    reply = FaqBot(faq).ask("Vous recrutez des stagiaires ?")
    assert reply.answer_id is None
    assert "Appelez la cellule au 01 02 03 04 05." in reply.answer


@pytest.mark.parametrize(
    "question",
    [
        "Vous êtes des incompétents, c'est inadmissible !",
        "Je vais porter plainte contre le cabinet",
        "My lawyer will be in touch.",
        "this is a disgrace, I'm telling everyone",
        "Je veux parler à un humain",
        "can I talk to a real person please",
        "TROIS SEMAINES ET TOUJOURS RIEN !!!",
    ],
)
def test_upset_threat_or_demand_for_a_person_escalates(bot: FaqBot, question: str) -> None:
    reply = bot.ask(question)
    assert reply.escalate is True
    assert reply.answer_id is None
    person = "membre du cabinet" if reply.lang == "fr" else "member of the firm"
    assert person in reply.answer


def test_asking_for_a_lawyer_recommendation_is_not_a_threat(bot: FaqBot) -> None:
    reply = bot.ask("Can you recommend a good lawyer?")
    assert (reply.answer_id, reply.escalate) == (None, False)


def test_polite_request_to_talk_is_answered_by_the_contact_entry(bot: FaqBot) -> None:
    reply = bot.ask("je voudrais parler à quelqu'un")
    assert (reply.answer_id, reply.escalate) == ("contact", False)


def test_polite_request_to_talk_escalates_when_no_entry_tells_how() -> None:
    from tocsin.public.faq import faq_from_yaml

    faq = faq_from_yaml(
        "crisis: x\nentries:\n  - id: a\n    questions: ['Que s''est-il passé ?']\n"
        "    answers: {fr: Ceci., en: This.}\n"
    )
    reply = FaqBot(faq).ask("I would like to speak to someone")
    assert (reply.answer_id, reply.escalate, reply.lang) == (None, True, "en")


def test_unknown_word_is_corrected_towards_the_faq_vocabulary(bot: FaqBot) -> None:
    # "remboursés" is in the refund answer; "rembourssés" is not a lexicon word.
    reply = bot.ask("les frais seront rembourssés ?")
    assert reply.answer_id == "refund"


def test_misspelt_insult_still_escalates(bot: FaqBot) -> None:
    reply = bot.ask("vous etes des incompetant")
    assert reply.escalate is True


def test_general_tax_question_sharing_a_topic_is_refused() -> None:
    from tocsin.public.faq import faq_from_yaml

    faq = faq_from_yaml(
        "crisis: Erreur de paie\nentries:\n  - id: other\n"
        "    questions: ['Mes déclarations fiscales sont-elles aussi touchées ?']\n"
        "    answers: {fr: Non., en: No.}\n"
    )
    bot = FaqBot(faq)
    assert bot.ask("Are my tax returns affected as well?").answer_id == "other"
    assert bot.ask("What is the corporate tax rate in France?").answer_id is None
