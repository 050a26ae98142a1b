"""Full-text search over mentions: SQLite FTS5 on the laptop, PostgreSQL's French text
search in production. Both ignore case and accents; both take plain words and "phrases"."""

from __future__ import annotations

import re
from typing import Any

from django.db import connection
from django.db.models import QuerySet

_TOKEN = re.compile(r'"[^"]+"|[^\s"]+')

SQLITE_FTS = """
CREATE VIRTUAL TABLE IF NOT EXISTS mentions_mention_fts USING fts5(
    title, text, author, content='mentions_mention', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS mentions_mention_fts_ai AFTER INSERT ON mentions_mention BEGIN
    INSERT INTO mentions_mention_fts(rowid, title, text, author)
    VALUES (new.id, new.title, new.text, new.author);
END;
CREATE TRIGGER IF NOT EXISTS mentions_mention_fts_ad AFTER DELETE ON mentions_mention BEGIN
    INSERT INTO mentions_mention_fts(mentions_mention_fts, rowid, title, text, author)
    VALUES ('delete', old.id, old.title, old.text, old.author);
END;
CREATE TRIGGER IF NOT EXISTS mentions_mention_fts_au AFTER UPDATE OF title, text, author ON mentions_mention BEGIN
    INSERT INTO mentions_mention_fts(mentions_mention_fts, rowid, title, text, author)
    VALUES ('delete', old.id, old.title, old.text, old.author);
    INSERT INTO mentions_mention_fts(rowid, title, text, author)
    VALUES (new.id, new.title, new.text, new.author);
END;
"""


PG_VECTOR = "to_tsvector('french', unaccent_immutable(coalesce(title, '') || ' ' || text))"
# The French vector is a stored generated column with a GIN index: computed once when a
# mention is written, so a search costs the same whatever plan PostgreSQL picks (right
# after a burst its statistics are stale, and a plan that filtered a big firm's rows by
# recomputing the vector of each took tens of milliseconds per thousand mentions).
PG_FTS = f"""
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE OR REPLACE FUNCTION unaccent_immutable(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$ SELECT public.unaccent('public.unaccent', $1) $$;
ALTER TABLE mentions_mention ADD COLUMN IF NOT EXISTS search_vector tsvector
    GENERATED ALWAYS AS ({PG_VECTOR}) STORED;
CREATE INDEX IF NOT EXISTS mentions_mention_search ON mentions_mention USING gin (search_vector);
DROP INDEX IF EXISTS mentions_mention_fts;
"""


def ensure_index(conn: Any) -> None:
    """Create the search index (idempotent). SQLite drops triggers when a migration rebuilds
    the table, so this also runs after every migrate; ``rebuild`` refills it."""
    with conn.cursor() as cursor:
        if conn.vendor == "sqlite":
            for statement in _split(SQLITE_FTS):
                cursor.execute(statement)
        elif conn.vendor == "postgresql":
            # Only when missing: CREATE INDEX, even IF NOT EXISTS, fails inside a transaction
            # that has pending trigger events (a migrate run from a command mid-transaction).
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'mentions_mention_search'")
            if cursor.fetchone() is None:
                cursor.execute(PG_FTS)


def rebuild(conn: Any) -> None:
    if conn.vendor == "sqlite":
        with conn.cursor() as cursor:
            cursor.execute(
                "INSERT INTO mentions_mention_fts(mentions_mention_fts) VALUES ('rebuild')"
            )


def _split(script: str) -> list[str]:
    # Statements end with ";" at the end of a line that is not inside a trigger body.
    statements, current = [], []
    for line in script.strip().splitlines():
        current.append(line)
        if line.rstrip().endswith(";") and (not line.startswith(" ") or line.strip() == "END;"):
            statements.append("\n".join(current))
            current = []
    return statements


def _sqlite_query(text: str) -> str:
    """User words as an FTS5 expression of quoted terms (no operator injection)."""
    terms = []
    for token in _TOKEN.findall(text):
        words = token.strip('"').replace('"', " ").strip()
        if words:
            terms.append(
                '"'
                + words
                + '"'
                + ("*" if token.endswith("*") and not token.startswith('"') else "")
            )
    return " AND ".join(terms)


def search(queryset: QuerySet[Any], text: str) -> QuerySet[Any]:
    """Narrow a (firm-scoped) mention queryset to those matching ``text``."""
    text = text.strip()[:200]
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        return queryset.extra(  # parameters are bound, never interpolated
            # Qualified: the inbox joins stories, and the column is not on the model.
            where=[
                "mentions_mention.search_vector"
                " @@ websearch_to_tsquery('french', unaccent_immutable(%s))"
            ],
            params=[text],
        )
    expression = _sqlite_query(text.replace("*", "") if text.count("*") > 5 else text)
    if not expression:
        return queryset
    return queryset.extra(
        where=[
            "mentions_mention.id IN (SELECT rowid FROM mentions_mention_fts WHERE mentions_mention_fts MATCH %s)"
        ],
        params=[expression],
    )
