"""What the responses stage does: draft, check, approve, publish, freeze, remind, answer.

Views, the API, tasks and commands all call these functions. The rules live here, not in
the pages: nobody approves their own words; an approval is for one version and any edit
voids it; a flagged version is approved only with a written reason; nothing is published
without enough approvals for its channels; a freeze stops everything but the people it
names; and a publication is claimed with a conditional update before it is sent, so it is
never sent twice. Every decision lands in the audit journal, and on the crisis timeline
when the statement belongs to a crisis.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from tocsin.crises.models import Crisis, CrisisState, PinnedMention
from tocsin.firms import audit
from tocsin.firms.models import Firm, Membership, Person
from tocsin.firms.roles import Action, Role
from tocsin.mentions.models import Mention, Status
from tocsin.responses import templates as tpl
from tocsin.responses.checker import FirmContext, check_draft
from tocsin.responses.models import (
    ACCOUNT_CHANNELS,
    MAX_ATTEMPTS,
    STUCK_AFTER,
    Approval,
    ApprovalPolicy,
    Channel,
    ClientContact,
    Freeze,
    MentionAnswer,
    Publication,
    PublicationState,
    PublishingAccount,
    Segment,
    Statement,
    StatementKind,
    StatementState,
    StatementVersion,
    UpdateCadence,
)

APPROVAL_GRACE = timedelta(minutes=15)
MAX_TEXT = 20_000
MAX_STEPS = 3
PUBLIC_KINDS = frozenset({StatementKind.HOLDING, StatementKind.UPDATE, StatementKind.APOLOGY})


class StatementError(ValueError):
    """A change a statement cannot take; the message is shown to the person as written."""


# --------------------------------------------------------------------------- checking


def firm_context(firm: Firm) -> FirmContext:
    """What the checker must know of this firm: its clients (never to be named), its
    partners and its own public contact details (allowed)."""
    clients: list[str] = []
    for org, name in ClientContact.objects.for_firm(firm).values_list("organisation", "name"):
        clients.extend(x for x in (org, name) if x)
    partners = [
        str(m.person)
        for m in Membership.objects.filter(
            firm=firm, role__in=[Role.PARTNER, Role.ADMIN]
        ).select_related("person")
    ]
    return FirmContext(
        firm_name=firm.name,
        clients=tuple(clients),
        partners=tuple(p for p in partners if p),
        emails=tuple(x for x in [firm.contact_email] if x),
        phones=tuple(x for x in [firm.contact_phone] if x),
        websites=tuple(x for x in [firm.website] if x),
    )


def check(firm: Firm, text: str, lang: str | None = None) -> list[dict[str, Any]]:
    """The checker's flags on ``text`` for this firm, as JSON-ready dicts."""
    if lang not in ("fr", "en"):
        lang = None
    return [f.to_dict() for f in check_draft(text, lang=lang, firm_context=firm_context(firm))]


def check_version_text(firm: Firm, text: str, translation: str, lang: str) -> list[dict[str, Any]]:
    """Flags of the text and of its translation (the translation's spans carry
    ``"field": "translation"`` so the page marks the right words)."""
    flags = check(firm, text, lang)
    if translation.strip():
        other = "en" if lang == "fr" else "fr"
        for flag in check(firm, translation, other):
            flag["field"] = "translation"
            flags.append(flag)
    return flags


# --------------------------------------------------------------------------- drafting


def _on_timeline(
    statement: Statement,
    action: str,
    summary: str,
    *,
    actor: Person | None,
    detail: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
    target: Any = None,
) -> None:
    audit.record(
        action,
        firm=statement.firm,
        actor=actor,
        target=target if target is not None else statement,
        summary=summary[:500],
        context=f"crisis:{statement.crisis_id}" if statement.crisis_id else "",
        detail=detail or {},
        request=request,
    )


