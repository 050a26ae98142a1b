"""Alerts end to end: mentions in, alerts raised once, people told on real loopback servers."""

from __future__ import annotations

from datetime import time, timedelta
from email.header import decode_header, make_header
from typing import Any

import numpy as np
import pytest
from django.test import Client
from django.utils import timezone

from tocsin.alerts import detection, notify, rollups, services, tasks
from tocsin.alerts.channels.webhook.channel import verify
from tocsin.alerts.models import (
    Alert,
    AlertRule,
    AlertState,
    Delivery,
    DeliveryStatus,
    EventKey,
    Rollup,
    Series,
)
from tocsin.alerts.tests.loopback import Receiver
from tocsin.mentions.models import Mention, Story
from tocsin.mentions.pipeline import Incoming, ingest
from tocsin.testing import Cast, Inbox

pytestmark = pytest.mark.django_db


def _mention(cast: Cast, text: str, **fields: Any) -> Mention:
    firm = cast.firm_a
    story = Story.objects.create(firm=firm, title=text[:50], fingerprint=hash(text) % 10**9)
    values: dict[str, Any] = {
        "firm": firm,
        "text": text,
        "dedup_key": f"k{Mention.objects.for_firm(firm).count()}-{hash(text) % 10**6}",
        "published_at": timezone.now(),
        "story": story,
        "source_label": "X",
        "analysed": True,
    }
    values.update(fields)
    return Mention.objects.create(**values)


def _on_call(cast: Cast) -> None:
    cast.alice.on_call = True
    cast.alice.deputy = cast.colin
    cast.alice.save()


def test_high_risk_mention_alerts_once(cast: Cast, smtp: Inbox) -> None:
    _on_call(cast)
    items = [
        Incoming(
            text="Fuite de données au Cabinet Alpha : les fiches de paie des clients sont en ligne",
            author="veille",
            reach=50_000,
            external_id="t1",
        )
    ]
    ingest(cast.firm_a, items)
    ingest(cast.firm_a, items)  # the same item again: a duplicate, no new alert
    repost = Mention.objects.for_firm(cast.firm_a).get()
    tasks.process(cast.firm_a, [repost.pk])  # the same event seen again by another worker
    alerts = list(Alert.objects.for_firm(cast.firm_a))
    assert len(alerts) == 1
    assert "breach_words" in alerts[0].triggers
    assert len(smtp.to("alice@example.org")) == 1
    body = smtp.to("alice@example.org")[0]
    assert body["Subject"].startswith("[Tocsin]")
    assert body.is_multipart()  # text and HTML
    assert Alert.objects.for_firm(cast.firm_b).count() == 0


def test_unacknowledged_alert_escalates_to_deputy(cast: Cast, smtp: Inbox) -> None:
    _on_call(cast)
    m = _mention(cast, "Erreur comptable grave", risk=90, sentiment="negative")
    assert tasks.process(cast.firm_a, [m.pk]) == 1
    alert = Alert.objects.for_firm(cast.firm_a).get()
    assert alert.responsible == cast.alice
    assert len(smtp.to("alice@example.org")) == 1
    notify.sweep(timezone.now() + timedelta(minutes=5))
    assert not smtp.to("colin@example.org")  # not yet
    notify.sweep(timezone.now() + timedelta(minutes=16))
    assert len(smtp.to("colin@example.org")) == 1  # the deputy
    notify.sweep(timezone.now() + timedelta(minutes=32))
    alert.refresh_from_db()
    assert alert.escalation_level == 2  # then the next person (a partner or admin)
    assert len(smtp.to("ada@example.org")) == 1
    services.acknowledge(alert, actor=cast.ada.person)
    notify.sweep(timezone.now() + timedelta(hours=3))
    assert len(smtp.messages) == 3  # acknowledged: escalation stopped


def test_quiet_hours_hold_non_critical_alerts(cast: Cast, smtp: Inbox) -> None:
    _on_call(cast)
    now = timezone.localtime()
    start = (now - timedelta(hours=1)).time().replace(second=0, microsecond=0)
    end = (now + timedelta(hours=2)).time().replace(second=0, microsecond=0)
    services.rules_of(cast.firm_a)
    AlertRule.objects.for_firm(cast.firm_a).update(quiet_start=start, quiet_end=end)
    review = _mention(cast, "Pas terrible", rating=1, risk=20)
    tasks.process(cast.firm_a, [review.pk])
    held = Alert.objects.for_firm(cast.firm_a).get()
    assert not held.notified and held.hold_until is not None
    assert smtp.messages == []
    critical = _mention(cast, "Piratage : données clients volées", risk=95, sentiment="negative")
    tasks.process(cast.firm_a, [critical.pk])
    assert len(smtp.messages) == 1  # critical alerts ignore quiet hours
    notify.sweep(held.hold_until + timedelta(minutes=1))
    held.refresh_from_db()
    assert held.notified
    # Alice hears of the held alert now (and the unacknowledged critical one escalated).
    assert len(smtp.to("alice@example.org")) == 2


