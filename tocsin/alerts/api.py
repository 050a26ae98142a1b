"""API: alerts (read, acknowledge, snooze, resolve, open a crisis), rules, channels.

No ``from __future__ import annotations`` here: django-ninja reads the query-parameter
schema from the live annotations.
"""

from datetime import datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from tocsin.alerts import notify, services
from tocsin.alerts.models import (
    Alert,
    AlertChannel,
    AlertRule,
    AlertState,
    ChannelKind,
    Delivery,
    Sensitivity,
)
from tocsin.firms.api import firm_of, needs, person_of
from tocsin.firms.models import Membership
from tocsin.firms.roles import Action
from tocsin.lib import safe_http
from tocsin.lib.json_body import JsonBody
from tocsin.lib.pagination import Pages

router = Router(tags=["alerts"])


class AlertOut(Schema):
    id: int
    signal: str
    triggers: list[str]
    severity: str
    state: str
    title: str
    why: str
    facts: dict[str, Any]
    started_at: datetime
    raised_at: datetime
    acknowledged_at: datetime | None
    snoozed_until: datetime | None
    resolved_at: datetime | None
    suggested_crisis_type: str
    suggested_risk: int
    mention_ids: list[int]
    crisis_id: int | None
    escalation_level: int


def _out(alert: Alert) -> dict[str, Any]:
    return {
        "id": alert.pk,
        "signal": alert.signal,
        "triggers": alert.triggers,
        "severity": alert.severity,
        "state": alert.state,
        "title": alert.title,
        "why": notify.explain(alert),
        "facts": alert.facts,
        "started_at": alert.started_at,
        "raised_at": alert.raised_at,
        "acknowledged_at": alert.acknowledged_at,
        "snoozed_until": alert.snoozed_until,
        "resolved_at": alert.resolved_at,
        "suggested_crisis_type": alert.suggested_crisis_type,
        "suggested_risk": alert.suggested_risk,
        "mention_ids": list(alert.mentions.values_list("pk", flat=True)[:100]),
        "crisis_id": alert.crisis_id,
        "escalation_level": alert.escalation_level,
    }


class AlertFilter(Schema):
    state: AlertState | None = None
    severity: str | None = None


@router.get("/alerts", response=list[AlertOut], auth=needs(Action.VIEW))
@paginate(Pages)
def list_alerts(request: HttpRequest, filters: Query[AlertFilter]) -> list[dict[str, Any]]:
    queryset = Alert.objects.for_firm(firm_of(request))
    if filters.state:
        queryset = queryset.filter(state=filters.state)
    if filters.severity:
        queryset = queryset.filter(severity=filters.severity)
    return [_out(a) for a in queryset[:500]]


def _alert(request: HttpRequest, alert_id: int) -> Alert:
    return get_object_or_404(Alert.objects.for_firm(firm_of(request)), pk=alert_id)


@router.get("/alerts/{alert_id}", response=AlertOut, auth=needs(Action.VIEW))
def get_alert(request: HttpRequest, alert_id: int) -> dict[str, Any]:
    return _out(_alert(request, alert_id))


def _do(request: HttpRequest, alert_id: int, action: str, minutes: int = 0) -> dict[str, Any]:
    alert = _alert(request, alert_id)
    try:
        if action == "acknowledge":
            services.acknowledge(alert, actor=person_of(request), request=request)
        elif action == "resolve":
            services.resolve(alert, actor=person_of(request), request=request)
        else:
            services.snooze(alert, minutes=minutes, actor=person_of(request), request=request)
    except services.AlertError as exc:
        raise HttpError(409, str(exc)) from None
    return _out(alert)


@router.post("/alerts/{alert_id}/acknowledge", response=AlertOut, auth=needs(Action.EDIT))
def acknowledge_alert(request: HttpRequest, alert_id: int) -> dict[str, Any]:
    return _do(request, alert_id, "acknowledge")


@router.post("/alerts/{alert_id}/snooze", response=AlertOut, auth=needs(Action.EDIT))
def snooze_alert(request: HttpRequest, alert_id: int, minutes: int = 60) -> dict[str, Any]:
    """Quiet for ``minutes`` (query parameter, 1 to 10,080); then it is told again."""
    return _do(request, alert_id, "snooze", minutes)


@router.post("/alerts/{alert_id}/resolve", response=AlertOut, auth=needs(Action.EDIT))
def resolve_alert(request: HttpRequest, alert_id: int) -> dict[str, Any]:
    return _do(request, alert_id, "resolve")


class AlertCrisisOut(Schema):
    """Named apart from crises.api.CrisisOut: the OpenAPI document keys schemas by class name."""

    crisis_id: int
    alert_id: int


@router.post("/alerts/{alert_id}/crisis", response=AlertCrisisOut, auth=needs(Action.APPROVE))
def open_crisis(request: HttpRequest, alert_id: int) -> dict[str, Any]:
    """Open a crisis from the alert (its suggested type; the alert is acknowledged)."""
    from tocsin.crises.services import CrisisError

    alert = _alert(request, alert_id)
    try:
        crisis = services.open_crisis(alert, actor=person_of(request), request=request)
    except CrisisError as exc:
        raise HttpError(409, str(exc)) from None
    return {"crisis_id": crisis.pk, "alert_id": alert.pk}


class RuleOut(Schema):
    id: int
    signal: str
    enabled: bool
    sensitivity: str
    threshold: int | None
    quiet_start: time | None
    quiet_end: time | None
    channel_ids: list[int]
    escalate_after: int


