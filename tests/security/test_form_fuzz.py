"""Every page of a firm, sent odd values by an administrator (every right): never a 500.

The schemathesis suite does this for the API from its OpenAPI document; pages have no
such document, so the fields are read from each page's own HTML (every ``name="…"``) and
filled with values a careless or hostile hand could send: empty, negative, past 64 bits,
NUL, markup, impossible dates, malformed addresses, very long text. Each page gets the
same number of POSTs and GETs with query strings, from a fixed seed (``TOCSIN_FUZZ_SEED``
changes it). The process cannot
leave the machine meanwhile (``loopback_only``): a URL the values invent fails as an
unreachable network would.
"""

from __future__ import annotations

import os
import random
import re

import pytest
from django.test import Client

from tests.security.outside import loopback_only
from tests.test_isolation import OBJECTS, PAGES, _fill, _firm_routes
from tocsin.testing import Cast

ODD = [
    "",
    " ",
    "0",
    "-1",
    str(10**23),
    "1.5",
    "1e309",
    "abc",
    "\x00",
    "%00",
    "<script>alert(1)</script>",
    "2026-13-45",
    "null",
    "true",
    "[",
    "http://[::1",
    "//evil.example",
    "é" * 3000,
]
# Names a view may read without showing a field for them.
EXTRA = ("q", "page", "id", "ids", "action", "kind", "status", "since", "until", "next")
CASES_PER_PAGE = 12
# TOCSIN_FUZZ_SEED varies the values, as for the API's fuzzing.
SEED = int(os.environ.get("TOCSIN_FUZZ_SEED", "20261128"))


@pytest.mark.django_db(transaction=True)
def test_no_page_answers_odd_values_with_a_server_error(cast: Cast) -> None:
    rnd = random.Random(SEED)
    routes = dict(_firm_routes())
    made: dict[str, int] = {}
    problems: list[str] = []
    client = Client(raise_request_exception=False)
    client.force_login(cast.ada.person)
    calls = 0
    with loopback_only():
        for name in sorted(PAGES):
            route = routes[name]
            for key, make in OBJECTS.items():
                if f"<int:{key}>" in route and key not in made:
                    made[key] = make(cast)
            url = _fill(route, cast.firm_a.slug, made)
            page = client.get(url)
            fields: set[str] = set()
            if page.status_code == 200 and "html" in page.get("Content-Type", ""):
                html = page.content.decode(errors="replace")
                fields = set(re.findall(r'name="([\w\-\[\]]+)"', html))
            fields.discard("csrfmiddlewaretoken")
            for _ in range(CASES_PER_PAGE):
                data = {f: rnd.choice(ODD) for f in sorted(fields) if rnd.random() < 0.7}
                data.update({f: rnd.choice(ODD) for f in EXTRA if rnd.random() < 0.2})
                for method, response in (
                    ("POST", client.post(url, data)),
                    ("GET", client.get(url, dict(list(data.items())[:4]))),
                ):
                    calls += 2 if method == "GET" else 0
                    if response.status_code >= 500:
                        problems.append(f"{method} {name} {url} {data!r:.300}")
    for problem in problems[:20]:
        print(problem)
    assert not problems, f"{len(problems)} server errors (printed above)"
    assert calls >= len(PAGES) * CASES_PER_PAGE * 2