def _clean_text(text: str) -> str:
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise StatementError(_("A statement needs some words."))
    if len(text) > MAX_TEXT:
        raise StatementError(_("A statement is limited to 20,000 characters."))
    return text


@transaction.atomic
def create_statement(
    firm: Firm,
    *,
    author: Person,
    kind: str,
    title: str,
    text: str,
    language: str = "fr",
    translation: str = "",
    crisis: Crisis | None = None,
    mention: Mention | None = None,
    channels: list[str] | None = None,
    link: str = "",
    origin: str = "person",
    request: HttpRequest | None = None,
) -> Statement:
    """A new statement in draft with its first version (checked). ``link`` (the crisis
    page, typically) goes with it on every channel, in the first post of a thread."""
    if kind not in StatementKind.values:
        raise StatementError(_("Unknown kind of statement."))
    if language not in ("fr", "en"):
        raise StatementError(_("A statement is written in French or English."))
    for obj in (crisis, mention):
        if obj is not None and obj.firm_id != firm.pk:
            raise StatementError(_("That belongs to another firm."))
    statement = Statement.objects.create(
        firm=firm,
        crisis=crisis,
        mention=mention,
        kind=kind,
        language=language,
        title=(title.strip() or StatementKind(kind).label)[:200],
        channels=_valid_channels(channels or []),
        link=link.strip()[:1000],
        created_by=author,
    )
    _append_version(statement, author=author, text=text, translation=translation, origin=origin)
    _on_timeline(statement, "statement.drafted", statement.title, actor=author, request=request)
    return statement


def _valid_channels(channels: list[str]) -> list[str]:
    bad = [c for c in channels if c not in Channel.values]
    if bad:
        raise StatementError(_("Unknown channel: %(c)s") % {"c": ", ".join(bad)})
    return list(dict.fromkeys(channels))


def _append_version(
    statement: Statement, *, author: Person, text: str, translation: str, origin: str
) -> StatementVersion:
    text = _clean_text(text)
    translation = translation.replace("\r\n", "\n").strip()
    last = statement.versions.order_by("-number").first()
    version = StatementVersion.objects.create(
        firm_id=statement.firm_id,
        statement=statement,
        number=(last.number + 1) if last else 1,
        text=text,
        translation=translation,
        flags=check_version_text(statement.firm, text, translation, statement.language),
        origin=origin,
        created_by=author,
    )
    Statement.objects.for_firm(statement.firm_id).filter(pk=statement.pk).update(
        updated_at=timezone.now()
    )
    return version


@transaction.atomic
def save_version(
    statement: Statement,
    *,
    author: Person,
    text: str,
    translation: str = "",
    origin: str = "person",
    request: HttpRequest | None = None,
) -> StatementVersion:
    """Save new words. The same words as the current version change nothing; different
    words void every approval and unschedule what had not gone out yet."""
    statement = _locked(statement)
    if statement.state == StatementState.PUBLISHED:
        raise StatementError(
            _("A published statement is not edited: write a new statement to correct it.")
        )
    current = statement.current()
    if (
        current is not None
        and current.text == _clean_text(text)
        and (current.translation == translation.replace("\r\n", "\n").strip())
    ):
        return current
    version = _append_version(
        statement, author=author, text=text, translation=translation, origin=origin
    )
    if _void_approvals(statement, _("edited after approval"), actor=author, request=request):
        _unschedule(statement)
    if statement.state != StatementState.DRAFT:
        statement.state = StatementState.DRAFT
        statement.save(update_fields=["state"])
    return version


def _locked(statement: Statement) -> Statement:
    return Statement.objects.for_firm(statement.firm_id).select_for_update().get(pk=statement.pk)


def _void_approvals(
    statement: Statement, reason: str, *, actor: Person | None, request: HttpRequest | None = None
) -> int:
    count = (
        Approval.objects.for_firm(statement.firm_id)
        .filter(statement=statement, voided_at__isnull=True)
        .update(voided_at=timezone.now(), void_reason=reason[:200])
    )
    if count:
        _on_timeline(
            statement,
            "statement.approval_voided",
            f"{statement.title}: {reason}",
            actor=actor,
            detail={"approvals": count, "reason": reason},
            request=request,
        )
    return count


