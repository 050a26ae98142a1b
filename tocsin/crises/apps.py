from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from tocsin.firms.roles import Action


class CrisesConfig(AppConfig):
    name = "tocsin.crises"
    verbose_name = _("Crises")
    default_auto_field = "django.db.models.BigAutoField"
    navigation = [(_("Crises"), "crises", Action.VIEW, 20)]
