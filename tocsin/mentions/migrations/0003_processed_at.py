from typing import Any

from django.conf import settings
from django.db import migrations, models


def mark_existing_processed(apps: Any, schema_editor: Any) -> None:
    """Mentions stored before this field existed had their work done (or never will):
    the sweep must not redo a whole history on the first minute after the upgrade."""
    mention = apps.get_model("mentions", "Mention")
    mention._base_manager.update(processed_at=models.F("collected_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("firms", "0005_firm_sensitive_words"),
        ("mentions", "0002_search_index"),
        ("sources", "0003_websub_unsubscribing"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="mention",
            name="processed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(mark_existing_processed, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="mention",
            index=models.Index(
                condition=models.Q(("processed_at__isnull", True)),
                fields=["collected_at"],
                name="mention_unprocessed",
            ),
        ),
    ]
