"""The post-crisis report: measured from the timeline and the mentions, written in French or
English, as an HTML page and as a PDF (WeasyPrint), in full or as a one-page executive
version for partners and clients.

Nothing measured is stored: the report reads the crisis, its alerts, statements, public
updates and the audit journal when it is rendered, so a draft always shows the latest facts;
only the lessons (``PostCrisisReport``) are written by people. Every time is measured from
the first mention, the moment the public could first have seen the problem.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Min
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from tocsin.alerts.models import Alert
from tocsin.crises.models import Crisis
from tocsin.crises.services import timeline
from tocsin.mentions.charts import Day, volume_svg
from tocsin.mentions.models import Mention
from tocsin.public.models import CrisisUpdate
from tocsin.recovery import charts, sentiment, services
from tocsin.recovery.models import ActionState
from tocsin.responses.models import Publication, PublicationState, Statement, StatementKind

# Before a crisis, mentions of its type count as its first signs for this long: older ones
# belong to another story.
LOOKBACK = timedelta(days=14)
# The "after" phase of the volume table: the month following the closure.
AFTER = timedelta(days=30)


@dataclass(frozen=True)
class Moment:
    """One measured moment: when, what it was, and the time since the first mention."""

    key: str
    label: str
    at: datetime | None
    what: str
    since_first: timedelta | None


def _earliest(candidates: Sequence[tuple[datetime | None, str]]) -> tuple[datetime | None, str]:
    known = [(at, what) for at, what in candidates if at is not None]
    return min(known, key=lambda c: c[0]) if known else (None, "")


def first_mention(crisis: Crisis) -> tuple[datetime | None, str]:
    """The first public sign: the earliest mention pinned to the crisis, else the earliest
    mention of the crisis's type in the two weeks before the firm became aware."""
    pinned = crisis.pins.aggregate(first=Min("mention__published_at"))["first"]
    if pinned is not None:
        return pinned, _("first mention pinned to the crisis")
    typed = (
        Mention.objects.for_firm(crisis.firm_id)
        .filter(
            crisis_type=crisis.crisis_type,
            published_at__gte=crisis.awareness_at - LOOKBACK,
            published_at__lte=crisis.opened_at,
        )
        .aggregate(first=Min("published_at"))["first"]
    )
    if typed is not None:
        return typed, _("first mention of this crisis type")
    return None, ""


def _alerts(crisis: Crisis) -> list[Alert]:
    query = Alert.objects.for_firm(crisis.firm_id).filter(crisis=crisis)
    found = list(query)
    if crisis.source_alert_id and all(a.pk != crisis.source_alert_id for a in found):
        found += list(Alert.objects.for_firm(crisis.firm_id).filter(pk=crisis.source_alert_id))
    return found


def moments(crisis: Crisis) -> list[Moment]:
    """First mention, detection, acknowledgement, first public response.

    Detection is the earlier of the alert that led to the crisis and its opening;
    acknowledgement the first triage (alert acknowledged, crisis assessed), holding statement
    or public response, whichever came first; the first public response the first published statement, publication
    or public update, whichever came first.
    """
    first, first_what = first_mention(crisis)
    alerts = _alerts(crisis)
    detected = _earliest(
        [(a.raised_at, _("alert raised: %(t)s") % {"t": a.title}) for a in alerts]
        + [(crisis.opened_at, _("crisis opened"))]
    )
    assessed = timeline(crisis).filter(action="crisis.assess").values_list("at", flat=True).first()
    statements = Statement.objects.for_firm(crisis.firm_id).filter(crisis=crisis)
    holding = (
        statements.filter(kind=StatementKind.HOLDING)
        .exclude(published_at=None)
        .order_by("published_at")
        .first()
    )
    public_statement = (
        statements.exclude(kind=StatementKind.CLIENT_LETTER)
        .exclude(published_at=None)
        .order_by("published_at")
        .first()
    )
    publication = (
        Publication.objects.for_firm(crisis.firm_id)
        .filter(statement__crisis=crisis, state=PublicationState.PUBLISHED)
        .exclude(channel="email")
        .order_by("published_at")
        .first()
    )
    update = (
        CrisisUpdate.objects.for_firm(crisis.firm_id)
        .filter(crisis=crisis)
        .order_by("published_at")
        .first()
    )
    responded = _earliest(
        [
            (
                public_statement.published_at if public_statement else None,
                _("statement published: %(t)s") % {"t": public_statement.title}
                if public_statement
                else "",
            ),
            (
                publication.published_at if publication else None,
                _("published on %(c)s") % {"c": publication.get_channel_display()}
                if publication
                else "",
            ),
            (update.published_at if update else None, _("update on the public crisis page")),
        ]
    )

    acknowledged = _earliest(
        [(a.acknowledged_at, _("alert acknowledged")) for a in alerts]
        + [(assessed, _("crisis assessed"))]
        + [(holding.published_at if holding else None, _("holding statement published"))]
        # Answering in public is acknowledging, even when nobody clicked "acknowledge".
        + [responded]
    )

    def since(at: datetime | None) -> timedelta | None:
        return at - first if at is not None and first is not None else None

    return [
        Moment(
            "first_mention", _("First mention"), first, first_what, timedelta(0) if first else None
        ),
        Moment("detect", _("Time to detect"), detected[0], detected[1], since(detected[0])),
        Moment(
            "acknowledge",
            _("Time to acknowledge"),
            acknowledged[0],
            acknowledged[1],
            since(acknowledged[0]),
        ),
        Moment(
            "respond",
            _("Time to first public response"),
            responded[0],
            responded[1],
            since(responded[0]),
        ),
    ]


