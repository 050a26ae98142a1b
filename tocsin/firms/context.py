"""Template context: the firm being looked at and the navigation of the product."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tocsin.firms.roles import Action


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Each part of the product adds its entry here when it is built."""
    membership = getattr(request, "membership", None)
    if membership is None:
        return {}
    slug = membership.firm.slug
    items: list[tuple[str, str]] = [
        (str(_("Overview")), reverse("firm_home", args=[slug])),
        (str(_("Team")), reverse("team", args=[slug])),
    ]
    if membership.can(Action.APPROVE):
        items.append((str(_("Audit trail")), reverse("audit", args=[slug])))
    items.append((str(_("API tokens")), reverse("tokens", args=[slug])))
    if membership.can(Action.MANAGE):
        items.append((str(_("Settings")), reverse("firm_settings", args=[slug])))
    current = request.path
    return {
        "firm": membership.firm,
        "membership": membership,
        "nav_items": [
            {
                "label": label,
                "url": url,
                "active": current == url or (url != items[0][1] and current.startswith(url)),
            }
            for label, url in items
        ],
    }
