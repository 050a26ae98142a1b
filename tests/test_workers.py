"""Real Celery workers run Tocsin's tasks (not the eager mode): on the embedded SQLite
broker that a laptop runs with nothing set, and on Redis and RabbitMQ."""

from __future__ import annotations

import os
import subprocess
import sys
import time
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


def test_embedded_broker_carries_work_to_a_worker(tmp_path: Path) -> None:
    """Nothing set: a mention stored while analysis was off is analysed by a real worker
    that the web side's task reached through the SQLite broker."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER"}
    }
    env.update(TOCSIN_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="tocsin.settings")

    def django(code: str) -> str:
        script = "import django, tocsin.celery; django.setup()\n" + code
        return subprocess.run(
            [sys.executable, "-c", script], env=env, cwd=ROOT, check=True, text=True,
            capture_output=True,
        ).stdout.strip()  # fmt: skip

    subprocess.run(
        [sys.executable, "-m", "tocsin.cli", "migrate", "-v0"], env=env, check=True, cwd=ROOT
    )
    django(
        "from tocsin.firms import services\nfrom tocsin.mentions.models import Mention\n"
        "from tocsin.mentions.pipeline import Incoming, ingest\n"
        "firm = services.create_firm('Embedded')\n"
        "ingest(firm, [Incoming(text='Fuite de données au cabinet, nos fiches de paie en ligne')])\n"
        "Mention.unscoped.update(analysed=False, sentiment='neutral', risk=0)\n"
        "from tocsin.mentions.tasks import analyse_pending\nanalyse_pending.delay()\n"
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "tocsin", "worker", "--pool", "solo",
         "--loglevel", "WARNING", "--without-heartbeat", "--without-gossip", "--without-mingle"],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    check = "from tocsin.mentions.models import Mention\nprint(Mention.unscoped.get().analysed)"
    try:
        deadline = time.monotonic() + 60
        while django(check) != "True":
            assert worker.poll() is None, "the worker stopped"
            assert time.monotonic() < deadline, "the task never reached the worker"
            time.sleep(0.5)
        risk = django(
            "from tocsin.mentions.models import Mention\nprint(Mention.unscoped.get().risk)"
        )
        assert int(risk) > 0
    finally:
        worker.terminate()
        out, _ = worker.communicate(timeout=30)
    assert "Traceback" not in out, out
