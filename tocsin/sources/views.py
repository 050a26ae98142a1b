"""Source pages (list with health, detail, add, edit, enable, collect now, delete) and the
two public receiving addresses (WebSub callbacks, signed webhooks)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from tocsin.firms.access import firm_of, firm_view, person_of
from tocsin.firms.roles import Action
from tocsin.sources import services, webhook
from tocsin.sources.base import SourceError, collector_for
from tocsin.sources.forms import SourceForm, addable_kinds
from tocsin.sources.models import POLLED_KINDS, Source, SourceKind, WebSubSubscription

REVEAL_KEY = "sources.reveal_secret"


def _can(request: HttpRequest, action: Action) -> bool:
    return bool(getattr(request, "membership").can(action))  # noqa: B009 (set by firm_view)


def _source(request: HttpRequest, source_id: int) -> Source:
    return get_object_or_404(Source.objects.for_firm(firm_of(request)), pk=source_id)


def _source_form(kind: str, data: Any, **kwargs: Any) -> SourceForm:
    """The common settings; a schedule only for the kinds Tocsin polls."""
    form = SourceForm(data, **kwargs)
    if kind not in POLLED_KINDS:
        del form.fields["interval_seconds"]
    return form


def _settings_form_class(kind: str) -> type[forms.Form] | None:
    try:
        return collector_for(kind).settings_form
    except SourceError:
        return None


def _credential_fields(form_class: type[forms.Form] | None) -> tuple[str, ...]:
    return tuple(getattr(form_class, "credential_fields", ()))


def _initial_settings(source: Source, form_class: type[forms.Form] | None) -> dict[str, Any]:
    if form_class is None:
        return {}
    secret = set(_credential_fields(form_class))
    initial = {k: v for k, v in source.config.items() if k not in secret}
    initial["url"] = source.url
    return initial


@firm_view()
def source_list(request: HttpRequest) -> HttpResponse:
    firm = firm_of(request)
    rows = Source.objects.for_firm(firm).select_related("websub").order_by("name")
    return render(
        request,
        "sources/list.html",
        {
            "sources": rows,
            "kinds": addable_kinds(),
            "can_manage": _can(request, Action.MANAGE),
        },
    )


@firm_view()
def source_detail(request: HttpRequest, source_id: int) -> HttpResponse:
    source = _source(request, source_id)
    secret = ""
    if request.session.pop(REVEAL_KEY, None) == source.pk and _can(request, Action.MANAGE):
        secret = str(source.credentials.get("hmac_secret", ""))
    receiving_url = ""
    if source.kind == SourceKind.WEBHOOK and source.callback_token:
        receiving_url = request.build_absolute_uri(
            reverse("webhook_receive", args=[source.callback_token])
        )
    return render(
        request,
        "sources/detail.html",
        {
            "source": source,
            "health": services.health(source),
            "websub": WebSubSubscription.objects.for_firm(source.firm)
            .filter(source=source)
            .first(),
            "receiving_url": receiving_url,
            "secret": secret,
            "signature_header": webhook.HEADER,
            "push_url": request.build_absolute_uri("/api/v1/mentions"),
            "can_manage": _can(request, Action.MANAGE),
            "can_edit": _can(request, Action.EDIT),
        },
    )


@firm_view(Action.MANAGE)
def source_add(request: HttpRequest) -> HttpResponse:
    firm = firm_of(request)
    kinds = dict(addable_kinds())
    kind = request.POST.get("kind") or request.GET.get("kind") or ""
    if kind not in kinds:
        return render(request, "sources/choose_kind.html", {"kinds": kinds.items()})
    settings_class = _settings_form_class(kind)
    data = request.POST if request.method == "POST" and "name" in request.POST else None
    form = _source_form(kind, data, initial={"name": kinds[kind]})
    settings_form = settings_class(data, prefix="s") if settings_class else None
    if data is not None and form.is_valid() and (settings_form is None or settings_form.is_valid()):
        source = services.add_source(
            firm,
            actor=person_of(request),
            request=request,
            settings=settings_form.cleaned_data if settings_form else {},
            credential_fields=_credential_fields(settings_class),
            kind=kind,
            **form.cleaned_data,
        )
        if source.kind == SourceKind.WEBHOOK:
            request.session[REVEAL_KEY] = source.pk
        messages.success(request, _("Source added."))
        return redirect("source", firm.slug, source.pk)
    return render(
        request,
        "sources/form.html",
        {"form": form, "settings_form": settings_form, "kind": kind, "kind_label": kinds[kind]},
    )


@firm_view(Action.MANAGE)
def source_edit(request: HttpRequest, source_id: int) -> HttpResponse:
    source = _source(request, source_id)
    settings_class = _settings_form_class(source.kind)
    data = request.POST if request.method == "POST" else None
    form = _source_form(source.kind, data, instance=source)
    settings_form = (
        settings_class(data, prefix="s", initial=_initial_settings(source, settings_class))
        if settings_class
        else None
    )
    if data is not None and form.is_valid() and (settings_form is None or settings_form.is_valid()):
        fields = {k: form.cleaned_data[k] for k in SourceForm.Meta.fields if k in form.fields}
        services.update_source(
            source,
            actor=person_of(request),
            request=request,
            settings=settings_form.cleaned_data if settings_form else None,
            credential_fields=_credential_fields(settings_class),
            **fields,
        )
        messages.success(request, _("Source saved."))
        return redirect("source", firm_of(request).slug, source.pk)
    return render(
        request,
        "sources/form.html",
        {
            "form": form,
            "settings_form": settings_form,
            "kind": source.kind,
            "kind_label": source.get_kind_display(),
            "source": source,
        },
    )


@firm_view(Action.MANAGE)
@require_POST
def source_toggle(request: HttpRequest, source_id: int) -> HttpResponse:
    source = _source(request, source_id)
    services.set_enabled(source, not source.enabled, actor=person_of(request), request=request)
    return redirect("source", firm_of(request).slug, source.pk)


@firm_view(Action.EDIT)
@require_POST
def source_collect(request: HttpRequest, source_id: int) -> HttpResponse:
    """Anyone who triages may ask for fresh items now: it changes no setting."""
    source = _source(request, source_id)
    if services.collect_now(source, actor=person_of(request), request=request):
        messages.success(request, _("Collection queued; refresh in a moment."))
    else:
        messages.info(
            request,
            _("This source receives items; there is nothing to collect.")
            if not source.polled
            else _("This source is disabled: enable it first."),
        )
    return redirect("source", firm_of(request).slug, source.pk)


@firm_view(Action.MANAGE)
@require_POST
def source_secret(request: HttpRequest, source_id: int) -> HttpResponse:
    source = _source(request, source_id)
    if source.kind == SourceKind.WEBHOOK:
        services.rotate_webhook_secret(source, actor=person_of(request), request=request)
        request.session[REVEAL_KEY] = source.pk
        messages.success(request, _("New secret: the old one no longer works."))
    return redirect("source", firm_of(request).slug, source.pk)


@firm_view(Action.MANAGE)
@require_POST
def source_delete(request: HttpRequest, source_id: int) -> HttpResponse:
    source = _source(request, source_id)
    services.delete_source(source, actor=person_of(request), request=request)
    messages.success(request, _("Source deleted; its mentions are kept."))
    return redirect("sources", firm_of(request).slug)


# -- public receiving addresses (no session: the token in the path is the credential) ----


@csrf_exempt
def websub_callback(request: HttpRequest, token: str) -> HttpResponse:
    from tocsin.sources.rss import websub

    source = websub.source_for(token)
    if source is None:
        # 410 on a push tells a hub to drop a subscription whose source was deleted.
        if request.method == "POST":
            return HttpResponse(status=410)
        raise Http404
    if request.method == "GET":
        challenge = websub.verify_intent(source, {k: request.GET.get(k, "") for k in request.GET})
        if challenge is None:
            raise Http404
        return HttpResponse(challenge, content_type="text/plain; charset=utf-8")
    if request.method == "POST":
        websub.receive(
            source,
            request.body,
            request.headers.get("X-Hub-Signature", ""),
            request.headers.get("Content-Type", ""),
        )
        # Always 202: a hub (or someone pretending) learns nothing about what was kept.
        return HttpResponse(status=202)
    return HttpResponseNotAllowed(["GET", "POST"])


@csrf_exempt
@require_POST
def webhook_receive(request: HttpRequest, token: str) -> HttpResponse:
    source = webhook.source_for(token)
    if source is None:
        raise Http404
    try:
        delivery = webhook.receive(source, request.body, request.headers.get(webhook.HEADER, ""))
    except webhook.WebhookRefused as exc:
        return JsonResponse({"error": str(exc)}, status=exc.status)
    status = 200 if delivery.replayed or not delivery.result.get("created") else 201
    return JsonResponse({"replayed": delivery.replayed, **delivery.result}, status=status)
