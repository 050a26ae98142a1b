"""The demo firm is in the middle of a data-breach crisis, as the issue asks."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from tocsin.crises import demo as crises_demo
from tocsin.crises import playbook as playbooks
from tocsin.crises.models import Crisis, CrisisState
from tocsin.firms import demo


@pytest.mark.django_db
def test_demo_firm_has_an_open_breach_with_running_clocks_and_half_a_playbook(
    settings: Any,
) -> None:
    # The demo's passwords are hashed with Argon2, slow on purpose; not what is tested here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    firm = demo.build()
    crises_demo.populate(firm)
    crisis = Crisis.objects.for_firm(firm).get(state=CrisisState.ACTIVE)
    assert crisis.crisis_type == "data_breach"
    cnil = crisis.clocks.get(kind="cnil_notification")
    assert cnil.is_running and cnil.due_at > timezone.now()
    assert crisis.clocks.get(kind="police_complaint").met_at is not None
    done, total = crisis.tasks.filter(done_at__isnull=False).count(), crisis.tasks.count()
    assert done * 2 == total
    assert crisis.notification.missing_items()  # the CNIL draft is half written
    assert Crisis.objects.for_firm(firm).filter(state=CrisisState.CLOSED).count() == 1
    assert playbooks.due_for_review(firm)
