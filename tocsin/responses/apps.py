from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from tocsin.firms.roles import Action


class ResponsesConfig(AppConfig):
    name = "tocsin.responses"
    verbose_name = _("Responses")
    default_auto_field = "django.db.models.BigAutoField"
    navigation = [(_("Responses"), "statements", Action.VIEW, 30)]
    crisis_room_panels = [("drafts", "responses/_crisis_pending.html")]
