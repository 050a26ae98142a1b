"""Work lost between the ingest and the worker (broker down, worker killed) is found and
done again, once; a delivery whose sender died is sent by the sweep, once."""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta

import pytest
from django.db import OperationalError
from django.db.models import Sum
from django.test import RequestFactory
from django.utils import timezone

from tocsin.alerts import notify, tasks
from tocsin.alerts.channels import Notice
from tocsin.alerts.models import Delivery, DeliveryStatus, Rollup
from tocsin.lib.retryable import RetryableErrorsMiddleware
from tocsin.mentions.models import Mention
from tocsin.mentions.pipeline import Incoming, ingest
from tocsin.testing import Cast, Inbox

pytestmark = pytest.mark.django_db


def _volume(cast: Cast) -> int:
    return Rollup.objects.for_firm(cast.firm_a).aggregate(n=Sum("volume"))["n"] or 0


def test_mentions_whose_work_never_ran_are_resumed_once(cast: Cast) -> None:
    # In a test transaction on_commit never fires: exactly a broker that was down.
    ingest(cast.firm_a, [Incoming(text=f"Le cabinet Alpha, avis numéro {i}") for i in range(7)])
    stuck = Mention.objects.for_firm(cast.firm_a)
    assert stuck.filter(processed_at__isnull=True).count() == 7 and _volume(cast) == 0
    assert tasks.resume_stuck() == 0  # younger than a minute: maybe only slow, left alone
    stuck.update(collected_at=timezone.now() - timedelta(minutes=2))
    assert tasks.resume_stuck() == 7
    assert stuck.filter(processed_at__isnull=True).count() == 0
    assert _volume(cast) == 7
    assert tasks.resume_stuck() == 0 and _volume(cast) == 7
    # A redelivered task for the same mentions recounts: still seven.
    tasks.process(cast.firm_a, list(stuck.values_list("pk", flat=True)))
    assert _volume(cast) == 7


def test_unanalysed_mention_is_resumed_only_once_analysed(cast: Cast) -> None:
    ingest(cast.firm_a, [Incoming(text="Le cabinet Alpha a perdu mon dossier")])
    Mention.objects.for_firm(cast.firm_a).update(
        analysed=False, collected_at=timezone.now() - timedelta(minutes=5)
    )
    assert tasks.resume_stuck() == 0
    Mention.objects.for_firm(cast.firm_a).update(analysed=True)
    assert tasks.resume_stuck() == 1


def test_delivery_abandoned_by_a_dead_worker_is_sent_once(cast: Cast, smtp: Inbox) -> None:
    notice = Notice(event="alert.raised", subject="Alerte", text="Texte", summary="Texte")
    delivery = Delivery.objects.create(
        firm=cast.firm_a,
        key="abandoned",
        kind="email",
        purpose="alert",
        target="alice@example.org",
        payload=asdict(notice),
        created_at=timezone.now() - timedelta(minutes=5),
    )
    # Claimed by a worker that died before sending: the lease holds it for a while.
    Delivery.objects.for_firm(cast.firm_a).filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() + notify.LEASE
    )
    assert notify.sweep()["retried"] == 0
    assert notify.deliver(delivery) is False  # nobody else may take it while leased
    later = timezone.now() + notify.LEASE + timedelta(seconds=1)
    assert notify.sweep(now=later)["retried"] == 1
    assert notify.sweep(now=later)["retried"] == 0
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert len(smtp.to("alice@example.org")) == 1
    assert f"tocsin-delivery-{delivery.pk}@" in smtp.messages[0]["Message-ID"]


def test_database_error_is_503_with_retry_after() -> None:
    request = RequestFactory().post("/api/v1/mentions")
    middleware = RetryableErrorsMiddleware(lambda r: None)  # type: ignore[arg-type,return-value]
    response = middleware.process_exception(request, OperationalError("server closed"))
    assert response is not None
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert response["Content-Type"] == "application/json"
    assert middleware.process_exception(request, ValueError("other")) is None