def _unschedule(statement: Statement) -> int:
    """Remove the publications that have not started; those sending or sent stay."""
    deleted, _ = (
        Publication.objects.for_firm(statement.firm_id)
        .filter(statement=statement, state=PublicationState.PENDING)
        .delete()
    )
    return deleted


def submit(statement: Statement, *, actor: Person, request: HttpRequest | None = None) -> None:
    """Ask the approvers to read it (state ``review``)."""
    if statement.state != StatementState.DRAFT:
        raise StatementError(_("Only a draft is sent for review."))
    statement.state = StatementState.REVIEW
    statement.save(update_fields=["state"])
    _on_timeline(statement, "statement.submitted", statement.title, actor=actor, request=request)


def set_channels(statement: Statement, channels: list[str]) -> None:
    """Where the statement is meant to go; decides how many approvals it needs."""
    statement.channels = _valid_channels(channels)
    statement.save(update_fields=["channels"])
    _refresh_state(statement)


# --------------------------------------------------------------------------- approval


def steps_required(firm: Firm, channels: list[str]) -> int:
    """The most approval steps any of ``channels`` needs (the firm's default otherwise)."""
    policies = {p.channel: p.steps for p in ApprovalPolicy.objects.for_firm(firm)}
    default = policies.get("", 1)
    wanted = [policies.get(c, default) for c in channels] or [default]
    return max(1, min(MAX_STEPS, max(wanted)))


def active_approvals(statement: Statement, now: datetime | None = None) -> list[Approval]:
    """Approvals of the current version that have neither been voided nor lapsed."""
    now = now or timezone.now()
    current = statement.current()
    if current is None:
        return []
    return list(
        Approval.objects.for_firm(statement.firm_id)
        .filter(statement=statement, version=current, voided_at__isnull=True)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=now))
        .select_related("approved_by")
        .order_by("step")
    )


def _refresh_state(statement: Statement) -> None:
    if statement.state in (StatementState.SCHEDULED, StatementState.PUBLISHED):
        return
    count = len(active_approvals(statement))
    needed = steps_required(statement.firm, statement.channels)
    state = (
        StatementState.APPROVED
        if count >= needed
        else StatementState.REVIEW
        if count
        else statement.state
        if statement.state in (StatementState.DRAFT, StatementState.REVIEW)
        else StatementState.DRAFT
    )
    if state != statement.state:
        statement.state = state
        statement.save(update_fields=["state"])


