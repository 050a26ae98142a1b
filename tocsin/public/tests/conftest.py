"""A small bilingual FAQ shared by the chatbot tests.

Some entries have French example questions only and some English only, so every test that
asks in the other language checks cross-lingual matching, not string overlap.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tocsin.public.faq import Faq, FaqBot, faq_from_yaml

FAQ_YAML = """
crisis: "Fuite de données clients"
entries:
  - id: what-happened
    questions: ["Que s'est-il passé ?"]
    answers:
      fr: "Un serveur du cabinet a été piraté le 3 juin."
      en: "One of the firm's servers was hacked on 3 June."
  - id: refund
    questions: ["Allez-vous me rembourser les frais ?"]
    answers:
      fr: "Oui, les frais engagés à cause de l'incident sont remboursés."
      en: "Yes, costs incurred because of the incident are refunded."
  - id: passwords
    questions: ["Should I change my password?"]
    answers:
      fr: "Aucun mot de passe n'a fuité ; vous pouvez le changer par précaution."
      en: "No password leaked; you may change it as a precaution."
  - id: contact
    questions: ["Qui dois-je contacter ?", "Who should I contact?"]
    answers:
      fr: "Appelez la cellule au 01 02 03 04 05."
      en: "Call the team on +33 1 02 03 04 05."
"""

APPROVED = {
    "what-happened": "One of the firm's servers was hacked on 3 June.",
    "refund": "Oui, les frais engagés à cause de l'incident sont remboursés.",
}

PAGE = "https://cabinet.example/crise"


@pytest.fixture(scope="session")
def faq() -> Faq:
    return faq_from_yaml(FAQ_YAML)


@pytest.fixture(scope="session")
def bot(faq: Faq) -> FaqBot:
    return FaqBot(faq, contact="01 02 03 04 05", page_url=PAGE)


@pytest.fixture
def faq_file(tmp_path: Path) -> Path:
    path = tmp_path / "faq.yaml"
    path.write_text(FAQ_YAML, encoding="utf-8")
    return path


@pytest.fixture
def crisis(cast: Any) -> Any:
    """A crisis of firm A, public, with the shared FAQ approved by alice."""
    from django.utils import timezone

    from tocsin.crises.models import Crisis, CrisisState, CrisisType
    from tocsin.public import services

    row = Crisis.objects.create(
        firm=cast.firm_a,
        title="Fuite de données clients",
        crisis_type=CrisisType.DATA_BREACH,
        state=CrisisState.ACTIVE,
        awareness_at=timezone.now(),
    )
    services.set_page(
        row,
        is_public=True,
        title_fr="Fuite de données clients",
        title_en="Client data leak",
        contact="01 02 03 04 05",
        actor=cast.alice.person,
    )
    services.save_faq(row, FAQ_YAML, actor=cast.alice.person)
    return row
