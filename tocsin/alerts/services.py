"""What the alerts app does: rules, raising alerts once per event, and their life
(acknowledge, snooze, resolve, escalate, open a crisis). Views, API, tasks and the demo
call these functions; sending is in :mod:`tocsin.alerts.notify`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from tocsin.alerts.models import (
    CURVE_SIGNALS,
    Alert,
    AlertChannel,
    AlertRule,
    AlertState,
    ChannelKind,
    EventKey,
    Sensitivity,
    Severity,
    Signal,
)
from tocsin.firms import audit
from tocsin.firms.models import Firm, Membership, Person
from tocsin.firms.roles import Role

if TYPE_CHECKING:
    from django.http import HttpRequest

    from tocsin.crises.models import Crisis
    from tocsin.mentions.models import Mention

#: Curve alerts within this time of an open storm alert belong to that storm.
STORM_COOLDOWN = timedelta(hours=12)
#: Instant alerts of the same kind within this time are gathered into one (a storm of
#: high-risk posts is one thing to look at, not fifty emails).
INSTANT_GROUPING = timedelta(hours=1)
SNOOZE_CHOICES = (30, 60, 240, 1440)


class AlertError(ValueError):
    """An action that the alert's state does not allow."""


# -- rules -------------------------------------------------------------------------------

DEFAULT_RULES: list[dict[str, Any]] = [
    {"signal": Signal.VOLUME},
    {"signal": Signal.NEGATIVE},
    {"signal": Signal.NEGATIVE_SHARE, "sensitivity": Sensitivity.LOW},
    {"signal": Signal.DATA_BREACH, "sensitivity": Sensitivity.HIGH},
    {"signal": Signal.ACCOUNTING_ERROR},
    {"signal": Signal.HIGH_RISK, "threshold": 70},
    {"signal": Signal.LOW_RATING, "threshold": 2},
    {"signal": Signal.BREACH_WORDS},
    {"signal": Signal.LARGE_REACH, "threshold": 10_000},
]


def rules_of(firm: Firm) -> list[AlertRule]:
    """The firm's rules, creating the defaults the first time (rules are disabled, never
    deleted, so a firm that turned everything off stays off)."""
    rules = list(AlertRule.objects.for_firm(firm).prefetch_related("channels"))
    if rules:
        return rules
    for spec in DEFAULT_RULES:
        AlertRule.objects.for_firm(firm).get_or_create(
            firm=firm, signal=spec["signal"], defaults=spec
        )
    return list(AlertRule.objects.for_firm(firm).prefetch_related("channels"))


def update_rule(
    rule: AlertRule, *, actor: Person, request: HttpRequest | None = None, **changes: Any
) -> AlertRule:
    before = {k: str(getattr(rule, k)) for k in changes if k != "channels"}
    channels = changes.pop("channels", None)
    for field, value in changes.items():
        setattr(rule, field, value)
    rule.full_clean(exclude=["firm"])
    rule.save()
    if channels is not None:
        rule.channels.set(channels)
    audit.record(
        "alerts.rule_update",
        firm=rule.firm,
        actor=actor,
        target=rule,
        summary=f"Alert rule changed: {rule.signal}",
        detail={"before": before, "after": {k: str(getattr(rule, k)) for k in before}},
        request=request,
    )
    return rule


# -- raising -----------------------------------------------------------------------------


def raise_alert(
    firm: Firm,
    *,
    key: str,
    rule: AlertRule | None,
    signal: str,
    triggers: list[str],
    severity: str,
    title: str,
    facts: dict[str, Any],
    started_at: datetime,
    mentions: list[Mention],
    now: datetime | None = None,
    storm: bool = False,
) -> Alert | None:
    """Raise the alert for the event named ``key``, or add to the alert that already told it.

    Returns the new alert (to be dispatched), or None when the event was already known or
    joined an open alert of the same storm or kind. Safe under concurrent workers: the
    event key is unique per firm.
    """
    from tocsin.alerts.detection import suggested

    now = now or timezone.now()
    for _attempt in range(3):
        try:
            with transaction.atomic():
                known = EventKey.objects.for_firm(firm).filter(key=key).select_related("alert")
                existing = next(iter(known), None)
                if existing is not None:
                    _merge(existing.alert, triggers, mentions, now, severity)
                    return None
                group = _open_group(firm, signal, started_at, storm)
                if group is not None:
                    EventKey.objects.create(firm=firm, key=key, alert=group)
                    _merge(group, triggers, mentions, now, severity)
                    return None
                crisis_type, risk = suggested(mentions)
                alert = Alert.objects.create(
                    firm=firm,
                    dedup_key=key,
                    rule=rule,
                    signal=signal,
                    triggers=triggers,
                    severity=severity,
                    title=title[:300] or str(Signal(signal).label),
                    facts=facts,
                    started_at=started_at,
                    raised_at=now,
                    last_seen_at=now,
                    suggested_crisis_type=crisis_type,
                    suggested_risk=risk,
                )
                EventKey.objects.create(firm=firm, key=key, alert=alert)
                alert.mentions.add(*mentions)
                return alert
        except IntegrityError:
            continue  # another worker named this event first: merge on the next pass
    return None


