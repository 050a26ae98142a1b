"""Telling people: who hears of an alert, in which language, on which channel; the
delivery log with retries and back-off; escalation; quiet hours; digests.

Every message is a :class:`~tocsin.alerts.models.Delivery` row written before it is sent,
with a key unique per firm, so a retried task never sends twice, and a failure is retried
by the :func:`sweep` (run every minute by beat) after 30 s, 1 min, then every 2 min for two
hours (``TOCSIN_ALERTS_RETRY_BASE`` seconds, doubled up to four times that): an alert must
reach people within minutes of their mail server's return, not at the next long wait, and
an outage of an hour must not lose it. A delivery whose process died before sending it
(written but never claimed, or claimed and its lease run out) is sent by the sweep too.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tocsin.alerts import channels, services
from tocsin.alerts.models import (
    Alert,
    AlertChannel,
    AlertRule,
    AlertState,
    ChannelKind,
    Delivery,
    DeliveryStatus,
    Rollup,
    Severity,
    Signal,
)
from tocsin.firms import audit
from tocsin.firms.models import Firm, Membership

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 63  # waits of 30 s, 1 min, then 2 min: a little over two hours of trying
BACKOFF_BASE = 30.0  # seconds; each retry waits twice as long, up to four times this
LEASE = timedelta(seconds=90)  # a claimed delivery is not picked again for this long
# A delivery still pending this long after it was written lost its sender (a worker died).
ABANDONED = timedelta(seconds=60)
DIGEST_HOUR = 8
ORPHAN = timedelta(minutes=2)  # an alert nobody was told of after this is told by the sweep


def backoff(attempts: int) -> timedelta:
    """Wait before attempt ``attempts + 1``: 30 s, 1 min, then 2 min each time."""
    base = float(getattr(settings, "TOCSIN_ALERTS_RETRY_BASE", BACKOFF_BASE))
    return timedelta(seconds=base * min(2 ** max(attempts - 1, 0), 4))


def site_url(path: str) -> str:
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/") + path


# -- what an alert says --------------------------------------------------------------------


def explain(alert: Alert) -> str:
    """The why in one or two sentences, in the active language."""
    f = alert.facts
    signal_label = str(Signal(alert.signal).label) if alert.signal in Signal.values else ""
    if alert.signal == Signal.NEGATIVE_SHARE:
        return _(
            "%(share)s%% of the %(volume)s mentions of the last 6 hours are negative, against "
            "%(base)s%% usually (rarer than this once in a long while: score %(score)s)."
        ) % {
            "share": round(100 * f.get("share", 0)),
            "volume": f.get("volume", 0),
            "base": round(100 * f.get("baseline_share", 0)),
            "score": f.get("score", 0),
        }
    if "score" in f:
        baseline = (
            _("the two weeks before") if f.get("baseline") == "two_weeks" else _("the recent level")
        )
        return _(
            "%(signal)s: %(observed)s in the last %(hours)s h, against about %(expected)s "
            "expected from %(baseline)s (anomaly score %(score)s)."
        ) % {
            "signal": signal_label,
            "observed": f.get("observed", 0),
            "hours": f"{f.get('window_hours', 1):g}",
            "expected": f.get("expected", 0),
            "baseline": baseline,
            "score": f.get("score", 0),
        }
    parts = [str(Signal(t).label) for t in alert.triggers if t in Signal.values]
    details = []
    if f.get("risk") is not None:
        details.append(_("risk %(risk)s/100") % {"risk": f["risk"]})
    if f.get("reach"):
        details.append(_("reach %(reach)s") % {"reach": f["reach"]})
    if f.get("rating"):
        details.append(_("%(stars)s star(s)") % {"stars": f["rating"]})
    if f.get("source"):
        details.append(str(f["source"]))
    return "; ".join(parts) + (f" ({', '.join(details)})" if details else "") + "."


def alert_url(alert: Alert) -> str:
    return site_url(reverse("alert", args=[alert.firm.slug, alert.pk]))


def compose(alert: Alert, event: str, language: str, note: str = "") -> channels.Notice:
    """The alert written in ``language``: email text and HTML, a chat summary, facts."""
    from tocsin.alerts.charts import curve_table

    with translation.override(language):
        mentions = list(alert.mentions.all().order_by("-risk", "-published_at")[:5])
        lines = [
            f"[{m.source_label or m.author or '?'}] {(m.title or m.text)[:160]} "
            f"({_('risk')} {m.risk})"
            for m in mentions
        ]
        severity = str(Severity(alert.severity).label)
        prefix = _("Escalated alert") if event == "alert.escalated" else _("Alert")
        subject = f"[Tocsin] {prefix} ({severity}) · {alert.firm.name}: {alert.title}"
        why = explain(alert)
        url = alert_url(alert)
        context: dict[str, Any] = {
            "alert": alert,
            "firm": alert.firm,
            "why": why,
            "note": note,
            "mentions": mentions,
            "url": url,
            "severity": severity,
            "crisis_type": crisis_type_label(alert.suggested_crisis_type),
            "curve": curve_table(alert),
            "event": event,
        }
        return channels.Notice(
            event=event,
            subject=subject.replace("\n", " ")[:250],
            text=render_to_string("alerts/email/alert.txt", context),
            html=render_to_string("alerts/email/alert.html", context),
            summary=(note + "\n" if note else "") + why,
            url=url,
            severity=alert.severity,
            language=language,
            facts={
                "id": alert.pk,
                "firm": alert.firm.slug,
                "signal": alert.signal,
                "triggers": alert.triggers,
                "title": alert.title,
                "state": alert.state,
                "raised_at": alert.raised_at.isoformat(),
                "suggested_crisis_type": alert.suggested_crisis_type,
                "suggested_risk": alert.suggested_risk,
                "mention_ids": [m.pk for m in mentions],
                **alert.facts,
            },
            lines=lines,
        )


def crisis_type_label(value: str) -> str:
    from tocsin.mentions.models import CrisisType

    return str(CrisisType(value).label) if value in CrisisType.values else ""


# -- who is told ---------------------------------------------------------------------------


def email_recipients(channel: AlertChannel) -> list[Membership]:
    """The people an email channel writes to: those named, and those on call (or, when
    nobody is on call, the partners: an alert never goes to nobody)."""
    people = list(channel.recipients.select_related("person", "deputy__person"))
    if channel.on_call:
        people += services.on_call(channel.firm) or services.deciders(channel.firm)
    seen: set[int] = set()
    unique = []
    for m in people:
        if m.pk not in seen and m.person.is_active and m.person.email:
            seen.add(m.pk)
            unique.append(m)
    return unique


def _delivery(
    alert: Alert | None,
    firm: Firm,
    purpose: str,
    notice: channels.Notice,
    *,
    channel: AlertChannel | None,
    target: str = "",
    kind: str = ChannelKind.EMAIL,
    key: str | None = None,
) -> Delivery | None:
    """Write a delivery once (its key is unique per firm); None when it already exists."""
    key = key or f"{alert.pk if alert else '-'}:{purpose}:{channel.pk if channel else '-'}:{target}"
    delivery, created = Delivery.objects.for_firm(firm).get_or_create(
        firm=firm,
        key=key[:200],
        defaults={
            "alert": alert,
            "channel": channel,
            "kind": channel.kind if channel else kind,
            "purpose": purpose,
            "target": target,
            "language": notice.language,
            "payload": asdict(notice),
        },
    )
    return delivery if created else None


def dispatch(alert: Alert, now: datetime | None = None) -> list[Delivery]:
    """Tell the rule's channels about a new alert, unless quiet hours hold it (critical
    alerts ignore quiet hours), then start the escalation clock."""
    now = now or timezone.now()
    rule: AlertRule | None = alert.rule
    if (
        rule is not None
        and alert.severity != Severity.CRITICAL
        and rule.quiet_at(now)
        and not alert.notified
    ):
        alert.hold_until = rule.quiet_until(now)
        alert.save(update_fields=["hold_until"])
        return []
    return _tell(alert, rule, "alert", "alert.raised", now)


def _tell(
    alert: Alert, rule: AlertRule | None, purpose: str, event: str, now: datetime
) -> list[Delivery]:
    firm = alert.firm
    targets = list(rule.channels.filter(enabled=True)) if rule is not None else []
    deliveries: list[Delivery] = []
    told: list[int] = list(alert.told)
    notices: dict[str, channels.Notice] = {}

    def notice(language: str) -> channels.Notice:
        if language not in notices:
            notices[language] = compose(alert, event, language)
        return notices[language]

    for channel in targets:
        if channel.kind == ChannelKind.EMAIL:
            for member in email_recipients(channel):
                language = channel.language or member.person.preferred_language or "fr"
                d = _delivery(
                    alert,
                    firm,
                    purpose,
                    notice(language),
                    channel=channel,
                    target=member.person.email,
                )
                if member.pk not in told:
                    told.append(member.pk)
                if d is not None:
                    deliveries.append(d)
        else:
            d = _delivery(
                alert, firm, purpose, notice(channel.language or firm.language), channel=channel
            )
            if d is not None:
                deliveries.append(d)
    if not told:
        # No email channel: the people on call (else the partners) still hear of it.
        first = (services.on_call(firm) or services.deciders(firm))[:1]
        for member in first:
            language = member.person.preferred_language or "fr"
            d = _delivery(
                alert, firm, purpose, notice(language), channel=None, target=member.person.email
            )
            told.append(member.pk)
            if d is not None:
                deliveries.append(d)
    alert.told = told
    alert.notified = True
    alert.hold_until = None
    if alert.responsible_id is None and told:
        alert.responsible_id = told[0]
    delay = rule.escalate_after if rule is not None else 15
    alert.next_escalation_at = now + timedelta(minutes=delay) if delay else None
    alert.save(
        update_fields=["told", "notified", "hold_until", "responsible", "next_escalation_at"]
    )
    for d in deliveries:
        deliver(d, now=now)
    return deliveries


# -- sending -------------------------------------------------------------------------------


def deliver(delivery: Delivery, now: datetime | None = None) -> bool:
    """Try to send one delivery now; on failure schedule the next attempt or give up.

    The delivery is claimed first (a conditional update that pushes its next attempt a
    lease away, only if no one holds the lease), so two sweepers never send it twice.
    """
    now = now or timezone.now()
    # ``now`` may be the start of a long task: the lease is taken on the wall clock.
    clock = max(now, timezone.now())
    firm_id = delivery.firm_id
    claimed = (
        Delivery.objects.for_firm(firm_id)
        .filter(
            pk=delivery.pk,
            attempts=delivery.attempts,
            status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING],
            next_attempt_at__lte=clock,
        )
        .update(next_attempt_at=clock + LEASE)
    )
    if not claimed:
        return False
    channel = delivery.channel
    config = channel.config if channel is not None else {}
    notice = channels.Notice(**delivery.payload)
    attempts = delivery.attempts + 1
    try:
        channels.channel_for(delivery.kind, config).notify(
            notice, target=delivery.target, delivery_id=delivery.pk
        )
    except Exception as exc:  # any failure of a channel is logged and retried, never raised
        error = str(exc)[:500] or exc.__class__.__name__
        give_up = attempts >= MAX_ATTEMPTS
        Delivery.objects.for_firm(firm_id).filter(pk=delivery.pk).update(
            attempts=attempts,
            status=DeliveryStatus.FAILED if give_up else DeliveryStatus.RETRYING,
            last_error=error,
            next_attempt_at=now + backoff(attempts),
        )
        if channel is not None:
            AlertChannel.objects.for_firm(firm_id).filter(pk=channel.pk).update(
                consecutive_failures=F("consecutive_failures") + 1,
                last_error=error,
                last_failure_at=now,
            )
            if give_up:  # a delivery that gave up marks the channel failing at once
                AlertChannel.objects.for_firm(firm_id).filter(
                    pk=channel.pk, consecutive_failures__lt=3
                ).update(consecutive_failures=3)
        log.warning(
            "delivery %s (%s) failed, attempt %d: %s", delivery.pk, delivery.kind, attempts, error
        )
        delivery.refresh_from_db()
        return False
    Delivery.objects.for_firm(firm_id).filter(pk=delivery.pk).update(
        attempts=attempts, status=DeliveryStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    if channel is not None:
        AlertChannel.objects.for_firm(firm_id).filter(pk=channel.pk).update(
            consecutive_failures=0, last_success_at=now
        )
    delivery.refresh_from_db()
    return True


def send_test(channel: AlertChannel, *, actor: Any = None, target: str = "") -> Delivery:
    """The "send a test" button: a sample message through this channel, logged like any."""
    firm = channel.firm
    language = channel.language or firm.language or "fr"
    with translation.override(language):
        subject = _("[Tocsin] Test message from %(firm)s") % {"firm": firm.name}
        body = _(
            "This is a test of the channel “%(name)s”. If you read this, Tocsin's alerts "
            "will reach you here."
        ) % {"name": channel.name}
        notice = channels.Notice(
            event="alert.test",
            subject=subject,
            text=body,
            html=render_to_string("alerts/email/test.html", {"body": body, "firm": firm}),
            summary=body,
            url=site_url(reverse("alerts", args=[firm.slug])),
            language=language,
            facts={"firm": firm.slug, "test": True},
        )
    recipients = [target] if target else []
    if channel.kind == ChannelKind.EMAIL and not recipients:
        recipients = [m.person.email for m in email_recipients(channel)][:1]
        if not recipients and actor is not None:
            recipients = [actor.email]
    first: Delivery | None = None
    for email in recipients or [""]:
        d = _delivery(
            None,
            firm,
            "test",
            notice,
            channel=channel,
            target=email,
            key=f"test:{uuid.uuid4().hex}",
        )
        assert d is not None
        deliver(d)
        first = first or d
    audit.record(
        "alerts.channel_test",
        firm=firm,
        actor=actor,
        target=channel,
        summary=f"Test sent through {channel.name}",
    )
    assert first is not None
    return first


# -- the minute sweep ------------------------------------------------------------------------


def sweep(now: datetime | None = None) -> dict[str, int]:
    """Everything time-driven, across firms: retries due, held alerts whose quiet hours are
    over, snoozes that end, escalations due. Idempotent; beat runs it every minute."""
    now = now or timezone.now()
    done = {"retried": 0, "released": 0, "woken": 0, "escalated": 0}
    due = Delivery.unscoped.filter(
        Q(status=DeliveryStatus.RETRYING)
        | Q(status=DeliveryStatus.PENDING, created_at__lte=now - ABANDONED),
        next_attempt_at__lte=now,
    ).select_related("channel")[:500]
    for d in due:
        deliver(d, now=now)
        done["retried"] += 1
    # Held by quiet hours that are over, or raised by a process that stopped before telling.
    held = Alert.unscoped.filter(
        Q(hold_until__lte=now) | Q(hold_until__isnull=True, raised_at__lte=now - ORPHAN),
        notified=False,
        state=AlertState.OPEN,
    ).select_related("firm", "rule")[:200]
    for alert in held:
        _tell(alert, alert.rule, "alert", "alert.raised", now)
        done["released"] += 1
    woken = Alert.unscoped.filter(state=AlertState.SNOOZED, snoozed_until__lte=now).select_related(
        "firm", "rule"
    )[:200]
    for alert in woken:
        alert.state = AlertState.OPEN
        alert.save(update_fields=["state"])
        _tell(alert, alert.rule, f"wake:{alert.snoozed_until:%Y%m%d%H%M}", "alert.raised", now)
        done["woken"] += 1
    late = Alert.unscoped.filter(
        state=AlertState.OPEN, notified=True, next_escalation_at__lte=now
    ).select_related("firm", "rule", "responsible__deputy__person")[:200]
    for alert in late:
        escalate(alert, now=now)
        done["escalated"] += 1
    return done


def escalate(alert: Alert, now: datetime | None = None) -> Membership | None:
    """Nobody acknowledged in time: tell the responsible person's deputy, then the next
    person on call (else the next partner), each after the rule's delay. Returns who was
    told, or None when there is nobody left (escalation stops)."""
    now = now or timezone.now()
    told = set(alert.told)
    candidates: list[Membership] = []
    if alert.escalation_level == 0 and alert.responsible is not None and alert.responsible.deputy:
        candidates.append(alert.responsible.deputy)
    candidates += services.on_call(alert.firm) + services.deciders(alert.firm)
    chosen = next((m for m in candidates if m.pk not in told and m.person.is_active), None)
    rule = alert.rule
    delay = rule.escalate_after if rule is not None and rule.escalate_after else 15
    alert.escalation_level += 1
    if chosen is None:
        alert.next_escalation_at = None
        alert.save(update_fields=["escalation_level", "next_escalation_at"])
        return None
    alert.told = [*alert.told, chosen.pk]
    alert.next_escalation_at = (
        now + timedelta(minutes=delay) if alert.escalation_level < 3 else None
    )
    alert.save(update_fields=["escalation_level", "next_escalation_at", "told"])
    language = chosen.person.preferred_language or "fr"
    with translation.override(language):
        note = _("Nobody has acknowledged this alert yet; you are the next person to tell.")
    notice = compose(alert, "alert.escalated", language, note=note)
    deliveries = []
    d = _delivery(
        alert,
        alert.firm,
        f"escalation:{alert.escalation_level}",
        notice,
        channel=None,
        target=chosen.person.email,
    )
    if d is not None:
        deliveries.append(d)
    for channel in (
        rule.channels.filter(enabled=True).exclude(kind=ChannelKind.EMAIL) if rule else []
    ):
        with translation.override(channel.language or alert.firm.language):
            chat_note = _("Escalated to %(name)s: nobody has acknowledged yet.") % {
                "name": str(chosen.person)
            }
        n = compose(
            alert, "alert.escalated", channel.language or alert.firm.language, note=chat_note
        )
        d = _delivery(alert, alert.firm, f"escalation:{alert.escalation_level}", n, channel=channel)
        if d is not None:
            deliveries.append(d)
    audit.record(
        "alerts.escalate",
        firm=alert.firm,
        target=alert,
        summary=f"Alert escalated to {chosen.person}: {alert.title}"[:500],
        detail={"level": alert.escalation_level, "membership": chosen.pk},
    )
    for d in deliveries:
        deliver(d, now=now)
    return chosen


# -- digests -------------------------------------------------------------------------------


def send_digests(now: datetime | None = None) -> int:
    """Daily digests after 8:00 local time, weekly ones on Monday; each once (its key)."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.hour < DIGEST_HOUR:
        return 0
    sent = 0
    wanted = ["daily"] + (["weekly"] if local.weekday() == 0 else [])
    mailing = AlertChannel.unscoped.filter(
        kind=ChannelKind.EMAIL, enabled=True, digest__in=wanted
    ).select_related("firm")
    for channel in mailing:
        days = 7 if channel.digest == "weekly" else 1
        for member in email_recipients(channel):
            language = channel.language or member.person.preferred_language or "fr"
            key = f"digest:{channel.digest}:{local:%Y%m%d}:{channel.pk}:{member.person.email}"
            if Delivery.objects.for_firm(channel.firm).filter(key=key).exists():
                continue
            notice = digest_notice(channel.firm, days, language, now)
            d = _delivery(
                None,
                channel.firm,
                "digest",
                notice,
                channel=channel,
                target=member.person.email,
                key=key,
            )
            if d is not None:
                deliver(d, now=now)
                sent += 1
    return sent


