"""Code of ethics (art. 152) and the Tracfin non-disclosure duty."""

from __future__ import annotations

from tocsin.responses.tests.conftest import kinds


def test_comparison_with_other_firms_is_ethics() -> None:
    assert "ethics" in kinds("Contrairement à d'autres cabinets, nous répondons vite.")
    assert "ethics" in kinds("Unlike other firms, we answer our phone.")


def test_disparaging_a_previous_accountant_is_ethics() -> None:
    assert "ethics" in kinds("Votre précédent expert-comptable avait tout mélangé.")


def test_unverifiable_superlative_is_ethics() -> None:
    assert "ethics" in kinds("Nous sommes le meilleur cabinet de Brest.")
    assert "ethics" in kinds("We are the number one payroll firm.")


def test_saying_a_suspicion_report_was_not_filed_is_ethics() -> None:
    assert "ethics" in kinds("Aucune déclaration de soupçon n'a été faite.")
    assert "ethics" in kinds("No suspicious activity report was filed.")


def test_best_delay_is_not_self_praise() -> None:
    assert kinds("Nous vous répondrons dans les meilleurs délais.") == set()


def test_telling_the_authorities_about_doubts_is_ethics() -> None:
    assert "ethics" in kinds("We informed the authorities of our doubts about this client.")


def test_reporting_a_cyberattack_to_the_police_is_clean() -> None:
    assert kinds("We reported the intrusion to the police and notified the regulator.") == set()
