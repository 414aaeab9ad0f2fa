"""The demo page in headless Chromium, for the browser test and the README's picture."""

from __future__ import annotations

import shutil

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def open_page(playwright, url: str, *, height: int = 900):
    """(browser, page) with the demo page loaded and ready; close the browser when done."""
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
    page = browser.new_page(viewport={"width": 1280, "height": height})
    page.goto(url)
    page.wait_for_selector("body[data-ready]")
    return browser, page