@transaction.atomic
def approve(
    statement: Statement,
    *,
    approver: Membership,
    version_number: int,
    override_reason: str = "",
    request: HttpRequest | None = None,
) -> Approval:
    """Approve the version the approver read.

    Refused when: the role lacks APPROVE; a newer version exists (the words changed while
    they read); the approver wrote this version or the statement; they already approved
    it; the version is flagged and no written reason is given. The flags as seen are kept
    with the approval, and an override is its own event on the timeline.
    """
    if not approver.can(Action.APPROVE) or approver.firm_id != statement.firm_id:
        raise StatementError(_("Your role may not approve statements."))
    statement = _locked(statement)
    if statement.state in (StatementState.SCHEDULED, StatementState.PUBLISHED):
        raise StatementError(_("This statement is already scheduled or published."))
    version = statement.current()
    if version is None or version.number != version_number:
        raise StatementError(
            _("The text changed while you were reading it: read the new version and approve it.")
        )
    person = approver.person
    if person.pk in (version.created_by_id, statement.created_by_id):
        raise StatementError(_("Nobody approves their own draft: another approver must."))
    given = active_approvals(statement)
    if any(a.approved_by_id == person.pk for a in given):
        raise StatementError(_("You have already approved this version."))
    flags = check_version_text(
        statement.firm, version.text, version.translation, statement.language
    )
    override_reason = override_reason.strip()
    if flags and len(override_reason) < 10:
        raise StatementError(
            _(
                "The checker flagged this version. Edit it, or write why it may be published "
                "as it is (at least 10 characters)."
            )
        )
    valid_until = statement.publish_at + APPROVAL_GRACE if statement.publish_at else None
    if valid_until is not None and valid_until < timezone.now():
        raise StatementError(_("The intended publish time has passed: set a new one first."))
    approval = Approval.objects.create(
        firm_id=statement.firm_id,
        statement=statement,
        version=version,
        step=len(given) + 1,
        approved_by=person,
        override_reason=override_reason if flags else "",
        flags_seen=flags,
        valid_until=valid_until,
    )
    detail: dict[str, Any] = {
        "version": version.number,
        "step": approval.step,
        "steps_required": steps_required(statement.firm, statement.channels),
    }
    if flags:
        detail["override_reason"] = override_reason
        detail["flags"] = sorted({f["kind"] for f in flags})
        _on_timeline(
            statement,
            "statement.override",
            f"{statement.title}: {override_reason}",
            actor=person,
            detail=detail,
            request=request,
            target=approval,
        )
    _on_timeline(
        statement,
        "statement.approved",
        f"{statement.title} (v{version.number}, step {approval.step})",
        actor=person,
        detail=detail,
        request=request,
        target=approval,
    )
    _refresh_state(statement)
    return approval


def set_intended_time(statement: Statement, when: datetime | None) -> None:
    """The time the drafter means the statement to go out; approvals given for another
    time no longer hold."""
    statement.publish_at = when
    statement.save(update_fields=["publish_at"])
    if _void_approvals(statement, _("publish time changed"), actor=None):
        statement.state = StatementState.DRAFT
        statement.save(update_fields=["state"])


# --------------------------------------------------------------------------- freeze


def active_freeze(firm: Firm, now: datetime | None = None) -> Freeze | None:
    now = now or timezone.now()
    return (
        Freeze.objects.for_firm(firm)
        .filter(lifted_at__isnull=True, starts_at__lte=now)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
        .first()
    )


def may_post_now(firm: Firm, person: Person) -> bool:
    freeze = active_freeze(firm)
    return freeze is None or freeze.may_post.filter(pk=person.pk).exists()


@transaction.atomic
def freeze(
    firm: Firm,
    *,
    actor: Membership,
    reason: str,
    ends_at: datetime | None = None,
    may_post: list[Person] | None = None,
    request: HttpRequest | None = None,
) -> tuple[Freeze, list[Statement]]:
    """Stop every scheduled post of the firm: pending publications are removed, their
    statements go back to drafts (approvals voided), and the team is told by email."""
    if not actor.can(Action.APPROVE):
        raise StatementError(_("Your role may not freeze publishing."))
    reason = reason.strip()
    if not reason:
        raise StatementError(_("A freeze needs its reason."))
    now = timezone.now()
    if ends_at is not None and ends_at <= now:
        raise StatementError(_("The end of the freeze must be in the future."))
    allowed = [
        p for p in (may_post or []) if Membership.objects.filter(firm=firm, person=p).exists()
    ]
    row = Freeze.objects.create(firm=firm, reason=reason, ends_at=ends_at, created_by=actor.person)
    row.may_post.set(allowed)
    returned: list[Statement] = []
    for statement in (
        Statement.objects.for_firm(firm)
        .select_for_update()
        .filter(
            state__in=[StatementState.SCHEDULED, StatementState.APPROVED, StatementState.REVIEW]
        )
    ):
        _unschedule(statement)
        _void_approvals(statement, _("publishing frozen"), actor=actor.person, request=request)
        published = statement.publications.filter(state=PublicationState.PUBLISHED).exists()
        statement.state = StatementState.PUBLISHED if published else StatementState.DRAFT
        statement.save(update_fields=["state"])
        if not published:
            returned.append(statement)
    audit.record(
        "responses.freeze",
        firm=firm,
        actor=actor.person,
        target=row,
        summary=reason[:500],
        detail={
            "ends_at": ends_at.isoformat() if ends_at else None,
            "may_post": [p.pk for p in allowed],
            "returned_to_draft": [s.pk for s in returned],
        },
        request=request,
    )
    for crisis_id in {s.crisis_id for s in returned if s.crisis_id}:
        audit.record(
            "responses.freeze",
            firm=firm,
            actor=actor.person,
            target=row,
            summary=reason[:500],
            context=f"crisis:{crisis_id}",
        )
    transaction.on_commit(lambda: _tell_team_of_freeze(row.pk, firm.pk))
    return row, returned


