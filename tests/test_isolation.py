"""Every route that takes a firm or an object id, walked for every role and for an outsider.

A route missing from the tables fails the test: adding a page or an API call means saying
who may use it. Each app keeps its rows in ``tocsin/<app>/tests/routes.py`` (``PAGES``,
``API`` and ``OBJECTS`` dicts in the shapes below); the firms app's rows are here.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from collections.abc import Callable, Iterator

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tocsin.api import api
from tocsin.firms.models import ApiToken
from tocsin.testing import Cast

ALL = {"admin", "partner", "communicator", "viewer"}
APPROVERS = {"admin", "partner"}
ADMIN = {"admin"}

# URL name -> (method, roles that may use it)
PAGES: dict[str, tuple[str, set[str]]] = {
    "firm_home": ("GET", ALL),
    "team": ("GET", ALL),
    "team_invite": ("POST", ADMIN),
    "member": ("GET", ALL),
    "member_remove": ("POST", ADMIN),
    "audit": ("GET", APPROVERS),
    "tokens": ("GET", ALL),
    # Anyone may revoke their own token; only an admin someone else's (the object is alice's).
    "token_revoke": ("POST", {"admin", "partner"}),
    "firm_settings": ("GET", ADMIN),
}
# (method, OpenAPI path) -> roles
API: dict[tuple[str, str], set[str]] = {
    ("GET", "/api/v1/me"): ALL,
    ("GET", "/api/v1/firm"): ALL,
    ("GET", "/api/v1/team"): ALL,
    ("GET", "/api/v1/team/{member_id}"): ALL,
    ("PATCH", "/api/v1/team/{member_id}"): ADMIN,
    ("GET", "/api/v1/audit"): APPROVERS,
}

# How to find an object of firm A for each id a route takes.
OBJECTS: dict[str, Callable[[Cast], int]] = {
    "member_id": lambda cast: cast.victor.pk,
    "token_id": lambda cast: (
        ApiToken.issue(firm=cast.firm_a, person=cast.alice.person, name="alice's")[0].pk
    ),
}


for _config in apps.get_app_configs():
    if _config.name.startswith("tocsin.") and importlib.util.find_spec(
        f"{_config.name}.tests.routes"
    ):
        _rows = importlib.import_module(f"{_config.name}.tests.routes")
        PAGES.update(getattr(_rows, "PAGES", {}))
        API.update(getattr(_rows, "API", {}))
        OBJECTS.update(getattr(_rows, "OBJECTS", {}))


def _firm_routes() -> Iterator[tuple[str, str]]:
    def walk(patterns: list[URLPattern | URLResolver], prefix: str) -> Iterator[tuple[str, str]]:
        for p in patterns:
            if isinstance(p, URLResolver):
                if "api" in str(p.pattern):
                    continue
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif p.name and "<slug:firm_slug>" in prefix + str(p.pattern):
                yield p.name, prefix + str(p.pattern)

    yield from walk(get_resolver().url_patterns, "/")


def _fill(route: str, slug: str, ids: dict[str, int]) -> str:
    route = route.replace("<slug:firm_slug>", slug)
    return re.sub(r"<int:(\w+)>", lambda m: str(ids[m.group(1)]), route)


def _call(client: Client, method: str, url: str, token: str = "") -> int:
    # Each call runs in a savepoint that is rolled back, so a DELETE by one role leaves the
    # object in place for the next one.
    with transaction.atomic():
        response = client.generic(
            method,
            url,
            "{}" if method == "PATCH" else "",
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"} if token else None,
        )
        transaction.set_rollback(True)
    return response.status_code


def test_every_firm_page_is_in_the_table() -> None:
    assert {name for name, _ in _firm_routes()} == set(PAGES)


def test_every_api_route_is_in_the_table() -> None:
    paths = api.get_openapi_schema()["paths"]
    routes = {(m.upper(), p) for p, ops in paths.items() for m in ops}
    assert routes == set(API)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_isolation_and_roles(cast: Cast, name: str) -> None:
    route = dict(_firm_routes())[name]
    method, allowed = PAGES[name]
    ids = {key: make(cast) for key, make in OBJECTS.items() if f"<int:{key}>" in route}
    # The outsider holds every right in firm B, so that only the firm boundary can stop him.
    cast.bob.role = "admin"
    cast.bob.save()
    outsider = Client()
    outsider.force_login(cast.bob.person)
    # Firm A does not exist for bob, and firm A's objects do not exist under bob's firm.
    assert _call(outsider, method, _fill(route, "alpha", ids)) == 404
    if ids:
        assert _call(outsider, method, _fill(route, "beta", ids)) == 404
    for role in sorted(ALL):
        client = Client()
        client.force_login(cast.by_role(role).person)  # type: ignore[arg-type]
        status = _call(client, method, _fill(route, "alpha", ids))
        if role in allowed:
            assert status not in (401, 403, 404), f"{role} refused {name} ({status})"
        else:
            assert status in (403, 404), f"{role} allowed {name} ({status})"


@pytest.mark.parametrize(("method", "path"), sorted(API))
def test_api_isolation_and_roles(cast: Cast, method: str, path: str) -> None:
    allowed = API[(method, path)]
    ids = {key: make(cast) for key, make in OBJECTS.items() if "{" + key + "}" in path}
    url = re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), path)
    cast.bob.role = "admin"
    cast.bob.save()
    _, bob_token = ApiToken.issue(firm=cast.firm_b, person=cast.bob.person, name="b")
    if ids:
        assert _call(Client(), method, url, token=bob_token) == 404
    for role in sorted(ALL):
        _, clear = ApiToken.issue(firm=cast.firm_a, person=cast.by_role(role).person, name=role)  # type: ignore[arg-type]
        status = _call(Client(), method, url, token=clear)
        if role in allowed:
            assert status not in (401, 403, 404), f"{role} refused {method} {path} ({status})"
        else:
            assert status == 403, f"{role} allowed {method} {path} ({status})"
