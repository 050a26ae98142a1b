"""API: the firm's sources, their settings and their health.

Reading is for every role; adding, changing and deleting sources is an administrator's
(MANAGE): a source decides what Tocsin fetches from the internet and what it stores.
Asking for a collection now is open to anyone who triages (EDIT): it changes nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from tocsin.firms.api import allow, firm_of, needs, person_of
from tocsin.firms.roles import Action
from tocsin.lib.json_body import JsonBody
from tocsin.sources import services
from tocsin.sources.base import SourceError, collector_for
from tocsin.sources.forms import addable_kinds
from tocsin.sources.models import Source, SourceKind

router = Router(tags=["sources"])


class HealthOut(Schema):
    healthy: bool
    enabled: bool
    last_attempt_at: datetime | None
    last_success_at: datetime | None
    last_error_at: datetime | None
    last_error: str
    consecutive_failures: int
    items_seen: int
    mentions_created: int
    next_run_at: datetime | None = Field(None, description="null for sources that receive")
    websub: str = Field("", description="WebSub subscription state, when the feed has a hub")


class SourceOut(Schema):
    id: int
    name: str
    kind: str
    url: str
    enabled: bool
    interval_seconds: int
    weight: float
    settings: dict[str, Any]
    created_at: datetime
    receiving_url: str = Field("", description="for a webhook source: where to POST")
    health: HealthOut


class SourceCreatedOut(SourceOut):
    secret: str = Field("", description="a webhook source's HMAC secret, given only once")


class SourceIn(JsonBody):
    name: str = Field(..., min_length=1, max_length=200)
    kind: str = Field(..., description="rss, push, webhook, or another installed kind")
    url: str = Field("", max_length=2000)
    enabled: bool = True
    interval_seconds: int = Field(900, ge=60, le=7 * 24 * 3600)
    weight: float = Field(1.0, ge=0.1, le=10)
    settings: dict[str, Any] = Field(
        default_factory=dict, description="the kind's own settings (as its form names them)"
    )


class SourcePatch(JsonBody):
    name: str | None = Field(None, min_length=1, max_length=200)
    url: str | None = Field(None, max_length=2000)
    enabled: bool | None = None
    interval_seconds: int | None = Field(None, ge=60, le=7 * 24 * 3600)
    weight: float | None = Field(None, ge=0.1, le=10)
    settings: dict[str, Any] | None = None


def _out(request: HttpRequest, source: Source) -> dict[str, Any]:
    secret_fields = set(_credential_fields(source.kind))
    receiving = ""
    if source.kind == SourceKind.WEBHOOK and source.callback_token:
        receiving = request.build_absolute_uri(
            reverse("webhook_receive", args=[source.callback_token])
        )
    return {
        "id": source.pk,
        "name": source.name,
        "kind": source.kind,
        "url": source.url,
        "enabled": source.enabled,
        "interval_seconds": source.interval_seconds,
        "weight": source.weight,
        "settings": {k: v for k, v in source.config.items() if k not in secret_fields},
        "created_at": source.created_at,
        "receiving_url": receiving,
        "health": services.health(source),
    }


def _form_class(kind: str) -> Any:
    try:
        return collector_for(kind).settings_form
    except SourceError:
        return None


def _credential_fields(kind: str) -> tuple[str, ...]:
    return tuple(getattr(_form_class(kind), "credential_fields", ()))


def _settings(kind: str, values: dict[str, Any]) -> dict[str, Any]:
    """The kind's settings, validated by its own form (422 with the form's errors)."""
    form_class = _form_class(kind)
    if form_class is None:
        return {"url": values["url"]} if values.get("url") else {}
    # A field left out takes the form's initial value, as on the page, rather than the
    # "unchecked" value an absent checkbox would mean.
    defaults = {
        name: field.initial
        for name, field in form_class.base_fields.items()
        if field.initial is not None
    }
    form = form_class({**defaults, **values})
    if not form.is_valid():
        raise HttpError(422, "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
    return dict(form.cleaned_data)


def _source(request: HttpRequest, source_id: int) -> Source:
    return get_object_or_404(
        Source.objects.for_firm(firm_of(request)).select_related("websub"), pk=source_id
    )


@router.get("/sources", response=list[SourceOut], summary="The firm's sources and their health")
def source_list(request: HttpRequest) -> list[dict[str, Any]]:
    allow(request, Action.VIEW)
    rows = Source.objects.for_firm(firm_of(request)).select_related("websub").order_by("name")
    return [_out(request, s) for s in rows]


@router.post(
    "/sources",
    response={201: SourceCreatedOut},
    auth=needs(Action.MANAGE),
    summary="Add a source",
)
def source_create(request: HttpRequest, payload: SourceIn) -> Status[dict[str, Any]]:
    allow(request, Action.MANAGE)
    if payload.kind not in dict(addable_kinds()):
        raise HttpError(422, f"unknown or unavailable kind {payload.kind!r}")
    settings = _settings(payload.kind, {**payload.settings, "url": payload.url})
    source = services.add_source(
        firm_of(request),
        actor=person_of(request),
        request=request,
        settings=settings,
        credential_fields=_credential_fields(payload.kind),
        name=payload.name,
        kind=payload.kind,
        enabled=payload.enabled,
        interval_seconds=payload.interval_seconds,
        weight=payload.weight,
    )
    out = _out(request, source)
    out["secret"] = (
        str(source.credentials.get("hmac_secret", "")) if source.kind == SourceKind.WEBHOOK else ""
    )
    return Status(201, out)


@router.get("/sources/{source_id}", response=SourceOut, summary="One source")
def source_detail(request: HttpRequest, source_id: int) -> dict[str, Any]:
    allow(request, Action.VIEW)
    return _out(request, _source(request, source_id))


@router.get("/sources/{source_id}/health", response=HealthOut, summary="A source's health")
def source_health(request: HttpRequest, source_id: int) -> dict[str, Any]:
    allow(request, Action.VIEW)
    return services.health(_source(request, source_id))


@router.patch(
    "/sources/{source_id}",
    response=SourceOut,
    auth=needs(Action.MANAGE),
    summary="Change a source",
)
def source_update(request: HttpRequest, source_id: int, patch: SourcePatch) -> dict[str, Any]:
    allow(request, Action.MANAGE)
    source = _source(request, source_id)
    # null means "unchanged", as leaving the field out does (no field here may become empty).
    changes = patch.model_dump(exclude_unset=True, exclude_none=True, exclude={"settings", "url"})
    settings = None
    if patch.settings is not None or patch.url is not None:
        secret = set(_credential_fields(source.kind))
        current = {k: v for k, v in source.config.items() if k not in secret}
        url = patch.url if patch.url is not None else source.url
        settings = _settings(source.kind, {**current, **(patch.settings or {}), "url": url})
    enabled = changes.pop("enabled", None)
    services.update_source(
        source,
        actor=person_of(request),
        request=request,
        settings=settings,
        credential_fields=_credential_fields(source.kind),
        **changes,
    )
    if enabled is not None and enabled != source.enabled:
        services.set_enabled(source, enabled, actor=person_of(request), request=request)
    return _out(request, source)


@router.delete(
    "/sources/{source_id}",
    response={204: None},
    auth=needs(Action.MANAGE),
    summary="Delete a source",
)
def source_delete(request: HttpRequest, source_id: int) -> Status[None]:
    allow(request, Action.MANAGE)
    services.delete_source(_source(request, source_id), actor=person_of(request), request=request)
    return Status(204, None)


@router.post(
    "/sources/{source_id}/collect",
    response={202: dict[str, bool]},
    auth=needs(Action.EDIT),
    summary="Collect a polled source now (queued)",
)
def source_collect(request: HttpRequest, source_id: int) -> Status[dict[str, bool]]:
    allow(request, Action.EDIT)
    source = _source(request, source_id)
    queued = services.collect_now(source, actor=person_of(request), request=request)
    if not queued:
        raise HttpError(
            409,
            "this source is disabled"
            if source.polled
            else "this source receives items; there is nothing to collect",
        )
    return Status(202, {"queued": True})
