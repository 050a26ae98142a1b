"""Sentiment tracked until it is back to its pre-crisis baseline."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from tocsin.crises import services as crises
from tocsin.crises.models import Crisis, CrisisType
from tocsin.mentions.models import Mention
from tocsin.recovery import sentiment
from tocsin.testing import Cast


def _old_crisis(cast: Cast, days_ago: int) -> Crisis:
    aware = timezone.now() - timedelta(days=days_ago)
    return crises.open_crisis(
        cast.firm_a,
        opened_by=cast.alice.person,
        crisis_type=CrisisType.CLIENT_DISPUTE,
        title="Litige public avec un client",
        awareness_at=aware,
        now=aware,
    )


def _day(crisis: Crisis, offset: int, negative: int, total: int = 5) -> list[Mention]:
    day = timezone.localdate(crisis.awareness_at) + timedelta(days=offset)
    at = timezone.make_aware(datetime.combine(day, time(12)))
    return [
        Mention(
            firm=crisis.firm,
            dedup_key=f"d{offset}-{i}",
            text="avis",
            published_at=at,
            sentiment="negative" if i < negative else "positive",
        )
        for i in range(total)
    ]


def test_sentiment_back_to_baseline_is_detected(cast: Cast) -> None:
    crisis = _old_crisis(cast, 45)
    rows: list[Mention] = []
    for offset in range(-30, 0):  # baseline: one negative mention every other day, 10 %
        rows += _day(crisis, offset, negative=offset % 2)
    for offset in range(0, 7):  # the storm: four negative mentions out of five a day
        rows += _day(crisis, offset, negative=4)
    for offset in range(7, 40):  # calm again
        rows += _day(crisis, offset, negative=offset % 2)
    Mention.objects.bulk_create(rows)

    tracked = sentiment.track(crisis, today=tracked_day(crisis, 39))

    assert tracked.baseline == 0.1
    assert tracked.peak is not None and tracked.peak.day == tracked_day(crisis, 6)
    # The first day whose week holds no storm day, and the week after it stays calm.
    assert tracked.back_on == tracked_day(crisis, 13)
    assert len(tracked.days) == 40


def tracked_day(crisis: Crisis, offset: int) -> date:
    return timezone.localdate(crisis.awareness_at) + timedelta(days=offset)


def test_sentiment_is_not_back_while_the_negative_share_stays_high(cast: Cast) -> None:
    crisis = _old_crisis(cast, 20)
    rows: list[Mention] = []
    for offset in range(-30, 0):
        rows += _day(crisis, offset, negative=offset % 2)
    for offset in range(0, 20):
        # Calmer after the first week, but still twice the baseline.
        rows += _day(crisis, offset, negative=4 if offset < 7 else 1)
    Mention.objects.bulk_create(rows)
    tracked = sentiment.track(crisis, today=tracked_day(crisis, 19))
    assert tracked.back_on is None and not tracked.is_back


def test_no_baseline_without_mentions_before_the_crisis(cast: Cast) -> None:
    crisis = _old_crisis(cast, 5)
    Mention.objects.bulk_create(_day(crisis, 1, negative=3))
    tracked = sentiment.track(crisis)
    assert tracked.baseline is None and tracked.back_on is None
    assert tracked.days[1].share == 0.6
