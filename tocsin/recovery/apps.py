from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecoveryConfig(AppConfig):
    name = "tocsin.recovery"
    verbose_name = _("Recovery")
    default_auto_field = "django.db.models.BigAutoField"
