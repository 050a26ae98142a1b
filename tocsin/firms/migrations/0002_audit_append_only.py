"""The database itself refuses to rewrite the audit trail.

PostgreSQL (production) refuses UPDATE and DELETE on audit events. SQLite refuses UPDATE
only: its table flush (used by Django's test runner) deletes rows, and the hash chain still
detects a deletion there with ``tocsin audit verify``. SQLite drops a table's triggers when
a later migration rebuilds the table, so ``ensure_append_only`` also runs after every
migrate (see ``tocsin.firms.signals``).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

PG_UP = """
CREATE OR REPLACE FUNCTION tocsin_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only';
END
$$ LANGUAGE plpgsql;
CREATE OR REPLACE TRIGGER firms_auditevent_append_only
    BEFORE UPDATE OR DELETE ON firms_auditevent
    FOR EACH ROW EXECUTE FUNCTION tocsin_audit_append_only();
"""
PG_DOWN = """
DROP TRIGGER IF EXISTS firms_auditevent_append_only ON firms_auditevent;
DROP FUNCTION IF EXISTS tocsin_audit_append_only();
"""
SQLITE_UP = """
CREATE TRIGGER IF NOT EXISTS firms_auditevent_append_only BEFORE UPDATE ON firms_auditevent
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS firms_auditevent_append_only;"


def ensure_append_only(connection: Any) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT 1 FROM pg_trigger WHERE tgname = 'firms_auditevent_append_only'")
            if cursor.fetchone() is None:
                cursor.execute(PG_UP)
        elif connection.vendor == "sqlite":
            cursor.execute(SQLITE_UP)


def forwards(apps: Any, schema_editor: Any) -> None:
    ensure_append_only(schema_editor.connection)


def backwards(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DOWN)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)


class Migration(migrations.Migration):
    dependencies = [("firms", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
