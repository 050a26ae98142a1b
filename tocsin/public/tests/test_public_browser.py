"""The public crisis page in headless Chromium: the chatbot widget answers with the approved
entry, and an in-page accessibility check finds nothing (see a11y_check.js: NOT axe-core,
a small checker of the WCAG 2.1 AA points that can be tested mechanically)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from tocsin.crises.models import Crisis, CrisisState, CrisisType
from tocsin.firms.models import Firm
from tocsin.public import services
from tocsin.public.tests.conftest import FAQ_YAML
from tocsin.testing import chromium_page

CHECKER = (Path(__file__).parent / "a11y_check.js").read_text(encoding="utf-8")
SHOTS = Path(os.environ.get("TOCSIN_SCREENSHOTS", Path.cwd() / "var" / "screenshots"))

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    # A phone-sized window: the page must be readable there.
    with chromium_page(monkeypatch, width=390, height=844) as opened:
        yield opened


def _public_crisis() -> Crisis:
    firm = Firm.objects.create(name="Cabinet Alpha", slug="alpha")
    crisis = Crisis.objects.create(
        firm=firm,
        title="Fuite de données clients",
        crisis_type=CrisisType.DATA_BREACH,
        state=CrisisState.ACTIVE,
        awareness_at=timezone.now(),
    )
    services.set_page(
        crisis,
        is_public=True,
        title_fr="Fuite de données clients",
        title_en="Client data leak",
        contact="01 02 03 04 05",
        actor=None,
    )
    services.save_faq(crisis, FAQ_YAML, actor=None)
    services.publish_update(
        crisis,
        body_fr="Un serveur a été piraté ; l'accès est coupé.",
        body_en="A server was hacked; access is cut off.",
        state="identified",
        notify=False,
        actor=None,
    )
    return crisis


def _focus_is_visible(page: Any, steps: int = 30) -> list[str]:
    """Tab through the page; every focused element must show an outline or a shadow."""
    problems = []
    for _ in range(steps):
        page.keyboard.press("Tab")
        state = page.evaluate(
            """() => { const el = document.activeElement; if (!el || el === document.body) return null;
                const s = getComputedStyle(el);
                return {tag: el.tagName + (el.id ? '#' + el.id : ''), style: s.outlineStyle,
                        width: parseFloat(s.outlineWidth), shadow: s.boxShadow}; }"""
        )
        if state is None:
            continue
        if (state["style"] == "none" or state["width"] < 1) and state["shadow"] == "none":
            problems.append(f"no visible focus on {state['tag']}")
    return problems


def test_visitor_asks_the_widget_and_the_page_passes_the_checks(
    page: Any, live_server: Any
) -> None:
    from playwright.sync_api import expect

    crisis = _public_crisis()
    url = f"{live_server.url}/p/alpha/{crisis.pk}/"
    page.goto(url)
    expect(page.locator("h1")).to_have_text("Fuite de données clients")
    page.click("text=Une question ?")
    page.fill("#tocsin-chat-q", "Faut-il changer mon mot de passe ?")
    page.click(".tocsin-chat form button[type=submit]")
    answer = page.locator(".tocsin-chat [data-answer-id=passwords]")
    expect(answer).to_contain_text("Aucun mot de passe n'a fuité")
    # Text only: an answer is never read as HTML.
    assert page.locator(".tocsin-chat .tc-log script").count() == 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "public-page-chat.png"), full_page=True)
    problems = page.evaluate(CHECKER)
    assert problems == [], problems
    assert _focus_is_visible(page) == []
    page.goto(url + "?lang=en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    problems = page.evaluate(CHECKER)
    assert problems == [], problems


def test_the_checker_finds_what_it_claims_to_check(page: Any) -> None:
    page.set_content(
        "<html><head><title>t</title></head><body><h1>Titre</h1><h3>Saut</h3>"
        '<p style="color:#aaa;background:#fff">pâle</p><input id="nom">'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="5" height="5"></body></html>'
    )
    problems = "\n".join(page.evaluate(CHECKER))
    for expected in ("no lang", "heading jumps", "contrast", "without label", "without alt"):
        assert expected in problems, problems
