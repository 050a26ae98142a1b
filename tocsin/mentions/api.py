"""API: push mentions in (one or a batch, idempotent), read and triage the inbox, watch queries.

No ``from __future__ import annotations`` here: django-ninja reads the query-parameter
schema from the live annotations.
"""

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from tocsin.firms import audit
from tocsin.firms.api import allow, firm_of, needs, person_of
from tocsin.firms.roles import Action
from tocsin.lib.json_body import JsonBody
from tocsin.lib.pagination import Pages
from tocsin.mentions import pipeline, services
from tocsin.mentions.models import Mention, PushReceipt, WatchQuery

router = Router(tags=["mentions"])
MAX_BATCH = 1000


class MentionIn(JsonBody):
    text: str = Field(
        ..., max_length=1_000_000, description="the mention's text (HTML allowed with html=true)"
    )
    url: str = Field("", max_length=2000)
    title: str = Field("", max_length=2000)
    author: str = Field("", max_length=500)
    author_handle: str = Field("", max_length=500)
    reach: int | None = Field(None, ge=0, description="followers, audience or circulation")
    rating: int | None = Field(None, ge=1, le=5, description="stars, for a review")
    published_at: datetime | None = None
    external_id: str = Field("", max_length=500, description="the item's id in the sending tool")
    lang: str | None = Field(None, max_length=8)
    html: bool = False

    def to_incoming(self) -> pipeline.Incoming:
        """The pipeline's input for this mention (the push API and signed webhooks share it)."""
        return pipeline.Incoming(
            text=self.text,
            url=self.url,
            title=self.title,
            author=self.author,
            author_handle=self.author_handle,
            reach=self.reach,
            rating=self.rating,
            published_at=self.published_at,
            external_id=self.external_id,
            lang=self.lang,
            is_html=self.html,
        )


class MentionBatchIn(JsonBody):
    mentions: list[MentionIn] = Field(..., max_length=MAX_BATCH)


class IngestOut(Schema):
    created: list[int]
    duplicates: list[int]
    filtered_out: int
    errors: list[dict[str, Any]]
    replayed: bool = False


class MentionOut(Schema):
    id: int
    url: str
    title: str
    text: str
    author: str
    author_handle: str
    reach: int | None
    rating: int | None
    published_at: datetime
    source_label: str
    lang: str
    sentiment: str
    sentiment_score: float
    crisis_type: str
    risk: int
    reasons: list[str]
    matched_terms: list[str]
    status: str
    assignee_id: int | None
    story_id: int | None


class InboxFilterIn(Schema):
    q: str = Field("", max_length=200, description='full-text search (words, "phrases")')
    source: int | None = None
    lang: str = ""
    sentiment: str = ""
    crisis_type: str = ""
    status: str = ""
    min_risk: int | None = Field(None, ge=0, le=100)
    assignee: int | None = None
    since: datetime | None = None
    until: datetime | None = None
    story: int | None = None


class MentionPatch(JsonBody):
    status: str | None = None
    assignee_id: int | None = None
    unassign: bool = False
    sentiment: str | None = Field(None, description="a correction, kept as labelled data")
    crisis_type: str | None = Field(None, description="a correction, kept as labelled data")


class BulkIn(JsonBody):
    ids: list[int] = Field(..., max_length=MAX_BATCH)
    status: str | None = None
    assignee_id: int | None = None
    unassign: bool = False


class WatchQueryIn(JsonBody):
    name: str = Field(..., max_length=120)
    query: str = Field(..., max_length=2000)
    active: bool = True


class WatchQueryOut(Schema):
    id: int
    name: str
    query: str
    active: bool


@router.post(
    "/mentions",
    response={201: IngestOut, 200: IngestOut},
    auth=needs(Action.EDIT),
    summary="Push one mention or a batch",
    description=(
        'Send `{...one mention...}` or `{"mentions": [...]}` (at most 1,000). The same item '
        "sent twice is stored once (its `external_id`, else its URL, else its text identify "
        "it). With an `Idempotency-Key` header, a retried request returns the first answer."
    ),
)
def push(request: HttpRequest, payload: MentionBatchIn | MentionIn) -> Status[dict[str, Any]]:
    allow(request, Action.EDIT)
    firm = firm_of(request)
    items = payload.mentions if isinstance(payload, MentionBatchIn) else [payload]
    key = request.headers.get("Idempotency-Key", "").strip()[:200]
    label = f"API · {getattr(request.auth, 'name', 'token')}"  # type: ignore[attr-defined]
    if not key:
        return Status(
            201,
            pipeline.ingest(firm, [m.to_incoming() for m in items], source_label=label).as_dict(),
        )
    try:
        with transaction.atomic():
            receipt = PushReceipt.objects.create(firm=firm, key=key, response={})
            answer = pipeline.ingest(
                firm, [m.to_incoming() for m in items], source_label=label
            ).as_dict()
            receipt.response = answer
            receipt.save(update_fields=["response"])
    except IntegrityError:
        prior = PushReceipt.objects.for_firm(firm).filter(key=key).first()
        if prior is None:
            raise HttpError(
                409, "A request with this Idempotency-Key is in progress; retry."
            ) from None
        return Status(200, {**prior.response, "replayed": True})
    return Status(201, answer)


