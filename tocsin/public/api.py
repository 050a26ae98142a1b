"""API of the public side, for the firm (token auth): page state, updates, FAQ, subscribers.

The visitors' chatbot endpoint is not here: it needs no token (see ``chat.py``).
"""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from tocsin.crises.models import Crisis
from tocsin.firms.api import allow, firm_of, needs, person_of
from tocsin.firms.roles import Action
from tocsin.lib.json_body import JsonBody
from tocsin.public import services
from tocsin.public.faq import FaqError
from tocsin.public.models import CrisisUpdate, PublicState

router = Router(tags=["public"])


class PageOut(Schema):
    crisis_id: int
    is_public: bool
    state: str
    title_fr: str
    title_en: str
    contact: str
    url: str
    changed_at: datetime
    faq_version: int | None
    subscribers: dict[str, int]


class UpdateIn(JsonBody):
    body_fr: str
    body_en: str = ""
    state: PublicState
    notify: bool = True


class UpdateOut(Schema):
    id: int
    state: str
    body_fr: str
    body_en: str
    notify: bool
    published_at: datetime
    notified_at: datetime | None


class FaqIn(JsonBody):
    yaml: str


class FaqOut(Schema):
    version: int | None
    yaml: str


def _crisis(request: HttpRequest, crisis_id: int) -> Crisis:
    return get_object_or_404(Crisis.objects.for_firm(firm_of(request)), pk=crisis_id)


def _update_out(update: CrisisUpdate) -> dict[str, Any]:
    return {
        "id": update.pk,
        "state": update.state,
        "body_fr": update.body_fr,
        "body_en": update.body_en,
        "notify": update.notify,
        "published_at": update.published_at,
        "notified_at": update.notified_at,
    }


@router.get(
    "/public/crises/{crisis_id}", response=PageOut, summary="A crisis's public page and audience"
)
def page_detail(request: HttpRequest, crisis_id: int) -> dict[str, Any]:
    allow(request, Action.VIEW)
    crisis = _crisis(request, crisis_id)
    page = services.page_of(crisis)
    faq = services.current_faq(crisis)
    return {
        "crisis_id": crisis.pk,
        "is_public": page.is_public,
        "state": page.state,
        "title_fr": page.title_fr,
        "title_en": page.title_en,
        "contact": page.contact,
        "url": services.page_url(crisis),
        "changed_at": page.changed_at,
        "faq_version": faq.version if faq else None,
        "subscribers": services.subscriber_counts(crisis),
    }


@router.get(
    "/public/crises/{crisis_id}/updates",
    response=list[UpdateOut],
    summary="Published updates, newest first",
)
def update_list(request: HttpRequest, crisis_id: int) -> list[dict[str, Any]]:
    allow(request, Action.VIEW)
    return [_update_out(u) for u in services.updates_of(_crisis(request, crisis_id))]


@router.post(
    "/public/crises/{crisis_id}/updates",
    response={201: UpdateOut},
    auth=needs(Action.APPROVE),
    summary="Publish an update (partners); emails subscribers when notify is true",
)
def update_create(
    request: HttpRequest, crisis_id: int, body: UpdateIn | None = None
) -> Status[dict[str, Any]]:
    allow(request, Action.APPROVE)
    crisis = _crisis(request, crisis_id)  # 404 for another firm's crisis, before the body
    if body is None:
        raise HttpError(422, "body_fr and state are required")
    try:
        update = services.publish_update(
            crisis,
            body_fr=body.body_fr,
            body_en=body.body_en,
            state=str(body.state),
            notify=body.notify,
            actor=person_of(request),
            request=request,
        )
    except services.PublicError as exc:
        raise HttpError(422, str(exc)) from None
    return Status(201, _update_out(update))


@router.get(
    "/public/crises/{crisis_id}/faq",
    response=FaqOut,
    summary="The approved FAQ as YAML (faq-dev format)",
)
def faq_export(request: HttpRequest, crisis_id: int) -> dict[str, Any]:
    allow(request, Action.VIEW)
    crisis = _crisis(request, crisis_id)
    faq = services.current_faq(crisis)
    return {"version": faq.version if faq else None, "yaml": services.export_faq(crisis)}


@router.put(
    "/public/crises/{crisis_id}/faq",
    response=FaqOut,
    auth=needs(Action.APPROVE),
    summary="Import an FAQ (YAML) as the next approved version (partners)",
)
def faq_import(request: HttpRequest, crisis_id: int, body: FaqIn | None = None) -> dict[str, Any]:
    allow(request, Action.APPROVE)
    crisis = _crisis(request, crisis_id)  # 404 for another firm's crisis, before the body
    if body is None:
        raise HttpError(422, "yaml is required")
    try:
        saved = services.save_faq(crisis, body.yaml, actor=person_of(request), request=request)
    except FaqError as exc:
        raise HttpError(422, "; ".join(exc.problems[:50])) from None
    return {"version": saved.version, "yaml": saved.source}
