"""Sign in through the real pages in headless Chromium (Debian's, driven by Playwright)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tocsin.firms import demo
from tocsin.testing import chromium_page

SHOTS = Path(os.environ.get("TOCSIN_SCREENSHOTS", Path.cwd() / "var" / "screenshots"))

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    with chromium_page(monkeypatch, width=1280, height=800) as opened:
        yield opened


def test_partner_signs_in_and_sees_the_firm(page: object, live_server: object) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    demo.build()
    url = str(live_server.url)  # type: ignore[attr-defined]
    page.goto(url + "/")
    expect(page).to_have_url(url + "/login/?next=/")
    page.fill("#id_username", "claire@martin-associes.example")
    page.fill("#id_password", "wrong password")
    page.click("button[type=submit] >> nth=-1")
    expect(page.locator(".errorlist")).to_be_visible()
    page.fill("#id_username", "claire@martin-associes.example")
    page.fill("#id_password", demo.DEMO_PASSWORD)
    page.click("form:has(#id_password) button[type=submit]")
    expect(page).to_have_url(url + f"/f/{demo.DEMO_SLUG}/")
    expect(page.locator("h1")).to_have_text("Cabinet Martin & Associés")
    expect(page.locator("nav.side")).to_contain_text("Équipe")
    page.click("nav.side >> text=Équipe")
    expect(page.locator("table")).to_contain_text("Léa Dubois")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "team.png"), full_page=True)
    # The interface switches to English and stays there.
    page.click("button[value=en]")
    expect(page.locator("nav.side")).to_contain_text("Team")
    page.goto(url + f"/f/{demo.DEMO_SLUG}/")
    expect(page.locator("nav.side")).to_contain_text("Overview")
    page.screenshot(path=str(SHOTS / "overview-en.png"), full_page=True)
