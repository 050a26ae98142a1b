from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreparednessConfig(AppConfig):
    name = "tocsin.preparedness"
    verbose_name = _("Preparedness")
    default_auto_field = "django.db.models.BigAutoField"
