"""API of preparation: the questionnaire, audits (answers, checks, plan) and drills.

Rights follow the pages (``views.py``): reading is VIEW, answering and running checks is
EDIT, starting and ending a drill is APPROVE; the role is checked before a body is read.
"""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from tocsin.firms.api import firm_of, needs, person_of
from tocsin.firms.roles import Action
from tocsin.lib.json_body import JsonBody
from tocsin.preparedness import drills, questionnaire, services, tasks
from tocsin.preparedness.models import Audit, Drill, DrillState

router = Router(tags=["preparedness"])


class QuestionOut(Schema):
    key: str
    category: str
    risk: int
    effort: int
    source: str
    text: dict[str, str]
    fix: dict[str, str]


class PlanItemOut(Schema):
    key: str
    kind: str
    risk: int
    effort: int
    title: str
    fix: str
    status: str


class AuditOut(Schema):
    id: int
    created_at: datetime
    completed_at: datetime | None
    website: str
    mail_domain: str
    score: int | None
    answers: dict[str, str]
    checks: list[dict[str, Any]]
    checks_ran_at: datetime | None


class AuditDetailOut(AuditOut):
    plan: list[PlanItemOut]


class AuditIn(JsonBody):
    answers: dict[str, str] = {}
    website: str | None = None
    mail_domain: str | None = None
    completed: bool = False


class ChecksIn(JsonBody):
    dkim_selectors: list[str] = []


class DrillIn(JsonBody):
    scenario: str
    speed: float = 1.0
    language: str | None = None


class DrillOut(Schema):
    id: int
    number: int
    scenario: str
    crisis_type: str
    speed: float
    state: str
    sandbox: str
    started_at: datetime
    ended_at: datetime | None
    report: dict[str, Any]


def _audit_out(audit: Audit, with_plan: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": audit.pk,
        "created_at": audit.created_at,
        "completed_at": audit.completed_at,
        "website": audit.website,
        "mail_domain": audit.mail_domain,
        "score": audit.score,
        "answers": audit.answers,
        "checks": audit.checks,
        "checks_ran_at": audit.checks_ran_at,
    }
    if with_plan:
        out["plan"] = [
            p.as_dict() for p in questionnaire.plan(audit.answers, audit.checks, get_language())
        ]
    return out


def _drill_out(drill: Drill) -> dict[str, Any]:
    report = drill.report if drill.state == DrillState.ENDED else drills.score(drill)
    return {
        "id": drill.pk,
        "number": drill.number,
        "scenario": drill.scenario,
        "crisis_type": drill.crisis_type,
        "speed": drill.speed,
        "state": drill.state,
        "sandbox": drill.sandbox.slug,
        "started_at": drill.started_at,
        "ended_at": drill.ended_at,
        "report": report,
    }


@router.get("/preparedness/questionnaire", response=list[QuestionOut], auth=needs(Action.VIEW))
def questionnaire_list(request: HttpRequest) -> list[dict[str, Any]]:
    """The questions, in French and English, with risk (1-5) and effort (1-3)."""
    return [q.__dict__ for q in questionnaire.questions()]


@router.get("/preparedness/audits", response=list[AuditOut], auth=needs(Action.VIEW))
def audit_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_audit_out(a) for a in Audit.objects.for_firm(firm_of(request))[:100]]


@router.post("/preparedness/audits", response={201: AuditDetailOut}, auth=needs(Action.EDIT))
def audit_create(request: HttpRequest) -> Status:
    """A new audit, starting from the previous one's answers."""
    audit = services.start_audit(firm_of(request), by=person_of(request), request=request)
    return Status(201, _audit_out(audit, with_plan=True))


@router.get("/preparedness/audits/{audit_id}", response=AuditDetailOut, auth=needs(Action.VIEW))
def audit_get(request: HttpRequest, audit_id: int) -> dict[str, Any]:
    audit = get_object_or_404(Audit.objects.for_firm(firm_of(request)), pk=audit_id)
    return _audit_out(audit, with_plan=True)


@router.patch("/preparedness/audits/{audit_id}", response=AuditDetailOut, auth=needs(Action.EDIT))
def audit_update(request: HttpRequest, audit_id: int, body: AuditIn) -> dict[str, Any]:
    """Answers are ``yes``, ``partly``, ``no`` or ``unknown``; other keys are ignored."""
    audit = get_object_or_404(Audit.objects.for_firm(firm_of(request)), pk=audit_id)
    try:
        services.save_answers(
            audit,
            body.answers,
            by=person_of(request),
            website=body.website,
            mail_domain=body.mail_domain,
            request=request,
        )
    except services.AuditError as exc:
        raise HttpError(422, str(exc)) from None
    if body.completed and audit.completed_at is None:
        services.complete(audit, by=person_of(request), request=request)
    return _audit_out(audit, with_plan=True)


@router.post(
    "/preparedness/audits/{audit_id}/checks", response={202: AuditOut}, auth=needs(Action.EDIT)
)
def audit_run_checks(request: HttpRequest, audit_id: int, body: ChecksIn | None = None) -> Status:
    """Queue the website and mail-domain checks; read the audit again for the findings."""
    audit = get_object_or_404(Audit.objects.for_firm(firm_of(request)), pk=audit_id)
    selectors = [s.strip() for s in (body.dkim_selectors if body else []) if s.strip()][:10]
    tasks.run_checks.delay(audit.pk, audit.firm_id, selectors)
    audit.refresh_from_db()
    return Status(202, _audit_out(audit))


@router.get("/preparedness/drills", response=list[DrillOut], auth=needs(Action.VIEW))
def drill_list(request: HttpRequest) -> list[dict[str, Any]]:
    rows = Drill.objects.for_firm(firm_of(request)).select_related("sandbox")[:50]
    return [_drill_out(d) for d in rows]


@router.post("/preparedness/drills", response={201: DrillOut}, auth=needs(Action.APPROVE))
def drill_create(request: HttpRequest, body: DrillIn) -> Status:
    """Start a drill: a sandbox copy of the firm receives the scenario's mentions."""
    try:
        drill = drills.start_drill(
            firm_of(request),
            body.scenario,
            by=person_of(request),
            speed=body.speed,
            language=body.language,
            request=request,
        )
    except drills.DrillError as exc:
        raise HttpError(422, str(exc)) from None
    return Status(201, _drill_out(drill))


@router.get("/preparedness/drills/{drill_id}", response=DrillOut, auth=needs(Action.VIEW))
def drill_get(request: HttpRequest, drill_id: int) -> dict[str, Any]:
    drill = get_object_or_404(
        Drill.objects.for_firm(firm_of(request)).select_related("sandbox"), pk=drill_id
    )
    return _drill_out(drill)


@router.post("/preparedness/drills/{drill_id}/end", response=DrillOut, auth=needs(Action.APPROVE))
def drill_finish(request: HttpRequest, drill_id: int) -> dict[str, Any]:
    """End the drill and keep its report (409 when it has already ended)."""
    drill = get_object_or_404(
        Drill.objects.for_firm(firm_of(request)).select_related("sandbox"), pk=drill_id
    )
    try:
        drill = drills.end_drill(drill, by=person_of(request), request=request)
    except drills.DrillError as exc:
        raise HttpError(409, str(exc)) from None
    return _drill_out(drill)
