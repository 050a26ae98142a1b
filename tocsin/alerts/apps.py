from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from tocsin.firms.roles import Action


def _on_mentions_stored(sender: Any, firm_id: int, mention_ids: list[int], **kwargs: Any) -> None:
    """Sent after the ingest committed: hand the mentions to a worker (inline in tests)."""
    from tocsin.alerts.tasks import process_mentions

    if mention_ids:
        process_mentions.delay(firm_id, list(mention_ids))


class AlertsConfig(AppConfig):
    name = "tocsin.alerts"
    verbose_name = _("Alerts")
    default_auto_field = "django.db.models.BigAutoField"
    navigation = [(_("Alerts"), "alerts", Action.VIEW, 15)]
    overview = [(_("Open alerts"), "alerts_panel", "alerts", _("All alerts"), 5)]

    def ready(self) -> None:
        from tocsin.mentions.signals import mentions_stored

        mentions_stored.connect(_on_mentions_stored, dispatch_uid="alerts.process_mentions")
