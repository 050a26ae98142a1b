"""API of the responses stage: statements, their versions, approvals and publications, the
checker, suggested answers for a mention, and the freeze.

Rights as on the pages: reading is VIEW, drafting and checking EDIT, approving, publishing
and freezing APPROVE. Each route names its right in ``auth`` so that a role without it gets
403 before its body is read.
"""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from tocsin.crises.models import Crisis
from tocsin.firms.api import firm_of, needs
from tocsin.firms.models import Membership, Person
from tocsin.firms.roles import Action
from tocsin.lib.json_body import JsonBody
from tocsin.mentions.models import Mention
from tocsin.responses import services
from tocsin.responses.models import PublishingAccount, Segment, Statement

router = Router(tags=["responses"])


class FlagSpan(Schema):
    start: int
    end: int
    text: str
    reason: str


class FlagReason(Schema):
    code: str
    fr: str
    en: str


class FlagOut(Schema):
    kind: str
    spans: list[FlagSpan]
    reasons: list[FlagReason]
    field: str = ""


class CheckIn(JsonBody):
    text: str
    lang: str | None = None


class StatementIn(JsonBody):
    kind: str
    title: str = ""
    text: str
    translation: str = ""
    language: str = "fr"
    crisis_id: int | None = None
    mention_id: int | None = None
    channels: list[str] = []
    link: str = ""


class VersionIn(JsonBody):
    text: str
    translation: str = ""


class ApprovalIn(JsonBody):
    version: int
    override_reason: str = ""


class PublishIn(JsonBody):
    channels: list[str] | None = None
    account_ids: list[int] = []
    segment: str = Segment.AFFECTED
    publish_at: datetime | None = None
    recorded_where: str = ""


class FreezeIn(JsonBody):
    reason: str
    ends_at: datetime | None = None
    may_post: list[int] = []


class PublicationOut(Schema):
    id: int
    target: str
    channel: str
    state: str
    due_at: datetime
    attempts: int
    url: str
    last_error: str
    published_at: datetime | None


class StatementOut(Schema):
    id: int
    kind: str
    title: str
    language: str
    state: str
    crisis_id: int | None
    mention_id: int | None
    channels: list[str]
    version: int
    text: str
    translation: str
    flags: list[FlagOut]
    approvals: int
    approvals_needed: int
    publications: list[PublicationOut]


class SuggestionOut(Schema):
    title: str
    text: str
    origin: str


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


def _out(statement: Statement) -> dict[str, Any]:
    version = statement.current()
    return {
        "id": statement.pk,
        "kind": statement.kind,
        "title": statement.title,
        "language": statement.language,
        "state": statement.state,
        "crisis_id": statement.crisis_id,
        "mention_id": statement.mention_id,
        "channels": statement.channels,
        "version": version.number if version else 0,
        "text": version.text if version else "",
        "translation": version.translation if version else "",
        "flags": version.flags if version else [],
        "approvals": len(services.active_approvals(statement)),
        "approvals_needed": services.steps_required(statement.firm, statement.channels),
        "publications": list(statement.publications.order_by("pk")),
    }


def _statement(request: HttpRequest, statement_id: int) -> Statement:
    return get_object_or_404(Statement.objects.for_firm(firm_of(request)), pk=statement_id)


def _refused(exc: services.StatementError) -> HttpError:
    return HttpError(422, str(exc))


@router.post(
    "/responses/check",
    response=list[FlagOut],
    auth=needs(Action.EDIT),
    summary="Check a draft (tone, secrecy, ethics) against this firm's context",
)
def check(request: HttpRequest, body: CheckIn) -> list[dict[str, Any]]:
    if body.lang not in (None, "fr", "en"):
        raise HttpError(422, "lang must be fr, en or null")
    return services.check(firm_of(request), body.text[: services.MAX_TEXT], body.lang)


@router.get(
    "/responses/statements",
    response=list[StatementOut],
    auth=needs(Action.VIEW),
    summary="Statements, newest first",
)
def statement_list(request: HttpRequest, state: str | None = None) -> list[dict[str, Any]]:
    rows = Statement.objects.for_firm(firm_of(request))
    if state:
        rows = rows.filter(state=state)
    return [_out(s) for s in rows[:200]]


