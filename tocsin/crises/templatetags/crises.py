"""Template filters of the crisis room: how long a clock has left, said the way people say it."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

register = template.Library()


def _span(seconds: float) -> str:
    minutes = int(abs(seconds) // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return _("%(d)s d %(h)s h") % {"d": days, "h": hours}
    if hours:
        return _("%(h)s h %(m)02d min") % {"h": hours, "m": mins}
    return _("%(m)s min") % {"m": mins}


@register.filter
def countdown(due_at: datetime | None, now: datetime | None = None) -> str:
    """ "41 h 12 min left" or "late by 3 h 05 min"."""
    if due_at is None:
        return ""
    seconds = (due_at - (now or timezone.now())).total_seconds()
    if seconds >= 0:
        return _("%(span)s left") % {"span": _span(seconds)}
    return _("late by %(span)s") % {"span": _span(seconds)}


@register.filter
def urgency(due_at: datetime | None, now: datetime | None = None) -> str:
    """A CSS class: "late", "soon" (under 12 hours) or "" for a due time."""
    if due_at is None:
        return ""
    seconds = (due_at - (now or timezone.now())).total_seconds()
    if seconds < 0:
        return "late"
    return "soon" if seconds < 12 * 3600 else ""