def _tell_team_of_freeze(freeze_id: int, firm_id: int) -> None:
    row = Freeze.objects.for_firm(firm_id).select_related("firm", "created_by").get(pk=freeze_id)
    team = Membership.objects.filter(firm_id=firm_id).select_related("person")
    names = ", ".join(str(p) for p in row.may_post.all()) or _("nobody")
    until = timezone.localtime(row.ends_at).strftime("%d/%m/%Y %H:%M") if row.ends_at else "—"
    body = _(
        "%(who)s froze everything %(firm)s would publish.\n\nReason: %(reason)s\nUntil: "
        "%(until)s\nMay still post: %(names)s\n\nScheduled statements went back to drafts; "
        "they need a new approval once the freeze is lifted."
    ) % {
        "who": row.created_by,
        "firm": row.firm.name,
        "reason": row.reason,
        "until": until,
        "names": names,
    }
    recipients = [m.person.email for m in team if m.person.email]
    if recipients:
        send_mail(
            _("Publishing frozen: %(firm)s") % {"firm": row.firm.name},
            body,
            None,
            recipients,
        )


def lift_freeze(row: Freeze, *, actor: Membership, request: HttpRequest | None = None) -> None:
    if not actor.can(Action.APPROVE):
        raise StatementError(_("Your role may not lift a freeze."))
    if row.lifted_at is not None:
        return
    row.lifted_at = timezone.now()
    row.lifted_by = actor.person
    row.save(update_fields=["lifted_at", "lifted_by"])
    audit.record(
        "responses.freeze_lifted", firm=row.firm, actor=actor.person, target=row, request=request
    )


# --------------------------------------------------------------------------- publishing


def targets_for(
    statement: Statement, channels: list[str], accounts: list[PublishingAccount], segment: str
) -> list[tuple[str, str, PublishingAccount | None]]:
    """``(channel, target, account)`` for each place the statement goes."""
    out: list[tuple[str, str, PublishingAccount | None]] = []
    for channel in _valid_channels(channels):
        if channel in ACCOUNT_CHANNELS:
            chosen = [a for a in accounts if a.kind == channel and a.enabled]
            if not chosen:
                raise StatementError(
                    _("Choose an account for %(channel)s.") % {"channel": Channel(channel).label}
                )
            out.extend((channel, f"{channel}:{a.pk}", a) for a in chosen)
        elif channel == Channel.EMAIL:
            if segment not in Segment.values:
                raise StatementError(_("Choose the clients to write to."))
            out.append((channel, f"email:{segment}", None))
        else:
            if channel == Channel.CRISIS_PAGE and statement.crisis_id is None:
                raise StatementError(_("Only a crisis statement goes on a crisis page."))
            if channel == Channel.GOOGLE_REVIEW and statement.mention_id is None:
                raise StatementError(_("Only an answer to a review goes to Google."))
            out.append((channel, channel, None))
    if not out:
        raise StatementError(_("Choose at least one channel."))
    return out


