"""Tocsin's settings with the clock of lost-work recovery compressed, for fault tests.

Production retries a failed alert delivery after 30 s, 1 min, then every 2 min, and takes
after-ingest work as lost after a minute; beat sweeps every minute. A test of a few seconds
runs the same code on a schedule of seconds: nothing else differs.
"""

from __future__ import annotations

from tocsin.settings import *  # noqa: F403

TOCSIN_ALERTS_RETRY_BASE = 1.0  # retries after 1 s, 2 s, then every 4 s
TOCSIN_ALERTS_STUCK_AFTER = 3.0
CELERY_BEAT_SCHEDULE = {
    "alerts-sweep": {"task": "alerts.sweep", "schedule": 1.0},
    "alerts-resume-stuck": {"task": "alerts.resume_stuck", "schedule": 2.0},
}