def duration_text(delta: timedelta | None) -> str:
    """``2 j 4 h``, ``3 h 05 min``, ``12 min``: the unit a reader needs, translated."""
    if delta is None:
        return "—"
    minutes = max(int(delta.total_seconds() // 60), 0)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return _("%(d)s d %(h)s h") % {"d": days, "h": hours}
    if hours:
        return _("%(h)s h %(m)02d min") % {"h": hours, "m": mins}
    return _("%(m)s min") % {"m": mins}


def phases(crisis: Crisis, days: list[Day]) -> list[dict[str, Any]]:
    """Mentions per day and negative share before (30 days), during, and after (30 days)."""
    start = timezone.localdate(crisis.awareness_at)
    end = timezone.localdate(crisis.closed_at) if crisis.closed_at else None
    spans = [
        (_("Before"), [d for d in days if d.day < start]),
        (_("During"), [d for d in days if d.day >= start and (end is None or d.day <= end)]),
        (_("After"), [d for d in days if end is not None and d.day > end]),
    ]
    rows = []
    for label, span in spans:
        total = sum(d.total for d in span)
        negative = sum(d.negative for d in span)
        rows.append(
            {
                "label": label,
                "days": len(span),
                "total": total,
                "per_day": round(total / len(span), 1) if span else None,
                "negative_share": round(100 * negative / total) if total else None,
            }
        )
    return rows


def _clock_row(clock: Any) -> dict[str, Any]:
    if clock.waived_at:
        outcome, ok = _("waived"), True
    elif clock.met_at:
        ok = not clock.met_late()
        outcome = _("met on time") if ok else _("met late")
    else:
        ok = clock.due_at >= timezone.now()
        outcome = _("running") if ok else _("missed")
    return {"clock": clock, "outcome": outcome, "ok": ok}


def said(crisis: Crisis) -> list[dict[str, Any]]:
    """What was said in public, where and when: publications and public updates, in order."""
    rows: list[dict[str, Any]] = []
    for pub in (
        Publication.objects.for_firm(crisis.firm_id)
        .filter(statement__crisis=crisis, state=PublicationState.PUBLISHED)
        .select_related("statement", "version")
    ):
        rows.append(
            {
                "at": pub.published_at,
                "where": pub.get_channel_display(),
                "what": pub.statement.title,
                "text": getattr(pub.version, "text", ""),
                "url": pub.url,
            }
        )
    for st in (
        Statement.objects.for_firm(crisis.firm_id)
        .filter(crisis=crisis, recorded_where__gt="")
        .exclude(published_at=None)
    ):
        rows.append(
            {
                "at": st.published_at,
                "where": st.recorded_where,
                "what": st.title,
                "text": "",
                "url": st.link,
            }
        )
    lang = crisis.language
    for up in CrisisUpdate.objects.for_firm(crisis.firm_id).filter(crisis=crisis):
        rows.append(
            {
                "at": up.published_at,
                "where": _("Public crisis page"),
                "what": up.get_state_display(),
                "text": up.body(lang),
                "url": "",
            }
        )
    return sorted(rows, key=lambda r: r["at"] or timezone.now())


def context(crisis: Crisis, *, executive: bool = False, pdf: bool = False) -> dict[str, Any]:
    """Everything the report templates show, computed in the active language."""
    now = timezone.now()
    today = timezone.localdate()
    start = timezone.localdate(crisis.awareness_at) - timedelta(days=sentiment.BASELINE_DAYS)
    end = timezone.localdate(crisis.closed_at + AFTER) if crisis.closed_at else today
    end = min(end, today)
    days = sentiment.daily_counts(crisis.firm_id, start, max(end, start))
    recovery = sentiment.track(crisis, today=end)
    volume = volume_svg(
        days,
        title=_("Mentions per day, before, during and after the crisis"),
        negative_label=_("negative"),
        total_label=_("mentions"),
    )
    share = charts.share_svg(
        recovery,
        title=_("Share of negative mentions since the crisis began"),
        daily_label=_("daily share"),
        rolling_label=_("7-day share"),
        baseline_label=_("baseline (30 days before)"),
        back_label=_("back to baseline"),
    )
    actions = services.actions_of(crisis)
    clocks = [_clock_row(c) for c in crisis.clocks.all()]
    measured = moments(crisis)
    report = services.report_of(crisis)
    events = list(timeline(crisis))
    counts = {s.value: sum(1 for a in actions if a.state == s.value) for s in ActionState}
    return {
        "crisis": crisis,
        "firm": crisis.firm,
        "report": report,
        "executive": executive,
        "pdf": pdf,
        "generated_at": now,
        "moments": measured,
        "measures": [{"m": m, "duration": duration_text(m.since_first)} for m in measured],
        "duration": duration_text((crisis.closed_at or now) - crisis.opened_at),
        "phases": phases(crisis, days),
        "volume_svg": volume,
        "volume_uri": charts.data_uri(volume),
        "share_svg": share,
        "share_uri": charts.data_uri(share),
        "recovery": recovery,
        "baseline_pct": round(100 * recovery.baseline) if recovery.baseline is not None else None,
        "events": events,
        "said": said(crisis),
        "clocks": clocks,
        "clocks_met": sum(1 for c in clocks if c["ok"]),
        "actions": actions,
        "action_counts": [(s.label, counts[s.value]) for s in ActionState],
        "lessons": [
            line.strip("-• ").strip() for line in report.lessons.splitlines() if line.strip()
        ],
    }


def render_html(crisis: Crisis, lang: str, *, executive: bool = False, pdf: bool = False) -> str:
    """The report as a standalone HTML document (print styles included) in ``lang``."""
    with override(lang):
        ctx = context(crisis, executive=executive, pdf=pdf)
        ctx["lang"] = lang
        return render_to_string("recovery/report_document.html", ctx)


# Rendering a PDF takes a second or more: the same document asked twice in a row (a partner
# and a client downloading it) is rendered once. Bounded, per process.
_PDF_CACHE: OrderedDict[str, bytes] = OrderedDict()
_PDF_CACHE_SIZE = 8


def pdf_of(html: str) -> bytes:
    """Render HTML to PDF bytes with WeasyPrint (charts are embedded SVG images)."""
    key = hashlib.sha256(html.encode()).hexdigest()
    if key in _PDF_CACHE:
        _PDF_CACHE.move_to_end(key)
        return _PDF_CACHE[key]
    from weasyprint import HTML  # imported late: it loads pango, slow to start

    data: bytes = HTML(string=html, base_url=None).write_pdf()
    _PDF_CACHE[key] = data
    while len(_PDF_CACHE) > _PDF_CACHE_SIZE:
        _PDF_CACHE.popitem(last=False)
    return data


def render_pdf(crisis: Crisis, lang: str, *, executive: bool = False) -> bytes:
    return pdf_of(render_html(crisis, lang, executive=executive, pdf=True))
