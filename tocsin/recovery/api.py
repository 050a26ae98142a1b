"""API of the recovery stage: corrective actions and notes, report measures, the sentiment
curve back to baseline.

Rights follow the pages: reading is VIEW, working actions is EDIT, anything public (an
action's ``is_public``, a public note) is APPROVE. Calls with a body check the role in the
authentication step (``needs``) so that a role without the right gets 403, not a validation
error. No ``from __future__ import annotations`` here: django-ninja reads the annotations.
"""

from datetime import date, datetime, timedelta
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from tocsin.crises.models import Crisis
from tocsin.firms.api import allow, firm_of, needs, person_of
from tocsin.firms.roles import Action
from tocsin.lib.json_body import JsonBody
from tocsin.recovery import report, sentiment, services
from tocsin.recovery.models import CorrectiveAction

router = Router(tags=["recovery"])


class NoteOut(Schema):
    id: int
    text: str
    text_en: str
    is_public: bool
    author: str | None
    created_at: datetime


class ActionOut(Schema):
    id: int
    crisis_id: int
    title: str
    title_en: str
    description: str
    owner_id: int | None
    owner_name: str | None
    due_on: date | None
    state: str
    percent: int
    is_public: bool
    updated_at: datetime
    done_at: datetime | None
    notes: list[NoteOut]


class ActionIn(JsonBody):
    title: str
    title_en: str = ""
    description: str = ""
    owner_id: int | None = None
    due_on: date | None = None


class ActionPatch(JsonBody):
    title: str | None = None
    title_en: str | None = None
    description: str | None = None
    owner_id: int | None = None
    due_on: date | None = None
    state: str | None = None
    percent: int | None = None
    is_public: bool | None = None


class NoteIn(JsonBody):
    text: str
    text_en: str = ""
    public: bool = False


class MomentOut(Schema):
    key: str
    label: str
    at: datetime | None
    what: str
    seconds_since_first_mention: int | None


class ReportOut(Schema):
    crisis_id: int
    moments: list[MomentOut]
    phases: list[dict[str, Any]]
    lessons: str
    summary: str
    final: bool


class DayOut(Schema):
    day: date
    total: int
    negative: int
    share: float | None
    rolling: float | None


class SentimentOut(Schema):
    crisis_day: date
    baseline: float | None
    threshold: float | None
    back_on: date | None
    days: list[DayOut]


def _crisis(request: HttpRequest, crisis_id: int) -> Crisis:
    return get_object_or_404(Crisis.objects.for_firm(firm_of(request)), pk=crisis_id)


def _action(request: HttpRequest, action_id: int) -> CorrectiveAction:
    return get_object_or_404(
        CorrectiveAction.objects.for_firm(firm_of(request)).select_related(
            "crisis", "owner__person"
        ),
        pk=action_id,
    )


def _out(action: CorrectiveAction) -> dict[str, Any]:
    return {
        "id": action.pk,
        "crisis_id": action.crisis_id,
        "title": action.title,
        "title_en": action.title_en,
        "description": action.description,
        "owner_id": action.owner_id,
        "owner_name": str(action.owner.person) if action.owner else None,
        "due_on": action.due_on,
        "state": action.state,
        "percent": action.percent,
        "is_public": action.is_public,
        "updated_at": action.updated_at,
        "done_at": action.done_at,
        "notes": [
            {
                "id": n.pk,
                "text": n.text,
                "text_en": n.text_en,
                "is_public": n.is_public,
                "author": str(n.author) if n.author else None,
                "created_at": n.created_at,
            }
            for n in action.notes.select_related("author")
        ],
    }


@router.get(
    "/recovery/crises/{crisis_id}/actions",
    response=list[ActionOut],
    summary="Corrective actions of a crisis",
)
def action_list(request: HttpRequest, crisis_id: int) -> list[dict[str, Any]]:
    allow(request, Action.VIEW)
    return [_out(a) for a in services.actions_of(_crisis(request, crisis_id))]


