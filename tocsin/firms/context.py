"""Template context: the firm being looked at and the navigation of the product.

Each app adds its own entries by giving its AppConfig a ``navigation`` list of
``(label, url_name, action, order)``; an entry appears to the roles allowed ``action``.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from tocsin.firms.roles import Action

FIRMS_NAVIGATION = [
    (_("Overview"), "firm_home", Action.VIEW, 0),
    (_("Team"), "team", Action.VIEW, 80),
    (_("Audit trail"), "audit", Action.APPROVE, 90),
    (_("API tokens"), "tokens", Action.VIEW, 95),
    (_("Settings"), "firm_settings", Action.MANAGE, 99),
]


def _entries() -> list[tuple[Any, str, Action, int]]:
    entries = list(FIRMS_NAVIGATION)
    for config in apps.get_app_configs():
        entries.extend(getattr(config, "navigation", []))
    return sorted(entries, key=lambda e: e[3])


def navigation(request: HttpRequest) -> dict[str, Any]:
    membership = getattr(request, "membership", None)
    if membership is None:
        return {}
    slug = membership.firm.slug
    home = reverse("firm_home", args=[slug])
    items = []
    for label, url_name, action, _order in _entries():
        if not membership.can(action):
            continue
        try:
            url = reverse(url_name, args=[slug])
        except NoReverseMatch:  # a part declared before its pages exist stays hidden
            continue
        active = request.path == url or (url != home and request.path.startswith(url))
        items.append({"label": str(label), "url": url, "active": active})
    return {"firm": membership.firm, "membership": membership, "nav_items": items}
