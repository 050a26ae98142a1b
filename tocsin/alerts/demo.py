"""The demo firm's early warning: default rules, an email channel to the partner on call,
and the alerts its storm raised (replayed over the inbox the mentions demo filled)."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from tocsin.alerts import detection, rollups, services
from tocsin.alerts.models import ChannelKind
from tocsin.firms.models import Firm, Membership
from tocsin.firms.roles import Role
from tocsin.mentions.models import Mention


def populate(firm: Firm) -> None:
    now = timezone.now()
    rules = services.rules_of(firm)
    partner = (
        Membership.objects.filter(firm=firm, role=Role.PARTNER)
        .filter(Q(on_call=True) | Q(role=Role.PARTNER))
        .order_by("-on_call", "pk")
        .first()
    )
    channel = services.create_channel(
        firm,
        kind=ChannelKind.EMAIL,
        name="Astreinte (e-mail)",
        actor=None,
        on_call=True,
        recipients=[partner] if partner is not None else [],
        digest="daily",
    )
    for rule in rules:
        rule.channels.add(channel)
    # Replay what the detectors and triggers would have seen while the storm grew; the
    # alerts are kept without sending mail for events that are already days old.
    rollups.rebuild(firm)
    ids = list(Mention.objects.for_firm(firm).values_list("pk", flat=True))
    detection.instant(firm, ids, now=now)
    detection.curves(firm, now=now, history=True)
