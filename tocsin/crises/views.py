"""Pages of the crisis room: the list, the room itself, the CNIL draft, the breach register,
the timeline exports and the playbooks. Thin: parse, authorise, call a service, render.

Rights: reading is VIEW; working tasks, checklists, drafts and recording a met clock is EDIT;
opening, assessing, closing, staffing, deciding, stopping a clock and sending to the CNIL is
APPROVE; editing, importing and reviewing playbooks is MANAGE (a protocol is the firm's
policy, like its settings).
"""

from __future__ import annotations

import json
from typing import Any

from django.apps import apps
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tocsin.crises import breaches, pins, services
from tocsin.crises import playbook as playbooks
from tocsin.crises.forms import (
    BreachRecordForm,
    DecisionForm,
    NotificationForm,
    OpenCrisisForm,
    PlaybookImportForm,
    PlaybookSourceForm,
    StateForm,
)
from tocsin.crises.models import (
    TRANSITIONS,
    BreachNotification,
    BreachRecord,
    Clock,
    Crisis,
    CrisisRoleKind,
    CrisisState,
    Playbook,
    Task,
)
from tocsin.firms.access import firm_of, firm_view, person_of
from tocsin.firms.models import Membership
from tocsin.firms.roles import Action


def _crisis(request: HttpRequest, crisis_id: int) -> Crisis:
    firm = firm_of(request)
    crisis: Crisis = get_object_or_404(
        Crisis.objects.for_firm(firm).select_related("playbook", "opened_by"), pk=crisis_id
    )
    # The firm the gate already loaded (for_firm() guarantees it is this crisis's firm):
    # the room reads crisis.firm a dozen times and would query it once more.
    crisis.firm = firm
    return crisis


def _room(crisis: Crisis) -> HttpResponse:
    return redirect("crisis_room", crisis.firm.slug, crisis.pk)


def _can(request: HttpRequest, action: Action) -> bool:
    membership: Membership = request.membership  # type: ignore[attr-defined]
    return membership.can(action)


def _fail(request: HttpRequest, error: Exception) -> None:
    messages.error(request, str(error))


@firm_view(Action.VIEW)
@require_GET
def crisis_list(request: HttpRequest) -> HttpResponse:
    firm = firm_of(request)
    crises = list(Crisis.objects.for_firm(firm).order_by("-opened_at"))
    open_crises = [c for c in crises if c.is_open]
    closed = [c for c in crises if not c.is_open]
    form = OpenCrisisForm(initial={"awareness_at": timezone.localtime().replace(second=0)})
    return render(
        request,
        "crises/list.html",
        {
            "open_crises": open_crises,
            "closed_crises": closed,
            "form": form if _can(request, Action.APPROVE) else None,
            "to_review": playbooks.due_for_review(firm),
        },
    )


@firm_view(Action.APPROVE)
@require_POST
def crisis_open(request: HttpRequest) -> HttpResponse:
    firm = firm_of(request)
    form = OpenCrisisForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "crises/list.html",
            {"open_crises": [], "closed_crises": [], "form": form, "to_review": []},
            status=400,
        )
    crisis = services.open_crisis(
        firm, opened_by=person_of(request), request=request, **form.cleaned_data
    )
    return _room(crisis)


def _panels() -> dict[str, list[str]]:
    """Templates other apps plug into the room: an AppConfig with ``crisis_room_panels =
    [("mentions", "mentions/_crisis_stream.html"), ("drafts", "responses/_pending.html")]``
    has them included in those slots with ``crisis``, ``firm`` and ``membership``."""
    slots: dict[str, list[str]] = {"mentions": [], "drafts": [], "other": []}
    for config in apps.get_app_configs():
        for slot, template in getattr(config, "crisis_room_panels", []):
            slots.setdefault(slot, []).append(template)
    return slots


