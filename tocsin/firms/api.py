"""API: token authentication, the firm, its team and its audit trail."""

from __future__ import annotations

import hmac
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.security import HttpBearer

from tocsin.firms import audit
from tocsin.firms.models import ApiToken, AuditEvent, Firm, Membership, Person
from tocsin.firms.roles import Action, Role
from tocsin.lib.json_body import JsonBody
from tocsin.lib.pagination import Pages


class ApiTokenAuth(HttpBearer):
    """``Authorization: Bearer tsn_<prefix>_<secret>``; sets ``request.firm`` and
    ``request.membership`` from the token, so every call is scoped to the token's firm.

    Constructed with the action a route needs, it refuses (403) a role without it before
    the request body is even read: a viewer learns nothing from validation errors.
    """

    def __init__(self, action: Action = Action.VIEW) -> None:
        super().__init__()
        self.action = action

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        parts = token.split("_", 2)
        if len(parts) != 3 or parts[0] != "tsn":
            return None
        row = (
            ApiToken.unscoped.select_related("firm", "person")
            .filter(prefix=parts[1], revoked_at__isnull=True)
            .first()
        )
        if row is None or not hmac.compare_digest(row.digest, ApiToken.digest_of(token)):
            return None
        membership = Membership.objects.filter(person=row.person, firm=row.firm).first()
        if membership is None or not row.person.is_active:
            return None
        now = timezone.now()
        if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
            ApiToken.objects.for_firm(row.firm).filter(pk=row.pk).update(last_used_at=now)
        request.firm = row.firm  # type: ignore[attr-defined]
        request.membership = membership  # type: ignore[attr-defined]
        request.user = row.person
        if not membership.can(self.action):
            raise HttpError(403, f"Your role ({membership.role}) may not {self.action.value} here.")
        return row


def needs(action: Action) -> ApiTokenAuth:
    """The authentication of a route that requires ``action`` (see :class:`ApiTokenAuth`)."""
    return ApiTokenAuth(action)


def allow(request: HttpRequest, action: Action) -> Membership:
    """The caller's membership, or 403 when the role does not allow ``action``."""
    membership: Membership = request.membership  # type: ignore[attr-defined]
    if not membership.can(action):
        raise HttpError(403, f"Your role ({membership.role}) may not {action.value} here.")
    return membership


def person_of(request: HttpRequest) -> Person:
    assert isinstance(request.user, Person)
    return request.user


def firm_of(request: HttpRequest) -> Firm:
    return request.firm  # type: ignore[attr-defined]


router = Router(tags=["firm"])


class FirmOut(Schema):
    id: int
    name: str
    slug: str
    language: str
    contact_email: str
    contact_phone: str
    website: str
    require_two_factor: bool


class MeOut(Schema):
    id: int
    username: str
    name: str
    email: str
    role: str
    firm: FirmOut


class MemberOut(Schema):
    id: int
    person_id: int
    name: str
    email: str
    phone: str
    languages: list[str]
    role: str
    title: str
    on_call: bool
    deputy_id: int | None


class MemberPatch(JsonBody):
    role: Role | None = None
    title: str | None = None
    on_call: bool | None = None
    deputy_id: int | None = None


class AuditEventOut(Schema):
    seq: int
    at: datetime
    actor_label: str
    action: str
    target_type: str
    target_id: str
    summary: str
    ip: str | None


def _member_out(m: Membership) -> dict[str, Any]:
    return {
        "id": m.pk,
        "person_id": m.person_id,
        "name": str(m.person),
        "email": m.person.email,
        "phone": m.person.phone,
        "languages": [x for x in m.person.languages.split(",") if x],
        "role": m.role,
        "title": m.title,
        "on_call": m.on_call,
        "deputy_id": m.deputy_id,
    }


@router.get("/me", response=MeOut, summary="The token's owner, role and firm")
def me(request: HttpRequest) -> dict[str, Any]:
    membership = allow(request, Action.VIEW)
    person = membership.person
    return {
        "id": person.pk,
        "username": person.username,
        "name": str(person),
        "email": person.email,
        "role": membership.role,
        "firm": membership.firm,
    }


@router.get("/firm", response=FirmOut, summary="The firm this token belongs to")
def firm_detail(request: HttpRequest) -> Firm:
    allow(request, Action.VIEW)
    return firm_of(request)


def _team(request: HttpRequest) -> Any:
    return Membership.objects.filter(firm=firm_of(request)).select_related("person")


@router.get("/team", response=list[MemberOut], summary="The team directory")
def team_list(request: HttpRequest) -> list[dict[str, Any]]:
    allow(request, Action.VIEW)
    return [_member_out(m) for m in _team(request)]


@router.get("/team/{member_id}", response=MemberOut, summary="One member of the team")
def team_detail(request: HttpRequest, member_id: int) -> dict[str, Any]:
    allow(request, Action.VIEW)
    return _member_out(get_object_or_404(_team(request), pk=member_id))


@router.patch(
    "/team/{member_id}",
    response=MemberOut,
    auth=needs(Action.MANAGE),
    summary="Change a member's role or duty",
)
def team_update(request: HttpRequest, member_id: int, patch: MemberPatch) -> dict[str, Any]:
    allow(request, Action.MANAGE)
    member = get_object_or_404(_team(request), pk=member_id)
    changes = patch.model_dump(exclude_unset=True)
    # null clears the deputy; for the other fields it is no value at all.
    for name in ("role", "title", "on_call"):
        if name in changes and changes[name] is None:
            raise HttpError(422, f"{name} cannot be null")
    if "deputy_id" in changes and changes["deputy_id"] is not None:
        deputy = _team(request).filter(pk=changes["deputy_id"]).first()
        if deputy is None or deputy.pk == member.pk:
            raise HttpError(422, "The deputy must be another member of this firm.")
    for field, value in changes.items():
        setattr(member, field, value)
    member.save()
    audit.record(
        "team.update",
        firm=firm_of(request),
        target=member,
        summary=", ".join(f"{k}={v}" for k, v in changes.items()),
        request=request,
    )
    return _member_out(member)


@router.get(
    "/audit",
    response=list[AuditEventOut],
    auth=needs(Action.APPROVE),
    summary="The firm's audit trail, newest first",
)
@paginate(Pages, page_size=50)
def audit_list(request: HttpRequest) -> Any:
    allow(request, Action.APPROVE)
    return AuditEvent.objects.filter(firm_id=firm_of(request).pk).order_by("-seq")
