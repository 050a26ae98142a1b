"""Small server-side SVG charts: no JavaScript, no third-party library, readable on a phone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.html import escape


@dataclass(frozen=True)
class Day:
    day: date
    total: int
    negative: int


def volume_svg(days: list[Day], *, title: str, negative_label: str, total_label: str) -> str:
    """Stacked daily bars: negative mentions in red over the day's total, with a title for
    screen readers and each bar's numbers in a tooltip."""
    width, height, pad = 720, 180, 24
    top = max((d.total for d in days), default=0) or 1
    bar = (width - 2 * pad) / max(len(days), 1)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height + 28}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
        f'<line x1="{pad}" y1="{height}" x2="{width - pad}" y2="{height}" stroke="#c5ccd4"/>',
        f'<text x="{pad}" y="14" font-size="11" fill="#5b6675">{top}</text>',
    ]
    for i, d in enumerate(days):
        x = pad + i * bar
        h_total = (height - 20) * d.total / top
        h_neg = (height - 20) * d.negative / top
        label = f"{date_format(d.day, 'SHORT_DATE_FORMAT')}: {d.total} {total_label}, {d.negative} {negative_label}"
        parts.append(
            f"<g><title>{escape(label)}</title>"
            f'<rect x="{x + 1:.1f}" y="{height - h_total:.1f}" width="{max(bar - 2, 1):.1f}" height="{h_total:.1f}" fill="#9cc3e4"/>'
            f'<rect x="{x + 1:.1f}" y="{height - h_neg:.1f}" width="{max(bar - 2, 1):.1f}" height="{h_neg:.1f}" fill="#b4452f"/></g>'
        )
        if i % 7 == 0 or i == len(days) - 1:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{height + 16}" font-size="10" text-anchor="middle" fill="#5b6675">'
                f"{escape(date_format(d.day, 'd/m'))}</text>"
            )
    parts.append(
        f'<rect x="{pad}" y="{height + 20}" width="10" height="8" fill="#9cc3e4"/>'
        f'<text x="{pad + 14}" y="{height + 28}" font-size="10" fill="#1f2a37">{escape(total_label)}</text>'
        f'<rect x="{pad + 110}" y="{height + 20}" width="10" height="8" fill="#b4452f"/>'
        f'<text x="{pad + 124}" y="{height + 28}" font-size="10" fill="#1f2a37">{escape(negative_label)}</text></svg>'
    )
    return "".join(parts)
