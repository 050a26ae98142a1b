"""Drafting: statements and their versions, checked on every save.

A version is never edited; new words are the next version, and they void every approval of
the earlier one (an approver approved words, not a statement) and take back whatever had
not gone out yet.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from tocsin.crises.models import Crisis
from tocsin.firms import audit
from tocsin.firms.models import Firm, Membership, Person
from tocsin.firms.roles import Role
from tocsin.mentions.models import Mention
from tocsin.responses.checker import FirmContext, check_draft
from tocsin.responses.models import (
    Approval,
    Channel,
    ClientContact,
    Publication,
    PublicationState,
    Statement,
    StatementKind,
    StatementState,
    StatementVersion,
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


def on_timeline(
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
        channels=valid_channels(channels or []),
        link=link.strip()[:1000],
        created_by=author,
    )
    _append_version(statement, author=author, text=text, translation=translation, origin=origin)
    on_timeline(statement, "statement.drafted", statement.title, actor=author, request=request)
    return statement


def valid_channels(channels: list[str]) -> list[str]:
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
    statement = locked(statement)
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
    if void_approvals(statement, _("edited after approval"), actor=author, request=request):
        unschedule(statement)
    if statement.state != StatementState.DRAFT:
        statement.state = StatementState.DRAFT
        statement.save(update_fields=["state"])
    return version


def locked(statement: Statement) -> Statement:
    return Statement.objects.for_firm(statement.firm_id).select_for_update().get(pk=statement.pk)


def void_approvals(
    statement: Statement, reason: str, *, actor: Person | None, request: HttpRequest | None = None
) -> int:
    count = (
        Approval.objects.for_firm(statement.firm_id)
        .filter(statement=statement, voided_at__isnull=True)
        .update(voided_at=timezone.now(), void_reason=reason[:200])
    )
    if count:
        on_timeline(
            statement,
            "statement.approval_voided",
            f"{statement.title}: {reason}",
            actor=actor,
            detail={"approvals": count, "reason": reason},
            request=request,
        )
    return count


def unschedule(statement: Statement) -> int:
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
    on_timeline(statement, "statement.submitted", statement.title, actor=actor, request=request)
