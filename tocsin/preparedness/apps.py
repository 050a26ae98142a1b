from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from tocsin.firms.roles import Action


class PreparednessConfig(AppConfig):
    name = "tocsin.preparedness"
    verbose_name = _("Preparedness")
    default_auto_field = "django.db.models.BigAutoField"
    navigation = [(_("Preparation"), "prepare", Action.VIEW, 70)]
