"""Break Tocsin on purpose and check that it loses nothing (issue 10's fault tests).

    .venv/bin/python bench/faults.py [workers] [broker] [postgres] [smtp] [--mentions 10000]
        [--kill-every 2] [--smtp-down 300] [--alerts 10] [--restarts 3] [--fast]

The scenarios run one after the other on a private deployment on loopback, started in a
temporary folder and thrown away after: a PostgreSQL cluster (initdb, as the postgres user
when run as root), a redis-server as the Celery broker, an aiosmtpd mail server, gunicorn,
two Celery workers and beat; each scenario has its own firm(s). Nothing shared on the
machine is stopped or touched.

- workers: ``--mentions`` pushed through /api/v1/mentions in batches of 100 while one of
  the two workers is SIGKILLed every ``--kill-every`` seconds and restarted at once; then
  all stored, analysed, processed once (rollups count exactly the mentions), every alert
  email sent once.
- broker: Redis stopped, mentions pushed (201, stored), Redis started: the stuck-work
  sweep finds the mentions whose after-ingest work never ran, and does it once.
- postgres: PostgreSQL crashed (``pg_ctl -m immediate``) and restarted ``--restarts``
  times during ingest: the client sees 503 + Retry-After, never 500, and every mention it
  got a 2xx for is in the database.
- smtp: one alert in each of ``--alerts`` firms raised while the mail server is down for
  ``--smtp-down`` seconds: every alert email arrives after it returns, none twice.

Production schedules by default (retries after 30 s, 1 min, then every 2 min; stuck after
60 s; beat every minute): the SMTP scenario then takes about 7 minutes for 5 minutes down.
``--fast`` runs the same code on the compressed clock of the CI tests
(tests/faults/settings.py). Exits 1 when a promise is broken.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.faults import scenarios
from tests.faults.cluster import postgres_unavailable_reason

ALL = ["workers", "broker", "postgres", "smtp"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("faults", nargs="*", help=f"any of {', '.join(ALL)} (default: all)")
    parser.add_argument("--mentions", type=int, default=10_000, help="for workers")
    parser.add_argument("--kill-every", type=float, default=2.0, help="seconds")
    parser.add_argument("--broker-mentions", type=int, default=2_000)
    parser.add_argument("--postgres-mentions", type=int, default=3_000)
    parser.add_argument("--restarts", type=int, default=3)
    parser.add_argument("--postgres-down", type=float, default=2.0, help="seconds")
    parser.add_argument("--smtp-down", type=float, default=300.0, help="seconds")
    parser.add_argument("--alerts", type=int, default=10, help="firms, one alert each")
    parser.add_argument("--fast", action="store_true", help="compressed retry/sweep clock")
    args = parser.parse_args()
    unknown = set(args.faults) - set(ALL)
    if unknown:
        parser.error(f"unknown fault(s) {', '.join(sorted(unknown))}; choose from {ALL}")
    reason = postgres_unavailable_reason()
    if reason:
        print(f"cannot start a private PostgreSQL: {reason}", file=sys.stderr)
        return 2
    settings = "tests.faults.settings" if args.fast else "tocsin.settings"
    broken = False
    started = time.monotonic()
    with scenarios.deployment(settings) as d:
        print(f"private deployment ready in {time.monotonic() - started:.0f} s", flush=True)
        for fault in args.faults or ALL:
            started = time.monotonic()
            if fault == "workers":
                outcome = scenarios.workers_killed(d, args.mentions, every=args.kill_every)
            elif fault == "broker":
                outcome = scenarios.broker_down(d, args.broker_mentions)
            elif fault == "postgres":
                outcome = scenarios.postgres_restarted(
                    d, args.postgres_mentions, restarts=args.restarts, down=args.postgres_down
                )
            else:
                outcome = scenarios.smtp_down(d, args.alerts, down=args.smtp_down)
            print(outcome.report(), f"\n   ({time.monotonic() - started:.0f} s)", flush=True)
            broken = broken or bool(outcome.broken)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
