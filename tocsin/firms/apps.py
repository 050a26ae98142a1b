from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FirmsConfig(AppConfig):
    name = "tocsin.firms"
    verbose_name = _("Firms and people")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tocsin.firms import signals  # noqa: F401  (connects the audit receivers)