@router.post(
    "/responses/statements",
    response={201: StatementOut},
    auth=needs(Action.EDIT),
    summary="Draft a statement (checked at once)",
)
def statement_create(request: HttpRequest, body: StatementIn) -> Status[dict[str, Any]]:
    firm = firm_of(request)
    crisis = mention = None
    if body.crisis_id is not None:
        crisis = get_object_or_404(Crisis.objects.for_firm(firm), pk=body.crisis_id)
    if body.mention_id is not None:
        mention = get_object_or_404(Mention.objects.for_firm(firm), pk=body.mention_id)
    assert isinstance(request.user, Person)
    try:
        statement = services.create_statement(
            firm,
            author=request.user,
            kind=body.kind,
            title=body.title,
            text=body.text,
            translation=body.translation,
            language=body.language,
            crisis=crisis,
            mention=mention,
            channels=body.channels,
            link=body.link,
            request=request,
        )
    except services.StatementError as exc:
        raise _refused(exc) from None
    return Status(201, _out(statement))


@router.get(
    "/responses/statements/{statement_id}",
    response=StatementOut,
    auth=needs(Action.VIEW),
    summary="One statement with its current version, flags and publications",
)
def statement_detail(request: HttpRequest, statement_id: int) -> dict[str, Any]:
    return _out(_statement(request, statement_id))


@router.post(
    "/responses/statements/{statement_id}/versions",
    response=StatementOut,
    auth=needs(Action.EDIT),
    summary="Save new words (voids approvals of the earlier version)",
)
def statement_edit(
    request: HttpRequest, statement_id: int, body: VersionIn | None = None
) -> dict[str, Any]:
    statement = _statement(request, statement_id)  # 404 for another firm's, before the body
    if body is None:
        raise HttpError(422, "text is required")
    assert isinstance(request.user, Person)
    try:
        services.save_version(
            statement,
            author=request.user,
            text=body.text,
            translation=body.translation,
            request=request,
        )
    except services.StatementError as exc:
        raise _refused(exc) from None
    statement.refresh_from_db()
    return _out(statement)


@router.post(
    "/responses/statements/{statement_id}/approvals",
    response=StatementOut,
    auth=needs(Action.APPROVE),
    summary="Approve the version you read (a written reason when it is flagged)",
)
def statement_approve(
    request: HttpRequest, statement_id: int, body: ApprovalIn | None = None
) -> dict[str, Any]:
    statement = _statement(request, statement_id)
    if body is None:
        raise HttpError(422, "version is required")
    try:
        services.approve(
            statement,
            approver=_membership(request),
            version_number=body.version,
            override_reason=body.override_reason,
            request=request,
        )
    except services.StatementError as exc:
        raise _refused(exc) from None
    statement.refresh_from_db()
    return _out(statement)


@router.post(
    "/responses/statements/{statement_id}/publications",
    response=StatementOut,
    auth=needs(Action.APPROVE),
    summary="Publish the approved statement to its channels, now or at publish_at",
)
def statement_publish(
    request: HttpRequest, statement_id: int, body: PublishIn | None = None
) -> dict[str, Any]:
    statement = _statement(request, statement_id)
    if body is None:
        body = PublishIn()
    accounts = list(
        PublishingAccount.objects.for_firm(firm_of(request)).filter(pk__in=body.account_ids)
    )
    try:
        services.publish(
            statement,
            actor=_membership(request),
            channels=body.channels,
            accounts=accounts,
            segment=body.segment,
            publish_at=body.publish_at,
            recorded_where=body.recorded_where,
            request=request,
        )
    except services.StatementError as exc:
        raise _refused(exc) from None
    statement.refresh_from_db()
    return _out(statement)


@router.get(
    "/responses/mentions/{mention_id}/suggestions",
    response=list[SuggestionOut],
    auth=needs(Action.VIEW),
    summary="Suggested answers: approved statements of its crises, then templates",
)
def mention_suggestions(request: HttpRequest, mention_id: int) -> list[services.Suggestion]:
    mention = get_object_or_404(Mention.objects.for_firm(firm_of(request)), pk=mention_id)
    return services.suggestions(mention)


@router.post(
    "/responses/freeze",
    response={201: dict[str, Any]},
    auth=needs(Action.APPROVE),
    summary="Freeze every scheduled post of the firm; they return to drafts",
)
def freeze(request: HttpRequest, body: FreezeIn) -> Status[dict[str, Any]]:
    firm = firm_of(request)
    people = list(Person.objects.filter(memberships__firm=firm, pk__in=body.may_post))
    try:
        row, returned = services.freeze(
            firm,
            actor=_membership(request),
            reason=body.reason,
            ends_at=body.ends_at,
            may_post=people,
            request=request,
        )
    except services.StatementError as exc:
        raise _refused(exc) from None
    return Status(201, {"id": row.pk, "returned_to_draft": [s.pk for s in returned]})
