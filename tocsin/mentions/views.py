"""The inbox: every mention of the firm, filtered, searched, triaged, grouped in stories."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta
from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tocsin.alerts.models import Rollup
from tocsin.firms import audit
from tocsin.firms.access import firm_of, firm_view, person_of
from tocsin.firms.models import Membership
from tocsin.firms.roles import Action
from tocsin.mentions import charts, services
from tocsin.mentions.forms import CorrectionForm, InboxFilterForm, WatchQueryForm
from tocsin.mentions.highlight import highlighted
from tocsin.mentions.models import CrisisType, Mention, Sentiment, Status, WatchQuery
from tocsin.sources.models import Source

#: The inbox counts a firm's matching mentions up to this many (more: "> 1000").
COUNT_CAP = 1000
PER_PAGE = 50


class InboxPaginator(Paginator):
    """Counts only as far as the pages need: a big firm has 100,000 mentions and an exact
    COUNT(*) of them (or of a common search word) on every inbox page costs more than the
    page itself. The count is exact below ``upto``; at ``upto`` it means "at least"."""

    def __init__(self, mentions: QuerySet[Mention], per_page: int, upto: int) -> None:
        super().__init__(mentions, per_page)
        self.mentions = mentions
        self.upto = upto

    @cached_property
    def count(self) -> int:
        # No ORDER BY: any ``upto`` rows count the same, and the planner may skip the sort.
        return self.mentions.order_by()[: self.upto].count()

    @property
    def capped(self) -> bool:
        return self.count >= self.upto


def _count_limit(page: str | None) -> int:
    number = int(page) if page and page.isdigit() else 1
    return max(COUNT_CAP, min(number, 100_000) * PER_PAGE) + 1


def _shown(page: Iterable[Mention]) -> list[tuple[Mention, str, dict[str, str]]]:
    """Each row with its highlighted text and the labels of its sentiment, crisis type and
    status, translated once per page: ``get_FOO_display()`` rebuilds and translates the
    choices on every call, three times a row."""
    labels = {
        name: {value: str(label) for value, label in choices}
        for name, choices in (
            ("sentiment", Sentiment.choices),
            ("crisis_type", CrisisType.choices),
            ("status", Status.choices),
        )
    }
    return [
        (m, highlighted(m), {f: labels[f].get(getattr(m, f), getattr(m, f)) for f in labels})
        for m in page
    ]


def _day(value: object, end: bool = False) -> datetime | None:
    if value is None:
        return None
    assert hasattr(value, "year")
    return timezone.make_aware(datetime.combine(value, time.max if end else time.min))  # type: ignore[arg-type]


@firm_view()
def inbox(request: HttpRequest) -> HttpResponse:
    firm = firm_of(request)
    sources = list(Source.objects.for_firm(firm).values_list("pk", "name"))
    form = InboxFilterForm(request.GET or None, sources=sources)
    f = services.InboxFilter()
    if form.is_valid():
        data = form.cleaned_data
        f = services.InboxFilter(
            q=data["q"] or "",
            source=data["source"],
            lang=data["lang"] or "",
            sentiment=data["sentiment"] or "",
            crisis_type=data["crisis_type"] or "",
            status=data["status"] or "",
            min_risk=data["min_risk"],
            since=_day(data["since"]),
            until=_day(data["until"], end=True),
        )
    story = request.GET.get("story", "")
    if story.isdigit():
        f.story = int(story)
    number = request.GET.get("page")
    paginator = InboxPaginator(services.inbox(firm, f), PER_PAGE, _count_limit(number))
    page = paginator.get_page(number)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": _shown(page),
        "count_capped": paginator.capped,
        "statuses": Status.choices,
        "querystring": query.urlencode(),
        "team": Membership.objects.filter(firm=firm).select_related("person"),
    }
    template = "mentions/_inbox_rows.html" if request.htmx else "mentions/inbox.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@firm_view()
def curve(request: HttpRequest) -> HttpResponse:
    """The last 30 days of mentions, negative ones on top: a fragment the overview loads."""
    firm = firm_of(request)
    today = timezone.localdate()
    start = today - timedelta(days=29)
    # The hourly rollups the alerts app keeps (one row per hour with mentions): 720 rows
    # at most, where counting a big firm's 30 days of mentions scans tens of thousands.
    # Hours are UTC; placing each in its local day is exact for whole-hour offsets (Paris).
    tz = timezone.get_current_timezone()
    hours = Rollup.objects.for_firm(firm).filter(
        hour__gte=_day(start), hour__lte=_day(today, end=True)
    )
    by_day: dict[object, dict[str, int]] = {}
    for hour, volume, negative in hours.values_list("hour", "volume", "negative"):
        day = by_day.setdefault(timezone.localdate(hour, tz), {"total": 0, "negative": 0})
        day["total"] += volume
        day["negative"] += negative
    days = [
        charts.Day(d, by_day.get(d, {}).get("total", 0), by_day.get(d, {}).get("negative", 0))
        for d in (start + timedelta(days=i) for i in range(30))
    ]
    svg = charts.volume_svg(
        days,
        title=_("Mentions per day over 30 days, negative ones in red"),
        negative_label=_("negative"),
        total_label=_("mentions"),
    )
    return HttpResponse(svg)


@firm_view()
def mention(request: HttpRequest, mention_id: int) -> HttpResponse:
    firm = firm_of(request)
    item = get_object_or_404(
        Mention.objects.for_firm(firm).select_related("story", "assignee"), pk=mention_id
    )
    story = (
        Mention.objects.for_firm(firm).filter(story_id=item.story_id).exclude(pk=item.pk)[:20]
        if item.story_id
        else []
    )
    return render(
        request,
        "mentions/mention.html",
        {
            "m": item,
            "body": highlighted(item),
            "story": story,
            "correction": CorrectionForm(
                initial={"sentiment": item.sentiment, "crisis_type": item.crisis_type}
            ),
            "statuses": Status.choices,
            "team": Membership.objects.filter(firm=firm).select_related("person"),
        },
    )


@firm_view(Action.EDIT)
@require_POST
def triage(request: HttpRequest) -> HttpResponse:
    """Status or assignment for one mention (htmx) or many (the bulk bar)."""
    firm = firm_of(request)
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()][:1000]
    status = request.POST.get("status") or None
    assignee = request.POST.get("assignee", "")
    try:
        services.triage(
            firm,
            ids,
            actor=person_of(request),
            status=status,
            assignee_id=int(assignee) if assignee.isdigit() else None,
            unassign=assignee == "none",
            request=request,
        )
    except ValueError as exc:
        return HttpResponseBadRequest(str(exc))
    if request.htmx and len(ids) == 1:  # type: ignore[attr-defined]
        item = get_object_or_404(Mention.objects.for_firm(firm), pk=ids[0])
        return render(request, "mentions/_status.html", {"m": item, "statuses": Status.choices})
    # Back to the filtered inbox the bulk bar was on; never to another site (an open
    # redirect), and a value that is not an address is not looked up as a view name.
    back = request.POST.get("next", "")
    if not back.startswith("/") or not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = f"/f/{firm.slug}/inbox/"
    return HttpResponseRedirect(back)


@firm_view(Action.EDIT)
@require_POST
def correct(request: HttpRequest, mention_id: int) -> HttpResponse:
    firm = firm_of(request)
    item = get_object_or_404(Mention.objects.for_firm(firm), pk=mention_id)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        services.correct(item, actor=person_of(request), **form.cleaned_data)
    return redirect("mention", firm.slug, item.pk)


@firm_view()
def watch_queries(request: HttpRequest) -> HttpResponse:
    firm = firm_of(request)
    form = WatchQueryForm(request.POST or None)
    if request.method == "POST":
        if not request.membership.can(Action.EDIT):  # type: ignore[attr-defined]
            return HttpResponse(status=403)
        if form.is_valid():
            row = form.save(commit=False)
            row.firm = firm
            row.save()
            audit.record(
                "watch_query.create",
                firm=firm,
                target=row,
                summary=row.query[:400],
                request=request,
            )
            return redirect("watch_queries", firm.slug)
    rows = WatchQuery.objects.for_firm(firm)
    return render(
        request,
        "mentions/watch_queries.html",
        {"form": form, "queries": rows},
        status=400 if form.errors else 200,
    )


@firm_view(Action.EDIT)
@require_POST
def watch_query_delete(request: HttpRequest, query_id: int) -> HttpResponse:
    firm = firm_of(request)
    row = get_object_or_404(WatchQuery.objects.for_firm(firm), pk=query_id)
    audit.record(
        "watch_query.delete", firm=firm, target=row, summary=row.query[:400], request=request
    )
    row.delete()
    return redirect("watch_queries", firm.slug)
