"""The ingest pipeline: every source ends here, and every step is idempotent.

normalise → deduplicate (the same item twice is one mention) → keep what the firm's watch
queries match (for sources that search the open web) → group near-duplicates into stories →
analyse (language, sentiment, crisis type, risk) → store → tell the detectors.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import connections, transaction
from django.db.models import F
from django.utils import timezone

from tocsin.lib import simhash
from tocsin.lib.canonical import canonical_url, clean_text, html_to_text
from tocsin.mentions.models import Mention, Story, WatchQuery
from tocsin.mentions.signals import mentions_stored

if TYPE_CHECKING:
    from tocsin.firms.models import Firm
    from tocsin.sources.models import Source

log = logging.getLogger(__name__)

MAX_TEXT = 100_000
STORY_WINDOW = timedelta(days=7)


@dataclass
class Incoming:
    """One item as a source delivers it, before Tocsin has touched it."""

    text: str
    url: str = ""
    title: str = ""
    author: str = ""
    author_handle: str = ""
    reach: int | None = None
    rating: int | None = None
    published_at: datetime | None = None
    external_id: str = ""
    lang: str | None = None
    is_html: bool = False


@dataclass
class IngestResult:
    created: list[int] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)
    filtered_out: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "created": self.created,
            "duplicates": self.duplicates,
            "filtered_out": self.filtered_out,
            "errors": [{"index": i, "error": e} for i, e in self.errors],
        }


def dedup_key(item: Incoming, canonical: str, text: str, source: Source | None) -> str:
    """The identity of an item: its id at the source, else its address, else its words."""
    if item.external_id and source is not None:
        basis = f"ext:{source.kind}:{source.pk}:{item.external_id}"
    elif canonical:
        basis = f"url:{canonical}"
    else:
        basis = f"text:{item.author.lower()}:{' '.join(simhash.fold(text))}"
    return hashlib.sha256(basis.encode()).hexdigest()


def _short(value: str, size: int) -> str:
    """A field as stored: no NUL (PostgreSQL refuses it in text), at most ``size`` long."""
    return value.replace("\x00", "")[:size]


def _aware(value: datetime | None) -> datetime:
    """The moment in UTC (naive means UTC): PostgreSQL refuses offsets past 16 hours that
    Python and ISO 8601 allow, and a valid moment must not cost its batch."""
    if value is None:
        return timezone.now()
    if timezone.is_naive(value):
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def watch_matcher(firm: Firm) -> Callable[[str], list[str] | None] | None:
    """A function telling whether a text matches one of the firm's active watch queries
    (returning the matched terms), or None when the firm has no active query."""
    from tocsin.mentions import query as wq

    compiled = []
    for row in WatchQuery.objects.for_firm(firm).filter(active=True):
        try:
            compiled.append(wq.parse(row.query))
        except wq.QueryError:
            log.warning("watch query %s of firm %s does not parse; skipped", row.pk, firm.pk)
    if not compiled:
        return None

    def match(text: str) -> list[str] | None:
        terms: list[str] = []
        hit = False
        prepared = wq.prepare(text)  # tokenised once for all the firm's queries
        for query in compiled:
            found = query.match(prepared)
            if found is not None:
                hit = True
                terms.extend(found.terms)
        return sorted(set(terms)) if hit else None

    return match


@dataclass(slots=True)
class _StoryRow:
    """A story as the pipeline handles it: plain values, no model instance to build."""

    pk: int | None
    fingerprint: int
    size: int
    first_seen_at: datetime
    last_seen_at: datetime
    title: str
    added: int = 0  # mentions this batch adds to an existing story
    created_here: bool = False  # a new story, created by this batch


class _Stories:
    """The firm's recent stories, indexed by fingerprint band, grown as items arrive.

    Existing stories are read as plain rows and new ones are created in one statement at
    the end: a batch of a thousand new items must not cost a thousand INSERTs, and a firm
    with twenty thousand live stories must not cost twenty thousand model instances.
    """

    def __init__(self, firm: Firm) -> None:
        self.firm = firm
        self.stories: list[_StoryRow] = []  # existing (with pk) then new (pk None until saved)
        self.index: dict[tuple[int, int], list[int]] = {}
        self.touched: set[int] = set()
        since = timezone.now() - STORY_WINDOW
        recent = (
            Story.objects.for_firm(firm)
            .filter(last_seen_at__gte=since)
            .order_by("-last_seen_at")
            .values_list("pk", "fingerprint", "size", "first_seen_at", "last_seen_at", "title")[
                :20000
            ]
        )
        for row in recent:
            self._add(_StoryRow(*row))

    def _add(self, story: _StoryRow) -> int:
        self.stories.append(story)
        position = len(self.stories) - 1
        for band in simhash.bands(story.fingerprint):
            self.index.setdefault(band, []).append(position)
        return position

    def place(self, fingerprint: int, title: str, at: datetime) -> _StoryRow:
        if fingerprint:
            for band in simhash.bands(fingerprint):
                for position in self.index.get(band, ()):
                    story = self.stories[position]
                    if simhash.distance(story.fingerprint, fingerprint) <= simhash.NEAR:
                        story.size += 1
                        story.added += 1
                        story.last_seen_at = max(story.last_seen_at, at)
                        self.touched.add(position)
                        return story
        story = _StoryRow(None, fingerprint, 1, at, at, title[:300] or "—", created_here=True)
        self._add(story)
        return story

    def save(self) -> None:
        """Create the new stories (their ids come back) and update the grown ones."""
        fresh = [p for p, story in enumerate(self.stories) if story.pk is None]
        if fresh:
            created = Story.objects.bulk_create(
                [
                    Story(
                        firm=self.firm,
                        fingerprint=row.fingerprint,
                        size=row.size,
                        first_seen_at=row.first_seen_at,
                        last_seen_at=row.last_seen_at,
                        title=row.title,
                    )
                    for row in (self.stories[p] for p in fresh)
                ],
                batch_size=500,
            )
            for position, story in zip(fresh, created, strict=True):
                self.stories[position].pk = story.pk
        grown = sorted(
            (self.stories[p] for p in self.touched - set(fresh)), key=lambda story: story.pk or 0
        )
        if grown:
            # One prepared UPDATE run for every grown story (bulk_update() builds a CASE
            # expression per row, which costs more than the rest of a batch's storage).
            # Relative, and in id order: two batches of one firm stored at once must add up,
            # and must lock the stories they share in the same order or deadlock.
            connection = connections[Story.objects.db]
            table = connection.ops.quote_name(Story._meta.db_table)
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"UPDATE {table} SET size = size + %s, last_seen_at = CASE "  # noqa: S608
                    "WHEN last_seen_at < %s THEN %s ELSE last_seen_at END "
                    "WHERE id = %s AND firm_id = %s",
                    [
                        (
                            story.added,
                            connection.ops.adapt_datetimefield_value(story.last_seen_at),
                            connection.ops.adapt_datetimefield_value(story.last_seen_at),
                            story.pk,
                            self.firm.pk,
                        )
                        for story in grown
                    ],
                )

    def forget(self, story_ids: list[int]) -> None:
        """Take back mentions counted in their stories that were not stored after all (a
        concurrent delivery stored them first, and counted them in its own story)."""
        counts: dict[int, int] = {}
        for pk in story_ids:
            counts[pk] = counts.get(pk, 0) + 1
        fresh = {story.pk for story in self.stories if story.created_here}
        for pk, count in sorted(counts.items()):
            Story.objects.for_firm(self.firm).filter(pk=pk).update(size=F("size") - count)
        emptied = Story.objects.for_firm(self.firm).filter(pk__in=fresh & set(counts), size=0)
        emptied.delete()


def _insert_mentions(rows: list[dict[str, Any]]) -> dict[str, int]:
    """Insert the new mentions (dicts of column attribute names to values) in one prepared
    statement run over all the rows, and return the ids of those inserted by their dedup
    key: an item that a concurrent delivery stored first is skipped by the unique (firm,
    dedup key) constraint, and is that delivery's, not this one's.

    Django's ``bulk_create`` builds a model instance per row and compiles every value
    through the field machinery; only dates and JSON need that here, so the other values go
    to the driver as they are, and fields a row leaves out take the field's default.
    """
    connection = connections[Mention.objects.db]
    qn = connection.ops.quote_name
    fields = [f for f in Mention._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    prepared = {
        f.attname: f
        for f in fields
        if f.get_internal_type() in {"DateTimeField", "DateField", "JSONField", "UUIDField"}
    }
    columns = ", ".join(qn(str(f.column)) for f in fields)
    slots = ", ".join(["%s"] * len(fields))
    sql = (
        f"INSERT INTO {qn(Mention._meta.db_table)} ({columns}) VALUES ({slots}) "  # noqa: S608
        "ON CONFLICT DO NOTHING RETURNING id, dedup_key"
    )
    names = [f.attname for f in fields]
    params = []
    for row in rows:
        values = []
        for name in names:
            value = row.get(name, defaults[name])
            field = prepared.get(name)
            values.append(value if field is None else field.get_db_prep_save(value, connection))
        params.append(values)
    inserted: dict[str, int] = {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # psycopg runs the statement once per row in one pipeline, keeping each result.
            # Django's wrapper has no ``returning``: the driver's cursor is used, under
            # Django's error translation, so that a refused value is a DataError and a
            # database that went away an OperationalError (a 422, a 503) like anywhere else.
            raw = cursor.cursor
            with connection.wrap_database_errors:
                raw.executemany(sql, params, returning=True)
                while True:
                    inserted.update((key, pk) for pk, key in raw.fetchall())
                    if not raw.nextset():
                        break
        else:  # sqlite3's executemany drops RETURNING rows; one call per row is cheap here
            for values in params:
                cursor.execute(sql, values)
                inserted.update((key, pk) for pk, key in cursor.fetchall())
    return inserted


def _announce(firm_id: int, mention_ids: list[int]) -> None:
    """Tell the detectors. A receiver's failure (the broker is down, say) must not turn a
    stored mention into an error for the sender: it is logged, and the sweeps catch up."""
    for receiver, outcome in mentions_stored.send_robust(
        sender=Mention, firm_id=firm_id, mention_ids=mention_ids
    ):
        if isinstance(outcome, Exception):
            log.error(
                "after ingest, %s failed: %s", getattr(receiver, "__qualname__", receiver), outcome
            )


def _readings(
    items: list[dict[str, Any]], sensitive: list[str], weight: float
) -> list[dict[str, Any]] | None:
    """Analyse a whole batch at once (the models score many texts faster than one by one);
    ``items`` carry title, text, lang, reach and story_size. Returns the analysis fields of
    each item, or None when analysis failed.

    Analysis must never cost a mention: if it fails, the mentions are stored unanalysed and
    the ``analyse_pending`` task reads them again later.
    """
    from tocsin.analysis.services import analyze_many

    try:
        readings = analyze_many(
            [
                {
                    "text": f"{m['title']}\n{m['text']}" if m["title"] else m["text"],
                    "lang": m["lang"] if m["lang"] != "other" else None,
                    "reach": m["reach"],
                    "source_weight": weight,
                    "story_size": m["story_size"],
                }
                for m in items
            ],
            sensitive_words=sensitive,
            group_stories=False,
        )
    except Exception:
        log.exception("analysis failed for a batch of %d mentions; stored unanalysed", len(items))
        return None
    return [
        {
            "lang": r.lang,
            "sentiment": r.sentiment,
            "sentiment_score": r.sentiment_score,
            "crisis_type": r.crisis_type,
            "risk": r.risk,
            "reasons": r.reasons,
            "analysed": True,
        }
        for r in readings
    ]


def analyse_pending(firm: Firm, limit: int = 2000) -> int:
    """Analyse mentions stored while analysis was failing. Returns how many were done."""
    rows = list(
        Mention.objects.for_firm(firm).filter(analysed=False).select_related("story")[:limit]
    )
    if not rows:
        return 0
    sensitive = [w.strip() for w in firm.sensitive_words.splitlines() if w.strip()]
    readings = _readings(
        [
            {
                "title": m.title,
                "text": m.text,
                "lang": m.lang,
                "reach": m.reach,
                "story_size": m.story.size if m.story else 1,
            }
            for m in rows
        ],
        sensitive,
        1.0,
    )
    if readings is None:
        return 0
    for mention, reading in zip(rows, readings, strict=True):
        for name, value in reading.items():
            setattr(mention, name, value)
    Mention.objects.for_firm(firm).bulk_update(rows, list(readings[0]))
    return len(rows)


def ingest(
    firm: Firm,
    items: Sequence[Incoming],
    *,
    source: Source | None = None,
    source_label: str = "",
    filter_by_queries: bool | None = None,
) -> IngestResult:
    """Store what is new among ``items`` for ``firm``; safe to call again with the same items.

    ``filter_by_queries`` defaults to the source kind's rule (feeds and social searches are
    filtered by the firm's watch queries; pushes, webhooks, reviews and imports are not).
    """
    from tocsin.sources.models import FILTERED_KINDS

    result = IngestResult()
    if filter_by_queries is None:
        filter_by_queries = source is not None and source.kind in FILTERED_KINDS
    matcher = watch_matcher(firm) if filter_by_queries else None
    sensitive = [w.strip() for w in firm.sensitive_words.splitlines() if w.strip()]
    label = source_label or (source.name if source else "")

    prepared: list[tuple[Incoming, str, str, str, str]] = []
    for index, item in enumerate(items):
        text = (html_to_text(item.text) if item.is_html else clean_text(item.text or ""))[:MAX_TEXT]
        title = html_to_text(item.title)[:500] if item.title else ""
        if not text and not title:
            result.errors.append((index, "empty text"))
            continue
        canonical = canonical_url(item.url)
        prepared.append(
            (
                item,
                text or title,
                title,
                canonical,
                dedup_key(item, canonical, text or title, source),
            )
        )

    keys = [p[4] for p in prepared]
    existing = (
        dict(
            Mention.objects.for_firm(firm).filter(dedup_key__in=keys).values_list("dedup_key", "pk")
        )
        if keys
        else {}
    )
    seen: set[str] = set()
    fresh: list[tuple[Incoming, str, str, str, str, list[str]]] = []
    for item, text, title, canonical, key in prepared:
        if key in existing:
            result.duplicates.append(existing[key])
            continue
        if key in seen:
            continue
        seen.add(key)
        terms: list[str] = []
        if matcher is not None:
            found = matcher(f"{title}\n{text}" if title else text)
            if found is None:
                result.filtered_out += 1
                continue
            terms = found
        fresh.append((item, text, title, canonical, key, terms))
    if not fresh:
        return result

    now = timezone.now()
    with transaction.atomic():
        stories = _Stories(firm)
        rows: list[dict[str, Any]] = []
        placed: list[_StoryRow] = []
        for item, text, title, canonical, key, terms in fresh:
            published = _aware(item.published_at)
            fingerprint = simhash.fingerprint(text)
            placed.append(stories.place(fingerprint, title or text[:120], published))
            rows.append(
                {
                    "firm_id": firm.pk,
                    "source_id": source.pk if source else None,
                    "source_label": _short(label, 200),
                    "dedup_key": key,
                    "external_id": _short(item.external_id, 500),
                    "url": _short(item.url, 2000),
                    "canonical_url": _short(canonical, 2000),
                    "title": title,
                    "text": text,
                    "author": _short(item.author, 200),
                    "author_handle": _short(item.author_handle, 200),
                    "reach": item.reach if item.reach and item.reach > 0 else None,
                    "rating": item.rating if item.rating in (1, 2, 3, 4, 5) else None,
                    "published_at": published,
                    "collected_at": now,
                    "fingerprint": fingerprint,
                    "matched_terms": terms,
                    "lang": _short(item.lang or "other", 8),
                }
            )
        readings = _readings(
            [{**row, "story_size": story.size} for row, story in zip(rows, placed, strict=True)],
            sensitive,
            source.weight if source else 1.0,
        )
        for row, reading in zip(rows, readings or (), strict=False):
            row.update(reading)
        stories.save()
        for row, story in zip(rows, placed, strict=True):  # the new stories have ids now
            row["story_id"] = story.pk
        # In key order, as the stories above: concurrent batches of one firm that share
        # items wait for each other on the unique key in the same order, never in a cycle.
        inserted = _insert_mentions(sorted(rows, key=lambda row: row["dedup_key"]))
        result.created = [
            inserted[row["dedup_key"]] for row in rows if row["dedup_key"] in inserted
        ]
        raced = {row["dedup_key"] for row in rows if row["dedup_key"] not in inserted}
        if raced:  # stored by a concurrent delivery since the duplicate check above
            result.duplicates += list(
                Mention.objects.for_firm(firm)
                .filter(dedup_key__in=raced)
                .values_list("pk", flat=True)
            )
            stories.forget([row["story_id"] for row in rows if row["dedup_key"] in raced])
        if source is not None:
            from tocsin.sources.models import Source as SourceModel

            SourceModel.objects.for_firm(firm).filter(pk=source.pk).update(
                mentions_created=F("mentions_created") + len(result.created)
            )
        created, firm_id = list(result.created), firm.pk
        transaction.on_commit(lambda: _announce(firm_id, created))
    return result
