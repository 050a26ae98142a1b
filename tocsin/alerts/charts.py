"""The curve behind an alert, drawn on the server: SVG for pages, a table for emails
(mail clients do not show SVG; a row of coloured cells survives every one of them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from tocsin.alerts import rollups
from tocsin.alerts.models import Alert, Signal

BEFORE = timedelta(hours=48)
AFTER = timedelta(hours=12)


@dataclass(frozen=True)
class Hour:
    at: datetime
    total: int
    watched: int  # the alert's own signal (negative, a crisis type...), or the total


def curve_of(alert: Alert) -> list[Hour]:
    """Hourly counts from two days before the alert to twelve hours after (or now)."""
    start = rollups.hour_of(alert.started_at) - BEFORE
    end = min(rollups.hour_of(alert.started_at) + AFTER, rollups.hour_of(timezone.now()))
    end += rollups.HOUR
    column = rollups.column_of(alert.signal) if alert.signal in Signal.values else "volume"
    if column not in ("volume", "negative") and column not in rollups.TYPE_SERIES:
        column = "negative"  # instant triggers: show the negatives over the total
    counts = rollups.values(alert.firm, {"volume", column}, start, end)
    return [
        Hour(start + i * rollups.HOUR, int(counts["volume"][i]), int(counts[column][i]))
        for i in range(len(counts["volume"]))
    ]


def curve_svg(alert: Alert) -> str:
    """Hourly bars, the watched signal in red over the total, the alert's hour marked."""
    hours = curve_of(alert)
    width, height, pad = 720, 160, 24
    top = max((h.total for h in hours), default=0) or 1
    bar = (width - 2 * pad) / max(len(hours), 1)
    mark = rollups.hour_of(alert.started_at)
    title = _("Mentions per hour around the alert; the watched signal in red")
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height + 30}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>",
        f'<line x1="{pad}" y1="{height}" x2="{width - pad}" y2="{height}" stroke="#c5ccd4"/>',
        f'<text x="{pad}" y="12" font-size="11" fill="#5b6675">{top}</text>',
    ]
    for i, h in enumerate(hours):
        x = pad + i * bar
        t = (height - 20) * h.total / top
        w = (height - 20) * h.watched / top
        local = timezone.localtime(h.at)
        label = f"{local:%d/%m %H}h: {h.total} / {h.watched}"
        if h.at == mark:
            parts.append(
                f'<rect x="{x:.1f}" y="16" width="{max(bar, 2):.1f}" height="{height - 16}" '
                f'fill="#f6d7a7" opacity="0.6"/>'
            )
        parts.append(
            f"<g><title>{escape(label)}</title>"
            f'<rect x="{x + 0.5:.1f}" y="{height - t:.1f}" width="{max(bar - 1, 1):.1f}" '
            f'height="{t:.1f}" fill="#9cc3e4"/>'
            f'<rect x="{x + 0.5:.1f}" y="{height - w:.1f}" width="{max(bar - 1, 1):.1f}" '
            f'height="{w:.1f}" fill="#b4452f"/></g>'
        )
        if local.hour == 0:
            parts.append(
                f'<text x="{x:.1f}" y="{height + 14}" font-size="10" fill="#5b6675">'
                f"{local:%d/%m}</text>"
            )
    parts.append(
        f'<text x="{pad}" y="{height + 28}" font-size="10" fill="#1f2a37">'
        f"{escape(_('blue: all mentions; red: the signal; shaded: the alert'))}</text></svg>"
    )
    return "".join(parts)


def curve_table(alert: Alert, hours: int = 36) -> str:
    """The same curve as an HTML table of bars for emails (last ``hours`` hours)."""
    data = curve_of(alert)[-hours:]
    top = max((h.total for h in data), default=0) or 1
    mark = rollups.hour_of(alert.started_at)
    cells = []
    for h in data:
        total = round(48 * h.total / top)
        watched = round(48 * h.watched / top)
        border = "border-bottom:2px solid #e0a040;" if h.at == mark else ""
        cells.append(
            f'<td style="vertical-align:bottom;padding:0 1px;{border}" '
            f'title="{escape(f"{timezone.localtime(h.at):%d/%m %H}h: {h.total}")}">'
            f'<div style="width:6px;height:{max(total - watched, 0)}px;background:#9cc3e4"></div>'
            f'<div style="width:6px;height:{watched}px;background:#b4452f"></div></td>'
        )
    return (
        '<table role="presentation" cellspacing="0" cellpadding="0" style="height:52px">'
        f"<tr>{''.join(cells)}</tr></table>"
    )
