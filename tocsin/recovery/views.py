"""Pages of the recovery stage. Thin: parse, authorise, call a service, render.

Rights: reading (and downloading evidence and reports) is VIEW; planning and working actions,
notes, evidence, lessons and campaigns is EDIT; anything the public will read (making an
action public, a public progress note) and finalising the report is APPROVE.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tocsin.crises.models import Crisis
from tocsin.firms.access import firm_of, firm_view, person_of
from tocsin.firms.models import Membership
from tocsin.firms.roles import Action
from tocsin.recovery import charts, report, sentiment, services
from tocsin.recovery.forms import (
    ActionForm,
    ActionUpdateForm,
    CampaignForm,
    CampaignItemForm,
    EvidenceForm,
    LessonsForm,
    NoteForm,
)
from tocsin.recovery.models import Campaign, CampaignItem, CorrectiveAction, Evidence


def _crisis(request: HttpRequest, crisis_id: int) -> Crisis:
    return get_object_or_404(Crisis.objects.for_firm(firm_of(request)), pk=crisis_id)


def _action(request: HttpRequest, action_id: int) -> CorrectiveAction:
    return get_object_or_404(
        CorrectiveAction.objects.for_firm(firm_of(request)).select_related(
            "crisis", "owner__person"
        ),
        pk=action_id,
    )


def _can(request: HttpRequest, action: Action) -> bool:
    membership: Membership = request.membership  # type: ignore[attr-defined]
    return membership.can(action)


def _back(crisis: Crisis) -> HttpResponse:
    return redirect("recovery_crisis", crisis.firm.slug, crisis.pk)


def _errors(request: HttpRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))


def _lang(request: HttpRequest, crisis: Crisis) -> str:
    lang = request.GET.get("lang", "")
    return (
        lang
        if lang in ("fr", "en")
        else (crisis.language if crisis.language in ("fr", "en") else "fr")
    )


@firm_view(Action.VIEW)
@require_GET
def recovery_home(request: HttpRequest) -> HttpResponse:
    firm = firm_of(request)
    crises = list(Crisis.objects.for_firm(firm).order_by("-opened_at"))
    actions = CorrectiveAction.objects.for_firm(firm).select_related("crisis", "owner__person")
    by_crisis: dict[int, list[CorrectiveAction]] = {}
    for action in actions:
        by_crisis.setdefault(action.crisis_id, []).append(action)
    rows = [
        {
            "crisis": c,
            "actions": by_crisis.get(c.pk, []),
            "open": sum(1 for a in by_crisis.get(c.pk, []) if a.is_open),
            "overdue": sum(1 for a in by_crisis.get(c.pk, []) if a.is_overdue()),
        }
        for c in crises
    ]
    return render(request, "recovery/home.html", {"rows": rows})


@firm_view(Action.VIEW)
@require_GET
def recovery_crisis(request: HttpRequest, crisis_id: int) -> HttpResponse:
    firm = firm_of(request)
    crisis = _crisis(request, crisis_id)
    tracked = sentiment.track(crisis)
    curve = charts.share_svg(
        tracked,
        title=_("Share of negative mentions since the crisis began"),
        daily_label=_("daily share"),
        rolling_label=_("7-day share"),
        baseline_label=_("baseline (30 days before)"),
        back_label=_("back to baseline"),
    )
    editor = _can(request, Action.EDIT)
    rep = services.report_of(crisis)
    campaigns = list(
        Campaign.objects.for_firm(firm).filter(crisis=crisis).prefetch_related("items")
    )
    return render(
        request,
        "recovery/crisis.html",
        {
            "crisis": crisis,
            "actions": services.actions_of(crisis),
            "tracked": tracked,
            "baseline_pct": round(100 * tracked.baseline) if tracked.baseline is not None else None,
            "curve": curve,
            "report": rep,
            "campaigns": campaigns,
            "can_edit": editor,
            "can_approve": _can(request, Action.APPROVE),
            "action_form": ActionForm(firm=firm) if editor else None,
            "lessons_form": LessonsForm(initial={"lessons": rep.lessons, "summary": rep.summary})
            if editor and not rep.is_final
            else None,
            "campaign_form": CampaignForm() if editor else None,
            "item_form": CampaignItemForm() if editor else None,
        },
    )


@firm_view(Action.EDIT)
@require_POST
def action_create(request: HttpRequest, crisis_id: int) -> HttpResponse:
    crisis = _crisis(request, crisis_id)
    form = ActionForm(request.POST, firm=firm_of(request))
    if not form.is_valid():
        _errors(request, form)
        return _back(crisis)
    action = services.create_action(
        crisis, actor=person_of(request), request=request, **form.cleaned_data
    )
    return redirect("action_detail", crisis.firm.slug, action.pk)


@firm_view(Action.VIEW)
@require_GET
def action_detail(request: HttpRequest, action_id: int) -> HttpResponse:
    action = _action(request, action_id)
    editor = _can(request, Action.EDIT)
    form = None
    if editor:
        form = ActionUpdateForm(
            firm=firm_of(request),
            initial={
                "title": action.title,
                "title_en": action.title_en,
                "description": action.description,
                "owner": action.owner_id,
                "due_on": action.due_on,
                "state": action.state,
                "percent": action.percent,
            },
        )
    return render(
        request,
        "recovery/action.html",
        {
            "action": action,
            "crisis": action.crisis,
            "notes": action.notes.select_related("author"),
            "evidence": action.evidence.select_related("uploaded_by"),
            "form": form,
            "note_form": NoteForm() if editor else None,
            "evidence_form": EvidenceForm() if editor else None,
            "can_approve": _can(request, Action.APPROVE),
            "max_mb": services.MAX_EVIDENCE_BYTES // 1024 // 1024,
        },
    )


def _to_action(action: CorrectiveAction) -> HttpResponse:
    return redirect("action_detail", action.crisis.firm.slug, action.pk)


@firm_view(Action.EDIT)
@require_POST
def action_update(request: HttpRequest, action_id: int) -> HttpResponse:
    action = _action(request, action_id)
    form = ActionUpdateForm(request.POST, firm=firm_of(request))
    if not form.is_valid():
        _errors(request, form)
        return _to_action(action)
    try:
        services.update_action(action, form.cleaned_data, actor=person_of(request), request=request)
    except services.RecoveryError as exc:
        messages.error(request, str(exc))
    return _to_action(action)


@firm_view(Action.APPROVE)
@require_POST
def action_public(request: HttpRequest, action_id: int) -> HttpResponse:
    action = _action(request, action_id)
    services.set_public(
        action, request.POST.get("public") == "1", actor=person_of(request), request=request
    )
    return _to_action(action)


@firm_view(Action.EDIT)
@require_POST
def action_note(request: HttpRequest, action_id: int) -> HttpResponse:
    action = _action(request, action_id)
    form = NoteForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
        return _to_action(action)
    public = form.cleaned_data["public"]
    if public and not _can(request, Action.APPROVE):
        # A public note is a public statement: only someone who may approve one writes it.
        raise PermissionDenied
    services.add_note(
        action,
        text=form.cleaned_data["text"],
        text_en=form.cleaned_data["text_en"],
        public=public,
        actor=person_of(request),
        request=request,
    )
    return _to_action(action)


@firm_view(Action.EDIT)
@require_POST
def evidence_upload(request: HttpRequest, action_id: int) -> HttpResponse:
    action = _action(request, action_id)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        _errors(request, form)
        return _to_action(action)
    try:
        services.add_evidence(
            action, form.cleaned_data["file"], actor=person_of(request), request=request
        )
    except services.RecoveryError as exc:
        messages.error(request, str(exc))
    return _to_action(action)


@firm_view(Action.VIEW)
@require_GET
def evidence_file(request: HttpRequest, evidence_id: int) -> HttpResponse:
    """Serve a proof to a member of its firm only, always as a download: an uploaded file is
    never rendered by the browser in Tocsin's origin."""
    evidence = get_object_or_404(Evidence.objects.for_firm(firm_of(request)), pk=evidence_id)
    # Read whole (evidence is at most MAX_EVIDENCE_BYTES): the file is closed at once.
    try:
        with evidence.file.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError:
        # The record is the firm's but its file is gone (a restored database without its
        # media folder): say so rather than pretend the evidence never existed.
        return HttpResponse(_("This file is no longer stored."), status=410)
    response = HttpResponse(content, content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(True, evidence.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@firm_view(Action.VIEW)
@require_GET
def report_page(request: HttpRequest, crisis_id: int) -> HttpResponse:
    """The report as a standalone printable document (``?lang=en``, ``?executive=1``)."""
    crisis = _crisis(request, crisis_id)
    executive = request.GET.get("executive") == "1"
    return HttpResponse(report.render_html(crisis, _lang(request, crisis), executive=executive))


@firm_view(Action.VIEW)
@require_GET
def report_pdf(request: HttpRequest, crisis_id: int) -> HttpResponse:
    crisis = _crisis(request, crisis_id)
    lang = _lang(request, crisis)
    executive = request.GET.get("executive") == "1"
    data = report.render_pdf(crisis, lang, executive=executive)
    name = f"{'synthese' if executive else 'rapport'}-crise-{crisis.pk}-{lang}.pdf"
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@firm_view(Action.EDIT)
@require_POST
def report_lessons(request: HttpRequest, crisis_id: int) -> HttpResponse:
    crisis = _crisis(request, crisis_id)
    form = LessonsForm(request.POST)
    if form.is_valid():
        try:
            services.save_lessons(
                crisis, actor=person_of(request), request=request, **form.cleaned_data
            )
            messages.success(request, _("Lessons saved."))
        except services.RecoveryError as exc:
            messages.error(request, str(exc))
    else:
        _errors(request, form)
    return _back(crisis)


@firm_view(Action.APPROVE)
@require_POST
def report_finalise(request: HttpRequest, crisis_id: int) -> HttpResponse:
    crisis = _crisis(request, crisis_id)
    services.finalise_report(crisis, actor=person_of(request), request=request)
    return _back(crisis)


@firm_view(Action.EDIT)
@require_POST
def campaign_create(request: HttpRequest, crisis_id: int) -> HttpResponse:
    crisis = _crisis(request, crisis_id)
    form = CampaignForm(request.POST)
    if form.is_valid():
        services.create_campaign(
            crisis, actor=person_of(request), request=request, **form.cleaned_data
        )
    else:
        _errors(request, form)
    return _back(crisis)


@firm_view(Action.EDIT)
@require_POST
def campaign_item_draft(request: HttpRequest, item_id: int) -> HttpResponse:
    """Turn a planned item into a draft statement: from there it follows the same approval
    and the same publishing channels as any public statement."""
    from tocsin.responses.drafting import StatementError, create_statement

    item = get_object_or_404(
        CampaignItem.objects.for_firm(firm_of(request)).select_related("campaign__crisis"),
        pk=item_id,
    )
    if item.statement_id is None:
        try:
            statement = create_statement(
                firm_of(request),
                author=person_of(request),
                kind="update",
                title=item.title,
                text=item.draft or item.title,
                language=item.language if item.language in ("fr", "en") else "fr",
                crisis=item.campaign.crisis,
                channels=[item.channel],
                request=request,
            )
        except StatementError as exc:
            messages.error(request, str(exc))
            return _back(item.campaign.crisis)
        CampaignItem.objects.for_firm(firm_of(request)).filter(pk=item.pk).update(
            statement=statement
        )
        item.statement_id = statement.pk
    return redirect("statement", firm_of(request).slug, item.statement_id)


@firm_view(Action.EDIT)
@require_POST
def campaign_item_create(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_object_or_404(
        Campaign.objects.for_firm(firm_of(request)).select_related("crisis"), pk=campaign_id
    )
    form = CampaignItemForm(request.POST)
    if form.is_valid():
        services.add_campaign_item(campaign, **form.cleaned_data)
    else:
        _errors(request, form)
    return _back(campaign.crisis)
