"""Sign in through the real pages in headless Chromium (Debian's, driven by Playwright)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tocsin.firms import demo

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(os.environ.get("TOCSIN_SCREENSHOTS", Path.cwd() / "var" / "screenshots"))

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(
                "Chromium is missing (make test installs it with scripts/ensure-chromium.sh)"
            )
        pytest.skip("Chromium is not installed")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the
    # test itself happen before it starts, the live server runs in its own thread.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR")
        yield context.new_page()
        browser.close()


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
