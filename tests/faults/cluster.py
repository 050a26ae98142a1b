"""A private Tocsin on loopback to break on purpose: its own PostgreSQL, Redis and SMTP
server, gunicorn, Celery workers and beat, none shared with anything else on the machine.

Used by the fault tests (small, in CI) and by ``bench/faults.py`` (the full figures).
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import httpx
import psycopg
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parents[2]
PG_BINS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)

ORDINARY = [
    "Le cabinet {n} organise un webinaire sur la facture électronique",
    "Très bon accompagnement du cabinet {n} pour ma création d'entreprise",
    "Quelqu'un connaît le cabinet {n} à Lyon ? Avis bienvenus",
    "Great service from {n}, quick and precise answers on our tax return",
    "Le cabinet {n} recrute un collaborateur comptable en CDI",
]
BREACH = (
    "Fuite de données au cabinet {n} : les fiches de paie des clients sont en ligne, "
    "piratage confirmé"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout:.0f} s")


# -- PostgreSQL ----------------------------------------------------------------------------


def postgres_unavailable_reason() -> str | None:
    """Why a private PostgreSQL cannot be started here, or None when it can."""
    if not PG_BINS or not (PG_BINS[0] / "initdb").exists():
        return "PostgreSQL server binaries (initdb, pg_ctl) are not installed"
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            return "running as root without runuser: initdb refuses root"
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no postgres user to run initdb as"
    return None


class Postgres:
    """A throwaway PostgreSQL cluster on a free port, restartable at will."""

    def __init__(self, base: Path) -> None:
        self.dir = base / "pgdata"
        self.log = base / "postgres.log"
        self.port = free_port()
        self.bin = PG_BINS[0]

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:  # initdb and postgres refuse to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, text=True)

    def init(self) -> None:
        self.dir.mkdir(mode=0o700)
        self.log.touch()
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
            shutil.chown(self.log, "postgres", "postgres")
        self._run("initdb", "-D", str(self.dir), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                  "--locale", "C.UTF-8", "--no-sync")  # fmt: skip
        with (self.dir / "postgresql.conf").open("a") as conf:
            conf.write(
                f"port = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.dir}'\nmax_connections = 200\n"
                "shared_buffers = 64MB\n"
            )
        self.start()
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute("CREATE DATABASE tocsin")

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.dir), "-l", str(self.log), "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.dir), "-m", mode, "-w", "-t", "60", "stop")

    def url(self, name: str = "tocsin") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"


# -- Redis and SMTP ------------------------------------------------------------------------


class Redis:
    """A private redis-server (no persistence): the Celery broker, stoppable at will."""

    def __init__(self, base: Path) -> None:
        self.port = free_port()
        self.dir = base
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.dir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_port(self.port)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def queued(self) -> int:
        """Messages waiting in Celery's default queue."""
        out = subprocess.run(
            ["redis-cli", "-p", str(self.port), "LLEN", "celery"], capture_output=True, text=True
        )
        return int(out.stdout.strip() or 0)


class Mailbox:
    """Every message the SMTP server accepted: its Message-ID, for each recipient."""

    def __init__(self) -> None:
        self.received: list[tuple[str, str]] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            for to in envelope.rcpt_tos:
                self.received.append((str(msg["Message-ID"]), to))
        return "250 OK"

    def _ids(self, to: str | None) -> list[str]:
        with self.lock:
            return [i for i, rcpt in self.received if to is None or rcpt == to]

    def count(self, to: str | None = None) -> int:
        return len(self._ids(to))

    def repeated(self, to: str | None = None) -> int:
        """Messages received more than once (the same delivery sent twice)."""
        return sum(n - 1 for n in Counter(self._ids(to)).values() if n > 1)


class Smtp:
    def __init__(self) -> None:
        self.port = free_port()
        self.mailbox = Mailbox()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


# -- Tocsin's processes --------------------------------------------------------------------


@dataclass
class Setup:
    token: str
    firm_id: int
    email: str  # the partner on call, who receives the firm's alerts


