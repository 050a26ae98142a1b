"""Full-text search index (SQLite FTS5 or PostgreSQL GIN over French tsvector)."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def forwards(apps: Any, schema_editor: Any) -> None:
    from tocsin.mentions.search import ensure_index

    ensure_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("mentions", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
