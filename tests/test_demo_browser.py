"""The demo in a real browser: headless Chromium (Debian's `chromium`, driven by Playwright's Python API)
opens the page, acts as the hiring manager, runs /ml-req, fills the modal (a bad headcount first: the
error appears under the field), switches to the approver, approves from the DM, sees the channel post
change, presses +1 day and takes a screenshot.

`.ci/run` installs Chromium when it is missing and sets DEMO_BROWSER_REQUIRED, so in CI this test runs
on every submission; elsewhere it is skipped when there is no Chromium to drive.
"""

from __future__ import annotations

import os
import shutil
from datetime import timedelta

import pytest

from bot.flows.requisition import ids
from bot.playbook import load_playbook
from devtools.demo.browser import open_page
from devtools.demo.server import serve
from devtools.demo.workspace import HEAD, HIRING, HM, Demo

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _browser_or_skip():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if CHROMIUM and sync_playwright:
        return sync_playwright
    if os.environ.get("DEMO_BROWSER_REQUIRED"):
        pytest.fail("Chromium and Playwright are required here (DEMO_BROWSER_REQUIRED is set)")
    pytest.skip("no Chromium to drive")


def field(page, block_id: str):
    return page.locator(f'#overlay .b-input[data-block-id="{block_id}"]')


def test_the_loop_in_a_real_browser(tmp_path):
    sync_playwright = _browser_or_skip()
    from playwright.sync_api import expect

    demo = Demo(tmp_path, fresh=True)
    url, server = serve(demo, 0)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            external = []  # watched from the first request: the page must load nothing from elsewhere
            page.on("request", lambda r: external.append(r.url) if not r.url.startswith(url) else None)
            page.goto(url)
            page.wait_for_selector("body[data-ready]")
            page.select_option("#who", HM)
            expect(page.locator("#who")).to_have_value(HM)
            page.fill("#say", "/ml-req")
            page.press("#say", "Enter")
            page.wait_for_selector("#overlay .modal")
            assert page.locator("#overlay .modal-title").inner_text() == "New ML requisition"

            choices = {
                ids.SPECIALIZATION: "nlp",
                ids.LEVEL: "senior",
                ids.LOCATION: "remote",
                ids.HIRING_MODEL: "in_house",
                ids.STAGE: "production",
                ids.WORK: "both",
                ids.MLOPS: "moderate",
                ids.APPROVER: HEAD,
                ids.CHANNEL: HIRING,
            }
            for block_id, value in choices.items():
                field(page, block_id).locator("select").select_option(value)
            start = demo.clock.now.date() + timedelta(days=300)  # the demo's own today, whenever this runs
            field(page, ids.TARGET_START).locator("input").fill(start.isoformat())
            for q in load_playbook().readiness.questions:
                field(page, ids.readiness_block(q.key)).locator('input[value="yes"]').check()
            field(page, ids.HEADCOUNT).locator("input").fill("0")  # not 1-50: refused on the field
            page.click("#overlay [data-submit]")
            error = field(page, ids.HEADCOUNT).locator(".error")
            error.wait_for()
            assert "1" in error.inner_text() and "50" in error.inner_text()
            field(page, ids.HEADCOUNT).locator("input").fill("2")
            page.click("#overlay [data-submit]")
            page.wait_for_selector("#overlay", state="hidden")
            post = page.locator("#messages .msg", has_text="Requisition #1")
            assert "Awaiting approval from @Sam Okafor" in post.first.inner_text()

            page.select_option("#who", HEAD)
            page.click('[data-goto^="D"]')
            page.wait_for_selector(f'#messages button[data-action-id="{ids.APPROVE}"]')
            page.click(f'#messages button[data-action-id="{ids.APPROVE}"]')
            if page.locator("#confirm").is_visible():
                page.click("#confirm-yes")
            page.wait_for_selector("#messages .msg >> text=approved")
            page.click(f'[data-goto="{HIRING}"]')
            page.wait_for_selector("#messages .msg >> text=Requisition #1")
            assert "approved" in page.locator("#messages .msg", has_text="Requisition #1").first.inner_text().lower()

            before = page.inner_text("#clock")
            page.click('[data-clock="day"]')
            expect(page.locator("#clock")).not_to_have_text(before)
            shot = tmp_path / "demo.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
            assert external == []  # nothing fetched from anywhere but the demo itself
            assert demo.double.violations == []
            browser.close()
    finally:
        server.shutdown()
        demo.close()


def test_the_tour_log_shows_its_newest_line_and_the_page_follows_each_step(tmp_path):
    sync_playwright = _browser_or_skip()
    from playwright.sync_api import expect

    demo = Demo(tmp_path, fresh=True)
    url, server = serve(demo, 0)
    try:
        with sync_playwright() as p:
            browser, page = open_page(p, url)
            followed = 0
            for step in range(1, 4):
                with page.expect_response(lambda r: r.url.endswith("/api/tour")) as answer:
                    page.click("#tour-step")
                told = answer.value.json()
                expect(page.locator("#tour-lines")).to_contain_text(f"{step}. ")
                # the page acts as the person the step's result is for, where that result is
                expect(page.locator("#who")).to_have_value(told["who"])
                where = told["at"]
                title = "# ml-hiring" if where == HIRING else None
                if title:
                    expect(page.locator("#title")).to_contain_text("ml-hiring")
                else:
                    expect(page.locator("#title")).not_to_have_text("")
                if where is not None:  # a step that said nothing new leaves the page where it was
                    assert page.evaluate("localStorage.getItem('at')") == where
                    followed += 1
                # the log's newest line is in view
                page.wait_for_function(
                    "() => { const l = document.getElementById('tour-lines');"
                    " return l.scrollTop + l.clientHeight >= l.scrollHeight - 2; }"
                )
            assert followed >= 2
            browser.close()
    finally:
        server.shutdown()
        demo.close()
