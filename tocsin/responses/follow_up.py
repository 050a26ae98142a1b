"""Follow-up: suggested answers and replies to mentions, update cadences and reminders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.mail import send_mail
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from tocsin.crises.models import Crisis, CrisisState, PinnedMention
from tocsin.firms import audit
from tocsin.firms.models import Firm, Membership, Person
from tocsin.firms.roles import Role
from tocsin.mentions.models import Mention, Status
from tocsin.responses import templates as tpl
from tocsin.responses.drafting import PUBLIC_KINDS, StatementError, create_statement
from tocsin.responses.models import (
    Channel,
    PublishingAccount,
    Statement,
    StatementKind,
    StatementState,
    UpdateCadence,
)

# --------------------------------------------------------------------------- mentions


@dataclass(frozen=True)
class Suggestion:
    title: str
    text: str
    origin: str  # "statement:<pk>" or "template:<key>"


def crises_of(mention: Mention) -> list[Crisis]:
    ids = (
        PinnedMention.objects.for_firm(mention.firm_id)
        .filter(mention=mention)
        .values_list("crisis_id", flat=True)
    )
    return list(Crisis.objects.for_firm(mention.firm_id).filter(pk__in=list(ids)))


def variables_for(firm: Firm, crisis: Crisis | None = None) -> dict[str, Any]:
    from tocsin.responses.publishers.base import PublishError
    from tocsin.responses.publishers.crisis_page import public_services

    values: dict[str, Any] = {
        "firm": firm.name,
        "contact_email": firm.contact_email,
        "contact_phone": firm.contact_phone,
        "website": firm.website,
        "date": timezone.localdate().strftime("%d/%m/%Y"),
    }
    if crisis is not None:
        try:
            values["page_url"] = public_services().page_url(crisis)
        except PublishError:
            values.pop("page_url", None)  # no public page yet: the drafter fills it in
        cadence = UpdateCadence.objects.for_firm(firm).filter(crisis=crisis).first()
        if cadence is not None:
            values["next_update"] = timezone.localtime(next_update_due(cadence)).strftime(
                "%d/%m/%Y %H:%M"
            )
    return values


def suggestions(mention: Mention, limit: int = 6) -> list[Suggestion]:
    """Answers to offer for a mention: the approved statements of its crises first (the
    firm's own words, already approved), then the templates for its crisis type."""
    lang = mention.lang if mention.lang in ("fr", "en") else mention.firm.language
    crises = crises_of(mention)
    out: list[Suggestion] = []
    if crises:
        approved = (
            Statement.objects.for_firm(mention.firm_id)
            .filter(
                crisis__in=crises,
                state__in=[
                    StatementState.APPROVED,
                    StatementState.SCHEDULED,
                    StatementState.PUBLISHED,
                ],
            )
            .order_by("-updated_at")
        )
        for statement in approved[:limit]:
            version = statement.current()
            if version is None:
                continue
            text = version.text
            if statement.language != lang and version.translation:
                text = version.translation
            out.append(Suggestion(statement.title, text, f"statement:{statement.pk}"))
    crisis = crises[0] if crises else None
    crisis_type = crisis.crisis_type if crisis else mention.crisis_type
    if crisis_type == "none":
        crisis_type = "other"
    family = "review" if mention.rating is not None else "short"
    values = variables_for(mention.firm, crisis)
    for template in tpl.templates_for(crisis_type, channel=family, language=lang):
        out.append(Suggestion(template.title, template.render(values), f"template:{template.key}"))
    return out[:limit]


def reply_channel(mention: Mention) -> str:
    """The mention's own channel when Tocsin can answer there, else a recorded answer."""
    source = mention.source
    if source is not None and source.kind == "google_reviews":
        return Channel.GOOGLE_REVIEW
    if (
        source is not None
        and source.kind in ("mastodon", "bluesky")
        and PublishingAccount.objects.for_firm(mention.firm_id)
        .filter(kind=source.kind, enabled=True)
        .exists()
    ):
        return source.kind
    return Channel.RECORDED


def draft_reply(
    mention: Mention,
    *,
    author: Person,
    text: str,
    request: HttpRequest | None = None,
) -> Statement:
    """A reply to a mention, drafted like any statement and approved the same way."""
    crises = crises_of(mention)
    kind = StatementKind.REVIEW_ANSWER if mention.rating is not None else StatementKind.REPLY
    lang = mention.lang if mention.lang in ("fr", "en") else mention.firm.language
    statement = create_statement(
        mention.firm,
        author=author,
        kind=kind,
        title=_("Reply: %(text)s") % {"text": (mention.title or mention.text)[:80]},
        text=text,
        language=lang,
        crisis=crises[0] if crises else None,
        mention=mention,
        channels=[reply_channel(mention)],
        request=request,
    )
    if mention.status in (Status.NEW,):
        Mention.objects.for_firm(mention.firm_id).filter(pk=mention.pk).update(
            status=Status.TO_ANSWER
        )
    return statement


# --------------------------------------------------------------------------- cadence


def set_cadence(
    crisis: Crisis,
    *,
    every_hours: int,
    remind_before_minutes: int = 120,
    active: bool = True,
    actor: Person | None = None,
    request: HttpRequest | None = None,
) -> UpdateCadence:
    if not 1 <= every_hours <= 24 * 14:
        raise StatementError(_("An update cadence is between 1 hour and 14 days."))
    cadence, _created = UpdateCadence.objects.for_firm(crisis.firm_id).update_or_create(
        crisis=crisis,
        defaults={
            "firm_id": crisis.firm_id,
            "every_hours": every_hours,
            "remind_before_minutes": min(remind_before_minutes, every_hours * 60),
            "active": active,
        },
    )
    audit.record(
        "responses.cadence",
        firm=crisis.firm,
        actor=actor,
        target=cadence,
        summary=f"every {every_hours} h",
        context=crisis.context,
        request=request,
    )
    return cadence


def last_public_update(crisis: Crisis) -> datetime | None:
    return (
        Statement.objects.for_firm(crisis.firm_id)
        .filter(crisis=crisis, kind__in=list(PUBLIC_KINDS), published_at__isnull=False)
        .order_by("-published_at")
        .values_list("published_at", flat=True)
        .first()
    )


def next_update_due(cadence: UpdateCadence) -> datetime:
    crisis = cadence.crisis
    last = last_public_update(crisis) or crisis.opened_at
    return last + timedelta(hours=cadence.every_hours)


def remind_updates(now: datetime | None = None) -> int:
    """Email the crisis team when an update is due soon (once per due time)."""
    now = now or timezone.now()
    sent = 0
    for cadence in (
        UpdateCadence.unscoped.filter(active=True)
        .exclude(crisis__state=CrisisState.CLOSED)
        .select_related("crisis__firm")
    ):
        due = next_update_due(cadence)
        if now < due - timedelta(minutes=cadence.remind_before_minutes):
            continue
        if cadence.reminded_for == due:
            continue
        claimed = (
            UpdateCadence.unscoped.filter(pk=cadence.pk)
            .filter(Q(reminded_for__isnull=True) | ~Q(reminded_for=due))
            .update(reminded_for=due)
        )
        if not claimed:
            continue
        crisis = cadence.crisis
        team = Membership.objects.filter(
            firm_id=crisis.firm_id, role__in=[Role.PARTNER, Role.ADMIN, Role.COMMUNICATOR]
        ).select_related("person")
        late = now >= due
        subject = (
            _("Update overdue: %(crisis)s") if late else _("Update due soon: %(crisis)s")
        ) % {"crisis": crisis.title}
        body = _("The public expects an update on “%(crisis)s” by %(due)s (every %(hours)d h).") % {
            "crisis": crisis.title,
            "due": timezone.localtime(due).strftime("%d/%m/%Y %H:%M"),
            "hours": cadence.every_hours,
        }
        recipients = [m.person.email for m in team if m.person.email]
        if recipients:
            send_mail(subject, body, None, recipients)
        audit.record(
            "responses.update_due",
            firm=crisis.firm,
            target=cadence,
            summary=body[:500],
            context=crisis.context,
            detail={"due": due.isoformat(), "late": late},
        )
        sent += 1
    return sent
