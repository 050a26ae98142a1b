"""Role checks over every action: a role without the right changes nothing.

tests/test_isolation.py already asks every route of the tables, for every role, whether it
answers 403/404 (inside a rolled-back savepoint, with an empty body). This adds what it leaves
out, for every state-changing route (POST pages, API writes):

* the database is the same after the refused calls (every table, row by row, committed as
  production would leave it: no rollback hides a write made before the refusal);
* API writes are sent *valid* bodies (generated from the OpenAPI document by schemathesis), so
  that a missing role check would show as a write, not as a 422 on an empty body.
"""

from __future__ import annotations

import functools
import hashlib
import re
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import Client
from hypothesis import HealthCheck, Phase, given, seed, settings
from schemathesis import Case

from tests.test_isolation import ALL, API, OBJECTS, PAGES, _fill, _firm_routes
from tocsin.api import api
from tocsin.firms.models import ApiToken
from tocsin.firms.roles import Role
from tocsin.testing import Cast

WRITES = {"POST", "PUT", "PATCH", "DELETE"}
# Tables that a refused request may touch by design: the session of the signed-in person,
# the cache (throttles), and the token's "last used" time.
VOLATILE = {"django_session", "tocsin_cache"}
VOLATILE_COLUMNS = {"firms_apitoken": {"last_used_at"}, "firms_person": {"last_login"}}

PAGE_ROUTES = sorted(name for name, (method, _) in PAGES.items() if method in WRITES)
API_ROUTES = sorted(route for route in API if route[0] in WRITES)


@functools.cache
def _tables() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Every table but the volatile ones, with the columns to compare (read once)."""
    tables = []
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table in VOLATILE or table.startswith("sqlite_") or "_fts" in table:
                continue
            columns = tuple(
                c.name
                for c in connection.introspection.get_table_description(cursor, table)
                if c.name not in VOLATILE_COLUMNS.get(table, set())
            )
            tables.append((table, columns))
    return tuple(tables)


def _database() -> dict[str, str]:
    """A digest of every row of every table but the volatile ones."""
    digests = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, columns in _tables():
            cursor.execute(
                f"SELECT {', '.join(quote(c) for c in columns)} FROM {quote(table)}"  # noqa: S608
            )
            rows = sorted(repr(row) for row in cursor.fetchall())
            digests[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return digests


@functools.cache
def _schema() -> Any:
    return schemathesis.openapi.from_dict(api.get_openapi_schema())


def _changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(t for t in set(before) | set(after) if before.get(t) != after.get(t))


def _refused_roles(allowed: set[str]) -> list[str]:
    return sorted(ALL - allowed)


@pytest.mark.parametrize("name", PAGE_ROUTES)
def test_a_refused_page_action_changes_nothing(cast: Cast, name: str) -> None:
    route = dict(_firm_routes())[name]
    _, allowed = PAGES[name]
    ids = {key: make(cast) for key, make in OBJECTS.items() if f"<int:{key}>" in route}
    clients = {}
    for role in _refused_roles(allowed):
        clients[role] = Client()
        clients[role].force_login(cast.by_role(Role(role)).person)
    before = _database()
    for role, client in clients.items():
        response = client.post(_fill(route, "alpha", ids), {"confirm": "1"})
        assert response.status_code in (403, 404), f"{role} got {response.status_code}"
    assert _changed(before, _database()) == []


@pytest.mark.parametrize(("method", "path"), API_ROUTES)
def test_a_refused_api_write_changes_nothing_even_with_a_valid_body(
    cast: Cast, application: WSGIHandler, method: str, path: str
) -> None:
    allowed = API[(method, path)]
    refused = _refused_roles(allowed)
    operation = _schema()[path][method]
    ids = {key: make(cast) for key, make in OBJECTS.items() if "{" + key + "}" in path}
    tokens = {
        role: ApiToken.issue(firm=cast.firm_a, person=cast.by_role(Role(role)).person, name=role)[1]
        for role in refused
    }
    statuses: list[int] = []
    before = _database()

    @seed(int(re.sub(r"\D", "", path.replace("/", "1")) or 1) % 2**32)
    @settings(
        max_examples=4,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(operation.as_strategy(path_parameters=ids or None))
    def refused_calls(case: Case) -> None:
        for role, token in tokens.items():
            response = case.call(app=application, headers={"Authorization": f"Bearer {token}"})
            statuses.append(response.status_code)
            assert response.status_code == 403, f"{role}: {response.status_code}"

    refused_calls()
    assert statuses, "no call was made"
    assert _changed(before, _database()) == []


def test_every_write_is_walked() -> None:
    """A write whose every role may use it has nothing to refuse; list them so that a new
    route open to all is a decision, not an accident."""
    open_to_all: list[Any] = [name for name in PAGE_ROUTES if not _refused_roles(PAGES[name][1])]
    open_to_all += [route for route in API_ROUTES if not _refused_roles(API[route])]
    assert PAGE_ROUTES
    assert API_ROUTES
    assert open_to_all == [], open_to_all


def test_the_database_digest_sees_a_write(cast: Cast) -> None:
    before = _database()
    cast.victor.title = "Stagiaire"
    cast.victor.save()
    assert _changed(before, _database()) == ["firms_membership"]
