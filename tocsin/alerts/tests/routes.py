"""Who may use each alerts route (walked by tests/test_isolation.py)."""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone

from tocsin.testing import Cast

ALL = {"admin", "partner", "communicator", "viewer"}
EDITORS = {"admin", "partner", "communicator"}
APPROVERS = {"admin", "partner"}
ADMIN = {"admin"}

PAGES: dict[str, tuple[str, set[str]]] = {
    "alerts": ("GET", ALL),
    "alerts_panel": ("GET", ALL),
    "alert": ("GET", ALL),
    "alert_acknowledge": ("POST", EDITORS),
    "alert_snooze": ("POST", EDITORS),
    "alert_resolve": ("POST", EDITORS),
    "alert_open_crisis": ("POST", APPROVERS),
    "alert_rules": ("GET", ADMIN),
    "alert_rule_edit": ("POST", ADMIN),
    "alert_channels": ("GET", ADMIN),
    "alert_channel_test": ("POST", ADMIN),
    "alert_channel_delete": ("POST", ADMIN),
}
API: dict[tuple[str, str], set[str]] = {
    ("GET", "/api/v1/alerts"): ALL,
    ("GET", "/api/v1/alerts/{alert_id}"): ALL,
    ("POST", "/api/v1/alerts/{alert_id}/acknowledge"): EDITORS,
    ("POST", "/api/v1/alerts/{alert_id}/snooze"): EDITORS,
    ("POST", "/api/v1/alerts/{alert_id}/resolve"): EDITORS,
    ("POST", "/api/v1/alerts/{alert_id}/crisis"): APPROVERS,
    ("GET", "/api/v1/alert-rules"): ALL,
    ("PATCH", "/api/v1/alert-rules/{rule_id}"): ADMIN,
    ("GET", "/api/v1/alert-channels"): ADMIN,
    ("POST", "/api/v1/alert-channels"): ADMIN,
    ("POST", "/api/v1/alert-channels/{channel_id}/test"): ADMIN,
    ("GET", "/api/v1/alert-channels/{channel_id}/deliveries"): ADMIN,
    ("DELETE", "/api/v1/alert-channels/{channel_id}"): ADMIN,
}


def _alert(cast: Cast) -> int:
    from tocsin.alerts.models import Alert

    now = timezone.now()
    return Alert.objects.create(
        firm=cast.firm_a,
        dedup_key=f"test:{now.timestamp()}",
        signal="high_risk",
        title="Fuite de données",
        started_at=now,
        suggested_crisis_type="data_breach",
    ).pk


def _rule(cast: Cast) -> int:
    from tocsin.alerts.services import rules_of

    return rules_of(cast.firm_a)[0].pk


def _channel(cast: Cast) -> int:
    from tocsin.alerts import services

    return services.create_channel(
        cast.firm_a, kind="email", name="Astreinte", actor=None, on_call=True
    ).pk


OBJECTS: dict[str, Callable[[Cast], int]] = {
    "alert_id": _alert,
    "rule_id": _rule,
    "channel_id": _channel,
}
