"""The firm's pages for its public side, under ``f/<firm>/public/``: which crises are
public, their updates, subscribers and FAQ, and how long chatbot conversations are kept.

Rights: reading is VIEW; showing a page, posting an update and saving the FAQ is APPROVE
(each is a public statement, which only partners approve); the retention rule is MANAGE
(a firm setting). Thin: parse, authorise, call a service, render.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tocsin.crises.models import Crisis
from tocsin.firms import audit
from tocsin.firms.access import firm_of, firm_view, person_of
from tocsin.firms.models import Membership
from tocsin.firms.roles import Action
from tocsin.public import services
from tocsin.public.faq import FaqError, faq_from_yaml
from tocsin.public.forms import (
    EntryFormSet,
    FaqImportForm,
    FaqTitleForm,
    PageForm,
    SettingsForm,
    UpdateForm,
)
from tocsin.public.models import Conversation


def _crisis(request: HttpRequest, crisis_id: int) -> Crisis:
    return get_object_or_404(Crisis.objects.for_firm(firm_of(request)), pk=crisis_id)


def _can(request: HttpRequest, action: Action) -> bool:
    membership: Membership = request.membership  # type: ignore[attr-defined]
    return membership.can(action)


def _back(crisis: Crisis) -> HttpResponse:
    return redirect("public_crisis_admin", crisis.firm.slug, crisis.pk)


@firm_view(Action.VIEW)
@require_GET
def public_home(request: HttpRequest) -> HttpResponse:
    """Every crisis with its public page's state, the embed codes and the retention rule."""
    firm = firm_of(request)
    crises = list(
        Crisis.objects.for_firm(firm).select_related("public_page").order_by("-opened_at")
    )
    settings_row = services.settings_of(firm)
    return render(
        request,
        "public/admin/home.html",
        {
            "crises": crises,
            "settings_form": SettingsForm(instance=settings_row)
            if _can(request, Action.MANAGE)
            else None,
            "settings_row": settings_row,
            "banner_url": services.site_url(reverse("public_banner", args=[firm.slug])),
            "index_url": services.site_url(reverse("public_index", args=[firm.slug])),
        },
    )


@firm_view(Action.MANAGE)
@require_POST
def public_settings_save(request: HttpRequest) -> HttpResponse:
    firm = firm_of(request)
    row = services.settings_of(firm)
    form = SettingsForm(request.POST, instance=row)
    if form.is_valid():
        form.save()
        audit.record(
            "public.settings",
            firm=firm,
            target=row,
            summary=f"conversation_days={row.conversation_days}",
            request=request,
        )
        messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Enter a number of days."))
    return redirect("public_home", firm.slug)


def _admin_context(request: HttpRequest, crisis: Crisis, **forms: Any) -> dict[str, Any]:
    page = services.page_of(crisis)
    faq = services.current_faq(crisis)
    conversations = Conversation.objects.for_firm(crisis.firm_id).filter(crisis=crisis)
    talk = conversations.aggregate(
        total=Count("pk"), handed_over=Count("pk", filter=Q(handed_over_at__isnull=False))
    )
    slug = crisis.firm.slug
    can_approve = _can(request, Action.APPROVE)
    return {
        "crisis": crisis,
        "page": page,
        "updates": list(services.updates_of(crisis)),
        "counts": services.subscriber_counts(crisis),
        "faq": faq,
        "faq_entries": services.faq_entries(faq),
        "conversations": talk,
        "can_approve": can_approve,
        "page_form": forms.get("page_form")
        or PageForm(
            initial={
                "is_public": page.is_public,
                "title_fr": page.title_fr,
                "title_en": page.title_en,
                "contact": page.contact,
            }
        ),
        "update_form": forms.get("update_form") or UpdateForm(initial={"state": page.state}),
        "import_form": FaqImportForm(),
        "public_url": services.page_url(crisis),
        "widget_url": services.site_url(reverse("public_widget", args=[slug, crisis.pk])),
    }


@firm_view(Action.VIEW)
@require_GET
def public_crisis_admin(request: HttpRequest, crisis_id: int) -> HttpResponse:
    crisis = _crisis(request, crisis_id)
    return render(request, "public/admin/crisis.html", _admin_context(request, crisis))


