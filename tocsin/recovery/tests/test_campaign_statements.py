"""A planned campaign item becomes a statement and follows the usual approval."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from tocsin.recovery import services
from tocsin.recovery.models import CampaignItem
from tocsin.recovery.tests.routes import crisis
from tocsin.responses.models import Statement, StatementState
from tocsin.testing import Cast


def test_campaign_item_becomes_a_draft_statement_once(cast: Cast, client: Client) -> None:
    campaign = services.create_campaign(
        crisis(cast), kind="testimonial", title="Témoignages", actor=None
    )
    item = services.add_campaign_item(
        campaign,
        title="Témoignage d'un client",
        planned_at=timezone.now() + timedelta(days=3),
        channel="crisis_page",
        draft="Un client raconte comment nous avons renforcé la sécurité de ses données.",
    )
    client.force_login(cast.colin.person)
    first = client.post(f"/f/alpha/recovery/campaign-items/{item.pk}/draft/")
    second = client.post(f"/f/alpha/recovery/campaign-items/{item.pk}/draft/")
    statement = Statement.objects.for_firm(cast.firm_a).get()
    assert first["Location"] == second["Location"] == f"/f/alpha/responses/{statement.pk}/"
    assert statement.state == StatementState.DRAFT and statement.crisis_id == campaign.crisis_id
    assert CampaignItem.objects.for_firm(cast.firm_a).get().statement_id == statement.pk
    client.force_login(cast.victor.person)
    assert client.post(f"/f/alpha/recovery/campaign-items/{item.pk}/draft/").status_code == 403
