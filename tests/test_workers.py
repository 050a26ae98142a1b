"""Real Celery workers on Redis and on RabbitMQ run Tocsin's tasks (not the eager mode)."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from celery import Celery

from tocsin.testing import require_service

ROOT = Path(__file__).resolve().parent.parent

BROKERS = {
    "redis": ("Redis", 6379, "redis://127.0.0.1:6379/15", "redis://127.0.0.1:6379/15"),
    "rabbitmq": ("RabbitMQ", 5672, "amqp://guest:guest@127.0.0.1:5672//", "rpc://"),
}


@pytest.mark.services
@pytest.mark.parametrize("kind", sorted(BROKERS))
def test_worker_completes_a_task(kind: str, tmp_path: Path) -> None:
    name, port, broker, backend = BROKERS[kind]
    require_service(name, "127.0.0.1", port)
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        TOCSIN_DATA_DIR=str(tmp_path),
        CELERY_BROKER_URL=broker,
        CELERY_RESULT_BACKEND=backend,
        DJANGO_SETTINGS_MODULE="tocsin.settings",
    )
    subprocess.run(
        [sys.executable, "-m", "tocsin.cli", "migrate", "-v0"], env=env, check=True, cwd=ROOT
    )
    queue = f"tocsin-test-{uuid.uuid4().hex[:8]}"
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tocsin",
            "worker",
            "-Q",
            queue,
            "--concurrency",
            "1",
            "--pool",
            "solo",
            "--loglevel",
            "WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    client = Celery(broker=broker, backend=backend)
    try:
        result = client.send_task("firms.verify_audit_trail", queue=queue)
        assert result.get(timeout=60) == {"checked": 0, "breaks": 0}
    finally:
        worker.terminate()
        out, _ = worker.communicate(timeout=30)
        client.close()
    assert "Traceback" not in out, out