def _room_context(request: HttpRequest, crisis: Crisis) -> dict[str, Any]:
    now = timezone.now()
    tasks = list(crisis.tasks.select_related("owner__person", "done_by"))
    clocks = list(crisis.clocks.select_related("met_by"))
    done = sum(1 for t in tasks if t.is_done)
    return {
        "crisis": crisis,
        "now": now,
        "tasks": tasks,
        "tasks_done": done,
        "progress": int(100 * done / len(tasks)) if tasks else 0,
        "clocks": clocks,
        "can_edit": _can(request, Action.EDIT),
        "can_approve": _can(request, Action.APPROVE),
    }


@firm_view(Action.VIEW)
@require_GET
def crisis_room(request: HttpRequest, crisis_id: int) -> HttpResponse:
    crisis = _crisis(request, crisis_id)
    context = _room_context(request, crisis)
    criteria = (crisis.playbook.document if crisis.playbook else {}).get("activation_criteria", [])
    context.update(
        {
            "roles": list(crisis.roles.select_related("member__person", "deputy__person")),
            "team": services.team_of(crisis.firm),
            "decisions": list(crisis.decisions.select_related("decided_by")),
            "timeline": list(services.timeline(crisis)),
            "criteria": criteria,
            "next_states": sorted(TRANSITIONS[crisis.state]),
            "states": dict(CrisisState.choices),
            "panels": _panels(),
            "pinned": list(pins.pinned_mentions(crisis)[:50]),
            "decision_form": DecisionForm(),
            "has_notification": BreachNotification.objects.for_firm(crisis.firm)
            .filter(crisis=crisis)
            .exists(),
            "summary": (crisis.playbook.document if crisis.playbook else {}).get("summary", ""),
        }
    )
    return render(request, "crises/room.html", context)


@firm_view(Action.EDIT)
@require_POST
def crisis_pin(request: HttpRequest, crisis_id: int) -> HttpResponse:
    """Pin a mention to the crisis (the inbox posts here too), or unpin it with ``unpin``."""
    crisis = _crisis(request, crisis_id)
    try:
        mention_id = int(request.POST.get("mention", ""))
    except ValueError:
        return HttpResponseBadRequest(_("Which mention?"))
    if request.POST.get("unpin"):
        pins.unpin_mention(crisis, mention_id, actor=person_of(request), request=request)
    else:
        try:
            pins.pin_mention(crisis, mention_id, actor=person_of(request), request=request)
        except services.CrisisError as exc:
            _fail(request, exc)
    return _room(crisis)


@firm_view(Action.VIEW)
@require_GET
def crisis_live(request: HttpRequest, crisis_id: int) -> HttpResponse:
    """The clocks and tasks alone, polled by the room every 30 seconds (htmx)."""
    crisis = _crisis(request, crisis_id)
    return render(request, "crises/_live.html", _room_context(request, crisis))


@firm_view(Action.APPROVE)
@require_POST
def crisis_assess(request: HttpRequest, crisis_id: int) -> HttpResponse:
    crisis = _crisis(request, crisis_id)
    answers = {
        key[len("criterion_") :]: True for key in request.POST if key.startswith("criterion_")
    }
    try:
        services.assess(
            crisis,
            answers=answers,
            activate=request.POST.get("decision") == "activate",
            reason=request.POST.get("reason", ""),
            actor=person_of(request),
            request=request,
        )
    except services.CrisisError as exc:
        _fail(request, exc)
    return _room(crisis)


@firm_view(Action.APPROVE)
@require_POST
def crisis_state(request: HttpRequest, crisis_id: int) -> HttpResponse:
    crisis = _crisis(request, crisis_id)
    form = StateForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose a state."))
    try:
        services.change_state(
            crisis,
            form.cleaned_data["state"],
            actor=person_of(request),
            reason=form.cleaned_data["reason"],
            request=request,
        )
    except services.CrisisError as exc:
        _fail(request, exc)
    return _room(crisis)


