"""The demo firm's breach crisis is public, with updates, the FAQ and subscribers."""

from __future__ import annotations

import pytest
from django.test import Client

from tocsin.crises import demo as crises_demo
from tocsin.firms import demo as firms_demo
from tocsin.public import demo, services
from tocsin.public.models import Subscriber


@pytest.mark.django_db
def test_demo_breach_is_public_with_updates_faq_and_subscribers() -> None:
    firm = firms_demo.build()
    crises_demo.populate(firm)
    demo.populate(firm)
    demo.populate(firm)  # idempotent
    crisis = services.public_crises(firm).get()
    assert services.updates_of(crisis).count() == 2
    assert Subscriber.objects.for_firm(firm).count() == 3
    html = Client().get(f"/p/{firm.slug}/{crisis.pk}/?lang=en").content.decode()
    assert "a client&#x27;s payslips exposed" in html
    response = Client().post(
        f"/p/{firm.slug}/{crisis.pk}/chat",
        {"q": "quelles infos ont été volées ?"},
        content_type="application/json",
    )
    assert response.json()["answer_id"] == "which-data"
