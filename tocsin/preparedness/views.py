"""Pages of preparation: the audit (questionnaire, checks, plan, progress) and the drills.

Rights: reading is VIEW. Answering the audit and running its checks is EDIT: in a small firm
the DPO or IT lead who owns the audit is rarely an administrator, an answer changes no
right and publishes nothing, and every answer is in the audit trail. Starting and ending a
drill is APPROVE: it copies the whole team into a sandbox and interrupts their day.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tocsin.firms.access import firm_of, firm_view, person_of
from tocsin.firms.roles import Action
from tocsin.preparedness import drills, questionnaire, services, tasks
from tocsin.preparedness.charts import score_svg
from tocsin.preparedness.models import Audit, Drill, DrillState
from tocsin.preparedness.questionnaire import pick


def _answer_choices() -> list[tuple[str, str]]:
    return [
        ("yes", _("Yes")),
        ("partly", _("Partly")),
        ("no", _("No")),
        ("unknown", _("I do not know")),
    ]


def _audit(request: HttpRequest, audit_id: int) -> Audit:
    return get_object_or_404(Audit.objects.for_firm(firm_of(request)), pk=audit_id)


def _drill(request: HttpRequest, drill_id: int) -> Drill:
    return get_object_or_404(
        Drill.objects.for_firm(firm_of(request)).select_related("sandbox"), pk=drill_id
    )


@require_GET
@firm_view(Action.VIEW)
def prepare(request: HttpRequest) -> HttpResponse:
    firm = firm_of(request)
    points = services.history(firm)
    lang = get_language()
    return render(
        request,
        "preparedness/home.html",
        {
            "firm": firm,
            "audits": Audit.objects.for_firm(firm)[:24],
            # Every text in the SVG is escaped where it is built (charts.py).
            "chart": mark_safe(score_svg(points, title=_("Audit score over time")))  # noqa: S308
            if points
            else "",
            "drills": [
                (
                    d,
                    drills.scenarios()[d.scenario].title_in(lang)
                    if d.scenario in drills.scenarios()
                    else d.scenario,
                )
                for d in Drill.objects.for_firm(firm).select_related("sandbox")[:24]
            ],
            "scenarios": [
                (s.key, s.title_in(lang), s.summary_in(lang)) for s in drills.scenarios().values()
            ],
            "speeds": drills.SPEEDS,
            "can_edit": request.membership.can(Action.EDIT),  # type: ignore[attr-defined]
            "can_approve": request.membership.can(Action.APPROVE),  # type: ignore[attr-defined]
        },
    )


@require_POST
@firm_view(Action.EDIT)
def audit_start(request: HttpRequest) -> HttpResponse:
    audit = services.start_audit(firm_of(request), by=person_of(request), request=request)
    return redirect("audit_detail", firm_of(request).slug, audit.pk)


@require_GET
@firm_view(Action.VIEW)
def audit_detail(request: HttpRequest, audit_id: int) -> HttpResponse:
    audit = _audit(request, audit_id)
    lang = get_language()
    rows = [
        {
            "key": q.key,
            "category": q.category,
            "risk": q.risk,
            "effort": q.effort,
            "text": q.text_in(lang),
            "source": q.source,
            "answer": audit.answers.get(q.key, ""),
        }
        for q in questionnaire.questions()
    ]
    checks = [
        {
            **c,
            "title_text": pick(c.get("title", {}), lang),
            "explanation_text": pick(c.get("explanation", {}), lang),
            "fix_text": pick(c.get("fix", {}), lang),
        }
        for c in audit.checks
    ]
    return render(
        request,
        "preparedness/audit.html",
        {
            "firm": firm_of(request),
            "audit": audit,
            "questions": rows,
            "choices": _answer_choices(),
            "checks": checks,
            "plan": questionnaire.plan(audit.answers, audit.checks, lang),
            "can_edit": request.membership.can(Action.EDIT),  # type: ignore[attr-defined]
        },
    )


@require_POST
@firm_view(Action.EDIT)
def audit_save(request: HttpRequest, audit_id: int) -> HttpResponse:
    audit = _audit(request, audit_id)
    answers = {q.key: request.POST.get(q.key, "") for q in questionnaire.questions()}
    try:
        services.save_answers(
            audit,
            {k: v for k, v in answers.items() if v},
            by=person_of(request),
            website=request.POST.get("website"),
            mail_domain=request.POST.get("mail_domain"),
            request=request,
        )
    except services.AuditError:
        messages.error(
            request,
            _(
                "The website must be an https:// address and the mail domain a domain name (example: cabinet.fr)."
            ),
        )
        return redirect("audit_detail", firm_of(request).slug, audit.pk)
    if request.POST.get("complete"):
        services.complete(audit, by=person_of(request), request=request)
    messages.success(request, _("Answers saved."))
    return redirect("audit_detail", firm_of(request).slug, audit.pk)


@require_POST
@firm_view(Action.EDIT)
def audit_checks(request: HttpRequest, audit_id: int) -> HttpResponse:
    audit = _audit(request, audit_id)
    selectors = [s.strip() for s in request.POST.get("dkim_selectors", "").split(",") if s.strip()]
    tasks.run_checks.delay(audit.pk, audit.firm_id, selectors[:10])
    messages.info(request, _("The checks are running; reload the page in a minute."))
    return redirect("audit_detail", firm_of(request).slug, audit.pk)


@require_POST
@firm_view(Action.APPROVE)
def drill_start(request: HttpRequest) -> HttpResponse:
    firm = firm_of(request)
    try:
        speed = float(request.POST.get("speed", "1") or 1)
        drill = drills.start_drill(
            firm,
            request.POST.get("scenario", ""),
            by=person_of(request),
            speed=speed,
            language=request.POST.get("language") or get_language(),
            request=request,
        )
    except (ValueError, drills.DrillError):
        messages.error(request, _("Choose a scenario and a speed."))
        return redirect("prepare", firm.slug)
    messages.success(
        request,
        _("The drill has started in the sandbox %(slug)s. Nothing there is ever published.")
        % {"slug": drill.sandbox.slug},
    )
    return redirect("drill_detail", firm.slug, drill.pk)


def _report_context(request: HttpRequest, drill: Drill) -> dict[str, Any]:
    report = drill.report if drill.state == DrillState.ENDED else drills.score(drill)
    labels = {
        "acknowledge": _("First mention triaged"),
        "open_crisis": _("Crisis opened"),
        "holding_statement": _("Holding statement drafted"),
        "approval": _("Holding statement approved"),
    }
    lang = get_language()
    return {
        "firm": firm_of(request),
        "drill": drill,
        "report": report,
        "title": pick(report.get("title", {}), lang),
        "times": [{**t, "label": labels.get(t["key"], t["key"])} for t in report["times"]],
        "injects": drill.injects.all(),
        "can_approve": request.membership.can(Action.APPROVE),  # type: ignore[attr-defined]
    }


@require_GET
@firm_view(Action.VIEW)
def drill_detail(request: HttpRequest, drill_id: int) -> HttpResponse:
    drill = _drill(request, drill_id)
    drills.deliver_due(drill)  # the page is also a tick: a drill runs without beat
    return render(request, "preparedness/drill.html", _report_context(request, drill))


@require_POST
@firm_view(Action.APPROVE)
def drill_end(request: HttpRequest, drill_id: int) -> HttpResponse:
    drill = _drill(request, drill_id)
    try:
        drills.end_drill(drill, by=person_of(request), request=request)
    except drills.DrillError:
        messages.error(request, _("This drill has already ended."))
    return redirect("drill_detail", firm_of(request).slug, drill.pk)


@require_GET
@firm_view(Action.VIEW)
def drill_report_json(request: HttpRequest, drill_id: int) -> HttpResponse:
    drill = _drill(request, drill_id)
    report = drill.report if drill.state == DrillState.ENDED else drills.score(drill)
    response = JsonResponse(report, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="drill-{drill.number}.json"'
    return response
