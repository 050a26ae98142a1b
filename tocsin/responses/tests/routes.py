"""Who may use each page and API call of the responses stage (walked by
tests/test_isolation.py)."""

from __future__ import annotations

from collections.abc import Callable

from tocsin.firms.roles import Role
from tocsin.responses import services
from tocsin.responses.models import (
    Freeze,
    Publication,
    PublicationState,
    PublishingAccount,
    Statement,
    StatementKind,
)
from tocsin.testing import Cast

ALL = {"admin", "partner", "communicator", "viewer"}
EDITORS = {"admin", "partner", "communicator"}
APPROVERS = {"admin", "partner"}
ADMIN = {"admin"}


def statement(cast: Cast) -> Statement:
    return services.create_statement(
        cast.firm_a,
        author=cast.colin.person,
        kind=StatementKind.HOLDING,
        title="Premier message",
        text="Nous avons connaissance de la situation et revenons vers vous rapidement.",
    )


def publication(cast: Cast) -> int:
    s = statement(cast)
    return Publication.objects.create(
        firm=cast.firm_a,
        statement=s,
        version=s.current(),
        channel="recorded",
        target="recorded",
        state=PublicationState.FAILED,
    ).pk


def account(cast: Cast) -> int:
    return PublishingAccount.objects.create(
        firm=cast.firm_a, kind="x", name="compte X", base_url=""
    ).pk


def freeze(cast: Cast) -> int:
    return Freeze.objects.create(
        firm=cast.firm_a, reason="route test", created_by=cast.alice.person
    ).pk


assert Role.PARTNER in APPROVERS

PAGES: dict[str, tuple[str, set[str]]] = {
    "statements": ("GET", ALL),
    "statement_new": ("POST", EDITORS),
    "statement_check": ("POST", EDITORS),
    "statement": ("GET", ALL),
    "statement_save": ("POST", EDITORS),
    "statement_submit": ("POST", EDITORS),
    "statement_approve": ("POST", APPROVERS),
    "statement_publish": ("POST", APPROVERS),
    "statement_propose": ("POST", EDITORS),
    "publication_retry": ("POST", APPROVERS),
    "freeze_start": ("POST", APPROVERS),
    "freeze_lift": ("POST", APPROVERS),
    "publishing_accounts": ("GET", ADMIN),
    "account_check": ("POST", ADMIN),
    "client_contacts": ("GET", EDITORS),
    "response_settings": ("POST", ADMIN),
    "mention_reply": ("GET", ALL),
    "crisis_cadence": ("POST", APPROVERS),
}

API: dict[tuple[str, str], set[str]] = {
    ("POST", "/api/v1/responses/check"): EDITORS,
    ("GET", "/api/v1/responses/statements"): ALL,
    ("POST", "/api/v1/responses/statements"): EDITORS,
    ("GET", "/api/v1/responses/statements/{statement_id}"): ALL,
    ("POST", "/api/v1/responses/statements/{statement_id}/versions"): EDITORS,
    ("POST", "/api/v1/responses/statements/{statement_id}/approvals"): APPROVERS,
    ("POST", "/api/v1/responses/statements/{statement_id}/publications"): APPROVERS,
    ("GET", "/api/v1/responses/mentions/{mention_id}/suggestions"): ALL,
    ("POST", "/api/v1/responses/freeze"): APPROVERS,
}

OBJECTS: dict[str, Callable[[Cast], int]] = {
    "statement_id": lambda cast: statement(cast).pk,
    "publication_id": publication,
    "account_id": account,
    "freeze_id": freeze,
}
