"""API of the crisis room: crises, their tasks, clocks, decisions and timeline; playbooks.

Rights follow the pages (see ``views.py``). Calls that carry a body check the role in the
authentication step (:class:`RoleTokenAuth`), before the body is parsed, so that a role
without the right always gets 403 rather than a validation error; every call also checks
with ``allow()``, the one rule the rest of the API uses.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from tocsin.crises import pins, services
from tocsin.crises import playbook as playbooks
from tocsin.crises.models import Clock, Crisis, CrisisType, Playbook, Severity, Task
from tocsin.firms.api import ApiTokenAuth, allow, firm_of
from tocsin.firms.models import ApiToken, Person
from tocsin.firms.roles import Action
from tocsin.lib.json_body import JsonBody


class RoleTokenAuth(ApiTokenAuth):
    """Token authentication that also refuses a role without ``action`` (403), before the
    request body is read."""

    def __init__(self, action: Action) -> None:
        super().__init__()
        self.action = action

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        row = super().authenticate(request, token)
        if row is not None:
            allow(request, self.action)
        return row


router = Router(tags=["crises"])


class RoleOut(Schema):
    kind: str
    member_id: int | None
    member_name: str | None
    deputy_id: int | None
    external_contact: str


class TaskOut(Schema):
    id: int
    step_key: str
    title: str
    owner_role: str
    owner_id: int | None
    due_at: datetime | None
    done_at: datetime | None
    checklist: list[dict[str, Any]]


class ClockOut(Schema):
    id: int
    kind: str
    label: str
    basis: str
    starts_at: datetime
    due_at: datetime
    met_at: datetime | None
    reference: str
    waived_reason: str


class CrisisOut(Schema):
    id: int
    title: str
    crisis_type: str
    severity: int
    state: str
    description: str
    awareness_at: datetime
    opened_at: datetime
    closed_at: datetime | None
    source_alert_id: int | None
    playbook_version: int | None


class CrisisDetailOut(CrisisOut):
    mention_ids: list[int]
    roles: list[RoleOut]
    tasks: list[TaskOut]
    clocks: list[ClockOut]


class CrisisIn(JsonBody):
    title: str
    crisis_type: CrisisType
    awareness_at: datetime
    severity: Severity = Severity.MODERATE
    description: str = ""
    source_alert_id: int | None = None


class CrisisPatch(JsonBody):
    state: str | None = None
    severity: Severity | None = None
    reason: str = ""


class TaskPatch(JsonBody):
    done: bool | None = None
    checklist_item: int | None = None
    checklist_done: bool = True


class ClockPatch(JsonBody):
    met: bool | None = None
    reference: str = ""
    waive_reason: str | None = None


class DecisionIn(JsonBody):
    text: str
    reason: str


class DecisionOut(Schema):
    id: int
    text: str
    reason: str
    decided_at: datetime


class EventOut(Schema):
    seq: int
    at: datetime
    actor: str
    action: str
    summary: str
    detail: dict[str, Any]
    hash: str
    prev_hash: str


class PlaybookOut(Schema):
    id: int
    crisis_type: str
    language: str
    version: int
    title: str
    reviewed_at: datetime
    review_every_days: int
    needs_review: bool


class PlaybookDetailOut(PlaybookOut):
    source: str
    document: dict[str, Any]


class PlaybookIn(JsonBody):
    source: str


def _crisis_out(c: Crisis) -> dict[str, Any]:
    return {
        "id": c.pk,
        "title": c.title,
        "crisis_type": c.crisis_type,
        "severity": c.severity,
        "state": c.state,
        "description": c.description,
        "awareness_at": c.awareness_at,
        "opened_at": c.opened_at,
        "closed_at": c.closed_at,
        "source_alert_id": c.source_alert_id,
        "playbook_version": c.playbook.version if c.playbook else None,
    }


def _detail(c: Crisis) -> dict[str, Any]:
    roles = [
        {
            "kind": r.kind,
            "member_id": r.member_id,
            "member_name": str(r.member.person) if r.member else None,
            "deputy_id": r.deputy_id,
            "external_contact": r.external_contact,
        }
        for r in c.roles.select_related("member__person")
    ]
    return {
        **_crisis_out(c),
        "roles": roles,
        "mention_ids": [p.mention_id for p in c.pins.all()],
        "tasks": list(c.tasks.all()),
        "clocks": list(c.clocks.all()),
    }


def _crisis(request: HttpRequest, crisis_id: int) -> Crisis:
    return get_object_or_404(
        Crisis.objects.for_firm(firm_of(request)).select_related("playbook"), pk=crisis_id
    )


def _person(request: HttpRequest) -> Person:
    return request.user  # type: ignore[return-value]


def _playbook_out(p: Playbook) -> dict[str, Any]:
    return {
        "id": p.pk,
        "crisis_type": p.crisis_type,
        "language": p.language,
        "version": p.version,
        "title": p.title,
        "reviewed_at": p.reviewed_at,
        "review_every_days": p.review_every_days,
        "needs_review": p.needs_review(),
    }


@router.get("/crises", response=list[CrisisOut], summary="The firm's crises, newest first")
def crisis_list(request: HttpRequest, state: str | None = None) -> list[dict[str, Any]]:
    allow(request, Action.VIEW)
    crises = Crisis.objects.for_firm(firm_of(request)).select_related("playbook")
    if state:
        crises = crises.filter(state=state)
    return [_crisis_out(c) for c in crises]


@router.post(
    "/crises",
    response={201: CrisisDetailOut},
    auth=RoleTokenAuth(Action.APPROVE),
    summary="Open a crisis (instantiates the playbook of its type)",
)
def crisis_open(request: HttpRequest, payload: CrisisIn) -> Status[dict[str, Any]]:
    allow(request, Action.APPROVE)
    try:
        crisis = services.open_crisis(
            firm_of(request),
            opened_by=_person(request),
            request=request,
            **payload.model_dump(),
        )
    except services.CrisisError as exc:
        raise HttpError(422, str(exc)) from exc
    return Status(201, _detail(crisis))


@router.get("/crises/playbooks", response=list[PlaybookOut], summary="Current playbooks")
def playbook_list(request: HttpRequest) -> list[dict[str, Any]]:
    allow(request, Action.VIEW)
    return [_playbook_out(p) for p in playbooks.current_set(firm_of(request))]


@router.post(
    "/crises/playbooks",
    response={201: PlaybookDetailOut},
    auth=RoleTokenAuth(Action.MANAGE),
    summary="Import a playbook (YAML) as the next version of its type and language",
)
def playbook_import(request: HttpRequest, payload: PlaybookIn) -> Status[dict[str, Any]]:
    allow(request, Action.MANAGE)
    try:
        p = playbooks.save_version(
            firm_of(request), payload.source, actor=_person(request), note="api", request=request
        )
    except playbooks.PlaybookError as exc:
        raise HttpError(422, str(exc)) from exc
    return Status(201, {**_playbook_out(p), "source": p.source, "document": p.document})


@router.get(
    "/crises/playbooks/{playbook_id}", response=PlaybookDetailOut, summary="A playbook version"
)
def playbook_detail(request: HttpRequest, playbook_id: int) -> dict[str, Any]:
    allow(request, Action.VIEW)
    p = get_object_or_404(Playbook.objects.for_firm(firm_of(request)), pk=playbook_id)
    return {**_playbook_out(p), "source": p.source, "document": p.document}


@router.get(
    "/crises/{crisis_id}", response=CrisisDetailOut, summary="A crisis, its roles, tasks, clocks"
)
def crisis_detail(request: HttpRequest, crisis_id: int) -> dict[str, Any]:
    allow(request, Action.VIEW)
    return _detail(_crisis(request, crisis_id))


@router.patch(
    "/crises/{crisis_id}",
    response=CrisisDetailOut,
    auth=RoleTokenAuth(Action.APPROVE),
    summary="Change a crisis's state (closing needs a reason) or severity",
)
def crisis_update(request: HttpRequest, crisis_id: int, patch: CrisisPatch) -> dict[str, Any]:
    allow(request, Action.APPROVE)
    crisis = _crisis(request, crisis_id)
    try:
        if patch.severity is not None and patch.severity != crisis.severity:
            services.set_severity(
                crisis, patch.severity, actor=_person(request), reason=patch.reason, request=request
            )
        if patch.state is not None and patch.state != crisis.state:
            services.change_state(
                crisis, patch.state, actor=_person(request), reason=patch.reason, request=request
            )
    except services.CrisisError as exc:
        raise HttpError(422, str(exc)) from exc
    return _detail(crisis)


@router.get(
    "/crises/{crisis_id}/timeline",
    response=list[EventOut],
    summary="The crisis timeline, oldest first, from the append-only audit journal",
)
def crisis_timeline(request: HttpRequest, crisis_id: int) -> list[dict[str, Any]]:
    allow(request, Action.VIEW)
    crisis = _crisis(request, crisis_id)
    return [
        {
            "seq": e.seq,
            "at": e.at,
            "actor": e.actor_label,
            "action": e.action,
            "summary": e.summary,
            "detail": e.detail,
            "hash": e.hash,
            "prev_hash": e.prev_hash,
        }
        for e in services.timeline(crisis)
    ]


@router.post(
    "/crises/{crisis_id}/decisions",
    response={201: DecisionOut},
    auth=RoleTokenAuth(Action.APPROVE),
    summary="Record a decision with its reason",
)
def crisis_decision(
    request: HttpRequest, crisis_id: int, payload: DecisionIn | None = None
) -> Status[Any]:
    allow(request, Action.APPROVE)
    crisis = _crisis(request, crisis_id)  # 404 for another firm's crisis, before the body
    if payload is None:
        raise HttpError(422, "text and reason are required")
    try:
        decision = services.record_decision(
            crisis,
            text=payload.text,
            reason=payload.reason,
            actor=_person(request),
            request=request,
        )
    except services.CrisisError as exc:
        raise HttpError(422, str(exc)) from exc
    return Status(201, decision)


class PinIn(JsonBody):
    mention_id: int


class PinOut(Schema):
    crisis_id: int
    mention_id: int
    pinned_at: datetime
    rule: str


@router.post(
    "/crises/{crisis_id}/mentions",
    response={201: PinOut},
    auth=RoleTokenAuth(Action.EDIT),
    summary="Pin a mention of the firm to the crisis (pinning twice is one pin)",
)
def crisis_pin(request: HttpRequest, crisis_id: int, payload: PinIn | None = None) -> Status[Any]:
    allow(request, Action.EDIT)
    crisis = _crisis(request, crisis_id)
    if payload is None:
        raise HttpError(422, "mention_id is required")
    try:
        pin = pins.pin_mention(crisis, payload.mention_id, actor=_person(request), request=request)
    except services.CrisisError as exc:
        raise HttpError(422, str(exc)) from exc
    return Status(201, pin)


@router.patch(
    "/crises/tasks/{task_id}",
    response=TaskOut,
    auth=RoleTokenAuth(Action.EDIT),
    summary="Mark a task done or not, tick a checklist item",
)
def task_update(request: HttpRequest, task_id: int, patch: TaskPatch) -> Task:
    allow(request, Action.EDIT)
    task = get_object_or_404(
        Task.objects.for_firm(firm_of(request)).select_related("crisis"), pk=task_id
    )
    try:
        if patch.checklist_item is not None:
            services.check_item(
                task,
                patch.checklist_item,
                done=patch.checklist_done,
                actor=_person(request),
                request=request,
            )
        if patch.done is not None:
            services.set_task_done(task, done=patch.done, actor=_person(request), request=request)
    except services.CrisisError as exc:
        raise HttpError(422, str(exc)) from exc
    return task


@router.patch(
    "/crises/clocks/{clock_id}",
    response=ClockOut,
    auth=RoleTokenAuth(Action.EDIT),
    summary="Record a clock as met (EDIT) or stop it with a reason (APPROVE)",
)
def clock_update(request: HttpRequest, clock_id: int, patch: ClockPatch) -> Clock:
    allow(request, Action.EDIT)
    clock = get_object_or_404(
        Clock.objects.for_firm(firm_of(request)).select_related("crisis"), pk=clock_id
    )
    try:
        if patch.waive_reason is not None:
            allow(request, Action.APPROVE)
            services.waive_clock(
                clock, actor=_person(request), reason=patch.waive_reason, request=request
            )
        elif patch.met:
            services.meet_clock(
                clock, actor=_person(request), reference=patch.reference, request=request
            )
    except services.CrisisError as exc:
        raise HttpError(422, str(exc)) from exc
    return clock
