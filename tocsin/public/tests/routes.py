"""Who may use each firm page and API call of the public side (walked by
tests/test_isolation.py). ``crisis_id`` objects come from the crises app's rows."""

from __future__ import annotations

ALL = {"admin", "partner", "communicator", "viewer"}
APPROVERS = {"admin", "partner"}
ADMIN = {"admin"}

PAGES: dict[str, tuple[str, set[str]]] = {
    "public_home": ("GET", ALL),
    "public_settings_save": ("POST", ADMIN),
    "public_crisis_admin": ("GET", ALL),
    "public_page_save": ("POST", APPROVERS),
    "public_update_post": ("POST", APPROVERS),
    "public_faq_edit": ("GET", APPROVERS),
    "public_faq_save": ("POST", APPROVERS),
    "public_faq_import": ("POST", APPROVERS),
    "public_faq_export": ("GET", ALL),
}

API: dict[tuple[str, str], set[str]] = {
    ("GET", "/api/v1/public/crises/{crisis_id}"): ALL,
    ("GET", "/api/v1/public/crises/{crisis_id}/updates"): ALL,
    ("POST", "/api/v1/public/crises/{crisis_id}/updates"): APPROVERS,
    ("GET", "/api/v1/public/crises/{crisis_id}/faq"): ALL,
    ("PUT", "/api/v1/public/crises/{crisis_id}/faq"): APPROVERS,
}
