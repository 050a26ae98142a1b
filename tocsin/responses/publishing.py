"""Publishing: the freeze, one publication per place, the claim that makes each one go
out once, retries with back-off, the beat sweep, and the accounts' token health."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from tocsin.firms import audit
from tocsin.firms.models import Firm, Membership, Person
from tocsin.firms.roles import Action
from tocsin.mentions.models import Mention, Status
from tocsin.responses.approval import active_approvals, steps_required
from tocsin.responses.drafting import (
    StatementError,
    locked,
    on_timeline,
    unschedule,
    valid_channels,
    void_approvals,
)
from tocsin.responses.models import (
    ACCOUNT_CHANNELS,
    MAX_ATTEMPTS,
    STUCK_AFTER,
    Approval,
    Channel,
    Freeze,
    MentionAnswer,
    Publication,
    PublicationState,
    PublishingAccount,
    Segment,
    Statement,
    StatementState,
)

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
        unschedule(statement)
        void_approvals(statement, _("publishing frozen"), actor=actor.person, request=request)
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
    for channel in valid_channels(channels):
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
    public_state: str = "",
    request: HttpRequest | None = None,
) -> list[Publication]:
    """Send the approved current version to every chosen place, now or at ``publish_at``.

    Each place becomes one :class:`Publication` (unique per statement and target); those
    due now are handed to the workers once the transaction commits.
    """
    if not actor.can(Action.APPROVE) or actor.firm_id != statement.firm_id:
        raise StatementError(_("Your role may not publish."))
    from tocsin.preparedness.sandbox import is_sandbox

    if is_sandbox(statement.firm_id):
        raise StatementError(_("This is a drill: nothing is published from a sandbox."))
    statement = locked(statement)
    if channels is not None:
        statement.channels = valid_channels(channels)
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
    # The state the crisis page shows (investigating, identified, monitoring, resolved).
    statement.public_state = public_state[:16] or statement.public_state
    statement.save(
        update_fields=[
            "state",
            "publish_at",
            "segment",
            "recorded_where",
            "channels",
            "public_state",
        ]
    )
    on_timeline(
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
    from tocsin.preparedness.sandbox import is_sandbox

    if is_sandbox(pub.firm_id):  # second guard, at the last moment before anything leaves
        return _failed(pub, "drill sandbox: never published", False, None)

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
    on_timeline(
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
        on_timeline(
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
    on_timeline(
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
        lapsed += void_approvals(statement, _("publish time passed"), actor=None)
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
