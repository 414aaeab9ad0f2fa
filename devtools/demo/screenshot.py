"""The README's picture, made again from the current page: `python -m devtools.demo.screenshot [PATH]`.

A fresh demo in a scratch folder plays the tour to the approval (the requisition submitted, then
approved), and headless Chromium shows #ml-hiring as the hiring manager: the requisition post, as the
caption says. Needs Debian's `chromium` and Playwright (requirements-dev.txt); emoji show as emoji when a
colour emoji font is installed (Debian's `fonts-noto-color-emoji`)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from devtools.demo.browser import CHROMIUM, open_page
from devtools.demo.server import serve
from devtools.demo.tour import Tour
from devtools.demo.workspace import HIRING, HM, Demo

STEPS_TO_APPROVAL = 2


def main(path: str = "docs/demo.png") -> int:
    from playwright.sync_api import sync_playwright

    if CHROMIUM is None:
        print("error: Chromium is needed: apt-get install chromium", file=sys.stderr)
        return 2
    demo = Demo(Path(tempfile.mkdtemp()), fresh=True)
    tour = Tour(demo, out=lambda line: None)
    for _ in range(STEPS_TO_APPROVAL):
        tour.step()
    url, server = serve(demo, 0)
    try:
        with sync_playwright() as p:
            browser, page = open_page(p, url, height=860)
            page.select_option("#who", HM)
            page.click(f'[data-goto="{HIRING}"]')
            page.wait_for_selector("#messages .msg >> text=Requisition #1")
            post = page.locator("#messages .msg", has_text="Requisition #1").first
            # tall enough for the whole post, down to its buttons, above the message box
            height = post.evaluate("element => element.getBoundingClientRect().height")
            page.set_viewport_size({"width": 1280, "height": max(860, int(height) + 190)})
            post.evaluate("element => element.scrollIntoView({block: 'start'})")
            page.screenshot(path=path)
            browser.close()
    finally:
        server.shutdown()
        demo.close()
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