@transaction.atomic
def publish(
    statement: Statement,
    *,
    actor: Membership,
    channels: list[str] | None = None,
    accounts: list[PublishingAccount] | None = None,
    segment: str = Segment.AFFECTED,
    publish_at: datetime | None = None,
    recorded_where: str = "",
    request: HttpRequest | None = None,
) -> list[Publication]:
    """Send the approved current version to every chosen place, now or at ``publish_at``.

    Each place becomes one :class:`Publication` (unique per statement and target); those
    due now are handed to the workers once the transaction commits.
    """
    if not actor.can(Action.APPROVE) or actor.firm_id != statement.firm_id:
        raise StatementError(_("Your role may not publish."))
    statement = _locked(statement)
    if channels is not None:
        statement.channels = _valid_channels(channels)
    now = timezone.now()
    if not may_post_now(statement.firm, actor.person):
        raise StatementError(_("Publishing is frozen for this firm."))
    version = statement.current()
    given = active_approvals(statement, now)
    needed = steps_required(statement.firm, statement.channels)
    if version is None or len(given) < needed:
        raise StatementError(
            _("This version needs %(n)d approval(s) before it is published.") % {"n": needed}
        )
    when = publish_at or now
    lapse = min((a.valid_until for a in given if a.valid_until), default=None)
    if lapse is not None and when > lapse:
        raise StatementError(
            _("The approval does not hold that late: it lapses at the publish time.")
        )
    owned = list(
        PublishingAccount.objects.for_firm(statement.firm_id).filter(
            pk__in=[a.pk for a in accounts or []]
        )
    )
    created: list[Publication] = []
    for channel, target, account in targets_for(statement, statement.channels, owned, segment):
        try:
            with transaction.atomic():
                created.append(
                    Publication.objects.create(
                        firm_id=statement.firm_id,
                        statement=statement,
                        version=version,
                        channel=channel,
                        account=account,
                        target=target,
                        due_at=when,
                        requested_by=actor.person,
                    )
                )
        except IntegrityError:
            continue  # already queued or sent there: never twice
    if not created:
        raise StatementError(_("This statement is already queued or published there."))
    statement.state = StatementState.SCHEDULED
    statement.publish_at = when
    statement.segment = segment if segment in Segment.values else statement.segment
    statement.recorded_where = recorded_where[:200] or statement.recorded_where
    statement.save(update_fields=["state", "publish_at", "segment", "recorded_where", "channels"])
    _on_timeline(
        statement,
        "statement.scheduled",
        f"{statement.title} → {', '.join(p.target for p in created) or '-'}",
        actor=actor.person,
        detail={"at": when.isoformat(), "targets": [p.target for p in created]},
        request=request,
    )
    if when <= now:
        ids = [p.pk for p in created]
        transaction.on_commit(lambda: _dispatch(ids))
    return created


def _dispatch(ids: list[int]) -> None:
    from tocsin.responses.tasks import send_publication

    for pk in ids:
        send_publication.delay(pk)


def send(publication_id: int, now: datetime | None = None) -> str:
    """Send one due publication, if nobody else is: returns its state afterwards.

    The claim (pending → sending) is one conditional UPDATE; only the worker whose update
    changed the row sends. Progress is saved part by part, so a retry continues a thread
    or a mailing instead of starting it again.
    """
    from tocsin.responses.publishers.base import Outgoing, PublishError, publisher_for
    from tocsin.sources.base import SourceError

    now = now or timezone.now()
    claimed = Publication.unscoped.filter(
        pk=publication_id, state=PublicationState.PENDING, due_at__lte=now
    ).update(state=PublicationState.SENDING, sending_since=now, attempts=F("attempts") + 1)
    if not claimed:
        row = Publication.unscoped.filter(pk=publication_id).values_list("state", flat=True)
        return str(row[0]) if row else "missing"
    pub = (
        Publication.objects.for_firm(Publication.unscoped.get(pk=publication_id).firm_id)
        .select_related("statement__firm", "statement__crisis", "statement__mention__source")
        .select_related("version", "account", "requested_by")
        .get(pk=publication_id)
    )
    statement = pub.statement

    def save_part(part: str) -> None:
        Publication.objects.for_firm(pub.firm_id).filter(pk=pub.pk).update(progress=out.progress)

    out = Outgoing(
        publication=pub,
        statement=statement,
        text=pub.version.text,
        translation=pub.version.translation,
        language=statement.language,
        link=statement.link,
        account=pub.account,
        progress=list(pub.progress or []),
        on_part=save_part,
    )
    try:
        publisher = publisher_for(pub.channel)
        if publisher.transactional:
            with transaction.atomic():
                sent = publisher.send(out)
                _published(pub, sent.url, out.progress)
        else:
            sent = publisher.send(out)
            _published(pub, sent.url, out.progress)
        return PublicationState.PUBLISHED
    except (PublishError, SourceError) as exc:
        return _failed(pub, str(exc), exc.retryable, exc.retry_after)
    except Exception as exc:  # an adapter bug must not leave the row "sending" forever
        return _failed(pub, f"unexpected error: {exc!r}"[:500], True, None)