def _open_group(firm: Firm, signal: str, started_at: datetime, storm: bool) -> Alert | None:
    unresolved = ~Q(state=AlertState.RESOLVED)
    queryset = Alert.objects.for_firm(firm).filter(unresolved)
    if storm:
        queryset = queryset.filter(
            signal__in=[str(s) for s in CURVE_SIGNALS],
            started_at__gte=started_at - STORM_COOLDOWN,
        )
    else:
        queryset = queryset.filter(
            signal=signal,
            state=AlertState.OPEN,
            acknowledged_at__isnull=True,
            started_at__gte=started_at - INSTANT_GROUPING,
        )
    return queryset.order_by("-raised_at").first()


def alert_for_key(firm: Firm, key: str) -> Alert | None:
    """The alert that told the event named ``key``, if any."""
    known = EventKey.objects.for_firm(firm).filter(key=key).select_related("alert").first()
    return known.alert if known is not None else None


def join(
    alert: Alert,
    *,
    keys: list[str],
    triggers: list[str],
    mentions: list[Mention],
    severity: str,
    now: datetime,
) -> None:
    """Add events (named by ``keys``, possibly none) and their mentions to an alert that
    already told people: no new alert, no new notification. A key another worker gave to an
    alert first keeps that alert."""
    with transaction.atomic():
        EventKey.objects.bulk_create(
            [EventKey(firm=alert.firm, key=key, alert=alert) for key in keys],
            ignore_conflicts=True,
        )
        _merge(alert, triggers, mentions, now, severity)


def _merge(
    alert: Alert, triggers: list[str], mentions: list[Mention], now: datetime, severity: str
) -> None:
    alert.mentions.add(*mentions)
    alert.triggers = sorted(set(alert.triggers) | set(triggers))
    alert.last_seen_at = now
    if severity == Severity.CRITICAL:
        alert.severity = Severity.CRITICAL
    # The type most of the alert's mentions point to, counted by the database: a storm's
    # alert gathers thousands of mentions, and it is merged into on every batch.
    counts = (
        alert.mentions.exclude(crisis_type="none")
        .values("crisis_type")
        .annotate(n=Count("pk"))
        .order_by("-n", "crisis_type")
        .values_list("crisis_type", flat=True)[:1]
    )
    alert.suggested_crisis_type = next(iter(counts), "") or alert.suggested_crisis_type
    alert.suggested_risk = max([alert.suggested_risk, *(m.risk for m in mentions)])
    alert.save(
        update_fields=[
            "triggers",
            "last_seen_at",
            "severity",
            "suggested_crisis_type",
            "suggested_risk",
        ]
    )


# -- people ------------------------------------------------------------------------------


def on_call(firm: Firm) -> list[Membership]:
    """The people on call, partners and administrators first."""
    rank: dict[str, int] = {"partner": 0, "admin": 1, "communicator": 2, "viewer": 3}
    people = list(
        Membership.objects.filter(firm=firm, on_call=True, person__is_active=True).select_related(
            "person", "deputy__person"
        )
    )
    return sorted(people, key=lambda m: (rank.get(m.role, 9), m.pk))


def deciders(firm: Firm) -> list[Membership]:
    """Partners then administrators: who is told when nobody is on call."""
    people = Membership.objects.filter(
        firm=firm, role__in=[Role.PARTNER, Role.ADMIN], person__is_active=True
    ).select_related("person", "deputy__person")
    return sorted(people, key=lambda m: (m.role != Role.PARTNER, m.pk))


# -- life of an alert --------------------------------------------------------------------


def acknowledge(alert: Alert, *, actor: Person, request: HttpRequest | None = None) -> Alert:
    """Someone has it: escalation stops."""
    if alert.state == AlertState.RESOLVED:
        raise AlertError("a resolved alert cannot be acknowledged")
    now = timezone.now()
    alert.state = AlertState.ACKNOWLEDGED
    alert.acknowledged_by = actor
    alert.acknowledged_at = alert.acknowledged_at or now
    alert.next_escalation_at = None
    alert.snoozed_until = None
    alert.save()
    audit.record(
        "alerts.acknowledge",
        firm=alert.firm,
        actor=actor,
        target=alert,
        summary=f"Alert acknowledged: {alert.title}"[:500],
        request=request,
    )
    return alert


