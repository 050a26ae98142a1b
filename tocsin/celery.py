"""The Celery application: one set of tasks for the embedded broker and for production."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tocsin.settings")

app = Celery("tocsin")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