def test_failing_slack_webhook_is_retried_then_marked_failing(cast: Cast, http: Receiver) -> None:
    http.status = 500
    channel = services.create_channel(
        cast.firm_a, kind="slack", name="#crise", url=http.url, actor=None
    )
    for rule in services.rules_of(cast.firm_a):
        rule.channels.add(channel)
    AlertRule.objects.for_firm(cast.firm_a).update(escalate_after=0)
    m = _mention(cast, "Avis 1 étoile", rating=1)
    tasks.process(cast.firm_a, [m.pk])
    delivery = Delivery.objects.for_firm(cast.firm_a).get(channel=channel)
    assert delivery.status == DeliveryStatus.RETRYING and delivery.attempts == 1
    at = timezone.now()
    for _ in range(notify.MAX_ATTEMPTS - 1):
        notify.sweep(at)  # not due yet: back-off
        at += notify.backoff(delivery.attempts) + timedelta(seconds=1)
        notify.sweep(at)
        delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == notify.MAX_ATTEMPTS == len(http.requests)
    channel.refresh_from_db()
    assert channel.failing
    http.status = 200
    assert notify.send_test(channel).status == DeliveryStatus.SENT
    channel.refresh_from_db()
    assert not channel.failing


def test_chat_channels_and_signed_webhook_get_their_documented_shapes(
    cast: Cast, http: Receiver
) -> None:
    for kind in ("slack", "teams", "mattermost", "webhook"):
        channel = services.create_channel(
            cast.firm_a, kind=kind, name=kind, url=http.url, actor=None
        )
        assert notify.send_test(channel).status == DeliveryStatus.SENT
    slack, teams, mattermost, webhook = (http.json(i) for i in range(4))
    assert slack["text"] and slack["blocks"][0]["type"] == "section"
    assert teams["type"] == "message"
    card = teams["attachments"][0]
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert card["content"]["type"] == "AdaptiveCard"
    assert mattermost["text"].startswith("####") and mattermost["username"] == "Tocsin"
    headers, body = http.requests[3]
    assert webhook["event"] == "alert.test"
    secret = (
        services.AlertChannel.objects.for_firm(cast.firm_a).get(kind="webhook").config["secret"]
    )
    seen: set[str] = set()
    assert verify(secret, headers["tocsin-signature"], body, seen=seen)
    assert not verify(secret, headers["tocsin-signature"], body, seen=seen)  # replayed
    assert not verify(secret, headers["tocsin-signature"], body + b" ")  # tampered
    old = int(headers["tocsin-signature"].split(",")[0][2:]) + 600
    assert not verify(secret, headers["tocsin-signature"], body, now=old)  # too old
    assert headers["tocsin-delivery"]


def test_viewer_cannot_acknowledge(cast: Cast) -> None:
    m = _mention(cast, "Risque", risk=90)
    tasks.process(cast.firm_a, [m.pk])
    alert = Alert.objects.for_firm(cast.firm_a).get()
    client = Client()
    client.force_login(cast.victor.person)
    url = f"/f/alpha/alerts/{alert.pk}/acknowledge/"
    assert client.post(url).status_code == 403
    assert client.get(f"/f/alpha/alerts/{alert.pk}/").status_code == 200
    client.force_login(cast.colin.person)
    assert client.post(url).status_code == 302
    alert.refresh_from_db()
    assert alert.state == AlertState.ACKNOWLEDGED and alert.acknowledged_by == cast.colin.person


def test_storm_after_quiet_weeks_is_one_curve_alert_with_its_why(cast: Cast, smtp: Inbox) -> None:
    _on_call(cast)
    firm = cast.firm_a
    now = timezone.now()
    start = rollups.hour_of(now) - timedelta(days=21)
    rng = np.random.default_rng(3)
    Rollup.objects.bulk_create(
        [
            Rollup(firm=firm, hour=start + i * rollups.HOUR, volume=int(v), negative=int(v > 1))
            for i, v in enumerate(rng.poisson(0.4, 21 * 24))
            if v
        ]
    )
    detection.curves(firm, now=now)  # learns three quiet weeks, silently
    assert Series.objects.for_firm(firm).count() >= 3
    storm = [
        _mention(cast, f"Scandale numéro {i} au cabinet", sentiment="negative", risk=40)
        for i in range(25)
    ]
    assert tasks.process(firm, [m.pk for m in storm]) >= 1
    curve_alerts = [a for a in Alert.objects.for_firm(firm) if "score" in a.facts]
    assert len(curve_alerts) == 1  # volume and negatives: one storm, one alert
    alert = curve_alerts[0]
    assert alert.facts["observed"] >= 25
    assert alert.mentions.count() > 0
    assert "<svg" in __import__("tocsin.alerts.charts", fromlist=["x"]).curve_svg(alert)
    more = [_mention(cast, f"Encore {i}", sentiment="negative") for i in range(10)]
    tasks.process(firm, [m.pk for m in more])
    assert len([a for a in Alert.objects.for_firm(firm) if "score" in a.facts]) == 1


