from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from tocsin.firms.roles import Action


class RecoveryConfig(AppConfig):
    name = "tocsin.recovery"
    verbose_name = _("Recovery")
    default_auto_field = "django.db.models.BigAutoField"
    navigation = [(_("Recovery"), "recovery", Action.VIEW, 50)]
    crisis_room_panels = [("other", "recovery/_crisis_actions.html")]
    # Included by the public crisis page after its updates, with crisis, firm and lang.
    public_page_sections = ["recovery/_public_actions.html"]
