"""Fill a fresh PostgreSQL database with 100 firms and 1,000,000 mentions for the load test.

    .venv/bin/python bench/load/generate.py                 # tocsin_load, 100 firms, 1e6
    .venv/bin/python bench/load/generate.py --mentions 100000 --db tocsin_load_small

The database is dropped and recreated, migrated, then filled:

- firms, people and memberships through the product's services (``create_firm``,
  ``add_member``: audited as in production); each firm's load-test user is a partner
  with a confirmed TOTP device, so the two-factor middleware does its real work;
- sources, stories and mentions with raw ``COPY`` (the pipeline's per-item path would
  take hours): skewed sizes (a few firms with 50k-100k mentions, most with a few
  thousand), a year of history denser near today, analysis fields (lang, sentiment and
  score, crisis type, risk with reasons), statuses and assignees, stories of copies;
- the search index as the product keeps it (``mentions.search.ensure_index`` after
  migrate: PostgreSQL French text search over ``unaccent``, a stored generated column
  with a GIN index in the current schema): PostgreSQL computes the column during the
  COPY; its index, like every secondary index, is dropped before and rebuilt after;
- the hourly rollups the curves and detectors read, through ``rollups.rebuild``;
- an active data-breach crisis (playbook tasks, regulatory clocks, roles, pinned
  mentions) in the big firms and in some small ones, through the crisis services;
- a few open alerts per firm for the overview panel.

Everything is seeded, so two runs build the same data. Prints the time of each step.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

PG = "postgres://postgres@127.0.0.1:5432"
LOAD_PASSWORD = "load-test-password-2026"  # noqa: S105  (a throwaway database)

FIRST = [
    "Claire",
    "Antoine",
    "Léa",
    "Karim",
    "Sophie",
    "Julien",
    "Camille",
    "Hugo",
    "Inès",
    "Marc",
    "Nadia",
    "Paul",
]
LAST = [
    "Martin",
    "Bernard",
    "Dubois",
    "Moreau",
    "Laurent",
    "Girard",
    "Roux",
    "Fournier",
    "Lefebvre",
    "Mercier",
]
CITIES = [
    "Lyon",
    "Nantes",
    "Lille",
    "Rennes",
    "Bordeaux",
    "Toulouse",
    "Dijon",
    "Grenoble",
    "Metz",
    "Tours",
    "Angers",
]
KINDS = ["rss", "mastodon", "google_reviews", "push"]

NEGATIVE = [
    "déclaration de TVA déposée en retard, majoration à payer",
    "bilan rendu avec des erreurs, personne ne répond au téléphone",
    "nos bulletins de paie ont été envoyés à un autre client",
    "fuite de données : des fichiers clients accessibles en ligne",
    "honoraires facturés deux fois, aucune réponse à mes courriels",
    "le cabinet a perdu les pièces justificatives de l'exercice",
    "service injoignable depuis la panne du logiciel de paie",
    "propos déplacés d'un associé sur les réseaux sociaux",
]
NEUTRAL = [
    "le cabinet publie sa note sur la loi de finances",
    "webinaire sur la facturation électronique le mois prochain",
    "changement d'adresse du bureau de {city}",
    "le cabinet recrute deux collaborateurs comptables à {city}",
    "article sur la transmission d'entreprise dans la presse locale",
]
POSITIVE = [
    "équipe réactive et de bon conseil, je recommande",
    "merci pour l'accompagnement lors de la création de ma société",
    "bilan livré en avance, explications claires",
    "très bon suivi de la paie, interlocutrice disponible",
]
FILLER = [
    "Le client explique la situation en détail.",
    "Plusieurs personnes ont réagi sous la publication.",
    "L'auteur dit avoir contacté le cabinet sans succès.",
    "La publication a été partagée plusieurs fois dans la journée.",
    "Un commentaire rappelle que l'échéance fiscale était connue.",
    "Le message cite le nom du cabinet et de son associé.",
    "D'autres clients disent avoir eu une expérience différente.",
]
TYPES_BY_PHRASE = {
    0: "accounting_error",
    1: "accounting_error",
    2: "data_breach",
    3: "data_breach",
    4: "client_dispute",
    5: "accounting_error",
    6: "supplier_outage",
    7: "inappropriate_communication",
}
STATUS_WEIGHTS = (("new", 0.55), ("to_answer", 0.1), ("answered", 0.15), ("ignored", 0.2))


def firm_sizes(total: int, firms: int) -> list[int]:
    """A few big firms (50k-100k at a million), a tail of small ones; sums to ``total``."""
    big = [0.10, 0.085, 0.07, 0.06, 0.05][: max(0, min(5, firms - 1))]
    rest = firms - len(big)
    weights = [1 / (r**0.9) for r in range(1, rest + 1)]
    remaining = total - int(total * sum(big))
    scale = remaining / sum(weights)
    sizes = [int(total * b) for b in big] + [max(1, int(w * scale)) for w in weights]
    sizes[0] += total - sum(sizes)
    return sizes


def create_database(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def step(label: str, started: float) -> float:
    now = time.perf_counter()
    print(f"  {label:<44} {now - started:7.1f} s", flush=True)
    return now


def people(sizes: list[int], rng: random.Random) -> list[dict[str, Any]]:
    """Firms with their team, created by the product's services."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from tocsin.firms import services
    from tocsin.firms.models import Membership, Person, SecondFactor
    from tocsin.firms.roles import Role

    password = make_password(LOAD_PASSWORD)
    firms: list[dict[str, Any]] = []
    for index, size in enumerate(sizes):
        city = CITIES[index % len(CITIES)]
        name = f"Cabinet {LAST[index % len(LAST)]} {city} {index:03d}"
        firm = services.create_firm(name, slug=f"load-{index:03d}", require_two_factor=True)
        team = 3 + min(12, size // 5000)
        members = []
        for j in range(team):
            role = Role.PARTNER if j == 0 else rng.choice([Role.COMMUNICATOR, Role.VIEWER])
            first, last = FIRST[j % len(FIRST)], LAST[(index + j) % len(LAST)]
            members.append(
                services.add_member(
                    firm,
                    email=f"{first.lower()}.{j}@load-{index:03d}.example",
                    first_name=first,
                    last_name=last,
                    role=role,
                )
            )
        firms.append({"firm": firm, "size": size, "members": members, "city": city})
    Person.objects.filter(email__endswith=".example").update(password=password)
    SecondFactor.objects.bulk_create(
        [
            SecondFactor(
                person=f["members"][0].person, secret="A" * 32, confirmed_at=timezone.now()
            )
            for f in firms
        ]
    )
    assert Membership.objects.count() == sum(len(f["members"]) for f in firms)
    return firms


def sources(firms: list[dict[str, Any]]) -> None:
    from tocsin.sources.models import Source

    rows = []
    for f in firms:
        for kind in KINDS:
            rows.append(
                Source(firm=f["firm"], name=f"{kind} · {f['city']}", kind=kind, enabled=False)
            )
    created = Source.objects.bulk_create(rows)
    for f in firms:
        f["sources"] = [(s.pk, s.name) for s in created if s.firm_id == f["firm"].pk]


def _moment(rng: random.Random, now: datetime, crisis: bool) -> datetime:
    # Denser near today (an exponential age over a year); a crisis adds a burst this week.
    if crisis and rng.random() < 0.08:
        age = rng.uniform(0, 5 * 24 * 3600)
    else:
        age = min(rng.expovariate(1 / (90 * 24 * 3600)), 365 * 24 * 3600)
    return now - timedelta(seconds=age)


def mention_rows(
    f: dict[str, Any], first_story: int, rng: random.Random, now: datetime, crisis: bool
) -> Iterator[tuple[Any, ...]]:
    """COPY rows for one firm's mentions and, separately, its stories (see ``stories``)."""
    firm_id = f["firm"].pk
    member_ids = [m.person_id for m in f["members"]]
    story_id = first_story
    story_left = 0
    story_fp = 0
    for n in range(f["size"]):
        roll = rng.random()
        if roll < 0.22:
            sentiment, phrase_set = "negative", NEGATIVE
        elif roll < 0.82:
            sentiment, phrase_set = "neutral", NEUTRAL
        else:
            sentiment, phrase_set = "positive", POSITIVE
        phrase_index = rng.randrange(len(phrase_set))
        phrase = phrase_set[phrase_index].format(city=f["city"])
        crisis_type = TYPES_BY_PHRASE[phrase_index] if sentiment == "negative" else "none"
        risk = (
            rng.randint(40, 98)
            if sentiment == "negative"
            else rng.randint(0, 35)
            if sentiment == "neutral"
            else rng.randint(0, 15)
        )
        reasons = (
            [{"reason": "negative", "weight": 30}, {"reason": crisis_type, "weight": risk - 30}]
            if sentiment == "negative"
            else []
        )
        body = " ".join(
            [phrase.capitalize() + ".", *rng.sample(FILLER, rng.randint(1, 4)), f"#{n}"]
        )
        if story_left == 0:
            story_id += 1
            story_left = 1 if rng.random() < 0.8 else rng.randint(2, 12)
            story_fp = rng.getrandbits(63)
        story_left -= 1
        at = _moment(rng, now, crisis)
        status = rng.choices([s for s, _ in STATUS_WEIGHTS], [w for _, w in STATUS_WEIGHTS])[0]
        source_id, source_label = f["sources"][n % len(f["sources"])]
        lang = "fr" if rng.random() < 0.85 else rng.choice(["en", "other"])
        yield (
            firm_id,
            source_id,
            source_label,
            f"{firm_id}-{n:08d}",
            str(n),
            f"https://example.org/{firm_id}/{n}",
            f"https://example.org/{firm_id}/{n}",
            phrase[:120].capitalize() if rng.random() < 0.6 else "",
            body,
            f"{rng.choice(FIRST)} {rng.choice(LAST)[0]}.",
            "",
            rng.randint(10, 50_000) if rng.random() < 0.5 else None,
            rng.randint(1, 5) if source_label.startswith("google") else None,
            at,
            at + timedelta(minutes=rng.randint(1, 30)),
            lang,
            sentiment,
            round(rng.uniform(-1, -0.3) if sentiment == "negative" else rng.uniform(-0.2, 1), 3),
            crisis_type,
            risk,
            json.dumps(reasons),
            json.dumps(["cabinet"] if rng.random() < 0.3 else []),
            True,
            story_id,
            story_fp,
            status,
            rng.choice(member_ids) if status == "to_answer" and rng.random() < 0.7 else None,
        )


MENTION_COLUMNS = (
    "firm_id, source_id, source_label, dedup_key, external_id, url, canonical_url, title, "
    "text, author, author_handle, reach, rating, published_at, collected_at, lang, "
    "sentiment, sentiment_score, crisis_type, risk, reasons, matched_terms, analysed, "
    "story_id, fingerprint, status, assignee_id"
)


def check_columns(cursor: Any) -> bool:
    """Fail clearly if a migration added a required column this generator does not fill;
    True when mentions have ``processed_at`` (the after-ingest work done: set it, or the
    stuck-work sweep would redo a year of history)."""
    cursor.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = "
        "'mentions_mention' AND is_nullable = 'NO' AND column_default IS NULL"
    )
    known = {c.strip() for c in MENTION_COLUMNS.split(",")} | {"id"}
    missing = [r[0] for r in cursor.fetchall() if r[0] not in known]
    if missing:
        raise SystemExit(f"mentions_mention has required columns not generated: {missing}")
    cursor.execute(
        "SELECT 1 FROM information_schema.columns WHERE table_name = 'mentions_mention' "
        "AND column_name = 'processed_at'"
    )
    return cursor.fetchone() is not None


