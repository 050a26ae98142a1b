from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tocsin.mentions.models import Mention, Story, WatchQuery
from tocsin.mentions.pipeline import Incoming, ingest
from tocsin.sources.models import Source, SourceKind
from tocsin.testing import Cast

BREACH = "Fuite de données au cabinet Alpha : les fiches de paie de 300 clients publiées en ligne"


def test_same_item_twice_is_one_mention(cast: Cast) -> None:
    item = Incoming(text=BREACH, url="https://news.example/fuite?utm_source=x")
    first = ingest(cast.firm_a, [item])
    second = ingest(
        cast.firm_a, [item, Incoming(text=BREACH, url="https://www.news.example/fuite")]
    )
    assert len(first.created) == 1
    assert second.created == [] and set(second.duplicates) == set(first.created)
    assert Mention.objects.for_firm(cast.firm_a).count() == 1


def test_same_item_in_two_firms_is_two_mentions(cast: Cast) -> None:
    item = Incoming(text=BREACH, url="https://news.example/fuite")
    ingest(cast.firm_a, [item])
    ingest(cast.firm_b, [item])
    assert Mention.objects.for_firm(cast.firm_b).count() == 1


def test_reposts_are_grouped_into_one_story(cast: Cast) -> None:
    ingest(
        cast.firm_a,
        [
            Incoming(text=BREACH, author="a"),
            Incoming(text=f"RT @presse: {BREACH} https://t.co/abc", author="b"),
            Incoming(text=BREACH.replace("300", "trois cents") + " !!", author="c"),
            Incoming(text="Très bon accueil au cabinet Alpha, merci à toute l'équipe", author="d"),
        ],
    )
    stories = Story.objects.for_firm(cast.firm_a).order_by("-size")
    assert [s.size for s in stories] == [3, 1]


def test_html_is_cleaned_and_analysis_is_stored(cast: Cast) -> None:
    result = ingest(
        cast.firm_a,
        [
            Incoming(
                text="<p>Fuite de <b>données</b> clients</p><script>alert(1)</script>",
                is_html=True,
                reach=50_000,
            )
        ],
    )
    mention = Mention.objects.for_firm(cast.firm_a).get(pk=result.created[0])
    assert mention.text == "Fuite de données clients"
    assert mention.analysed and mention.lang == "fr"
    assert mention.crisis_type == "data_breach" and mention.sentiment == "negative"
    assert mention.risk > 40 and mention.reasons


def test_empty_items_are_reported_not_stored(cast: Cast) -> None:
    result = ingest(
        cast.firm_a, [Incoming(text="   "), Incoming(text="ok", published_at=datetime(2026, 1, 1))]
    )
    assert result.errors == [(0, "empty text")] and len(result.created) == 1
    assert Mention.objects.for_firm(cast.firm_a).get().published_at == datetime(
        2026, 1, 1, tzinfo=UTC
    )


def test_feeds_keep_only_what_watch_queries_match(cast: Cast) -> None:
    WatchQuery.objects.create(
        firm=cast.firm_a, name="n", query='"cabinet alpha" AND (fuite OR erreur*)'
    )
    feed = Source.objects.create(
        firm=cast.firm_a, name="Alerts", kind=SourceKind.RSS, url="https://x.example/f"
    )
    result = ingest(
        cast.firm_a,
        [
            Incoming(text="Erreurs de TVA au Cabinet-Alpha selon un client", external_id="1"),
            Incoming(text="Le cabinet Alpha recrute", external_id="2"),
        ],
        source=feed,
    )
    assert len(result.created) == 1 and result.filtered_out == 1
    kept = Mention.objects.for_firm(cast.firm_a).get()
    assert kept.matched_terms and kept.source_id == feed.pk


def test_pushed_items_are_not_filtered(cast: Cast) -> None:
    WatchQuery.objects.create(firm=cast.firm_a, name="n", query="fuite")
    assert len(ingest(cast.firm_a, [Incoming(text="Le cabinet Alpha recrute")]).created) == 1


@pytest.mark.parametrize(
    "text", ["\x00\x01binary\xff", "🙂🙂🙂", "a" * 200_000, "Ωμέγα 日本語 عربى"]
)
def test_odd_text_is_stored(cast: Cast, text: str) -> None:
    assert len(ingest(cast.firm_a, [Incoming(text=text)]).created) == 1


def test_failed_analysis_keeps_the_mention_and_is_retried(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tocsin.analysis import services as analysis
    from tocsin.mentions.tasks import analyse_pending

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("model file missing")

    real = analysis.analyze_many
    monkeypatch.setattr(analysis, "analyze_many", broken)
    result = ingest(cast.firm_a, [Incoming(text=BREACH)])
    stored = Mention.objects.for_firm(cast.firm_a).get(pk=result.created[0])
    assert not stored.analysed and stored.risk == 0
    monkeypatch.setattr(analysis, "analyze_many", real)
    assert analyse_pending.delay().get() == 1
    stored.refresh_from_db()
    assert stored.analysed and stored.crisis_type == "data_breach"


def test_a_failing_receiver_does_not_fail_ingest(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    from tocsin.mentions.signals import mentions_stored

    calls: list[list[int]] = []

    def broker_down(**kwargs: object) -> None:
        calls.append(list(kwargs["mention_ids"]))  # type: ignore[call-overload]
        raise ConnectionError("broker unreachable")

    mentions_stored.connect(broker_down)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            result = ingest(cast.firm_a, [Incoming(text="Mention pendant une panne du broker")])
    finally:
        mentions_stored.disconnect(broker_down)
    assert calls == [result.created]
    assert Mention.objects.for_firm(cast.firm_a).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_batches_of_one_firm_add_up_without_deadlock(cast: Cast) -> None:
    """Four senders push overlapping batches at once, in different orders: every item is
    stored once, no batch fails, and the stories count every mention exactly once."""
    import random
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises them anyway)")
    # Each story's first mention is stored alone beforehand, so every batch grows stories
    # that the others grow too (the rows they lock in turn).
    texts = [
        f"Le cabinet Alpha {topic} : {['fuite', 'paie', 'tva', 'bilan', 'audit'][topic % 5]} "
        f"chez les clients de la région numéro {topic}, les détails du dossier"
        for topic in range(12)
    ]
    ingest(cast.firm_a, [Incoming(text=t, external_id=f"seed{i}") for i, t in enumerate(texts)])
    items = [
        Incoming(text=f"{texts[n % 12]} (reprise {n})", external_id=f"r{n}") for n in range(240)
    ]

    batches = [random.Random(seed).sample(items, 160) for seed in range(4)]
    pushed = {item.external_id for batch in batches for item in batch}

    def push(batch: list[Incoming]) -> int:
        try:
            return len(ingest(cast.firm_a, batch).created)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=4) as pool:
        created = list(pool.map(push, batches))
    mentions = Mention.objects.for_firm(cast.firm_a)
    assert mentions.count() == 12 + len(pushed)
    assert sum(created) == len(pushed)  # each item created by exactly one of the batches
    sizes = sum(Story.objects.for_firm(cast.firm_a).values_list("size", flat=True))
    assert sizes == mentions.count()
