"""The demo firm shows recovery at work: public actions on its breach, a past report."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tocsin.crises import demo as crises_demo
from tocsin.crises.models import Crisis, CrisisState
from tocsin.firms import demo
from tocsin.firms.models import Membership
from tocsin.recovery import demo as recovery_demo
from tocsin.recovery import services
from tocsin.recovery.models import CorrectiveAction


@pytest.mark.django_db
def test_demo_has_public_actions_on_the_breach_and_a_report_draft_for_the_past_crisis(
    settings: Any,
) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    firm = demo.build()
    crises_demo.populate(firm)
    recovery_demo.populate(firm)
    recovery_demo.populate(firm)  # idempotent

    breach = Crisis.objects.for_firm(firm).get(state=CrisisState.ACTIVE)
    progress = services.public_progress(breach)
    assert len(progress) == 3
    assert {p["state"] for p in progress} == {"done", "in_progress", "planned"}
    assert any(p["note"] and p["note"]["en"] for p in progress)
    assert CorrectiveAction.objects.for_firm(firm).filter(crisis=breach).count() == 4

    past = Crisis.objects.for_firm(firm).get(state=CrisisState.CLOSED)
    report = services.report_of(past)
    assert report.lessons and not report.is_final
    assert past.recovery_campaigns.get().items.count() == 2

    partner = Membership.objects.get(firm=firm, person__email="claire@martin-associes.example")
    client = Client()
    client.force_login(partner.person)
    page = client.get(reverse("recovery_report", args=[firm.slug, past.pk]) + "?lang=fr")
    assert "Enseignements" in page.content.decode()
