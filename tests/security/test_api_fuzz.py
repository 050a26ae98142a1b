"""schemathesis against /api/v1/openapi.json: thousands of generated requests, no 5xx.

Every operation of the OpenAPI document is called with generated data, with the bearer
token of firm A's administrator (every right, so that no call stops at the role check), through
Django's own WSGI application in this process (a live server on loopback costs 50 ms a call
here, the application itself 5 ms). For each operation three ways of generating:

* the ids of real objects of firm A in the path (so that the service code runs);
* generated ids (unknown ones: the 404 path, and ids past 64-bit integers);
* data that breaks the schema (which must be refused with a 4xx, never accepted).

Connections run in autocommit as in production (``transactional_db``), and the process cannot
leave the machine meanwhile (``outside.loopback_only``): a feed URL or webhook the fuzzer
invents fails as an unreachable network would.

``TOCSIN_FUZZ_SEED`` changes the generated data (the default is fixed, so that CI is
reproducible); ``TOCSIN_FUZZ_SCALE=3`` triples the examples for a longer hunt.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import time
from collections import Counter

import pytest
import schemathesis
from django.apps import apps
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from ninja import Schema
from schemathesis import Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.schemas import APIOperation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
)

from tests.security.outside import loopback_only
from tests.test_isolation import OBJECTS
from tocsin.firms.models import ApiToken
from tocsin.testing import Cast

MINIMUM_REQUESTS = 2000
SEED = int(os.environ.get("TOCSIN_FUZZ_SEED", "20261127"))
SCALE = int(os.environ.get("TOCSIN_FUZZ_SCALE", "1"))
# (way, generation mode, examples per operation); an operation with a small input space (no
# parameter, no body) yields fewer than asked.
PLAN: list[tuple[str, GenerationMode, int]] = [
    ("real ids", GenerationMode.POSITIVE, 24),
    ("generated", GenerationMode.POSITIVE, 10),
    ("schema broken", GenerationMode.NEGATIVE, 12),
]
# What the responses must respect. Not checked, on purpose, and why:
# * status_code_conformance: the document lists only each operation's success code; the
#   401/403/404/409/422 answers are right but undocumented (a documentation gap, not a bug);
# * positive_data_acceptance: the bodies' schemas are looser than the services' rules (an
#   empty text is schema-valid, the service answers 422 "text is required"), as above.
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    content_type_conformance,
    response_headers_conformance,
    negative_data_rejection,
]


def _real_ids(cast: Cast, operation: APIOperation, made: dict[str, int]) -> dict[str, int]:
    """Ids of real objects of firm A for the operation's path, each made once."""
    names = [parameter.name for parameter in operation.path_parameters]
    for name in names:
        if name not in made:
            made[name] = OBJECTS[name](cast)
    return {name: made[name] for name in names}


def test_api_fuzzing_finds_no_server_error(
    transactional_db: None, cast: Cast, application: WSGIHandler
) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    # Every call carries the token (below): a case whose only "invalid" part is a missing or
    # malformed Authorization header would be sent with a good one and reported as accepted.
    # Unknown query parameters are ignored, as by most HTTP APIs, so they are not generated.
    schema.config.generation.update(with_security_parameters=False, allow_extra_parameters=False)
    _, token = ApiToken.issue(firm=cast.firm_a, person=cast.ada.person, name="fuzz")
    headers = {"Authorization": f"Bearer {token}"}
    statuses: Counter[int] = Counter()
    problems: dict[str, str] = {}
    made: dict[str, int] = {}

    def exercise(
        operation: APIOperation, mode: GenerationMode, strategy: st.SearchStrategy[Case], n: int
    ) -> None:
        @seed(SEED)
        @settings(
            max_examples=n * SCALE,
            deadline=None,
            database=None,
            # No shrinking: every failure is reported below with its request, and a 5xx is
            # printed by Django's log with its traceback.
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(strategy)
        def call(case: Case) -> None:
            response = case.call(headers=headers)
            statuses[response.status_code] += 1
            try:
                case.validate_response(response, checks=CHECKS, headers=headers)
            except (AssertionError, BaseExceptionGroup) as exc:
                problems.setdefault(f"{operation.label}: {case.as_curl_command()}", str(exc))

        try:
            call()
        except Unsatisfiable:
            # Nothing in the operation can be broken (no parameter, no body, and the token
            # is not generated): there is no negative case to send.
            assert mode == GenerationMode.NEGATIVE, f"{operation.label}: no case generated"

    started = time.monotonic()
    with loopback_only() as refused:
        for result in schema.get_all_operations():
            if not isinstance(result, Ok):
                pytest.fail(f"an operation of the OpenAPI document is invalid: {result.err()}")
            operation = result.ok()
            for way, mode, n in PLAN:
                ids = _real_ids(cast, operation, made) if way == "real ids" else None
                strategy = operation.as_strategy(generation_mode=mode, path_parameters=ids)
                exercise(operation, mode, strategy, n)
    elapsed = time.monotonic() - started
    total = sum(statuses.values())
    print(
        f"\nschemathesis: {total} requests in {elapsed:.0f} s (seed {SEED}); "
        f"statuses {dict(sorted(statuses.items()))}; "
        f"{len(refused)} attempts to leave the machine refused"
    )
    for where, problem in sorted(problems.items())[:20]:
        print(f"--- {where}\n{problem[:1500]}")
    assert not problems, f"{len(problems)} failing calls (printed above)"
    assert not [status for status in statuses if status >= 500]
    assert total >= MINIMUM_REQUESTS, f"only {total} requests generated"
    # The ids of real objects were used: the service code ran, not only the 404 path (about
    # half the cases break the schema on purpose, and many valid ones break a service rule).
    assert statuses[200] + statuses[201] > total // 5


def test_every_api_schema_has_its_own_name() -> None:
    """The OpenAPI document keys schemas by class name: two apps' ``CrisisOut`` made it
    describe one operation's answer with the other's fields."""
    seen: dict[str, str] = {}
    clashes = []
    for config in apps.get_app_configs():
        name = f"{config.name}.api"
        if not config.name.startswith("tocsin.") or not importlib.util.find_spec(name):
            continue
        module = importlib.import_module(name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Schema) and value.__module__ == name:
                if value.__name__ in seen:
                    clashes.append(f"{value.__name__}: {seen[value.__name__]} and {name}")
                seen[value.__name__] = name
    assert len(seen) > 20
    assert not clashes


def test_mentions_api_refuses_a_page_past_64_bit_offsets(cast: Cast) -> None:
    _, token = ApiToken.issue(firm=cast.firm_a, person=cast.ada.person, name="pages")
    client = Client(raise_request_exception=False)
    response = client.get(
        "/api/v1/mentions", {"page": 10**18}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 422
