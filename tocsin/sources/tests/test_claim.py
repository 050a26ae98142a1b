"""Claiming a due source for one run: one worker at a time, and never skipped because the
firm is busy storing mentions elsewhere."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from tocsin.mentions.models import Mention
from tocsin.sources import services
from tocsin.sources.models import Source
from tocsin.testing import Cast

pytestmark = pytest.mark.django_db(transaction=True)


def _feed(cast: Cast, name: str) -> Source:
    return Source.objects.create(
        firm=cast.firm_a, name=name, kind="rss", url=f"https://news.example/{name}.xml"
    )


def _in_another_transaction(work: object, ready: threading.Event, done: threading.Event) -> None:
    try:
        with transaction.atomic():
            work()  # type: ignore[operator]
            ready.set()
            done.wait(10)
    finally:
        connections.close_all()


def _holding(work: object) -> tuple[threading.Thread, threading.Event]:
    ready, done = threading.Event(), threading.Event()
    thread = threading.Thread(target=_in_another_transaction, args=(work, ready, done))
    thread.start()
    assert ready.wait(10)
    return thread, done


def test_claim_while_the_firm_stores_mentions_in_another_transaction(cast: Cast) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite runs one writer at a time")
    source = _feed(cast, "busy")

    def store() -> None:
        # A worker committing mentions of the same firm: PostgreSQL checks their deferred
        # foreign keys at commit, which key-share-locks the firm's row for that moment.
        Mention.objects.create(
            firm=cast.firm_a, text="Avis", dedup_key="x", published_at=timezone.now()
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM firms_firm WHERE id = %s FOR KEY SHARE", [cast.firm_a.pk])

    thread, done = _holding(store)
    try:
        claimed = services.claim(source.pk)
    finally:
        done.set()
        thread.join()
    assert claimed is not None and claimed.pk == source.pk


def test_a_source_another_worker_holds_is_skipped(cast: Cast) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite runs one writer at a time")
    source = _feed(cast, "held")
    thread, done = _holding(lambda: services.claim(source.pk))
    try:
        started = time.monotonic()
        assert services.claim(source.pk) is None
        assert time.monotonic() - started < 2  # skipped at once, not waited for
    finally:
        done.set()
        thread.join()
    source.refresh_from_db()
    assert source.next_run_at > timezone.now()  # the first claim's lease stands
