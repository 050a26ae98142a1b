from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from tocsin.firms.roles import Action


class PublicConfig(AppConfig):
    name = "tocsin.public"
    verbose_name = _("Public side")
    default_auto_field = "django.db.models.BigAutoField"
    navigation = [(_("Public page"), "public_home", Action.VIEW, 40)]
    # The crisis room shows whether the crisis is public and links to its updates and FAQ.
    crisis_room_panels = [("other", "public/_crisis_panel.html")]
