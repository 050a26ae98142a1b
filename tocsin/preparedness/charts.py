"""The audit's progress chart: scores over time, as a small server-side SVG."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.html import escape

from tocsin.preparedness.services import Point


def score_svg(points: list[Point], *, title: str) -> str:
    """A line of audit scores (0-100) with a dot per audit and its score in a tooltip;
    a dashed line at 80, the level where the remaining gaps are minor."""
    width, height, pad = 720, 180, 28
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height + 24}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
        f'<line x1="{pad}" y1="{height}" x2="{width - pad}" y2="{height}" stroke="#c5ccd4"/>',
    ]
    for level in (0, 50, 100):
        y = height - (height - 20) * level / 100
        parts.append(f'<text x="2" y="{y + 4:.1f}" font-size="10" fill="#5b6675">{level}</text>')
    y80 = height - (height - 20) * 0.8
    parts.append(
        f'<line x1="{pad}" y1="{y80:.1f}" x2="{width - pad}" y2="{y80:.1f}" '
        'stroke="#2f7d4a" stroke-dasharray="4 4"/>'
    )
    if points:
        step = (width - 2 * pad) / max(len(points) - 1, 1)
        coords = []
        for i, p in enumerate(points):
            x = pad + i * step if len(points) > 1 else width / 2
            y = height - (height - 20) * p.score / 100
            coords.append((x, y, p))
        parts.append(
            '<polyline fill="none" stroke="#1f5f99" stroke-width="2" points="'
            + " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in coords)
            + '"/>'
        )
        for x, y, p in coords:
            when = date_format(p.at, "SHORT_DATE_FORMAT")
            parts.append(
                f"<g><title>{escape(when)}: {p.score}/100</title>"
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#1f5f99"/></g>'
                f'<text x="{x:.1f}" y="{height + 16}" font-size="10" text-anchor="middle" '
                f'fill="#5b6675">{escape(date_format(p.at, "d/m/y"))}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
