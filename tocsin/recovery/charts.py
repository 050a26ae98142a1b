"""The recovery curve as a server-side SVG: readable in the page, in print and in the PDF
(WeasyPrint draws SVG itself, so the report needs no browser and no JavaScript)."""

from __future__ import annotations

import base64

from django.utils.formats import date_format
from django.utils.html import escape

from tocsin.recovery.sentiment import Recovery


def data_uri(svg: str) -> str:
    """An SVG as an ``<img src>``: how the PDF embeds charts, independent of inline-SVG
    support in the renderer."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def share_svg(
    recovery: Recovery,
    *,
    title: str,
    daily_label: str,
    rolling_label: str,
    baseline_label: str,
    back_label: str,
) -> str:
    """Daily negative share (dots), its 7-day share (line), the baseline band and the day
    of return (a green vertical line), since the day the firm became aware."""
    width, height, pad, left = 720, 200, 24, 40
    days = recovery.days
    span = max(len(days) - 1, 1)

    def x(i: int) -> float:
        return left + (width - left - pad) * i / span

    def y(share: float) -> float:
        return pad + (height - 2 * pad) * (1 - min(max(share, 0.0), 1.0))

    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height + 30}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>",
    ]
    for pct in (0, 25, 50, 75, 100):
        yy = y(pct / 100)
        parts.append(
            f'<line x1="{left}" y1="{yy:.1f}" x2="{width - pad}" y2="{yy:.1f}" stroke="#e3e7ec"/>'
            f'<text x="{left - 4}" y="{yy + 4:.1f}" font-size="10" text-anchor="end" '
            f'fill="#5b6675">{pct} %</text>'
        )
    if recovery.baseline is not None and recovery.threshold is not None:
        top, base = y(recovery.threshold), y(recovery.baseline)
        parts.append(
            f'<rect x="{left}" y="{top:.1f}" width="{width - left - pad}" '
            f'height="{max(base - top, 1):.1f}" fill="#dcefe1"/>'
            f'<line x1="{left}" y1="{base:.1f}" x2="{width - pad}" y2="{base:.1f}" '
            f'stroke="#2e7d4f" stroke-dasharray="4 3"/>'
        )
    for i, d in enumerate(days):
        if d.share is not None:
            label = f"{date_format(d.day, 'SHORT_DATE_FORMAT')}: {d.negative}/{d.total}"
            parts.append(
                f'<circle cx="{x(i):.1f}" cy="{y(d.share):.1f}" r="2.5" fill="#d9a59a">'
                f"<title>{escape(label)}</title></circle>"
            )
        if i % 7 == 0 or i == len(days) - 1:
            parts.append(
                f'<text x="{x(i):.1f}" y="{height + 2}" font-size="10" text-anchor="middle" '
                f'fill="#5b6675">{escape(date_format(d.day, "d/m"))}</text>'
            )
    points = [f"{x(i):.1f},{y(d.rolling):.1f}" for i, d in enumerate(days) if d.rolling is not None]
    if points:
        parts.append(
            f'<polyline points="{" ".join(points)}" fill="none" stroke="#b4452f" stroke-width="2"/>'
        )
    if recovery.back_on is not None:
        index = (recovery.back_on - recovery.crisis_day).days
        parts.append(
            f'<line x1="{x(index):.1f}" y1="{pad}" x2="{x(index):.1f}" y2="{height - pad}" '
            f'stroke="#2e7d4f" stroke-width="2"/>'
        )
    legend_y = height + 18
    parts.append(
        f'<circle cx="{left + 5}" cy="{legend_y - 4}" r="3" fill="#d9a59a"/>'
        f'<text x="{left + 12}" y="{legend_y}" font-size="10" fill="#1f2a37">{escape(daily_label)}</text>'
        f'<line x1="{left + 150}" y1="{legend_y - 4}" x2="{left + 166}" y2="{legend_y - 4}" '
        f'stroke="#b4452f" stroke-width="2"/>'
        f'<text x="{left + 170}" y="{legend_y}" font-size="10" fill="#1f2a37">{escape(rolling_label)}</text>'
        f'<line x1="{left + 330}" y1="{legend_y - 4}" x2="{left + 346}" y2="{legend_y - 4}" '
        f'stroke="#2e7d4f" stroke-dasharray="4 3"/>'
        f'<text x="{left + 350}" y="{legend_y}" font-size="10" fill="#1f2a37">{escape(baseline_label)}</text>'
        f'<line x1="{left + 500}" y1="{legend_y - 9}" x2="{left + 500}" y2="{legend_y + 1}" '
        f'stroke="#2e7d4f" stroke-width="2"/>'
        f'<text x="{left + 506}" y="{legend_y}" font-size="10" fill="#1f2a37">{escape(back_label)}</text>'
        "</svg>"
    )
    return "".join(parts)
