from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from tocsin.firms.roles import Action


class MentionsConfig(AppConfig):
    name = "tocsin.mentions"
    verbose_name = _("Mentions")
    default_auto_field = "django.db.models.BigAutoField"
    navigation = [(_("Inbox"), "inbox", Action.VIEW, 10)]