def secondary_indexes(cursor: Any, table: str) -> list[tuple[str, str]]:
    """Indexes of ``table`` that no constraint owns (safe to drop and rebuild)."""
    cursor.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s AND NOT "
        "EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
        [table],
    )
    return list(cursor.fetchall())


def mentions_and_stories(
    firms: list[dict[str, Any]], rng: random.Random, crisis_firms: set[int]
) -> None:
    from django.db import connection, transaction

    now = datetime.now(UTC)
    with connection.cursor() as django_cursor:
        raw = django_cursor.cursor  # psycopg's own cursor: COPY
        processed = check_columns(raw)
        columns = MENTION_COLUMNS + (", processed_at" if processed else "")
        dropped = secondary_indexes(raw, "mentions_mention") + secondary_indexes(
            raw, "mentions_story"
        )
        for name, _definition in dropped:
            raw.execute(f'DROP INDEX "{name}"')
        raw.execute("SELECT nextval(pg_get_serial_sequence('mentions_story', 'id'))")
        story_id = raw.fetchone()[0]
        for index, f in enumerate(firms):
            rows = list(mention_rows(f, story_id, rng, now, index in crisis_firms))
            stories: dict[int, list[Any]] = {}
            for row in rows:
                story = stories.get(row[23])
                if story is None:
                    stories[row[23]] = [row[7] or row[8][:120], row[24], 1, row[13], row[13]]
                else:
                    story[2] += 1
                    story[3] = min(story[3], row[13])
                    story[4] = max(story[4], row[13])
            with transaction.atomic():
                with raw.copy(
                    "COPY mentions_story (id, firm_id, title, fingerprint, size, first_seen_at, "
                    "last_seen_at) FROM STDIN"
                ) as copy:
                    for sid, (title, fp, size, first, last) in stories.items():
                        copy.write_row((sid, f["firm"].pk, title, fp, size, first, last))
                with raw.copy(f"COPY mentions_mention ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row((*row, row[14]) if processed else row)
            story_id = max(stories) if stories else story_id
        raw.execute("SELECT setval(pg_get_serial_sequence('mentions_story', 'id'), %s)", [story_id])
    with connection.cursor() as django_cursor:
        raw = django_cursor.cursor
        raw.execute("SET maintenance_work_mem = '512MB'")
        raw.execute("SET max_parallel_maintenance_workers = 2")
        for _name, definition in dropped:
            raw.execute(definition)
        raw.execute("ANALYZE mentions_mention")
        raw.execute("ANALYZE mentions_story")


def crises(firms: list[dict[str, Any]], crisis_firms: set[int], rng: random.Random) -> None:
    """An active data-breach crisis with pinned mentions, through the crisis services."""
    from django.utils import timezone

    from tocsin.crises import pins
    from tocsin.crises import services as crisis_services
    from tocsin.crises.models import Task
    from tocsin.mentions.models import Mention

    now = timezone.now()
    for index in sorted(crisis_firms):
        f = firms[index]
        firm, lead = f["firm"], f["members"][0]
        crisis = crisis_services.open_crisis(
            firm,
            opened_by=lead.person,
            crisis_type="data_breach",
            title="Bulletins de paie d'un client exposés après un hameçonnage",
            awareness_at=now - timedelta(hours=30),
            now=now - timedelta(hours=29),
            severity=3,
            description="Un compte compromis a servi à télécharger des bulletins de paie.",
        )
        crisis_services.assess(
            crisis,
            answers={"personal_data": True, "confirmed": True, "public": True},
            activate=True,
            reason="",
            actor=lead.person,
        )
        tasks = list(Task.objects.for_firm(firm).filter(crisis=crisis))
        for task in rng.sample(tasks, len(tasks) // 3):
            crisis_services.set_task_done(task, done=True, actor=lead.person)
        crisis_services.record_decision(
            crisis,
            text="Réinitialiser tous les mots de passe",
            reason="Un compte compromis avéré.",
            actor=lead.person,
        )
        pinned = Mention.objects.for_firm(firm).filter(crisis_type="data_breach")
        for mention_id in pinned.order_by("-published_at").values_list("pk", flat=True)[:40]:
            pins.pin_mention(crisis, mention_id, actor=lead.person)
        f["crisis"] = crisis.pk


def alerts(firms: list[dict[str, Any]]) -> None:
    from django.utils import timezone

    from tocsin.alerts.models import Alert

    now = timezone.now()
    rows = [
        Alert(
            firm=f["firm"],
            dedup_key=f"load-{i}",
            signal="negative",
            title=f"Pic de mentions négatives ({i + 1})",
            why="Plus de mentions négatives que d'habitude.",
            started_at=now - timedelta(hours=6 * (i + 1)),
        )
        for f in firms
        for i in range(3)
    ]
    Alert.objects.bulk_create(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="tocsin_load")
    parser.add_argument("--firms", type=int, default=100)
    parser.add_argument("--mentions", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=10)
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = f"{PG}/{args.db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tocsin.settings")
    os.environ.setdefault("TOCSIN_DATA_DIR", str(ROOT / "var" / "load"))
    rng = random.Random(args.seed)
    sizes = firm_sizes(args.mentions, args.firms)
    # The five big firms, then one small firm in ten, have an active crisis.
    crisis_firms = set(range(min(5, args.firms))) | set(range(10, args.firms, 10))

    began = started = time.perf_counter()
    print(f"Building {args.db}: {args.firms} firms, {sum(sizes):,} mentions", flush=True)
    create_database(args.db)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = step("database created and migrated", started)
    firms = people(sizes, rng)
    sources(firms)
    started = step("firms, people, sources (services)", started)
    mentions_and_stories(firms, rng, crisis_firms)
    started = step("mentions and stories (COPY + indexes)", started)

    from tocsin.alerts import rollups

    for f in firms:
        rollups.rebuild(f["firm"])
    started = step("hourly rollups (rollups.rebuild)", started)
    crises(firms, crisis_firms, rng)
    alerts(firms)
    started = step("crises, pins, alerts (services)", started)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    step("VACUUM ANALYZE", started)
    total = time.perf_counter() - began
    print(f"Built in {total:.0f} s. Big firms: {', '.join(f'{s:,}' for s in sizes[:5])}")
    manifest = {
        "db": args.db,
        "built_seconds": round(total, 1),
        "firms": [
            {
                "slug": f["firm"].slug,
                "mentions": f["size"],
                "user": f["members"][0].person_id,
                "crisis": f.get("crisis"),
            }
            for f in firms
        ],
    }
    path = Path(os.environ["TOCSIN_DATA_DIR"]) / f"{args.db}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(manifest, indent=1))
    print(f"Manifest: {path}")


if __name__ == "__main__":
    main()