def _rule_out(rule: AlertRule) -> dict[str, Any]:
    return {
        "id": rule.pk,
        "signal": rule.signal,
        "enabled": rule.enabled,
        "sensitivity": rule.sensitivity,
        "threshold": rule.threshold,
        "quiet_start": rule.quiet_start,
        "quiet_end": rule.quiet_end,
        "channel_ids": [c.pk for c in rule.channels.all()],
        "escalate_after": rule.escalate_after,
    }


@router.get("/alert-rules", response=list[RuleOut], auth=needs(Action.VIEW))
def list_rules(request: HttpRequest) -> list[dict[str, Any]]:
    return [_rule_out(r) for r in services.rules_of(firm_of(request))]


class RulePatch(JsonBody):
    enabled: bool | None = None
    sensitivity: Sensitivity | None = None
    threshold: int | None = Field(None, ge=0)
    quiet_start: time | None = None
    quiet_end: time | None = None
    channel_ids: list[int] | None = None
    escalate_after: int | None = Field(None, ge=0, le=24 * 60)


@router.patch("/alert-rules/{rule_id}", response=RuleOut, auth=needs(Action.MANAGE))
def update_rule(request: HttpRequest, rule_id: int, body: RulePatch) -> dict[str, Any]:
    firm = firm_of(request)
    rule = get_object_or_404(AlertRule.objects.for_firm(firm), pk=rule_id)
    changes = body.model_dump(exclude_unset=True)
    for name in ("quiet_start", "quiet_end"):
        if changes.get(name) is not None and changes[name].tzinfo is not None:
            raise HttpError(422, f"{name} is a local time, without a UTC offset")
    if "channel_ids" in changes:
        ids = changes.pop("channel_ids") or []
        channels = list(AlertChannel.objects.for_firm(firm).filter(pk__in=ids))
        if len(channels) != len(set(ids)):
            raise HttpError(422, "unknown channel id")
        changes["channels"] = channels
    try:
        services.update_rule(rule, actor=person_of(request), request=request, **changes)
    except ValidationError as exc:  # e.g. null for a field that needs a value
        raise HttpError(422, "; ".join(exc.messages)) from None
    return _rule_out(rule)


class ChannelOut(Schema):
    id: int
    kind: str
    name: str
    language: str
    on_call: bool
    recipient_ids: list[int]
    digest: str
    failing: bool
    last_error: str
    last_success_at: datetime | None
    secret: str | None = Field(None, description="signed webhooks: the HMAC secret")


def _channel_out(c: AlertChannel) -> dict[str, Any]:
    return {
        "id": c.pk,
        "kind": c.kind,
        "name": c.name,
        "language": c.language,
        "on_call": c.on_call,
        "recipient_ids": [m.pk for m in c.recipients.all()],
        "digest": c.digest,
        "failing": c.failing,
        "last_error": c.last_error,
        "last_success_at": c.last_success_at,
        "secret": c.config.get("secret") if c.kind == ChannelKind.WEBHOOK else None,
    }


@router.get("/alert-channels", response=list[ChannelOut], auth=needs(Action.MANAGE))
def list_channels(request: HttpRequest) -> list[dict[str, Any]]:
    return [_channel_out(c) for c in AlertChannel.objects.for_firm(firm_of(request))]


class ChannelIn(JsonBody):
    kind: ChannelKind
    name: str = Field(..., min_length=1, max_length=120)
    url: str = Field("", max_length=2000)
    language: str = Field("", pattern="^(|fr|en)$")
    on_call: bool = False
    recipient_ids: list[int] = []
    digest: str = Field("daily", pattern="^(|daily|weekly)$")


@router.post("/alert-channels", response={201: ChannelOut}, auth=needs(Action.MANAGE))
def create_channel(request: HttpRequest, body: ChannelIn) -> Status[dict[str, Any]]:
    firm = firm_of(request)
    recipients = list(Membership.objects.filter(firm=firm, pk__in=body.recipient_ids))
    if len(recipients) != len(set(body.recipient_ids)):
        raise HttpError(422, "unknown recipient id")
    if body.kind != ChannelKind.EMAIL:
        try:
            safe_http.check_url(body.url)
        except safe_http.FetchError as exc:
            raise HttpError(422, str(exc)) from None
    elif not body.on_call and not recipients:
        raise HttpError(422, "an email channel needs recipients or on_call")
    channel = services.create_channel(
        firm,
        kind=body.kind,
        name=body.name,
        url=body.url,
        language=body.language,
        on_call=body.on_call,
        recipients=recipients,
        digest=body.digest,
        actor=person_of(request),
        request=request,
    )
    return Status(201, _channel_out(channel))


def _channel(request: HttpRequest, channel_id: int) -> AlertChannel:
    return get_object_or_404(AlertChannel.objects.for_firm(firm_of(request)), pk=channel_id)


class DeliveryOut(Schema):
    id: int
    alert_id: int | None
    purpose: str
    target: str
    status: str
    attempts: int
    last_error: str
    created_at: datetime
    sent_at: datetime | None


@router.post("/alert-channels/{channel_id}/test", response=DeliveryOut, auth=needs(Action.MANAGE))
def test_channel(request: HttpRequest, channel_id: int) -> Delivery:
    """Send a test message now; the answer says whether it went through."""
    return notify.send_test(_channel(request, channel_id), actor=person_of(request))


@router.get(
    "/alert-channels/{channel_id}/deliveries",
    response=list[DeliveryOut],
    auth=needs(Action.MANAGE),
)
def channel_deliveries(request: HttpRequest, channel_id: int) -> list[Delivery]:
    return list(_channel(request, channel_id).deliveries.all()[:100])


@router.delete("/alert-channels/{channel_id}", response={204: None}, auth=needs(Action.MANAGE))
def delete_channel(request: HttpRequest, channel_id: int) -> Status[None]:
    services.delete_channel(
        _channel(request, channel_id), actor=person_of(request), request=request
    )
    return Status(204, None)
