"""Rebuild the README's pictures: the demo firm in a real browser.

    .venv/bin/python scripts/screenshots.py

Creates the demo in a temporary data folder, serves it with `tocsin run --no-worker`, signs
in as the demo partner in headless Chromium (Debian's, driven by Playwright) and saves the
pages listed in PAGES into docs/.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
SLUG = "martin-associes"
PAGES = [
    ("overview", f"/f/{SLUG}/"),
    ("inbox", f"/f/{SLUG}/inbox/"),
    ("team", f"/f/{SLUG}/team/"),
    ("room", f"/f/{SLUG}/crises/2/"),
]


def main() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with tempfile.TemporaryDirectory(prefix="tocsin-shots-") as data:
        env = {**os.environ, "TOCSIN_DATA_DIR": data}
        env.pop("DATABASE_URL", None)
        subprocess.run([sys.executable, "-m", "tocsin.cli", "demo"], env=env, cwd=ROOT, check=True)
        server = subprocess.Popen(
            [sys.executable, "-m", "tocsin.cli", "run", "--no-worker", "--port", str(port)],
            env=env,
            cwd=ROOT,
        )
        try:
            time.sleep(4)
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
                )
                page = browser.new_page(viewport={"width": 1280, "height": 860}, locale="fr-FR")
                base = f"http://127.0.0.1:{port}"
                page.goto(base + "/login/")
                page.fill("#id_username", "claire@martin-associes.example")
                page.fill("#id_password", "demo-tocsin-2026")
                page.click("form:has(#id_password) button[type=submit]")
                # The partner also belongs to the demo drill's sandbox: sign-in lands on the
                # firm chooser, so wait for any page after the form.
                page.wait_for_url(lambda url: "/login" not in url)
                for name, path in PAGES:
                    response = page.goto(base + path)
                    if response is None or response.status != 200:
                        print(f"skipped {path}: {response.status if response else 'no response'}")
                        continue
                    page.wait_for_timeout(800)  # htmx panels load after the page
                    target = ROOT / "docs" / f"screenshot-{name}.png"
                    page.screenshot(path=str(target), full_page=False)
                    print(f"saved {target.relative_to(ROOT)}")
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
