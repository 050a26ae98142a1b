"""Template helpers of the responses pages."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def get_steps(policies: dict[str, int], channel: str) -> str:
    """The approval steps set for ``channel`` ('' for the firm's default), or ''."""
    value = policies.get(channel)
    if value is None and channel == "":
        return "1"
    return "" if value is None else str(value)
