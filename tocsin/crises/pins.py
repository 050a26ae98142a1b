"""Mentions pinned to a crisis: by a person in the room or the inbox, or by a rule.

The mentions app owns ``Mention``; a crisis collects the ones it is about through
``PinnedMention`` (firm-owned, with who or what pinned it), and each pin is on the timeline.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from tocsin.crises.models import Crisis, PinnedMention
from tocsin.crises.services import CrisisError, record_event
from tocsin.firms.models import Person
from tocsin.mentions.models import Mention


@transaction.atomic
def pin_mention(
    crisis: Crisis,
    mention_id: int,
    *,
    actor: Person | None,
    rule: str = "",
    request: HttpRequest | None = None,
) -> PinnedMention:
    """Attach a mention of the same firm to the crisis (idempotent: pinning twice is one pin).

    ``rule`` names what matched it when no person did (a watch query, an alert rule); the
    alerts and mentions apps call this with ``actor=None``.
    """
    mention = Mention.objects.for_firm(crisis.firm).filter(pk=mention_id).first()
    if mention is None:
        raise CrisisError(_("no such mention in this firm"))
    pin, created = PinnedMention.objects.for_firm(crisis.firm).get_or_create(
        crisis=crisis,
        mention=mention,
        defaults={"firm": crisis.firm, "pinned_by": actor, "rule": rule[:200]},
    )
    if created:
        record_event(
            crisis,
            "mention.pin",
            (mention.title or mention.text)[:200],
            actor=actor,
            target=mention,
            detail={"mention": mention.pk, "url": mention.url, "rule": rule},
            request=request,
        )
    return pin


@transaction.atomic
def unpin_mention(
    crisis: Crisis, mention_id: int, *, actor: Person | None, request: HttpRequest | None = None
) -> None:
    deleted, _rows = crisis.pins.filter(mention_id=mention_id).delete()
    if deleted:
        record_event(
            crisis,
            "mention.unpin",
            f"mention {mention_id}",
            actor=actor,
            detail={"mention": mention_id},
            request=request,
        )


def pinned_mentions(crisis: Crisis) -> QuerySet[Mention]:
    return Mention.objects.for_firm(crisis.firm).filter(crises=crisis).order_by("-published_at")