@router.get("/mentions", response=list[MentionOut], summary="The inbox, newest first, with filters")
@paginate(Pages, page_size=50)
def inbox(request: HttpRequest, filters: InboxFilterIn = Query(...)) -> Any:  # noqa: B008
    allow(request, Action.VIEW)
    return services.inbox(firm_of(request), services.InboxFilter(**filters.model_dump()))


# Before /mentions/{mention_id}, whose pattern would otherwise take "bulk" as an id.
@router.post(
    "/mentions/bulk",
    response=dict[str, int],
    auth=needs(Action.EDIT),
    summary="Triage many mentions at once",
)
def bulk(request: HttpRequest, payload: BulkIn) -> dict[str, int]:
    allow(request, Action.EDIT)
    try:
        count = services.triage(
            firm_of(request),
            payload.ids,
            actor=person_of(request),
            status=payload.status,
            assignee_id=payload.assignee_id,
            unassign=payload.unassign,
            request=request,
        )
    except ValueError as exc:
        raise HttpError(422, str(exc)) from exc
    return {"updated": count}


@router.get("/mentions/{mention_id}", response=MentionOut, summary="One mention")
def mention_detail(request: HttpRequest, mention_id: int) -> Mention:
    allow(request, Action.VIEW)
    return get_object_or_404(Mention.objects.for_firm(firm_of(request)), pk=mention_id)


@router.patch(
    "/mentions/{mention_id}",
    response=MentionOut,
    auth=needs(Action.EDIT),
    summary="Triage or correct a mention",
)
def mention_update(request: HttpRequest, mention_id: int, patch: MentionPatch) -> Mention:
    allow(request, Action.EDIT)
    firm = firm_of(request)
    mention = get_object_or_404(Mention.objects.for_firm(firm), pk=mention_id)
    person = person_of(request)
    try:
        services.triage(
            firm,
            [mention.pk],
            actor=person,
            status=patch.status,
            assignee_id=patch.assignee_id,
            unassign=patch.unassign,
            request=request,
        )
        mention.refresh_from_db()
        services.correct(
            mention, actor=person, sentiment=patch.sentiment, crisis_type=patch.crisis_type
        )
    except ValueError as exc:
        raise HttpError(422, str(exc)) from exc
    return mention


@router.get("/watch-queries", response=list[WatchQueryOut], summary="The firm's watch queries")
def watch_queries(request: HttpRequest) -> Any:
    allow(request, Action.VIEW)
    return WatchQuery.objects.for_firm(firm_of(request))


@router.post(
    "/watch-queries",
    response={201: WatchQueryOut},
    auth=needs(Action.EDIT),
    summary="Add a watch query",
)
def watch_query_create(request: HttpRequest, payload: WatchQueryIn) -> Status[WatchQuery]:
    allow(request, Action.EDIT)
    from tocsin.mentions import query as wq

    try:
        wq.parse(payload.query)
    except wq.QueryError as exc:
        raise HttpError(422, str(exc)) from exc
    firm = firm_of(request)
    row = WatchQuery.objects.create(
        firm=firm, name=payload.name, query=payload.query, active=payload.active
    )
    audit.record(
        "watch_query.create", firm=firm, target=row, summary=payload.query[:400], request=request
    )
    return Status(201, row)


@router.delete(
    "/watch-queries/{query_id}",
    response={204: None},
    auth=needs(Action.EDIT),
    summary="Remove a watch query",
)
def watch_query_delete(request: HttpRequest, query_id: int) -> Status[None]:
    allow(request, Action.EDIT)
    firm = firm_of(request)
    row = get_object_or_404(WatchQuery.objects.for_firm(firm), pk=query_id)
    audit.record(
        "watch_query.delete", firm=firm, target=row, summary=row.query[:400], request=request
    )
    row.delete()
    return Status(204, None)
