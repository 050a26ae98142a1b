"""Calm drafts stay clean: a checker that flags everything is as useless as none."""

from __future__ import annotations

import pytest

from tocsin.responses.checker import FirmContext
from tocsin.responses.tests.conftest import kinds

CALM = [
    "Nous avons connaissance d'un incident sur les bulletins de paie d'avril. Nous analysons "
    "la situation et publierons un point à 17 h sur notre page d'information.",
    "Merci pour votre message. Nous comprenons votre inquiétude et revenons vers vous en privé.",
    "Une erreur a été commise de notre côté ; nous la corrigeons et vous présentons nos excuses.",
    "nous sommes desoles pour ce desagrement et vous tenons informes",
    "We are aware of an issue with April payslips. We are investigating and will post an "
    "update at 5 pm on our information page.",
    "Thank you for your message; we understand your concern and will reply privately.",
    "We made a mistake, we are correcting it, and we apologise to everyone affected.",
    "Les frais liés à la correction sont pris en charge par le cabinet.",
    "Nous ne commentons pas les situations individuelles en public.",
    "We would rather not discuss anyone's file in public; please send us a private message.",
]


@pytest.mark.parametrize("text", CALM)
def test_calm_holding_statement_is_clean(text: str) -> None:
    assert kinds(text) == set()


def test_statement_with_firm_contacts_and_partner_is_clean(firm: FirmContext) -> None:
    text = (
        "Claire Lemoine et Yann Kerbrat, associés du Cabinet Lemoine & Associés, répondront "
        "à vos questions au +33 2 98 11 22 33 ou à contact@lemoine-associes.fr, et nous "
        "recevons au 4 place de la Liberté, 29200 Brest."
    )
    assert kinds(text, firm) == set()


def test_empty_draft_is_clean() -> None:
    assert kinds("") == set()
    assert kinds("   \n") == set()
