"""What the mentions app does besides ingesting: triage, corrections, search filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import QuerySet

from tocsin.firms import audit
from tocsin.firms.models import Membership
from tocsin.mentions import search
from tocsin.mentions.models import Correction, CrisisType, Mention, Sentiment, Status

if TYPE_CHECKING:
    from django.http import HttpRequest

    from tocsin.firms.models import Firm, Person


@dataclass
class InboxFilter:
    q: str = ""
    source: int | None = None
    lang: str = ""
    sentiment: str = ""
    crisis_type: str = ""
    status: str = ""
    min_risk: int | None = None
    assignee: int | None = None
    since: datetime | None = None
    until: datetime | None = None
    story: int | None = None


def inbox(firm: Firm, f: InboxFilter) -> QuerySet[Mention]:
    mentions = Mention.objects.for_firm(firm).select_related("assignee", "story")
    if f.source:
        mentions = mentions.filter(source_id=f.source)
    if f.lang:
        mentions = mentions.filter(lang=f.lang)
    if f.sentiment in Sentiment.values:
        mentions = mentions.filter(sentiment=f.sentiment)
    if f.crisis_type in CrisisType.values:
        mentions = mentions.filter(crisis_type=f.crisis_type)
    if f.status in Status.values:
        mentions = mentions.filter(status=f.status)
    if f.min_risk is not None:
        mentions = mentions.filter(risk__gte=f.min_risk)
    if f.assignee:
        mentions = mentions.filter(assignee_id=f.assignee)
    if f.since:
        mentions = mentions.filter(published_at__gte=f.since)
    if f.until:
        mentions = mentions.filter(published_at__lte=f.until)
    if f.story:
        mentions = mentions.filter(story_id=f.story)
    return search.search(mentions, f.q)


def member_or_none(firm: Firm, person_id: int | None) -> Person | None:
    """A person of this firm (for assignment), never someone of another firm."""
    if person_id is None:
        return None
    membership = (
        Membership.objects.filter(firm=firm, person_id=person_id).select_related("person").first()
    )
    if membership is None:
        raise ValueError("the assignee must be a member of this firm")
    return membership.person


@transaction.atomic
def triage(
    firm: Firm,
    mention_ids: list[int],
    *,
    actor: Person,
    status: str | None = None,
    assignee_id: int | None = None,
    unassign: bool = False,
    request: HttpRequest | None = None,
) -> int:
    """Set the status and/or the assignee of mentions of this firm. Returns how many."""
    changes: dict[str, Any] = {}
    if status is not None:
        if status not in Status.values:
            raise ValueError(f"unknown status {status!r}")
        changes["status"] = status
    if assignee_id is not None:
        changes["assignee"] = member_or_none(firm, assignee_id)
    elif unassign:
        changes["assignee"] = None
    if not changes:
        return 0
    count = Mention.objects.for_firm(firm).filter(pk__in=mention_ids).update(**changes)
    audit.record(
        "mentions.triage",
        firm=firm,
        actor=actor,
        request=request,
        summary=f"{count} mention(s): "
        + ", ".join(f"{k}={getattr(v, 'pk', v)}" for k, v in changes.items()),
        detail={"ids": mention_ids[:200]},
    )
    return count


@transaction.atomic
def correct(
    mention: Mention, *, actor: Person, sentiment: str | None = None, crisis_type: str | None = None
) -> list[Correction]:
    """A person fixes the analysis; the correction is kept as labelled data."""
    made: list[Correction] = []
    for field_name, value, allowed in (
        ("sentiment", sentiment, Sentiment.values),
        ("crisis_type", crisis_type, CrisisType.values),
    ):
        if value is None or value == getattr(mention, field_name):
            continue
        if value not in allowed:
            raise ValueError(f"unknown {field_name} {value!r}")
        made.append(
            Correction.objects.create(
                firm_id=mention.firm_id,
                mention=mention,
                field=field_name,
                old_value=getattr(mention, field_name),
                new_value=value,
                corrected_by=actor,
            )
        )
        setattr(mention, field_name, value)
    if made:
        mention.save(update_fields=[c.field for c in made])
        # The curves (the inbox chart, the detectors) read hourly counts: recount this hour
        # so that a corrected sentiment shows at once, not at the next ingest of the hour.
        from tocsin.alerts import rollups

        rollups.refresh(mention.firm, [mention.published_at])
        audit.record(
            "mentions.correct",
            firm=mention.firm,
            actor=actor,
            target=mention,
            summary=", ".join(str(c) for c in made),
        )
    return made
