"""Professional secrecy: people, clients, contact details, identifiers and amounts."""

from __future__ import annotations

from tocsin.responses.checker import FirmContext, check_draft
from tocsin.responses.checks.identifiers import iban_valid, luhn_valid, nir_valid, siret_valid
from tocsin.responses.tests.conftest import kinds


def _secrecy_texts(text: str, firm: FirmContext | None = None) -> list[str]:
    flags = [f for f in check_draft(text, firm_context=firm) if f.kind == "secrecy"]
    return [span.text for flag in flags for span in flag.spans]


def test_person_after_civility_title_is_secrecy() -> None:
    assert _secrecy_texts("Nous avons rappelé Mme Le Goff hier.") == ["Mme Le Goff"]
    assert _secrecy_texts("Mr O'Brien's file is being corrected.") == ["Mr O'Brien's"]


def test_first_name_and_surname_is_secrecy() -> None:
    assert _secrecy_texts("Pour répondre à Nathalie Guérin : c'est corrigé.") == ["Nathalie Guérin"]


def test_salutation_without_a_name_is_clean() -> None:
    assert kinds("Madame, Monsieur, nous revenons vers vous.") == set()
    assert kinds("Dear Sir or Madam, we are writing to you.") == set()


def test_partner_signature_is_allowed(firm: FirmContext) -> None:
    assert kinds("Claire Lemoine, associée, répondra jeudi.", firm) == set()
    assert kinds("M. Kerbrat animera la réunion.", firm) == set()


def test_client_from_the_firm_list_is_secrecy(firm: FirmContext) -> None:
    assert _secrecy_texts("La boucherie tanguy a été prévenue.", firm) == ["boucherie tanguy"]
    assert "secrecy" in kinds("Kestrel Marine confirmed it.", firm)


def test_client_list_is_unknown_without_firm_context() -> None:
    assert kinds("Odile a été prévenue.") == set()


def test_business_with_legal_form_is_secrecy() -> None:
    assert _secrecy_texts("Les salariés de Menuiserie Caradec SARL seront payés.") == [
        "Menuiserie Caradec SARL"
    ]


def test_confirming_a_client_relationship_is_secrecy() -> None:
    assert "secrecy" in kinds("Oui, cette société fait partie de nos clients.")
    assert "secrecy" in kinds("We confirm that the bakery is one of our clients.")


def test_firm_public_email_is_allowed(firm: FirmContext) -> None:
    assert kinds("Écrivez-nous à contact@lemoine-associes.fr.", firm) == set()


def test_other_email_is_secrecy(firm: FirmContext) -> None:
    assert _secrecy_texts("Écrivez à y.morvan@orange.fr.", firm) == ["y.morvan@orange.fr"]


def test_firm_public_phone_is_allowed_in_any_format(firm: FirmContext) -> None:
    assert kinds("Appelez le 02 98 11 22 33.", firm) == set()
    assert kinds("Call +33 2 98 11 22 33.", firm) == set()
    assert kinds("Call 02.98.11.22.33.", firm) == set()


def test_mobile_number_is_secrecy(firm: FirmContext) -> None:
    assert _secrecy_texts("Elle est joignable au 06 71 82 93 04.", firm) == ["06 71 82 93 04"]


def test_firm_address_is_allowed_but_another_is_not(firm: FirmContext) -> None:
    assert kinds("Rendez-vous au 4 place de la Liberté.", firm) == set()
    assert "secrecy" in kinds("Le client habite 7 rue des Mouettes.", firm)


def test_iban_with_valid_checksum_is_secrecy() -> None:
    assert _secrecy_texts("Virement sur FR76 3000 6000 0112 3456 7890 189 demain.") == [
        "FR76 3000 6000 0112 3456 7890 189"
    ]


def test_iban_with_wrong_checksum_is_not_an_iban() -> None:
    assert kinds("Référence interne FR76 3000 6000 0112 3456 7890 188.") == set()


def test_siren_with_valid_luhn_is_secrecy_even_without_keyword() -> None:
    assert _secrecy_texts("Le dossier 732 829 320 est régularisé.") == ["732 829 320"]


def test_siret_is_secrecy() -> None:
    assert "secrecy" in kinds("SIRET 40483304800022, régularisé.")


def test_nine_digits_failing_luhn_are_not_a_siren() -> None:
    assert kinds("Ticket 123 456 789 traité.") == set()


def test_amount_about_an_employee_is_secrecy() -> None:
    assert "secrecy" in kinds("Votre salariée a touché 1 830 € de moins.")
    assert "secrecy" in kinds("The employee was underpaid by £2,400.")


def test_public_fee_is_not_secrecy() -> None:
    assert kinds("Nos honoraires démarrent à 90 € par mois.") == set()


def test_checksums() -> None:
    assert luhn_valid("732829320") and not luhn_valid("732829321")
    assert siret_valid("44306184100047") and siret_valid("35600000000048")
    assert iban_valid("GB82WEST12345698765432") and not iban_valid("GB82WEST12345698765433")
    assert nir_valid("255081416802538") and not nir_valid("255081416802539")


def test_first_name_addressed_directly_is_secrecy() -> None:
    assert _secrecy_texts("Isabelle, votre dossier est transmis.") == ["Isabelle"]
    assert _secrecy_texts("Bonjour Karim, c'est corrigé.") == ["Karim"]


def test_breton_surname_with_particle_is_a_person() -> None:
    assert _secrecy_texts("Le garage Le Floch a été prévenu.") == ["garage Le Floch"]


def test_function_after_title_is_not_a_person() -> None:
    assert kinds("Nous avons rencontré Monsieur le Maire.") == set()


def test_doubts_reported_about_a_file_reveal_a_client() -> None:
    assert "secrecy" in kinds("Nous avons informé les autorités de nos doutes sur ce dossier.")
