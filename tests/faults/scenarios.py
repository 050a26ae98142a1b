"""The four faults of issue 10, played one after the other on a private deployment
(see cluster.py), each with its own firm(s) so that their figures do not mix.

Each scenario returns a :class:`Outcome`: the figures it measured and the promises it
checked. ``bench/faults.py`` prints them at full size; ``tests/faults`` asserts them small.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.faults.cluster import (
    Postgres,
    PushReport,
    Redis,
    Setup,
    Smtp,
    Tally,
    Tocsin,
    mentions,
    push,
    stored_external_ids,
    tally,
    wait_until,
    workspace,
)


@dataclass
class Outcome:
    name: str
    figures: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)  # promises not kept; empty means pass

    def check(self, ok: bool, promise: str) -> None:
        if not ok:
            self.broken.append(promise)

    def report(self) -> str:
        verdict = "PASS" if not self.broken else "FAIL: " + "; ".join(self.broken)
        return "\n".join([f"== {self.name}", *(f"   {f}" for f in self.figures), f"   {verdict}"])


@dataclass
class Deployment:
    base: Path
    postgres: Postgres
    redis: Redis
    smtp: Smtp
    tocsin: Tocsin


@contextmanager
def deployment(settings: str = "tocsin.settings", web_workers: int = 2) -> Iterator[Deployment]:
    """A private deployment, migrated and running: gunicorn, two workers and beat."""
    with ExitStack() as stack:
        base = stack.enter_context(workspace())
        postgres = Postgres(base)
        postgres.init()
        stack.callback(postgres.stop, "immediate")
        redis = Redis(base)
        redis.start()
        stack.callback(redis.stop)
        smtp = Smtp()
        smtp.start()
        stack.callback(smtp.stop)
        tocsin = Tocsin(
            base=base,
            database_url=postgres.url(),
            broker_url=redis.url,
            smtp_port=smtp.port,
            settings=settings,
            web_workers=web_workers,
        )
        stack.callback(tocsin.stop_all)
        tocsin.migrate()
        tocsin.start_web()
        tocsin.start_worker("worker1")
        tocsin.start_worker("worker2")
        tocsin.start_beat()
        yield Deployment(base, postgres, redis, smtp, tocsin)


def _all_done(d: Deployment, firm: Setup, total: int) -> bool:
    t = tally(d.postgres.url(), firm.firm_id)
    return (
        t.processed == total
        and t.rollup_volume == total
        and t.unsent == 0
        and d.smtp.mailbox.count(firm.email) >= t.sent
    )


def _exactly_once(outcome: Outcome, d: Deployment, firm: Setup, t: Tally, total: int) -> None:
    outcome.check(t.stored == total, f"all {total} stored (got {t.stored})")
    outcome.check(t.analysed == total, f"all {total} analysed (got {t.analysed})")
    outcome.check(t.processed == total, f"all {total} processed (got {t.processed})")
    outcome.check(t.rollup_volume == total, f"rollups count {total} (got {t.rollup_volume})")
    outcome.check(t.breach_in_two_alerts == 0, "no mention in two alerts")
    outcome.check(t.alerts > 0 and t.breach_alerted >= t.breach_mentions, "every breach alerted")
    outcome.check(t.unsent == 0, f"every delivery sent ({t.unsent} not)")
    outcome.check(d.smtp.mailbox.count(firm.email) == t.sent, "one email per delivery")
    outcome.check(d.smtp.mailbox.repeated(firm.email) == 0, "no email twice")


# -- 1. workers killed ---------------------------------------------------------------------


def workers_killed(
    d: Deployment, total: int, *, batch: int = 100, every: float = 2.0,
    breach_every: int = 500, settle: float = 300.0,
) -> Outcome:  # fmt: skip
    """Push ``total`` mentions while one of two Celery workers is SIGKILLed every ``every``
    seconds and restarted at once; then wait for the sweeps to settle everything."""
    outcome = Outcome(f"worker killed with SIGKILL every {every:g} s, {total} mentions")
    firm = d.tocsin.new_firm("Cabinet Ouvriers")
    resumed = d.tocsin.resumed()
    report = PushReport()
    items = mentions(total, "kill", breach_every)
    pusher = threading.Thread(target=push, args=(d.tocsin.url, firm.token, items, batch, report))
    pusher.start()
    kills = 0
    while pusher.is_alive():
        time.sleep(every)
        victim = f"worker{kills % 2 + 1}"
        d.tocsin.kill(victim)
        d.tocsin.start_worker(victim)  # Restart=always, as systemd would
        kills += 1
    pusher.join()
    pushed_at = time.monotonic()
    settled = wait_until(lambda: _all_done(d, firm, total), settle, step=1.0)
    t = tally(d.postgres.url(), firm.firm_id)
    outcome.figures += [
        f"pushed in {report.seconds:.1f} s ({total / report.seconds:.0f} mentions/s), "
        f"answers {dict(report.statuses)}, {kills} workers killed",
        f"{'settled' if settled else 'NOT settled'} "
        f"{time.monotonic() - pushed_at:.1f} s after the last push; the stuck-work sweep "
        f"redid the work of {d.tocsin.resumed() - resumed} mentions",
        t.line(),
        f"emails received {d.smtp.mailbox.count(firm.email)}, "
        f"repeated {d.smtp.mailbox.repeated(firm.email)}",
    ]
    outcome.check(len(report.acknowledged) == total, "every batch acknowledged")
    _exactly_once(outcome, d, firm, t, total)
    outcome.check(kills >= 2, "workers were killed")
    return outcome


# -- 2. broker down ------------------------------------------------------------------------


def broker_down(d: Deployment, total: int, *, batch: int = 50, settle: float = 300.0) -> Outcome:
    """Stop the broker, push ``total`` mentions, start the broker again: every mention is
    stored while it is down, and its after-ingest work done once it is back."""
    outcome = Outcome(f"broker (Redis) down during ingest, {total} mentions")
    firm = d.tocsin.new_firm("Cabinet Courtier")
    logged = d.tocsin.log_text("web").count("after ingest")
    d.redis.stop()
    report = PushReport()
    push(d.tocsin.url, firm.token, mentions(total, "broker", max(total // 4, 1)), batch, report)
    down = tally(d.postgres.url(), firm.firm_id)
    refused = d.tocsin.log_text("web").count("after ingest") - logged
    outcome.figures.append(
        f"broker down: answers {dict(report.statuses)} in {report.seconds:.1f} s "
        f"({1000 * report.seconds / max(sum(report.statuses.values()), 1):.0f} ms a "
        f"request), stored {down.stored}, processed {down.processed}, "
        f"{refused} hand-offs to the broker failed and logged"
    )
    outcome.check(down.stored == total, "stored while the broker is down")
    outcome.check(set(report.statuses) == {"201"}, "every request answered 201")
    resumed = d.tocsin.resumed()
    d.redis.start()
    back = time.monotonic()
    settled = wait_until(lambda: _all_done(d, firm, total), settle, step=1.0)
    t = tally(d.postgres.url(), firm.firm_id)
    outcome.figures += [
        f"broker back: {'resumed' if settled else 'NOT resumed'} in "
        f"{time.monotonic() - back:.1f} s; the stuck-work sweep redid the work of "
        f"{d.tocsin.resumed() - resumed} mentions",
        t.line(),
    ]
    _exactly_once(outcome, d, firm, t, total)
    outcome.check(d.tocsin.resumed() - resumed >= total, "the sweep found the stuck work")
    return outcome


# -- 3. PostgreSQL restarted ---------------------------------------------------------------


def postgres_restarted(
    d: Deployment, total: int, *, batch: int = 50, restarts: int = 3, down: float = 2.0,
    settle: float = 300.0,
) -> Outcome:  # fmt: skip
    """Push ``total`` mentions while PostgreSQL is stopped (immediate mode: a crash) and
    started again ``restarts`` times: clients see 503 + Retry-After, never a 500, and every
    acknowledged mention is in the database."""
    outcome = Outcome(f"PostgreSQL restarted {restarts}× during ingest, {total} mentions")
    firm = d.tocsin.new_firm("Cabinet Redemarrage")
    report = PushReport()
    items = mentions(total, "pg", max(total // 5, 1))
    # Paced so that pushing outlasts every outage: ingest is fast enough to finish a few
    # hundred mentions before the first restart otherwise, and the test would see no 503.
    batches = -(-total // batch)
    span = restarts * (down + 1.5) + 1.0
    pusher = threading.Thread(
        target=push, args=(d.tocsin.url, firm.token, items, batch, report),
        kwargs={"pause": max(0.05, span / batches)},
    )  # fmt: skip
    pusher.start()
    while pusher.is_alive() and not report.acknowledged:
        time.sleep(0.05)  # the first batch is in: the outages hit a running ingest
    done = 0
    outages: list[float] = []
    while pusher.is_alive() and done < restarts:
        time.sleep(0.5)
        started = time.monotonic()
        d.postgres.stop("immediate")
        time.sleep(down)
        d.postgres.start()
        outages.append(time.monotonic() - started)
        done += 1
    pusher.join()
    stored = stored_external_ids(d.postgres.url(), firm.firm_id)
    lost = report.acknowledged - stored
    outcome.figures.append(
        f"{done} restarts (down {', '.join(f'{o:.1f}' for o in outages)} s); client saw "
        f"{dict(report.statuses)}, Retry-After {sorted(report.retry_after)}; "
        f"acknowledged {len(report.acknowledged)}, stored {len(stored)}, "
        f"acknowledged but missing {len(lost)}"
    )
    outcome.check(done == restarts, f"{restarts} restarts during ingest (did {done})")
    outcome.check(not lost, "nothing acknowledged is lost")
    outcome.check(report.statuses["500"] == 0, "no 500")
    outcome.check(report.statuses["503"] > 0, "the outage answered 503")
    outcome.check(report.retry_after <= {"5"}, "503s carry Retry-After")
    settled = wait_until(lambda: _all_done(d, firm, total), settle, step=1.0)
    t = tally(d.postgres.url(), firm.firm_id)
    outcome.figures.append(("settled: " if settled else "NOT settled: ") + t.line())
    _exactly_once(outcome, d, firm, t, total)
    if report.bodies_500:
        outcome.figures.append(f"a 500 said: {report.bodies_500[0][:300]}")
    return outcome


# -- 4. SMTP down --------------------------------------------------------------------------


def smtp_down(d: Deployment, firms: int, *, down: float = 300.0, settle: float = 2400.0) -> Outcome:
    """Raise one alert in each of ``firms`` firms while the mail server is down for
    ``down`` seconds: every alert email arrives after it returns, none twice."""
    outcome = Outcome(f"SMTP down {down:g} s, {firms} alerts")
    cast = d.tocsin.new_firms([f"Cabinet Courrier {i}" for i in range(firms)])
    before = {f.email: d.smtp.mailbox.count(f.email) for f in cast}
    d.smtp.stop()
    stopped = time.monotonic()
    for i, firm in enumerate(cast):
        push(d.tocsin.url, firm.token, mentions(2, f"smtp{i}", 2), 2, PushReport())

    def deliveries() -> list[Tally]:
        return [tally(d.postgres.url(), f.firm_id) for f in cast]

    wait_until(lambda: all(t.deliveries for t in deliveries()), 60)
    during = deliveries()
    failing = sum(t.unsent for t in during)
    time.sleep(max(0.0, down - (time.monotonic() - stopped)))
    d.smtp.start()
    back = time.monotonic()
    arrivals: list[float] = []

    def received_now() -> int:
        return sum(d.smtp.mailbox.count(f.email) - before[f.email] for f in cast)

    def all_sent() -> bool:
        count = received_now()
        while len(arrivals) < count:
            arrivals.append(time.monotonic() - back)
        return all(t.unsent == 0 and t.deliveries for t in deliveries())

    settled = wait_until(all_sent, settle, step=1.0)
    after = deliveries()
    sent = sum(t.sent for t in after)
    received = received_now()
    repeated = sum(d.smtp.mailbox.repeated(f.email) for f in cast)
    outcome.figures += [
        f"while down: {sum(t.alerts for t in during)} alerts, {failing} deliveries failing "
        f"and waiting for a retry",
        f"after it returned: {'all' if settled else 'NOT all'} delivered; {sent} sent, "
        f"{received} emails received, {repeated} twice; last one "
        f"{arrivals[-1] if arrivals else float('nan'):.1f} s after the server returned",
    ]
    outcome.check(all(t.alerts == 1 for t in after), "one alert per firm")
    outcome.check(failing == firms, "every delivery failed while SMTP was down")
    outcome.check(sent == firms and received == firms, "every alert delivered")
    outcome.check(repeated == 0, "none twice")
    return outcome
