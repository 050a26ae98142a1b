"""The database cache table (login throttling) is created with the schema."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps: Any, schema_editor: Any) -> None:
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("firms", "0002_audit_append_only")]
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
