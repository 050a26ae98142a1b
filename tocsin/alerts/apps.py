from __future__ import annotations

import threading
from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from tocsin.firms.roles import Action

_FAIL_FAST = {"max_retries": 1, "interval_start": 0, "interval_step": 0.1, "interval_max": 0.1}


def _on_mentions_stored(sender: Any, firm_id: int, mention_ids: list[int], **kwargs: Any) -> None:
    """Sent after the ingest committed: hand the mentions to a worker (inline in tests).

    Instant triggers are also checked at once, in a thread of the process that stored the
    mentions, so that a high-risk mention is not queued behind a storm of ordinary ones on
    the broker. The worker checks them again: the event key makes that a no-op, and the
    minute sweep tells anyone an interrupted thread did not.
    """
    from django.conf import settings

    from tocsin.alerts.tasks import instant_now, process_mentions

    if not mention_ids:
        return
    ids = list(mention_ids)
    eager = getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False)
    checked = not eager and getattr(settings, "TOCSIN_ALERTS_INSTANT_IN_PROCESS", True)
    if checked:
        threading.Thread(
            target=instant_now, args=(firm_id, ids), daemon=True, name="tocsin-instant-alerts"
        ).start()
    # With the broker down, fail fast (one quick retry, not Celery's default of three):
    # the push API is waiting on us, and the stuck-work sweep does this work a minute later.
    process_mentions.apply_async((firm_id, ids, checked), retry_policy=_FAIL_FAST)


class AlertsConfig(AppConfig):
    name = "tocsin.alerts"
    verbose_name = _("Alerts")
    default_auto_field = "django.db.models.BigAutoField"
    navigation = [(_("Alerts"), "alerts", Action.VIEW, 15)]
    overview = [(_("Open alerts"), "alerts_panel", "alerts", _("All alerts"), 5)]

    def ready(self) -> None:
        from tocsin.mentions.signals import mentions_stored

        mentions_stored.connect(_on_mentions_stored, dispatch_uid="alerts.process_mentions")