@dataclass
class Tocsin:
    """One private deployment: call :meth:`start_web`, :meth:`start_worker`, :meth:`start_beat`."""

    base: Path
    database_url: str
    broker_url: str
    smtp_port: int
    settings: str = "tocsin.settings"
    web_workers: int = 2
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    port: int = field(default_factory=free_port)

    @property
    def env(self) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in {"CELERY_TASK_ALWAYS_EAGER", "REDIS_URL", "CELERY_RESULT_BACKEND"}
        }
        env.update(
            TOCSIN_DATA_DIR=str(self.base / "data"),
            DJANGO_SETTINGS_MODULE=self.settings,
            DATABASE_URL=self.database_url,
            CELERY_BROKER_URL=self.broker_url,
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(self.smtp_port),
            DB_CONN_MAX_AGE="60",
            PYTHONPATH=str(ROOT),
        )
        return env

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def django(self, code: str) -> str:
        script = "import django, tocsin.celery; django.setup()\n" + code
        done = subprocess.run(
            [sys.executable, "-c", script], env=self.env, cwd=ROOT, capture_output=True, text=True
        )
        if done.returncode:
            raise RuntimeError(done.stderr[-3000:])
        return done.stdout.strip()

    def migrate(self) -> None:
        subprocess.run(
            [sys.executable, "-m", "tocsin.cli", "migrate", "-v0"],
            env=self.env, cwd=ROOT, check=True,
        )  # fmt: skip

    def new_firm(self, name: str) -> Setup:
        return self.new_firms([name])[0]

    def new_firms(self, names: list[str]) -> list[Setup]:
        """Firms whose partner is on call (alerts go to them), their default rules, a token."""
        out = self.django(
            "import json\nfrom tocsin.firms import services\n"
            "from tocsin.firms.models import ApiToken\n"
            "from tocsin.alerts import services as alert_rules\n"
            "made = []\n"
            f"for name, email in {[(n, firm_email(n)) for n in names]!r}:\n"
            "    firm = services.create_firm(name)\n"
            "    m = services.add_member(firm, email=email, role='partner')\n"
            "    m.on_call = True\n    m.save()\n    alert_rules.rules_of(firm)\n"
            "    made.append([ApiToken.issue(firm=firm, person=m.person, name='faults')[1],"
            " firm.pk])\n"
            "print(json.dumps(made))"
        )
        made = json.loads(out.splitlines()[-1])
        return [
            Setup(token=t, firm_id=f, email=firm_email(n))
            for (t, f), n in zip(made, names, strict=True)
        ]

    def _spawn(self, name: str, args: list[str]) -> None:
        log = (self.base / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(
            [sys.executable, "-m", *args], env=self.env, cwd=ROOT, stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip

    def start_web(self) -> None:
        self._spawn("web", ["gunicorn", "tocsin.wsgi:application", "--bind",
                            f"127.0.0.1:{self.port}", "--workers", str(self.web_workers),
                            "--log-level", "warning", "--graceful-timeout", "5"])  # fmt: skip
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(self.url + "/api/v1/openapi.json", timeout=5)
                return
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def start_worker(self, name: str = "worker", concurrency: int = 1) -> None:
        self._spawn(name, ["celery", "-A", "tocsin", "worker", "-n", f"{name}@%h",
                           "--concurrency", str(concurrency), "--loglevel", "WARNING",
                           "--without-gossip", "--without-mingle", "--without-heartbeat"])  # fmt: skip

    def start_beat(self) -> None:
        self._spawn("beat", ["celery", "-A", "tocsin", "beat", "--loglevel", "WARNING",
                             "-s", str(self.base / "beat-schedule")])  # fmt: skip

    def kill(self, name: str) -> None:
        """SIGKILL the process and its children, as systemd stops a unit's control group."""
        process = self.processes.pop(name)
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def stop_all(self) -> None:
        for name in list(self.processes):
            process = self.processes.pop(name)
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=15)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                with suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=15)

    def resumed(self) -> int:
        """Mentions whose lost work the stuck-work sweep has redone, from the workers' logs."""
        found = re.findall(
            r"resuming the after-ingest work of (\d+) mentions",
            self.log_text("worker1") + self.log_text("worker2"),
        )
        return sum(int(n) for n in found)

    def log_text(self, name: str) -> str:
        path = self.base / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""


def firm_email(name: str) -> str:
    return "associe-" + "".join(c for c in name.lower() if c.isalnum()) + "@example.org"


# -- the client ----------------------------------------------------------------------------


def mentions(count: int, prefix: str, breach_every: int = 0) -> list[dict[str, Any]]:
    """``count`` distinct mentions; every ``breach_every``-th is a data breach (an alert)."""
    rng = random.Random(prefix)
    out = []
    for i in range(count):
        if breach_every and i % breach_every == breach_every - 1:
            text = BREACH.format(n=f"{prefix}-{i}") + f" ({rng.random():.8f})"
            out.append({"text": text, "reach": 40_000, "external_id": f"{prefix}-{i}"})
        else:
            text = rng.choice(ORDINARY).format(n=rng.choice(["Martin", "Dupont"]))
            out.append({"text": f"{text} #{i} {rng.random():.8f}", "external_id": f"{prefix}-{i}"})
    return out


@dataclass
class PushReport:
    """What the client saw: answers by status, acknowledged mention ids, time spent."""

    statuses: Counter[str] = field(default_factory=Counter)
    acknowledged: set[str] = field(default_factory=set)
    retry_after: set[str] = field(default_factory=set)
    seconds: float = 0.0
    bodies_500: list[str] = field(default_factory=list)


