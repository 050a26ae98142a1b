"""WSGI entry point for gunicorn: ``gunicorn tocsin.wsgi``."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tocsin.settings")
application = get_wsgi_application()

import tocsin.celery  # noqa: E402, F401  (tasks enqueued by the web process use this app)