def test_one_click_opens_a_crisis_from_the_alert(cast: Cast) -> None:
    m = _mention(cast, "Fuite de données", risk=90, crisis_type="data_breach", sentiment="negative")
    tasks.process(cast.firm_a, [m.pk])
    alert = Alert.objects.for_firm(cast.firm_a).get()
    client = Client()
    client.force_login(cast.alice.person)
    response = client.post(f"/f/alpha/alerts/{alert.pk}/crisis/")
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.crisis is not None and alert.crisis.crisis_type == "data_breach"
    assert alert.crisis.source_alert_id == alert.pk
    assert alert.state == AlertState.ACKNOWLEDGED


def test_daily_digest_is_sent_once_in_each_language(cast: Cast, smtp: Inbox) -> None:
    cast.alice.person.preferred_language = "en"
    cast.alice.person.save()
    services.create_channel(
        cast.firm_a,
        kind="email",
        name="Associés",
        actor=None,
        recipients=[cast.alice, cast.ada],
        digest="daily",
    )
    at = timezone.localtime().replace(hour=9, minute=0)
    assert notify.send_digests(at) == 2
    assert notify.send_digests(at + timedelta(minutes=30)) == 0
    subjects = {
        m["X-Envelope-To"]: str(make_header(decode_header(m["Subject"]))) for m in smtp.messages
    }
    assert "your day" in subjects["alice@example.org"]
    assert "votre journée" in subjects["ada@example.org"]  # French first


def test_rule_quiet_hours_span_midnight() -> None:
    rule = AlertRule(quiet_start=time(22, 0), quiet_end=time(7, 0))
    night = timezone.localtime().replace(hour=23, minute=30)
    assert rule.quiet_at(night)
    assert not rule.quiet_at(night.replace(hour=12))
    assert timezone.localtime(rule.quiet_until(night)).hour == 7


def test_storm_batch_of_many_stories_is_one_alert_at_a_bounded_cost(
    cast: Cast, smtp: Inbox, django_assert_max_num_queries: Any
) -> None:
    """A storm's batch names dozens of stories: one alert, one email, every story's key and
    mention on it, and a number of queries that does not grow with the stories."""
    _on_call(cast)
    stories = [
        _mention(cast, f"Fuite de données au cabinet, affaire numéro {i} : {'abcdefgh'[i % 8] * i}")
        for i in range(40)
    ]
    with django_assert_max_num_queries(60):
        raised = detection.instant(cast.firm_a, [m.pk for m in stories[:20]])
    assert len(raised) == 1
    alert = raised[0]
    # A second batch of the same storm, then the first batch seen again by another worker.
    with django_assert_max_num_queries(40):
        assert detection.instant(cast.firm_a, [m.pk for m in stories[20:]]) == []
    assert detection.instant(cast.firm_a, [m.pk for m in stories[:20]]) == []
    assert Alert.objects.for_firm(cast.firm_a).count() == 1
    assert alert.mentions.count() == 40
    assert EventKey.objects.for_firm(cast.firm_a).filter(alert=alert).count() == 40
    notify.dispatch(alert)
    assert len(smtp.to("alice@example.org")) == 1


def test_batch_spanning_days_is_not_one_event(cast: Cast) -> None:
    """A backfill's stories far apart in time are separate events, as if they came alone."""
    now = timezone.now()
    old = _mention(
        cast, "Piratage du cabinet il y a trois jours", published_at=now - timedelta(days=3)
    )
    new = _mention(cast, "Fuite de données chez le cabinet ce matin", published_at=now)
    raised = detection.instant(cast.firm_a, [old.pk, new.pk], now=now)
    assert len(raised) == 2
    assert {a.mentions.get().pk for a in raised} == {old.pk, new.pk}


def test_retries_wait_at_most_two_minutes_for_two_hours() -> None:
    """After a mail server's outage, alerts go out within two minutes of its return."""
    waits = [notify.backoff(n).total_seconds() for n in range(1, notify.MAX_ATTEMPTS)]
    assert waits[:3] == [30, 60, 120] and max(waits) == 120
    assert 2 * 3600 <= sum(waits) < 2 * 3600 + 300
