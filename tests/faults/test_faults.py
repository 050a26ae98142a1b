"""Issue 10's fault tests, small enough for CI: one private deployment on loopback (its own
PostgreSQL, Redis broker, SMTP server, gunicorn, two Celery workers and beat), broken four
ways. Real processes and real signals; the retry and sweep clock is compressed
(tests/faults/settings.py). ``bench/faults.py`` runs the same scenarios at full size.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

from tests.faults import scenarios
from tests.faults.cluster import postgres_unavailable_reason

pytestmark = pytest.mark.services


@pytest.fixture(scope="module")
def deployment() -> Iterator[scenarios.Deployment]:
    reason = postgres_unavailable_reason()
    if reason is None and shutil.which("redis-server") is None:
        reason = "redis-server is not installed"
    if reason is not None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"cannot start the private deployment: {reason}")
        pytest.skip(f"cannot start the private deployment: {reason}")
    with scenarios.deployment("tests.faults.settings") as d:
        yield d


def _passes(outcome: scenarios.Outcome) -> None:
    print(outcome.report())
    assert outcome.broken == [], outcome.report()


def test_killed_workers_lose_nothing_and_count_once(deployment: scenarios.Deployment) -> None:
    _passes(scenarios.workers_killed(deployment, 600, batch=50, every=2.0, breach_every=200))


def test_broker_down_stores_then_resumes_the_work(deployment: scenarios.Deployment) -> None:
    _passes(scenarios.broker_down(deployment, 100, batch=25))


def test_postgres_restart_answers_503_and_loses_nothing_acknowledged(
    deployment: scenarios.Deployment,
) -> None:
    _passes(scenarios.postgres_restarted(deployment, 300, batch=25, restarts=1, down=1.0))


def test_smtp_down_every_alert_delivered_once_after(deployment: scenarios.Deployment) -> None:
    _passes(scenarios.smtp_down(deployment, 2, down=3.0, settle=120.0))