def push(
    url: str, token: str, items: list[dict[str, Any]], batch: int, report: PushReport,
    *, pause: float = 0.0, give_up_after: float = 120.0,
) -> None:  # fmt: skip
    """Push ``items`` in batches as a well-behaved client: on a 503 or a refused connection,
    wait (``Retry-After`` when given) and send the same batch again. A batch counts as
    acknowledged only on a 2xx answer."""
    started = time.monotonic()
    with httpx.Client(
        base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=30
    ) as client:
        for start in range(0, len(items), batch):
            chunk = items[start : start + batch]
            first_try = time.monotonic()
            while True:
                try:
                    answer = client.post("/api/v1/mentions", json={"mentions": chunk})
                except httpx.TransportError as exc:
                    report.statuses[type(exc).__name__] += 1
                    wait = 0.5
                else:
                    report.statuses[str(answer.status_code)] += 1
                    if answer.is_success:
                        report.acknowledged.update(m["external_id"] for m in chunk)
                        break
                    if answer.status_code >= 500 and answer.status_code != 503:
                        report.bodies_500.append(answer.text[:500])
                    if "Retry-After" in answer.headers:
                        report.retry_after.add(answer.headers["Retry-After"])
                    wait = min(float(answer.headers.get("Retry-After", "1")), 2.0)
                if time.monotonic() - first_try > give_up_after:
                    raise TimeoutError(f"batch at {start} not accepted after {give_up_after} s")
                time.sleep(wait)
            if pause:
                time.sleep(pause)
    report.seconds += time.monotonic() - started


# -- what the database says ----------------------------------------------------------------


@dataclass
class Tally:
    stored: int
    analysed: int
    processed: int
    rollup_volume: int
    alerts: int
    breach_mentions: int
    breach_alerted: int
    breach_in_two_alerts: int
    deliveries: int
    sent: int
    unsent: int

    def line(self) -> str:
        return (
            f"stored {self.stored}, analysed {self.analysed}, processed {self.processed}, "
            f"rollup volume {self.rollup_volume}; alerts {self.alerts} holding "
            f"{self.breach_alerted}/{self.breach_mentions} breach mentions "
            f"({self.breach_in_two_alerts} in two alerts); deliveries {self.deliveries}: "
            f"{self.sent} sent, {self.unsent} not yet"
        )


def tally(database_url: str, firm_id: int) -> Tally:
    one = "SELECT count(*) FROM mentions_mention WHERE firm_id = %s"
    breach = one + " AND text LIKE 'Fuite de données%%'"
    with psycopg.connect(database_url, autocommit=True) as conn:

        def value(sql: str) -> int:
            row = conn.execute(sql, [firm_id]).fetchone()
            return int(row[0] or 0) if row else 0

        return Tally(
            stored=value(one),
            analysed=value(one + " AND analysed"),
            processed=value(one + " AND processed_at IS NOT NULL"),
            rollup_volume=value("SELECT sum(volume) FROM alerts_rollup WHERE firm_id = %s"),
            alerts=value("SELECT count(*) FROM alerts_alert WHERE firm_id = %s"),
            breach_mentions=value(breach),
            breach_alerted=value(
                "SELECT count(DISTINCT am.mention_id) FROM alerts_alert_mentions am "
                "JOIN alerts_alert a ON a.id = am.alert_id WHERE a.firm_id = %s"
            ),
            breach_in_two_alerts=value(
                "SELECT count(*) FROM (SELECT am.mention_id FROM alerts_alert_mentions am "
                "JOIN alerts_alert a ON a.id = am.alert_id WHERE a.firm_id = %s "
                "GROUP BY am.mention_id HAVING count(*) > 1) twice"
            ),
            deliveries=value("SELECT count(*) FROM alerts_delivery WHERE firm_id = %s"),
            sent=value("SELECT count(*) FROM alerts_delivery WHERE firm_id = %s AND status='sent'"),
            unsent=value(
                "SELECT count(*) FROM alerts_delivery WHERE firm_id = %s AND status <> 'sent'"
            ),
        )


def stored_external_ids(database_url: str, firm_id: int) -> set[str]:
    with psycopg.connect(database_url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT external_id FROM mentions_mention WHERE firm_id = %s", [firm_id]
        ).fetchall()
    return {r[0] for r in rows}


def wait_until(check: Any, timeout: float, step: float = 0.5) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(step)
    return bool(check())


@contextmanager
def workspace(prefix: str = "tocsin-faults-") -> Iterator[Path]:
    """A temporary folder the postgres user can enter (the cluster lives inside)."""
    base = Path(tempfile.mkdtemp(prefix=prefix))
    base.chmod(0o755)
    try:
        yield base
    finally:
        shutil.rmtree(base, ignore_errors=True)
