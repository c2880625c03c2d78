"""Headless Chromium for the HTML page tests, driven by Playwright's Python package.

The browser is Debian's ``chromium`` package at /usr/bin/chromium, which
scripts/ensure-chromium.sh installs when it is missing (that needs root, as in
CI; elsewhere the browser tests are skipped with the command to run).
Playwright's own browser download is never used.

Pages are served from a made-up origin by a route that answers for the files
of one folder and records, then refuses, every other request: a page that
tries to fetch anything shows up in ``Visit.requests``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))  # for helpers.py
sys.path.insert(0, str(ROOT / "scripts"))  # for headless_chromium.py, shared with scripts/screenshot-docs.py

from headless_chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
ORIGIN = "http://journeyctl.test"
VIEWPORT = {"width": 1440, "height": 900}


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.geteuid() != 0:
            pytest.skip(f"{CHROMIUM} is missing; install it as root with: sh scripts/ensure-chromium.sh")
        subprocess.run(["sh", str(ROOT / "scripts" / "ensure-chromium.sh")], check=True)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the browser tests need Playwright: pip install -e '.[test]'")
    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()
    playwright.stop()


@dataclass
class Visit:
    """An open page and everything it did that a test may want to hold against it."""

    page: object
    url: str
    requests: list[str] = field(default_factory=list)  # requests for anything but the served files
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def go(self, name: str) -> None:
        self.url = f"{ORIGIN}/{name}"
        self.page.goto(self.url, wait_until="load")


@pytest.fixture
def open_page(browser):
    """``open_page(folder, name, **context options)``: load ``folder/name`` and watch it."""
    contexts = []

    def open_(folder: Path, name: str, *, color_scheme: str = "light", init_script: str | None = None, **options) -> Visit:
        context = browser.new_context(viewport=VIEWPORT, color_scheme=color_scheme, **options)
        contexts.append(context)
        page = context.new_page()
        visit = Visit(page, "")

        def route(route_) -> None:
            url = route_.request.url
            if url.startswith(ORIGIN + "/"):
                path = (folder / url[len(ORIGIN) + 1 :].split("#")[0].split("?")[0]).resolve()
                if path.is_file() and folder.resolve() in path.parents:
                    route_.fulfill(status=200, content_type="text/html; charset=utf-8", body=path.read_bytes())
                    return
            visit.requests.append(url)
            route_.abort()

        context.route("**/*", route)
        if init_script:
            context.add_init_script(init_script)
        page.on("console", lambda message: message.type == "error" and visit.console_errors.append(message.text))
        page.on("pageerror", lambda error: visit.page_errors.append(str(error)))

        def dialog(d) -> None:
            visit.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)
        visit.go(name)
        return visit

    yield open_
    for context in contexts:
        context.close()
