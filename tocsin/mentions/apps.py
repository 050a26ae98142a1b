from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from tocsin.firms.roles import Action


def _keep_search_index(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from django.db import connections

    from tocsin.mentions.search import ensure_index

    ensure_index(connections[using])


class MentionsConfig(AppConfig):
    name = "tocsin.mentions"
    verbose_name = _("Mentions")
    default_auto_field = "django.db.models.BigAutoField"
    navigation = [(_("Inbox"), "inbox", Action.VIEW, 10)]
    crisis_room_panels = [("mentions", "mentions/_crisis_stream.html")]
    overview = [(_("Mentions over 30 days"), "mention_curve", "inbox", _("Open the inbox"), 10)]

    def ready(self) -> None:
        post_migrate.connect(_keep_search_index, sender=self)