@firm_view(Action.APPROVE)
@require_POST
def public_page_save(request: HttpRequest, crisis_id: int) -> HttpResponse:
    crisis = _crisis(request, crisis_id)
    form = PageForm(request.POST)
    if not form.is_valid():
        context = _admin_context(request, crisis, page_form=form)
        return render(request, "public/admin/crisis.html", context, status=400)
    services.set_page(crisis, actor=person_of(request), request=request, **form.cleaned_data)
    messages.success(request, _("Public page saved."))
    return _back(crisis)


@firm_view(Action.APPROVE)
@require_POST
def public_update_post(request: HttpRequest, crisis_id: int) -> HttpResponse:
    """A partner publishes an update from the public page (the publishing stage of the
    responses app calls ``services.publish_update`` itself after approval)."""
    crisis = _crisis(request, crisis_id)
    form = UpdateForm(request.POST)
    if not form.is_valid():
        context = _admin_context(request, crisis, update_form=form)
        return render(request, "public/admin/crisis.html", context, status=400)
    try:
        services.publish_update(
            crisis, actor=person_of(request), request=request, **form.cleaned_data
        )
    except services.PublicError as exc:
        messages.error(request, str(exc))
        return _back(crisis)
    messages.success(request, _("Update published."))
    return _back(crisis)


def _faq_edit(
    request: HttpRequest,
    crisis: Crisis,
    formset: Any = None,
    title_form: FaqTitleForm | None = None,
    problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    if formset is None:
        faq = services.current_faq(crisis)
        entries = services.faq_entries(faq)
        formset = EntryFormSet(
            initial=[
                {
                    "id": e["id"],
                    "questions": "\n".join(e["questions"]),
                    "answer_fr": e["answers"]["fr"],
                    "answer_en": e["answers"]["en"],
                }
                for e in entries
            ]
        )
        title = faq_from_yaml(faq.source).crisis if faq else crisis.title
        title_form = FaqTitleForm(initial={"crisis": title})
    return render(
        request,
        "public/admin/faq_edit.html",
        {"crisis": crisis, "formset": formset, "title_form": title_form, "problems": problems},
        status=status,
    )


@firm_view(Action.APPROVE)
@require_GET
def public_faq_edit(request: HttpRequest, crisis_id: int) -> HttpResponse:
    return _faq_edit(request, _crisis(request, crisis_id))


@firm_view(Action.APPROVE)
@require_POST
def public_faq_save(request: HttpRequest, crisis_id: int) -> HttpResponse:
    """Save the entries edited in the interface as the next approved FAQ version."""
    crisis = _crisis(request, crisis_id)
    formset = EntryFormSet(request.POST)
    title_form = FaqTitleForm(request.POST)
    if not (formset.is_valid() and title_form.is_valid()):
        return _faq_edit(request, crisis, formset, title_form, status=400)
    entries = [
        form.entry()
        for form in formset.forms
        if form.has_changed() and not form.cleaned_data.get("DELETE") and form.cleaned_data
    ]
    page = services.page_of(crisis)
    source = services.faq_yaml(title_form.cleaned_data["crisis"], entries, page.contact)
    try:
        saved = services.save_faq(crisis, source, actor=person_of(request), request=request)
    except FaqError as exc:
        return _faq_edit(request, crisis, formset, title_form, exc.problems, status=400)
    messages.success(request, _("FAQ version %(v)s saved.") % {"v": saved.version})
    return _back(crisis)


@firm_view(Action.APPROVE)
@require_POST
def public_faq_import(request: HttpRequest, crisis_id: int) -> HttpResponse:
    """Import an FAQ written elsewhere (YAML in the faq-dev format) as the next version."""
    crisis = _crisis(request, crisis_id)
    form = FaqImportForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return _back(crisis)
    try:
        saved = services.save_faq(
            crisis, form.cleaned_data["source"], actor=person_of(request), request=request
        )
    except FaqError as exc:
        for problem in exc.problems[:20]:
            messages.error(request, problem)
        return _back(crisis)
    messages.success(request, _("FAQ imported as version %(v)s.") % {"v": saved.version})
    return _back(crisis)


@firm_view(Action.VIEW)
@require_GET
def public_faq_export(request: HttpRequest, crisis_id: int) -> HttpResponse:
    crisis = _crisis(request, crisis_id)
    response = HttpResponse(services.export_faq(crisis), content_type="application/yaml")
    response["Content-Disposition"] = f'attachment; filename="faq-crisis-{crisis.pk}.yaml"'
    return response
