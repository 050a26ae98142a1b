"""Background work of the mentions app."""

from __future__ import annotations

from celery import shared_task

from tocsin.firms.models import Firm
from tocsin.mentions import pipeline
from tocsin.mentions.models import Mention


@shared_task(name="mentions.analyse_pending")
def analyse_pending() -> int:
    """Analyse what was stored while analysis failed (a sweep over every firm)."""
    firm_ids = (
        Mention.unscoped.filter(analysed=False).values_list("firm_id", flat=True).distinct()[:1000]
    )
    return sum(
        pipeline.analyse_pending(firm) for firm in Firm.objects.filter(pk__in=list(firm_ids))
    )