@transaction.atomic
def _published(pub: Publication, url: str, progress: list[str]) -> None:
    now = timezone.now()
    Publication.objects.for_firm(pub.firm_id).filter(pk=pub.pk).update(
        state=PublicationState.PUBLISHED,
        url=url[:1000],
        progress=progress,
        published_at=now,
        last_error="",
    )
    statement = pub.statement
    _on_timeline(
        statement,
        "statement.published",
        f"{statement.title} → {pub.target}",
        actor=pub.requested_by,
        detail={"target": pub.target, "url": url, "version": pub.version.number},
        target=pub,
    )
    remaining = (
        Publication.objects.for_firm(pub.firm_id)
        .filter(statement=statement)
        .exclude(state=PublicationState.PUBLISHED)
        .exists()
    )
    if not remaining:
        Statement.objects.for_firm(pub.firm_id).filter(pk=statement.pk).update(
            state=StatementState.PUBLISHED, published_at=now
        )
    if statement.mention_id:
        where = statement.recorded_where if pub.channel == Channel.RECORDED else pub.target
        MentionAnswer.objects.create(
            firm_id=pub.firm_id,
            mention_id=statement.mention_id,
            statement=statement,
            channel=pub.channel,
            where=where[:200],
            url=url[:1000],
            answered_by=pub.requested_by,
        )
        Mention.objects.for_firm(pub.firm_id).filter(pk=statement.mention_id).update(
            status=Status.ANSWERED
        )


def _failed(pub: Publication, error: str, retryable: bool, retry_after: float | None) -> str:
    attempts = Publication.objects.for_firm(pub.firm_id).get(pk=pub.pk).attempts
    if retryable and attempts < MAX_ATTEMPTS:
        delay = retry_after if retry_after is not None else 60.0 * 2 ** (attempts - 1)
        state = PublicationState.PENDING
        due = timezone.now() + timedelta(seconds=delay)
    else:
        state, due = PublicationState.FAILED, pub.due_at
    Publication.objects.for_firm(pub.firm_id).filter(pk=pub.pk).update(
        state=state, due_at=due, last_error=error[:2000], sending_since=None
    )
    if state == PublicationState.FAILED:
        _on_timeline(
            pub.statement,
            "statement.publication_failed",
            f"{pub.statement.title} → {pub.target}: {error}",
            actor=None,
            detail={"target": pub.target, "attempts": attempts},
            target=pub,
        )
    return state


