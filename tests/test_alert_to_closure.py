"""From an alert to a closed crisis, through the real pages, for each crisis type."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils import timezone

from tocsin.alerts.models import Alert, Signal
from tocsin.crises.models import Crisis, CrisisState
from tocsin.mentions.pipeline import Incoming, ingest
from tocsin.testing import Cast

TEXTS = {
    "accounting_error": "Le cabinet Alpha s'est trompé dans ma déclaration de TVA, majoration de 10 %",
    "data_breach": "Fuite de données au cabinet Alpha : nos fiches de paie publiées sur un forum",
    "inappropriate_communication": "Le compte du cabinet Alpha a publié un message insultant envers ses clients",
    "client_dispute": "Conflit public entre le cabinet Alpha et son client qui refuse de payer ses honoraires",
    "supplier_outage": "Panne du logiciel de paie : le cabinet Alpha ne peut plus déposer les DSN",
}


@pytest.mark.parametrize("crisis_type", sorted(TEXTS))
def test_alert_opens_a_crisis_that_is_worked_and_closed(crisis_type: str, cast: Cast) -> None:
    mention_id = ingest(cast.firm_a, [Incoming(text=TEXTS[crisis_type], reach=50_000)]).created[0]
    alert = Alert.objects.create(
        firm=cast.firm_a, dedup_key=f"test:{crisis_type}", signal=Signal.VOLUME, title=f"Alerte {crisis_type}",
        started_at=timezone.now(), suggested_crisis_type=crisis_type, suggested_risk=80,
    )  # fmt: skip
    alert.mentions.add(mention_id)
    partner, communicator = Client(), Client()
    partner.force_login(cast.alice.person)
    communicator.force_login(cast.colin.person)
    # A communicator may read the alert but not open a crisis; a partner opens it in one click.
    assert communicator.get(f"/f/alpha/alerts/{alert.pk}/").status_code == 200
    assert communicator.post(f"/f/alpha/alerts/{alert.pk}/crisis/").status_code == 403
    opened = partner.post(f"/f/alpha/alerts/{alert.pk}/crisis/")
    crisis = Crisis.objects.for_firm(cast.firm_a).get(source_alert_id=alert.pk)
    room = f"/f/alpha/crises/{crisis.pk}/"
    assert opened["Location"] == room and crisis.crisis_type == crisis_type
    criteria = crisis.playbook.document["activation_criteria"]
    answers = {f"criterion_{c['key']}": "on" for c in criteria}
    assert partner.post(room + "assess/", {**answers, "decision": "activate"}).status_code == 302
    for task in crisis.tasks.all():
        assert (
            communicator.post(f"/f/alpha/crises/tasks/{task.pk}/done/", {"done": "1"}).status_code
            == 302
        )
    for clock in crisis.clocks.all():
        assert (
            communicator.post(
                f"/f/alpha/crises/clocks/{clock.pk}/met/", {"reference": "R-1"}
            ).status_code
            == 302
        )
    assert partner.post(room + "state/", {"state": "monitoring"}).status_code == 302
    assert partner.post(room + "state/", {"state": "closed", "reason": "Apaisé"}).status_code == 302
    crisis.refresh_from_db()
    assert crisis.state == CrisisState.CLOSED
    events = json.loads(partner.get(room + "timeline.json").content)["events"]
    assert events[0]["action"] == "crisis.open" and events[-1]["detail"]["to"] == "closed"
