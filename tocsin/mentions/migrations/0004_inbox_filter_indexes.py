"""Indexes for the inbox's status and crisis-type filters (bench/load/ measures them)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("mentions", "0003_processed_at")]

    operations = [
        migrations.AddIndex(
            model_name="mention",
            index=models.Index(
                fields=["firm", "status", "-published_at"], name="mention_firm_status_recent"
            ),
        ),
        migrations.AddIndex(
            model_name="mention",
            index=models.Index(
                fields=["firm", "crisis_type", "-published_at"], name="mention_firm_type_recent"
            ),
        ),
    ]