@firm_view(Action.APPROVE)
@require_POST
def crisis_role(request: HttpRequest, crisis_id: int) -> HttpResponse:
    crisis = _crisis(request, crisis_id)
    kind = request.POST.get("kind", "")
    if kind not in CrisisRoleKind.values:
        return HttpResponseBadRequest(_("Unknown crisis role."))
    team = {str(m.pk): m for m in services.team_of(crisis.firm)}
    member = team.get(request.POST.get("member", ""))
    deputy = team.get(request.POST.get("deputy", ""))
    services.assign_role(
        crisis,
        kind,
        member=member,
        deputy=deputy,
        external_contact=request.POST.get("external_contact", "")[:300],
        actor=person_of(request),
        request=request,
    )
    return _room(crisis)


@firm_view(Action.APPROVE)
@require_POST
def crisis_decision(request: HttpRequest, crisis_id: int) -> HttpResponse:
    crisis = _crisis(request, crisis_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        services.record_decision(
            crisis, actor=person_of(request), request=request, **form.cleaned_data
        )
    else:
        messages.error(request, _("A decision needs its text and its reason."))
    return _room(crisis)


def _task(request: HttpRequest, task_id: int) -> Task:
    return get_object_or_404(
        Task.objects.for_firm(firm_of(request)).select_related("crisis", "owner__person"),
        pk=task_id,
    )


def _task_row(request: HttpRequest, task: Task) -> HttpResponse:
    if getattr(request, "htmx", False):
        context = _room_context(request, task.crisis)
        context["task"] = task
        return render(request, "crises/_task.html", context)
    return _room(task.crisis)


@firm_view(Action.EDIT)
@require_POST
def task_done(request: HttpRequest, task_id: int) -> HttpResponse:
    task = _task(request, task_id)
    services.set_task_done(
        task, done=request.POST.get("done") != "0", actor=person_of(request), request=request
    )
    return _task_row(request, task)


@firm_view(Action.EDIT)
@require_POST
def task_check(request: HttpRequest, task_id: int) -> HttpResponse:
    task = _task(request, task_id)
    try:
        index = int(request.POST.get("item", ""))
        services.check_item(
            task,
            index,
            done=request.POST.get("done") != "0",
            actor=person_of(request),
            request=request,
        )
    except (ValueError, services.CrisisError):
        return HttpResponseBadRequest(_("No such checklist item."))
    return _task_row(request, task)


def _clock(request: HttpRequest, clock_id: int) -> Clock:
    return get_object_or_404(
        Clock.objects.for_firm(firm_of(request)).select_related("crisis"), pk=clock_id
    )


@firm_view(Action.EDIT)
@require_POST
def clock_met(request: HttpRequest, clock_id: int) -> HttpResponse:
    clock = _clock(request, clock_id)
    services.meet_clock(
        clock,
        actor=person_of(request),
        reference=request.POST.get("reference", "")[:200],
        request=request,
    )
    return _room(clock.crisis)


@firm_view(Action.APPROVE)
@require_POST
def clock_waive(request: HttpRequest, clock_id: int) -> HttpResponse:
    clock = _clock(request, clock_id)
    try:
        services.waive_clock(
            clock, actor=person_of(request), reason=request.POST.get("reason", ""), request=request
        )
    except services.CrisisError as exc:
        _fail(request, exc)
    return _room(clock.crisis)


def _notification(request: HttpRequest, crisis_id: int) -> BreachNotification:
    crisis = _crisis(request, crisis_id)
    return get_object_or_404(
        BreachNotification.objects.for_firm(crisis.firm).select_related("crisis"), crisis=crisis
    )


@firm_view(Action.VIEW)
@require_GET
def crisis_notification(request: HttpRequest, crisis_id: int) -> HttpResponse:
    notification = _notification(request, crisis_id)
    return render(
        request,
        "crises/notification.html",
        {
            "crisis": notification.crisis,
            "notification": notification,
            "form": NotificationForm(instance=notification),
            "missing": notification.missing_items(),
            "clock": notification.crisis.clocks.filter(kind="cnil_notification").first(),
            "can_edit": _can(request, Action.EDIT),
            "can_approve": _can(request, Action.APPROVE),
        },
    )


@firm_view(Action.EDIT)
@require_POST
def crisis_notification_save(request: HttpRequest, crisis_id: int) -> HttpResponse:
    notification = _notification(request, crisis_id)
    # A fresh copy for the form, so that the service sees what changed against the stored one.
    copy = BreachNotification.objects.for_firm(notification.firm_id).get(pk=notification.pk)
    form = NotificationForm(request.POST, instance=copy)
    if not form.is_valid():
        messages.error(request, _("The draft was not saved: check the numbers."))
    else:
        breaches.save_notification(
            notification,
            {f: form.cleaned_data[f] for f in form.changed_data},
            actor=person_of(request),
            request=request,
        )
        messages.success(request, _("Draft saved."))
    return redirect("crisis_notification", notification.crisis.firm.slug, crisis_id)


@firm_view(Action.APPROVE)
@require_POST
def crisis_notification_send(request: HttpRequest, crisis_id: int) -> HttpResponse:
    notification = _notification(request, crisis_id)
    try:
        breaches.send_notification(
            notification,
            stage=request.POST.get("stage", ""),
            reference=request.POST.get("reference", "")[:100],
            actor=person_of(request),
            request=request,
        )
        messages.success(request, _("Recorded as sent to the CNIL."))
    except services.CrisisError as exc:
        _fail(request, exc)
    return redirect("crisis_notification", notification.crisis.firm.slug, crisis_id)


@firm_view(Action.VIEW)
@require_GET
def breach_register(request: HttpRequest) -> HttpResponse:
    records = BreachRecord.objects.for_firm(firm_of(request)).select_related("crisis")
    rows = [(r, BreachRecordForm(instance=r, prefix=f"r{r.pk}")) for r in records]
    return render(
        request, "crises/register.html", {"rows": rows, "can_edit": _can(request, Action.EDIT)}
    )


@firm_view(Action.EDIT)
@require_POST
def breach_record_save(request: HttpRequest, record_id: int) -> HttpResponse:
    record = get_object_or_404(
        BreachRecord.objects.for_firm(firm_of(request)).select_related("crisis"), pk=record_id
    )
    copy = BreachRecord.objects.for_firm(record.firm_id).get(pk=record.pk)
    form = BreachRecordForm(request.POST, instance=copy, prefix=f"r{record.pk}")
    if form.is_valid():
        breaches.save_breach_record(
            record,
            {f: form.cleaned_data[f] for f in form.changed_data},
            actor=person_of(request),
            request=request,
        )
        messages.success(request, _("Register entry saved."))
    return redirect("breach_register", firm_of(request).slug)


@firm_view(Action.VIEW)
@require_GET
def crisis_timeline_json(request: HttpRequest, crisis_id: int) -> HttpResponse:
    crisis = _crisis(request, crisis_id)
    body = json.dumps(services.timeline_document(crisis), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    name = f"tocsin-crisis-{crisis.pk}-{slugify(crisis.title)[:40]}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@firm_view(Action.VIEW)
@require_GET
def crisis_timeline_print(request: HttpRequest, crisis_id: int) -> HttpResponse:
    """A print-friendly page of the timeline; ``timeline.pdf`` is the same page as a PDF."""
    crisis = _crisis(request, crisis_id)
    return render(request, "crises/timeline_print.html", _timeline_context(crisis))


def _timeline_context(crisis: Crisis) -> dict[str, Any]:
    return {
        "crisis": crisis,
        "document": services.timeline_document(crisis),
        "events": list(services.timeline(crisis)),
        "clocks": list(crisis.clocks.all()),
        "decisions": list(crisis.decisions.select_related("decided_by")),
    }


@firm_view(Action.VIEW)
def crisis_timeline_pdf(request: HttpRequest, crisis_id: int) -> HttpResponse:
    """The timeline as a PDF for the insurer, the CNIL or a court (rendered by WeasyPrint
    from the printable page, with no network access: every resource is inline)."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    crisis = _crisis(request, crisis_id)
    html = render_to_string(
        "crises/timeline_print.html", _timeline_context(crisis), request=request
    )
    pdf = HTML(string=html, url_fetcher=_no_fetch).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="crisis-{crisis.pk}-timeline.pdf"'
    return response


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    # A PDF of the timeline never reaches out: no SSRF through a link in the text.
    raise ValueError(f"not fetched: {url[:80]}")


def _playbook(request: HttpRequest, playbook_id: int) -> Playbook:
    return get_object_or_404(Playbook.objects.for_firm(firm_of(request)), pk=playbook_id)


@firm_view(Action.VIEW)
@require_GET
def playbook_list(request: HttpRequest) -> HttpResponse:
    firm = firm_of(request)
    current = playbooks.current_set(firm)
    return render(
        request,
        "crises/playbooks.html",
        {
            "playbooks": current,
            "now": timezone.now(),
            "import_form": PlaybookImportForm() if _can(request, Action.MANAGE) else None,
        },
    )


@firm_view(Action.VIEW)
@require_GET
def playbook_detail(request: HttpRequest, playbook_id: int) -> HttpResponse:
    playbook = _playbook(request, playbook_id)
    history = playbooks.versions(playbook.firm, playbook.crisis_type, playbook.language).order_by(
        "-version"
    )
    return render(
        request,
        "crises/playbook_detail.html",
        {
            "playbook": playbook,
            "document": playbook.document,
            "history": history,
            "can_manage": _can(request, Action.MANAGE),
        },
    )


@firm_view(Action.VIEW)
@require_GET
def playbook_yaml(request: HttpRequest, playbook_id: int) -> HttpResponse:
    playbook = _playbook(request, playbook_id)
    source = playbook.source or playbooks.dump(playbook.document)
    response = HttpResponse(source, content_type="application/yaml; charset=utf-8")
    name = f"{playbook.crisis_type}-{playbook.language}-v{playbook.version}.yaml"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@firm_view(Action.MANAGE)
@require_GET
def playbook_edit(request: HttpRequest, playbook_id: int) -> HttpResponse:
    playbook = _playbook(request, playbook_id)
    form = PlaybookSourceForm(
        initial={"source": playbook.source or playbooks.dump(playbook.document)}
    )
    return render(request, "crises/playbook_edit.html", {"playbook": playbook, "form": form})


@firm_view(Action.MANAGE)
@require_POST
def playbook_save(request: HttpRequest, playbook_id: int) -> HttpResponse:
    playbook = _playbook(request, playbook_id)
    form = PlaybookSourceForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "crises/playbook_edit.html",
            {"playbook": playbook, "form": form},
            status=400,
        )
    source = form.cleaned_data["source"]
    document = playbooks.parse(source)
    if (document["crisis_type"], document["language"]) != (playbook.crisis_type, playbook.language):
        form.add_error("source", _("Keep the crisis type and language of this playbook."))
        return render(
            request, "crises/playbook_edit.html", {"playbook": playbook, "form": form}, status=400
        )
    new = playbooks.save_version(
        firm_of(request), source, actor=person_of(request), note="edited", request=request
    )
    messages.success(request, _("Saved as version %(v)s.") % {"v": new.version})
    return redirect("playbook_detail", firm_of(request).slug, new.pk)


@firm_view(Action.MANAGE)
@require_POST
def playbook_import(request: HttpRequest) -> HttpResponse:
    form = PlaybookImportForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("playbooks", firm_of(request).slug)
    new = playbooks.save_version(
        firm_of(request),
        form.cleaned_data["file"],
        actor=person_of(request),
        note="imported",
        request=request,
    )
    messages.success(request, _("Imported as version %(v)s.") % {"v": new.version})
    return redirect("playbook_detail", firm_of(request).slug, new.pk)


@firm_view(Action.MANAGE)
@require_POST
def playbook_reviewed(request: HttpRequest, playbook_id: int) -> HttpResponse:
    playbook = _playbook(request, playbook_id)
    playbooks.mark_reviewed(playbook, actor=person_of(request), request=request)
    messages.success(request, _("Marked as reviewed."))
    return redirect("playbook_detail", firm_of(request).slug, playbook.pk)
