from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from tocsin.firms.roles import Action


class SourcesConfig(AppConfig):
    name = "tocsin.sources"
    verbose_name = _("Sources")
    default_auto_field = "django.db.models.BigAutoField"
    navigation = [(_("Sources"), "sources", Action.VIEW, 60)]