@router.post(
    "/recovery/crises/{crisis_id}/actions",
    response={201: ActionOut},
    auth=needs(Action.EDIT),
    summary="Plan a corrective action (never public at creation)",
)
def action_create(
    request: HttpRequest, crisis_id: int, payload: ActionIn | None = None
) -> Status[dict[str, Any]]:
    allow(request, Action.EDIT)
    crisis = _crisis(request, crisis_id)  # 404 for another firm's crisis, before the body
    if payload is None:
        raise HttpError(422, "title is required")
    try:
        action = services.create_action(
            crisis,
            title=payload.title,
            title_en=payload.title_en,
            description=payload.description,
            owner=payload.owner_id,
            due_on=payload.due_on,
            actor=person_of(request),
            request=request,
        )
    except services.RecoveryError as exc:
        raise HttpError(422, str(exc)) from exc
    return Status(201, _out(action))


@router.get("/recovery/actions/{action_id}", response=ActionOut, summary="One corrective action")
def action_detail(request: HttpRequest, action_id: int) -> dict[str, Any]:
    allow(request, Action.VIEW)
    return _out(_action(request, action_id))


@router.patch(
    "/recovery/actions/{action_id}",
    response=ActionOut,
    auth=needs(Action.EDIT),
    summary="Change an action; is_public needs the approve right",
)
def action_update(
    request: HttpRequest, action_id: int, payload: ActionPatch | None = None
) -> dict[str, Any]:
    allow(request, Action.EDIT)
    action = _action(request, action_id)
    if payload is None:
        return _out(action)
    changes = payload.model_dump(exclude_unset=True)
    public = changes.pop("is_public", None)
    if public is not None:
        allow(request, Action.APPROVE)
    if "owner_id" in changes:
        changes["owner"] = changes.pop("owner_id")
    try:
        services.update_action(action, changes, actor=person_of(request), request=request)
        if public is not None:
            services.set_public(action, public, actor=person_of(request), request=request)
    except services.RecoveryError as exc:
        raise HttpError(422, str(exc)) from exc
    return _out(action)


@router.post(
    "/recovery/actions/{action_id}/notes",
    response={201: ActionOut},
    auth=needs(Action.EDIT),
    summary="Add a progress note; a public note needs the approve right",
)
def action_note(
    request: HttpRequest, action_id: int, payload: NoteIn | None = None
) -> Status[dict[str, Any]]:
    allow(request, Action.EDIT)
    action = _action(request, action_id)
    if payload is None:
        raise HttpError(422, "text is required")
    if payload.public:
        allow(request, Action.APPROVE)
    try:
        services.add_note(
            action,
            text=payload.text,
            text_en=payload.text_en,
            public=payload.public,
            actor=person_of(request),
            request=request,
        )
    except services.RecoveryError as exc:
        raise HttpError(422, str(exc)) from exc
    return Status(201, _out(action))


@router.get(
    "/recovery/crises/{crisis_id}/report",
    response=ReportOut,
    summary="Measures of the post-crisis report (times from the first mention, phases)",
)
def report_measures(request: HttpRequest, crisis_id: int) -> dict[str, Any]:
    allow(request, Action.VIEW)
    crisis = _crisis(request, crisis_id)
    days = sentiment.daily_counts(
        crisis.firm_id,
        timezone.localdate(crisis.awareness_at) - timedelta(days=sentiment.BASELINE_DAYS),
        timezone.localdate(),
    )
    rep = services.report_of(crisis)
    return {
        "crisis_id": crisis.pk,
        "moments": [
            {
                "key": m.key,
                "label": str(m.label),
                "at": m.at,
                "what": str(m.what),
                "seconds_since_first_mention": int(m.since_first.total_seconds())
                if m.since_first is not None
                else None,
            }
            for m in report.moments(crisis)
        ],
        "phases": [{**p, "label": str(p["label"])} for p in report.phases(crisis, days)],
        "lessons": rep.lessons,
        "summary": rep.summary,
        "final": rep.is_final,
    }


@router.get(
    "/recovery/crises/{crisis_id}/sentiment",
    response=SentimentOut,
    summary="Daily negative share since the crisis began, its baseline and the day of return",
)
def sentiment_curve(request: HttpRequest, crisis_id: int) -> dict[str, Any]:
    allow(request, Action.VIEW)
    tracked = sentiment.track(_crisis(request, crisis_id))
    return {
        "crisis_day": tracked.crisis_day,
        "baseline": tracked.baseline,
        "threshold": tracked.threshold,
        "back_on": tracked.back_on,
        "days": [d.__dict__ for d in tracked.days],
    }