def digest_notice(firm: Firm, days: int, language: str, now: datetime) -> channels.Notice:
    """What happened in the last ``days``: alerts, volumes, the riskiest mentions."""
    from tocsin.mentions.models import Mention

    since = now - timedelta(days=days)
    with translation.override(language):
        alerts = list(Alert.objects.for_firm(firm).filter(raised_at__gte=since)[:50])
        rows = Rollup.objects.for_firm(firm).filter(hour__gte=since, hour__lt=now)
        volume = sum(r.volume for r in rows)
        negative = sum(r.negative for r in rows)
        risky = list(
            Mention.objects.for_firm(firm)
            .filter(published_at__gte=since)
            .filter(Q(risk__gte=50))
            .order_by("-risk")[:5]
        )
        period = _("week") if days == 7 else _("day")
        subject = _("[Tocsin] %(firm)s: your %(period)s in %(count)s alert(s)") % {
            "firm": firm.name,
            "period": period,
            "count": len(alerts),
        }
        context = {
            "firm": firm,
            "alerts": [(a, explain(a)) for a in alerts],
            "volume": volume,
            "negative": negative,
            "risky": risky,
            "period": period,
            "url": site_url(reverse("alerts", args=[firm.slug])),
        }
        text = render_to_string("alerts/email/digest.txt", context)
        return channels.Notice(
            event="digest",
            subject=subject,
            text=text,
            html=render_to_string("alerts/email/digest.html", context),
            summary=subject,
            url=context["url"],
            language=language,
            facts={"firm": firm.slug, "alerts": [a.pk for a in alerts], "volume": volume},
        )
