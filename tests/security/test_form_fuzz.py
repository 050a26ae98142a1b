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
from collections import Counter, defaultdict
from collections.abc import Iterator
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

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


def _forms(html: str, page_url: str) -> Iterator[tuple[str, set[str]]]:
    """(URL name the form posts to, the field names it holds) for each form of a page."""
    for form in re.finditer(r"<form\b([^>]*)>(.*?)</form>", html, re.S):
        action = re.search(r'action="([^"]*)"', form.group(1))
        path = urlsplit(unescape(action.group(1)) if action else page_url).path or page_url
        try:
            name = resolve(path).url_name
        except Resolver404:
            continue
        if name:
            yield name, set(re.findall(r'name="([\w\-\[\]]+)"', form.group(2)))


@pytest.mark.django_db(transaction=True)
def test_no_page_answers_odd_values_with_a_server_error(cast: Cast) -> None:
    rnd = random.Random(SEED)
    routes = dict(_firm_routes())
    made: dict[str, int] = {}
    problems: list[str] = []
    client = Client(raise_request_exception=False)
    client.force_login(cast.ada.person)
    urls: dict[str, str] = {}
    for name in sorted(PAGES):
        for key, make in OBJECTS.items():
            if f"<int:{key}>" in routes[name] and key not in made:
                made[key] = make(cast)
        urls[name] = _fill(routes[name], cast.firm_a.slug, made)
    # The fields of each route, read from every form that posts to it, on any page (an
    # action such as a bulk triage has no page of its own).
    fields: dict[str, set[str]] = defaultdict(set)
    for url in urls.values():
        page = client.get(url)
        if page.status_code == 200 and "html" in page.get("Content-Type", ""):
            for target, names in _forms(page.content.decode(errors="replace"), url):
                fields[target] |= names - {"csrfmiddlewaretoken"}
    calls = 0
    statuses: Counter[int] = Counter()
    with loopback_only():
        for name, url in urls.items():
            for _ in range(CASES_PER_PAGE):
                data = {f: rnd.choice(ODD) for f in sorted(fields[name]) if rnd.random() < 0.7}
                data.update({f: rnd.choice(ODD) for f in EXTRA if rnd.random() < 0.2})
                for method, response in (
                    ("POST", client.post(url, data)),
                    ("GET", client.get(url, dict(list(data.items())[:4]))),
                ):
                    calls += 1
                    statuses[response.status_code] += 1
                    if response.status_code >= 500:
                        problems.append(f"{method} {name} {url} {data!r:.300}")
    filled = sum(1 for name in PAGES if fields[name])
    for problem in problems[:20]:
        print(problem)
    print(
        f"\n{calls} calls to {len(PAGES)} routes, {filled} with fields; statuses {dict(statuses)}"
    )
    assert not problems, f"{len(problems)} server errors (printed above)"
    assert calls >= len(PAGES) * CASES_PER_PAGE * 2
    # The values reached the views' own handling: the routes a form posts to had their
    # fields filled (about 40 % of routes; the others are pages without forms, downloads
    # and htmx buttons), and the views answered with their pages (200), refusals (400) and
    # redirects (302) more often than with "method not allowed".
    assert filled >= len(PAGES) // 3
    assert statuses[200] + statuses[302] + statuses[400] > calls // 2
