"""Hostility, blame and overpromising, in French and English."""

from __future__ import annotations

from tocsin.responses.tests.conftest import kinds


def test_insult_is_hostile() -> None:
    assert "hostile" in kinds("Cet avis est complètement stupide.")
    assert "hostile" in kinds("What a laughable review.")


def test_missing_accents_and_capitals_do_not_hide_hostility() -> None:
    assert "hostile" in kinds("VOUS ETES DE MAUVAISE FOI")
    assert "hostile" in kinds("renseignez vous avant de nous critiquer")


def test_sarcastic_praise_is_hostile() -> None:
    assert "hostile" in kinds("Félicitations pour votre sens de l'analyse, vraiment.")
    assert "hostile" in kinds("Thanks for the brilliant advice, as helpful as ever.")


def test_condescension_is_hostile() -> None:
    assert "hostile" in kinds("Il suffit pourtant de savoir lire votre contrat.")
    assert "hostile" in kinds("If you had bothered to open our email you would know.")


def test_legal_threat_against_author_is_hostile() -> None:
    assert "hostile" in kinds("Ces propos diffamatoires feront l'objet d'une suite.")


def test_shouting_is_hostile() -> None:
    assert "hostile" in kinds("Nous avons répondu trois fois !!!")
    assert "hostile" in kinds("THIS IS NOT OUR PROBLEM")


def test_quoted_criticism_is_not_hostile() -> None:
    assert "hostile" not in kinds("Certains parlent d'un « scandale » : nous l'entendons.")
    assert "hostile" not in kinds('Some called our reply "pathetic"; we hear you.')


def test_owning_an_unacceptable_error_is_not_hostile() -> None:
    assert kinds("Cette erreur est inacceptable et nous en assumons la responsabilité.") == set()


def test_blaming_the_client_is_flagged() -> None:
    assert "blame" in kinds("Si vous nous aviez transmis vos relevés à temps, tout irait bien.")
    assert "blame" in kinds("The client gave us wrong figures, so the error is theirs.")


def test_blaming_a_supplier_is_flagged() -> None:
    assert "blame" in kinds("Le retard est dû à notre hébergeur, tombé en panne.")
    assert "blame" in kinds("The outage was caused by our hosting provider.")


def test_blaming_an_authority_is_flagged() -> None:
    assert "blame" in kinds("C'est la faute des impôts, qui ont changé le barème.")
    assert "blame" in kinds("This delay is HMRC's fault.")


def test_defensive_denial_is_blame() -> None:
    assert "blame" in kinds("Nous n'y sommes pour rien.")
    assert "blame" in kinds("We did nothing wrong.")


def test_we_never_make_mistakes_is_denial_not_promise() -> None:
    assert kinds("We never make mistakes on payroll.") == {"blame"}


def test_owning_our_own_software_error_is_not_blame() -> None:
    text = "Une erreur de paramétrage de notre logiciel a provoqué des écarts de notre fait."
    assert "blame" not in kinds(text)


def test_guarantee_is_overpromise() -> None:
    assert "overpromise" in kinds("Nous garantissons un traitement parfait.")
    assert "overpromise" in kinds("We guarantee a full refund by Monday.")


def test_cannot_guarantee_is_not_overpromise() -> None:
    assert kinds("Nous ne pouvons pas garantir de date à ce stade.") == set()
    assert kinds("We cannot guarantee a date yet.") == set()


def test_never_again_is_overpromise() -> None:
    assert "overpromise" in kinds("Cela ne se reproduira plus jamais.")
    assert "overpromise" in kinds("It will never happen again.")


def test_we_will_never_share_your_data_is_a_policy_not_an_overpromise() -> None:
    assert kinds("Nous ne partagerons jamais vos données.") == set()
    assert kinds("We will never share your data with third parties.") == set()


def test_hundred_percent_is_overpromise() -> None:
    assert "overpromise" in kinds("Vos données sont protégées à 100 %.")
    assert "overpromise" in kinds("Our systems are 100% secure now.")


def test_everything_will_be_fixed_tonight_is_overpromise() -> None:
    assert "overpromise" in kinds("Tout sera résolu ce soir.")
    assert "overpromise" in kinds("Everything will be fixed by Friday.")


def test_promising_the_tax_office_decision_is_overpromise() -> None:
    assert "overpromise" in kinds("L'administration annulera les pénalités.")
