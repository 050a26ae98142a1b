"""Script and HTML put anywhere a person or a feed can write are shown escaped everywhere.

Firm A gets one object of every kind the route tables know (``OBJECTS``), a mention pushed
through the API, a public crisis page with an update and an FAQ; then every free-text field of
every one of its rows (names, titles, texts, authors, drafts, questions, answers, notes...) is
overwritten with the payloads. Every GET page of the route tables is rendered as the firm's
administrator, and the public side (crisis page, Atom feed, widget and banner scripts, firm
index) anonymously: no payload may appear unescaped. API answers must stay JSON (where the
payload is data, not markup).
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import yaml
from django.apps import apps
from django.db import models
from django.test import Client

from tests.test_isolation import API, OBJECTS, PAGES, _fill, _firm_routes
from tocsin.crises.models import Crisis
from tocsin.firms.models import ApiToken, AuditEvent, Firm, Person
from tocsin.public import services as public
from tocsin.testing import Cast

SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'
PAYLOAD = IMAGE + SCRIPT
# What must never come out raw (an attribute break-out followed by a tag, or a script tag).
RAW = re.compile(r"<script>alert\(1\)|<img src=x onerror", re.IGNORECASE)

# Fields that hold structure, not prose: poisoning them tests the parser, not the escaping
# (and some, such as keys and digests, must keep their shape for the row to be found).
STRUCTURED = re.compile(
    r"key|token|digest|secret|hash|prefix|slug|url|email|lang|query|source$|cursor|etag|"
    r"modified|signal|kind|state|status|code|password|username|version|external_id|"
    r"answer_id|scenario|^ip|agent|timezone|locale|format|mime|sha|_id$",
    re.IGNORECASE,
)


def _prose_fields(model: type[models.Model]) -> dict[str, int | None]:
    """Prose fields of ``model`` with their maximum length."""
    names = {}
    for field in model._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField) or field.choices:
            continue
        if field.unique or STRUCTURED.search(field.name):
            continue
        if field.max_length is not None and field.max_length < len(SCRIPT):
            continue
        names[field.name] = field.max_length
    return names


def _poison(firm: Firm) -> int:
    """Overwrite every prose field of every row of ``firm`` (and of its people); returns how
    many fields were changed."""
    changed = 0
    for model in apps.get_models():
        if not model.__module__.startswith("tocsin.") or model is AuditEvent:
            continue
        fields = _prose_fields(model)
        if not fields:
            continue
        names = {f.name for f in model._meta.concrete_fields}
        if model is Firm:
            rows: Any = Firm.objects.filter(pk=firm.pk)
        elif model is Person:
            rows = Person.objects.filter(memberships__firm=firm)
        elif "firm" in names:
            rows = model._base_manager.filter(firm=firm)
        else:
            continue
        values = {
            name: PAYLOAD if (length or len(PAYLOAD)) >= len(PAYLOAD) else SCRIPT
            for name, length in fields.items()
        }
        count = model._base_manager.filter(pk__in=list(rows.values_list("pk", flat=True))).update(
            **values
        )
        changed += count * len(fields)
    return changed


@pytest.fixture
def poisoned(cast: Cast) -> dict[str, int]:
    ids = {key: make(cast) for key, make in OBJECTS.items()}
    _, token = ApiToken.issue(firm=cast.firm_a, person=cast.ada.person, name="push")
    pushed = Client().post(
        "/api/v1/mentions",
        {
            "text": f"Le cabinet {PAYLOAD}",
            "title": PAYLOAD,
            "author": PAYLOAD,
            "url": "https://x.example/a",
        },
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert pushed.status_code in (200, 201), pushed.content
    crisis = Crisis.objects.for_firm(cast.firm_a).get(pk=ids["crisis_id"])
    public.set_page(
        crisis, is_public=True, title_fr=PAYLOAD, title_en=PAYLOAD, contact=PAYLOAD,
        actor=cast.alice.person,
    )  # fmt: skip
    public.publish_update(
        crisis, body_fr=PAYLOAD, body_en=PAYLOAD, state="investigating", notify=False,
        actor=cast.alice.person,
    )  # fmt: skip
    faq = {
        "crisis": PAYLOAD,
        "entries": [
            {"id": "what", "questions": [PAYLOAD, "Que s'est-il passé ?"],
             "answers": {"fr": PAYLOAD, "en": PAYLOAD}},
        ],
    }  # fmt: skip
    public.save_faq(crisis, yaml.safe_dump(faq, allow_unicode=True), actor=cast.alice.person)
    assert _poison(cast.firm_a) > 50
    return ids


def _unescaped(body: bytes) -> list[str]:
    text = body.decode("utf-8", "replace")
    return [text[max(0, m.start() - 80) : m.end() + 20] for m in RAW.finditer(text)]


ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
NO_TEXT = {"mention_curve"}  # a chart fragment: counts, no text
GET_PAGES = sorted(name for name, (method, _) in PAGES.items() if method == "GET")


@pytest.mark.parametrize("name", GET_PAGES)
def test_firm_pages_show_payloads_escaped(cast: Cast, poisoned: dict[str, int], name: str) -> None:
    route = dict(_firm_routes())[name]
    client = Client()
    client.force_login(cast.ada.person)
    response = client.get(_fill(route, "alpha", poisoned))
    # A step of a wizard without its session redirects; evidence without a file is gone.
    assert response.status_code in (200, 302, 410), f"{name}: {response.status_code}"
    _assert_safe(response)
    if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
        # The payload is really there (escaped), or this proves nothing.
        assert ESCAPED in response.content.decode() or name in NO_TEXT


def _assert_safe(response: Any) -> None:
    """Markup (HTML, Atom, scripts) never carries the payload raw; data (JSON, YAML, CSV,
    PDF) may, as data, and must then not be taken for a page by a browser."""
    kind = response.get("Content-Type", "").split(";")[0].strip()
    if kind in {"application/json", "text/csv", "application/pdf"} or "yaml" in kind:
        assert response.get("X-Content-Type-Options") == "nosniff"
        if kind == "application/json":
            json.loads(response.content)
        return
    assert kind in {
        "text/html", "application/atom+xml", "text/javascript", "application/javascript",
        "text/plain", "",
    }, kind  # fmt: skip
    assert _unescaped(response.content) == []


def test_payloads_reach_the_pages(cast: Cast, poisoned: dict[str, int]) -> None:
    """The control: the payload is on the pages, escaped (else the test above sees nothing)."""
    client = Client()
    client.force_login(cast.ada.person)
    inbox = client.get(_fill(dict(_firm_routes())["inbox"], "alpha", poisoned)).content.decode()
    assert ESCAPED in inbox


def _public_urls(crisis_id: int) -> list[str]:
    base = f"/p/alpha/{crisis_id}/"
    return ["/p/alpha/", "/p/alpha/banner.js", base, f"{base}feed.atom", f"{base}widget.js"]


def test_public_side_shows_payloads_escaped(cast: Cast, poisoned: dict[str, int]) -> None:
    seen = []
    for url in _public_urls(poisoned["crisis_id"]):
        response = Client().get(url, HTTP_ACCEPT_LANGUAGE="fr")
        assert response.status_code == 200, f"{url}: {response.status_code}"
        _assert_safe(response)
        seen.append(response.content.decode())
    page, atom = seen[2], seen[3]
    assert "&lt;script&gt;" in page
    assert "&lt;script&gt;" in atom or "&amp;lt;script&amp;gt;" in atom


def test_chatbot_answers_are_json_not_markup(cast: Cast, poisoned: dict[str, int]) -> None:
    response = Client().post(
        f"/p/alpha/{poisoned['crisis_id']}/chat",
        json.dumps({"q": "Que s'est-il passé ?"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert PAYLOAD in response.json()["answer"]


API_READS = sorted(path for method, path in API if method == "GET")


@pytest.mark.parametrize("path", API_READS)
def test_api_answers_are_json(cast: Cast, poisoned: dict[str, int], path: str) -> None:
    _, token = ApiToken.issue(firm=cast.firm_a, person=cast.ada.person, name="read")
    url = re.sub(r"\{(\w+)\}", lambda m: str(poisoned[m.group(1)]), path)
    response = Client().get(url, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, f"{path}: {response.status_code}"
    assert response["Content-Type"].startswith("application/json")
    response.json()