def retry(pub: Publication, *, actor: Membership, request: HttpRequest | None = None) -> None:
    """A person sends a failed publication again (its progress is kept)."""
    if not actor.can(Action.APPROVE):
        raise StatementError(_("Your role may not publish."))
    if pub.state != PublicationState.FAILED:
        raise StatementError(_("Only a failed publication is retried."))
    if not may_post_now(pub.statement.firm, actor.person):
        raise StatementError(_("Publishing is frozen for this firm."))
    Publication.objects.for_firm(pub.firm_id).filter(
        pk=pub.pk, state=PublicationState.FAILED
    ).update(state=PublicationState.PENDING, attempts=0, due_at=timezone.now())
    _on_timeline(
        pub.statement,
        "statement.retry",
        pub.target,
        actor=actor.person,
        request=request,
        target=pub,
    )
    pk = pub.pk
    transaction.on_commit(lambda: _dispatch([pk]))


def publish_due(now: datetime | None = None) -> dict[str, int]:
    """The beat sweep: fail what a dead worker left sending, lapse approvals whose publish
    time passed, and send what is due. Safe to run as often and as concurrently as wanted."""
    now = now or timezone.now()
    stuck = Publication.unscoped.filter(
        state=PublicationState.SENDING, sending_since__lt=now - STUCK_AFTER
    ).update(
        state=PublicationState.FAILED,
        last_error="interrupted while sending: check the channel before retrying",
    )
    lapsed = 0
    for approval in Approval.unscoped.filter(
        voided_at__isnull=True,
        valid_until__lt=now,
        statement__state__in=[StatementState.REVIEW, StatementState.APPROVED],
    ).select_related("statement__firm"):
        statement = approval.statement
        lapsed += _void_approvals(statement, _("publish time passed"), actor=None)
        Statement.objects.for_firm(statement.firm_id).filter(pk=statement.pk).update(
            state=StatementState.DRAFT
        )
    due = list(
        Publication.unscoped.filter(state=PublicationState.PENDING, due_at__lte=now)
        .order_by("due_at")
        .values_list("pk", flat=True)[:500]
    )
    frozen_firms = {
        f.firm_id
        for f in Freeze.unscoped.filter(lifted_at__isnull=True, starts_at__lte=now).filter(
            Q(ends_at__isnull=True) | Q(ends_at__gt=now)
        )
    }
    sent = 0
    for pk in due:
        row = Publication.unscoped.select_related("requested_by").get(pk=pk)
        if row.firm_id in frozen_firms:
            person = row.requested_by
            if person is None or not may_post_now(Firm.objects.get(pk=row.firm_id), person):
                continue  # held until the freeze ends (or is lifted)
        send(pk, now)
        sent += 1
    return {"stuck": stuck, "lapsed": lapsed, "sent": sent}


# --------------------------------------------------------------------------- accounts


def check_account(account: PublishingAccount) -> bool:
    """Ask the network whether the token still works; remember the answer."""
    from tocsin.responses.publishers.base import PublishError, publisher_for
    from tocsin.sources.base import SourceError

    try:
        who = publisher_for(account.kind).check(account)
        account.healthy, account.health_message = True, who[:500]
    except (PublishError, SourceError) as exc:
        account.healthy, account.health_message = False, str(exc)[:500]
    except Exception as exc:
        account.healthy, account.health_message = False, f"unexpected error: {exc!r}"[:500]
    account.checked_at = timezone.now()
    PublishingAccount.objects.for_firm(account.firm_id).filter(pk=account.pk).update(
        healthy=account.healthy,
        health_message=account.health_message,
        checked_at=account.checked_at,
    )
    return bool(account.healthy)


def warnings_for(statement: Statement) -> list[str]:
    """What would make a publication of this statement fail, said before it does."""
    out: list[str] = []
    for account in PublishingAccount.objects.for_firm(statement.firm_id).filter(
        kind__in=statement.channels, enabled=True
    ):
        if account.healthy is False:
            out.append(
                _("%(account)s: the last token check failed (%(why)s).")
                % {"account": account, "why": account.health_message}
            )
    if Channel.CRISIS_PAGE in statement.channels:
        from tocsin.responses.publishers.base import PublishError
        from tocsin.responses.publishers.crisis_page import public_services

        try:
            public_services()
        except PublishError as exc:
            out.append(str(exc))
    return out


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