def snooze(
    alert: Alert, *, minutes: int, actor: Person, request: HttpRequest | None = None
) -> Alert:
    """Quiet until then; then the alert is open again and told again."""
    if alert.state == AlertState.RESOLVED:
        raise AlertError("a resolved alert cannot be snoozed")
    if not 1 <= minutes <= 7 * 24 * 60:
        raise AlertError("snooze between one minute and a week")
    alert.state = AlertState.SNOOZED
    alert.snoozed_until = timezone.now() + timedelta(minutes=minutes)
    alert.next_escalation_at = None
    alert.save()
    audit.record(
        "alerts.snooze",
        firm=alert.firm,
        actor=actor,
        target=alert,
        summary=f"Alert snoozed for {minutes} min: {alert.title}"[:500],
        detail={"minutes": minutes},
        request=request,
    )
    return alert


def resolve(alert: Alert, *, actor: Person, request: HttpRequest | None = None) -> Alert:
    alert.state = AlertState.RESOLVED
    alert.resolved_at = timezone.now()
    alert.next_escalation_at = None
    alert.snoozed_until = None
    alert.save()
    audit.record(
        "alerts.resolve",
        firm=alert.firm,
        actor=actor,
        target=alert,
        summary=f"Alert resolved: {alert.title}"[:500],
        request=request,
    )
    return alert


def open_crisis(alert: Alert, *, actor: Person, request: HttpRequest | None = None) -> Crisis:
    """One click from an alert to a crisis: the crises app opens it with the alert's
    suggested type, the alert's time as the moment of awareness (the CNIL 72-hour clock of
    a breach starts there) and a link back to the alert; the alert is acknowledged."""
    from tocsin.crises import services as crises
    from tocsin.crises.models import Crisis, CrisisType
    from tocsin.crises.models import Severity as CrisisSeverity

    if alert.crisis_id is not None:
        return Crisis.objects.for_firm(alert.firm).get(pk=alert.crisis_id)
    crisis_type = (
        alert.suggested_crisis_type
        if alert.suggested_crisis_type in CrisisType.values
        else CrisisType.OTHER
    )
    with transaction.atomic():
        crisis = crises.open_crisis(
            alert.firm,
            opened_by=actor,
            crisis_type=crisis_type,
            title=alert.title,
            awareness_at=min(alert.raised_at, timezone.now()),
            severity=CrisisSeverity.CRITICAL
            if alert.severity == Severity.CRITICAL
            else CrisisSeverity.HIGH,
            source_alert_id=alert.pk,
            request=request,
        )
        alert.crisis = crisis
        alert.save(update_fields=["crisis"])
        if alert.state in (AlertState.OPEN, AlertState.SNOOZED):
            acknowledge(alert, actor=actor, request=request)
    return crisis


# -- channels ----------------------------------------------------------------------------


def create_channel(
    firm: Firm,
    *,
    kind: str,
    name: str,
    actor: Person | None,
    url: str = "",
    language: str = "",
    on_call: bool = False,
    recipients: list[Membership] | None = None,
    digest: str = "daily",
    request: HttpRequest | None = None,
) -> AlertChannel:
    """A new channel; a signed webhook gets its own random secret (shown to administrators)."""
    import secrets

    channel = AlertChannel(
        firm=firm,
        kind=kind,
        name=name,
        language=language,
        on_call=on_call,
        digest=digest if kind == ChannelKind.EMAIL else "",
    )
    config: dict[str, Any] = {}
    if kind != ChannelKind.EMAIL:
        config["url"] = url
    if kind == ChannelKind.WEBHOOK:
        config["secret"] = secrets.token_hex(32)
    channel.config = config
    channel.save()
    if recipients:
        channel.recipients.set(recipients)
    audit.record(
        "alerts.channel_create",
        firm=firm,
        actor=actor,
        target=channel,
        summary=f"Alert channel added: {name} ({kind})",
        request=request,
    )
    return channel


def delete_channel(
    channel: AlertChannel, *, actor: Person, request: HttpRequest | None = None
) -> None:
    audit.record(
        "alerts.channel_delete",
        firm=channel.firm,
        actor=actor,
        target=channel,
        summary=f"Alert channel removed: {channel.name} ({channel.kind})",
        request=request,
    )
    channel.delete()
