from __future__ import annotations

from django.apps import AppConfig


class ResponsesConfig(AppConfig):
    name = "tocsin.responses"
    default_auto_field = "django.db.models.BigAutoField"
