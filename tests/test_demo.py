"""The demo workspace without a browser: the renderer (every block and element type, escaping, mrkdwn, dates
in the viewer's zone), the double's strictness shown in the page, the scripted tour, and the command line."""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import datetime, timezone

import pytest

from bot.ui.blocks import button, context, divider, header, input_block, option, plain, section
from devtools import render
from devtools.blockkit import INPUT_ELEMENTS
from devtools.demo import LINE
from devtools.demo.server import serve
from devtools.demo.tour import Tour
from devtools.demo.views import state
from devtools.demo.workspace import HIRING, HM, RECRUITER, Demo, dm
from tests.support.paths import ROOT

WS = render.Workspace(people={"U0ADA": "Ada"}, channels={"C0HIRE": "ml-hiring"}, zone="Asia/Tokyo")
EVIL = "<script>alert(1)</script>"
CONFIRM = {"title": plain("Sure?"), "text": plain("Really"), "confirm": plain("Yes"), "deny": plain("No")}


def test_mrkdwn_formatting_mentions_links_and_dates_in_the_viewers_zone():
    stamp = int(datetime(2026, 11, 30, 15, 0, tzinfo=timezone.utc).timestamp())
    html = render.mrkdwn(
        f"*bold* _it_ ~gone~ `code` <@U0ADA> <#C0HIRE> <https://example.org/x?a=1&amp;b=2|the link> "
        f"<!date^{stamp}^{{date_short}} at {{time}}|fallback> &lt;not a tag&gt; :tada:",
        WS,
    )
    assert "<b>bold</b>" in html and "<i>it</i>" in html and "<s>gone</s>" in html and "<code>code</code>" in html
    assert '<span class="mention">@Ada</span>' in html and '<span class="mention">#ml-hiring</span>' in html
    assert '<a href="https://example.org/x?a=1&amp;b=2" rel="noopener noreferrer" target="_blank">the link</a>' in html
    assert "Dec 1, 2026 at 00:00" in html  # 15:00 UTC on 30 Nov is midnight in Tokyo
    assert "&lt;not a tag&gt;" in html and "🎉" in html


def test_everything_from_outside_is_escaped():
    for text in (EVIL, f"<https://x.org|{EVIL}>", f"*{EVIL}*", f"<@U0ADA|{EVIL}>", "<javascript:alert(1)|x>"):
        html = render.mrkdwn(text, WS)
        assert "<script" not in html and 'href="javascript' not in html, html
    blocks = [
        header(EVIL),
        section(EVIL, accessory=button(EVIL, "a", EVIL)),
        context(EVIL),
        input_block("b", EVIL, {"type": "static_select", "action_id": "v", "options": [option(EVIL, EVIL)]}),
    ]
    html = render.blocks(blocks, WS)
    assert "<script" not in html and html.count("&lt;script&gt;") >= 5


def element_of(kind: str) -> dict:
    el = {"type": kind, "action_id": "value", "placeholder": plain("Pick")}
    if kind in ("static_select", "multi_static_select", "radio_buttons", "checkboxes"):
        el["options"] = [option("a", "A"), option("b", "B")]
    if kind in ("radio_buttons", "checkboxes"):
        el.pop("placeholder")
    return el


@pytest.mark.parametrize("kind", sorted(INPUT_ELEMENTS))
def test_every_input_element_renders_as_a_form_control(kind):
    html = render.block(input_block("blk", "Label", element_of(kind)), WS)
    assert "unsupported" not in html
    assert f'data-kind="{kind}"' in html and 'data-block-id="blk"' in html
    errored = render.block(input_block("blk", "Label", element_of(kind)), render.Workspace(errors={"blk": "Too big"}))
    assert '<div class="error" role="alert">Too big</div>' in errored


def test_the_person_picker_offers_people_not_the_bot():
    """Case 14 of issue 33: the demo's picker offered the bot itself; picking it left Slack's user_not_found."""
    from devtools.demo.views import BOT_USER, workspace

    ws = workspace(HM)
    assert BOT_USER in ws.people  # its messages are still signed with its name
    for kind in ("users_select", "multi_users_select"):
        html = render.block(input_block("who", "Who", {"type": kind, "action_id": "v"}), ws)
        assert f'value="{BOT_USER}"' not in html and f'value="{HM}"' in html


def test_every_block_type_and_message_element_renders():
    blocks = [
        header("Title"),
        section("Text", accessory={"type": "overflow", "action_id": "o", "options": [option("x", "X")]}),
        {"type": "section", "fields": [{"type": "mrkdwn", "text": "*F*"}, {"type": "plain_text", "text": "G"}]},
        context("small", "print"),
        divider(),
        {"type": "image", "image_url": "/files/F1", "alt_text": "chart"},
        {
            "type": "actions",
            "block_id": "acts",
            "elements": [
                button("Go", "go", "1", style="primary"),
                button("Stop", "stop", "2", style="danger")
                | {
                    "confirm": {
                        "title": plain("Sure?"),
                        "text": plain("Really"),
                        "confirm": plain("Yes"),
                        "deny": plain("No"),
                    }
                },
                {"type": "users_select", "action_id": "u", "placeholder": plain("Who")},
                {"type": "datepicker", "action_id": "d"},
            ],
        },
    ]
    assert render.unsupported(blocks) == []
    html = render.blocks(blocks, WS)
    assert "unsupported" not in html
    assert 'class="btn primary"' in html and 'class="btn danger"' in html and "data-confirm" in html
    assert '<img src="/files/F1" alt="chart">' in html and "menu-item" in html
    assert render.unsupported([{"type": "rich_text"}]) == ["block rich_text"]


def test_the_bots_largest_surfaces_render(playbook):
    """The intake modal, the settings modal and the Home tab at their largest: every block shown."""
    from bot.config import Settings
    from bot.ui import home as home_ui
    from bot.ui import requisition_intake
    from bot.ui.settings import settings_modal

    views = [
        requisition_intake.intake_modal(playbook, default_channel=HIRING),
        settings_modal(Settings(bot_admins=frozenset({"U0ADA"})), [], 0),
    ]
    for view in views:
        assert render.unsupported(view["blocks"]) == []
        html = render.modal(view | {"id": "V1"}, WS)
        assert html.count('class="b-input') == sum(b["type"] == "input" for b in view["blocks"])
    assert home_ui.DM_USAGE  # the Home tab's own surface is rendered end to end in test_demo_browser


@pytest.fixture
def demo(tmp_path):
    d = Demo(tmp_path, fresh=True)
    yield d
    d.close()


def test_the_double_refuses_like_slack_and_the_page_shows_it(demo):
    trigger = demo.double.issue_trigger(HM)
    demo.double._triggers[trigger] = (HM, time.monotonic() - 4)  # handed out more than 3 seconds ago
    view = {"type": "modal", "title": plain("T"), "blocks": [section("x")]}
    assert demo.double.handle("views.open", {"trigger_id": trigger, "view": view}, "Bearer xoxb-test-token") == {
        "ok": False,
        "error": "expired_trigger_id",
    }
    assert demo.double.handle("views.open", {"trigger_id": "made.up", "view": view}, "Bearer xoxb-test-token")[
        "error"
    ] == ("invalid_trigger_id")
    assert demo.double.handle("chat.unknownThing", {}, "Bearer xoxb-test-token")["error"] == "unknown_method"
    too_long = {
        "channel": HIRING,
        "text": "x",
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "y" * 3001}}],
    }
    assert demo.double.handle("chat.postMessage", too_long, "Bearer xoxb-test-token")["error"] == "invalid_blocks"
    shown = state(demo, HM, HIRING)["refusals"]
    assert any("expired_trigger_id" in r for r in shown) and any("unknown_method" in r for r in shown)
    assert any("limit is 3000" in r for r in shown)


def test_an_old_button_pressed_changes_its_message_in_place_and_adds_only_the_reason(demo):
    """Case 14 of issue 33: each old-button press added a full copy of its message, "Only visible to you"."""
    from bot.flows.requisition import ids as req_ids
    from devtools.demo.workspace import HEAD

    tour = Tour(demo, out=lambda line: None)
    tour.step()  # submitted: the approver has Approve in the DM
    source, element = tour.button(dm(HEAD), req_ids.APPROVE)
    old = {"type": "button", "action_id": req_ids.APPROVE, "block_id": None, "value": element.get("value")}
    tour.step()  # approved from the DM
    notes = len(demo.local)
    demo.act(HEAD, source, old)  # the same button again, as a stale copy of the message would send it
    added = demo.local[notes:]
    assert len(added) == 1 and "already decided" in added[0]["text"], added
    channel, ts = source.split(":", 2)[1:]
    assert req_ids.APPROVE not in json.dumps(demo.double.messages[(channel, ts)].get("blocks"))


def test_commands_usage_and_escaping_through_the_page(demo):
    demo.say(HM, HIRING, "/sales report")
    assert "is not a command here" in state(demo, HM, HIRING)["main"]
    demo.say(HM, HIRING, EVIL)  # a person's own message
    page = state(demo, HM, HIRING)["main"]
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    demo.say(HM, dm(HM), "hello")  # the bot answers a DM with what it can do
    assert "slash commands" in state(demo, HM, dm(HM))["main"]
    assert dm(HM) not in state(demo, "U0SAM", dm(HM))["sidebar"]  # nobody else's DM


def test_the_tour_runs_to_the_end(demo):
    lines: list[str] = []
    transcript = Tour(demo, out=lines.append).run()
    steps = [line for line in transcript if re.match(r"^\d+\. ", line)]
    assert len(steps) == 11
    text = "\n".join(lines)
    for expected in (
        "opens a requisition",
        "Approval needed",
        "approves it",
        "Candidate Grace Hopper",
        "You are interviewing",
        "set their interview times",
        "Your scorecard, please",
        "Debrief for Grace Hopper",
        "Decision for Grace Hopper: Hire",
        "Welcome @Noah Reyes",
        "Day 30!",
        "Tour done",
    ):
        assert expected in text, expected
    assert "<@" not in text  # mentions read as names
    assert demo.double.violations == []


def test_the_page_api_and_files(demo):
    url, server = serve(demo, 0)
    try:
        page = urllib.request.urlopen(url + "/").read().decode()
        assert '<script src="/app.js"' in page and "http" not in page.replace(url, "")
        with urllib.request.urlopen(url + "/") as r:
            assert "script-src 'self'" in r.headers["Content-Security-Policy"]
        request = urllib.request.Request(
            url + "/api/say",
            data=json.dumps({"as": HM, "at": HIRING, "text": "/ml-req"}).encode(),
            headers=AS_THE_PAGE | {"Origin": url},
        )
        assert json.loads(urllib.request.urlopen(request).read())["status"] == 200
        shown = json.loads(urllib.request.urlopen(f"{url}/api/state?as={HM}&at={HIRING}").read())
        assert shown["modal"] and "New ML requisition" in shown["modal"]["html"]
        demo.close_modal(HM, shown["modal"]["id"])
        tour = urllib.request.Request(
            url + "/api/tour", data=json.dumps({"as": HM}).encode(), headers=AS_THE_PAGE | {"Origin": url}
        )
        first = json.loads(urllib.request.urlopen(tour).read())
        assert first["lines"][0].startswith("1. Maya Chen") and first["who"] == HM
        second = json.loads(urllib.request.urlopen(tour).read())
        assert second["lines"][0].startswith("2. Sam Okafor") and "approves" in second["lines"][0]
        demo.say(RECRUITER, HIRING, "/ml-report pipeline csv")  # the approved requisition, as a CSV in the DM
        assert "The CSV is on its way to your DM" in state(demo, RECRUITER, HIRING)["main"]
        in_dm = state(demo, RECRUITER, dm(RECRUITER))["main"]
        link = re.search(r'href="(/files/F\d+\?key=[\w-]+)" download="(pipeline-[\d-]+\.csv)"', in_dm)
        assert link, in_dm
        with urllib.request.urlopen(url + link[1]) as r:
            assert "attachment" in r.headers["Content-Disposition"]
            assert r.read().decode().startswith("requisition,specialization,level")
    finally:
        server.shutdown()


AS_THE_PAGE = {"Content-Type": "application/json"}


def raw(url: str, method: str, path: str, *, body: bytes = b"", **headers: str) -> tuple[int, dict, bytes]:
    """One HTTP request with exactly these headers (Host included), as another page or program could send it."""
    parsed = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=10)
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for name, value in ({"Host": parsed.netloc} | headers).items():
            connection.putheader(name, value)
        connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        answer = connection.getresponse()
        return answer.status, dict(answer.getheaders()), answer.read()
    finally:
        connection.close()


def test_the_demo_server_serves_its_own_page_only(demo):
    url, server = serve(demo, 0)
    say = json.dumps({"as": HM, "at": HIRING, "text": "posted from elsewhere"}).encode()
    try:
        posts_before = len(demo.double.messages)
        # a cross-site "simple" post (no preflight): refused, nothing posted
        status, _, _ = raw(
            url, "POST", "/api/say", body=say, **{"Content-Type": "text/plain", "Origin": "https://evil.example"}
        )
        assert status == 403
        assert raw(url, "POST", "/api/say", body=say, **{"Content-Type": "application/json"})[0] == 403  # no Origin
        assert raw(url, "POST", "/api/say", body=say, **{"Content-Type": "text/plain", "Origin": url})[0] == 415
        assert len(demo.double.messages) == posts_before and "posted from elsewhere" not in json.dumps(demo.local)
        # a DNS-rebinding page reaches the server under its own host name: refused
        port = urllib.parse.urlsplit(url).port
        for host in ("evil.example", f"evil.example:{port}", "127.0.0.1:1"):
            status, _, body = raw(url, "GET", f"/api/state?as={HM}&at={HIRING}", Host=host)
            assert status == 403 and b"workspace" not in body and b"Maya" not in body
        assert raw(url, "GET", "/", Host=f"localhost:{port}")[0] == 200
        # a body that is not JSON is the sender's mistake: 400, not 500
        for bad in (b"{not json", b"\xff\xfe", b"[1, 2]"):
            status, _, body = raw(url, "POST", "/api/say", body=bad, **AS_THE_PAGE | {"Origin": url})
            assert status == 400 and b"not a JSON" in body or b"not JSON" in body
        # HEAD is answered like GET, without the body
        status, headers, body = raw(url, "HEAD", "/")
        assert status == 200 and body == b"" and int(headers["Content-Length"]) > 1000
        assert headers["Content-Security-Policy"]
        # files only at the address the page was given
        from devtools.demo.tour import Tour

        tour = Tour(demo, out=lambda line: None)
        tour.step(), tour.step()  # a requisition submitted and approved: the pipeline has a row
        demo.say(RECRUITER, HIRING, "/ml-report pipeline csv")
        in_dm = state(demo, RECRUITER, dm(RECRUITER))["main"]
        link = re.search(r'href="(/files/(F\d+)\?key=([\w-]+))"', in_dm)
        assert link and link[3] == demo.file_key
        assert raw(url, "GET", link[1])[0] == 200
        wrong = ("1" if link[3][0] == "0" else "0") + link[3][1:]  # one character off (never the key itself)
        for guess in (f"/files/{link[2]}", f"/files/{link[2]}?key=", f"/files/{link[2]}?key={wrong}"):
            assert raw(url, "GET", guess)[0] == 404, guess
    finally:
        server.shutdown()


def test_python_m_bot_demo_prints_one_line_and_serves_on_localhost(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "demo", "--fresh", "--port", "0", "--data", str(tmp_path)],
        cwd=ROOT,
        env=env | {"ENV_FILE": str(tmp_path / "none.env")},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = process.stdout.readline().strip()
        match = re.fullmatch(LINE.format(url=r"(http://127\.0\.0\.1:\d+)"), line)
        assert match, line
        with urllib.request.urlopen(match[1] + "/") as r:
            assert r.status == 200
    finally:
        process.terminate()
        process.wait(10)


def test_a_second_demo_on_a_busy_port_says_so_in_one_line_at_once(tmp_path):
    """Case 14 of issue 33: it waited about 30 s on the first demo's database, then printed a traceback."""
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
        done = subprocess.run(
            [sys.executable, "-m", "bot", "demo", "--port", str(port), "--data", str(tmp_path)],
            cwd=ROOT,
            env=env | {"ENV_FILE": str(tmp_path / "none.env")},
            capture_output=True,
            text=True,
            timeout=20,
        )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and f"port {port} is in use" in done.stderr and "--port 0" in done.stderr
    assert not (tmp_path / "demo.sqlite3").exists(), "refused before the workspace was opened"


def test_the_workspace_is_kept_between_runs_and_fresh_starts_over(tmp_path):
    first = Demo(tmp_path, fresh=True)
    first.say(HM, HIRING, "Kept between runs")
    first.advance("day")
    moved = first.clock.now
    first.close()
    again = Demo(tmp_path)
    try:
        assert "Kept between runs" in state(again, HM, HIRING)["main"] and again.clock.now == moved
    finally:
        again.close()
    fresh = Demo(tmp_path, fresh=True)
    try:
        assert "Kept between runs" not in state(fresh, HM, HIRING)["main"] and fresh.clock.now < moved
    finally:
        fresh.close()


def test_a_date_and_time_is_entered_and_shown_in_the_acting_persons_zone(demo):
    """Ana in São Paulo enters 14:00: the bot gets 14:00 São Paulo (17:00 UTC); Kenji in Tokyo sees the
    same instant pre-filled as his 02:00 the next day, and enters 10:00 Tokyo as 01:00 UTC."""
    from datetime import datetime, timezone

    from devtools import render

    block = {
        "type": "input",
        "block_id": "when",
        "label": {"type": "plain_text", "text": "When"},
        "element": {"type": "datetimepicker", "action_id": "value"},
    }
    view = {"blocks": [block]}
    ana = demo.state_of(view, {"when": "2026-12-09T14:00"}, "U0ANA")["when"]["value"]["selected_date_time"]
    assert datetime.fromtimestamp(ana, timezone.utc) == datetime(2026, 12, 9, 17, 0, tzinfo=timezone.utc)
    kenji = demo.state_of(view, {"when": "2026-12-09T10:00"}, "U0KENJI")["when"]["value"]["selected_date_time"]
    assert datetime.fromtimestamp(kenji, timezone.utc) == datetime(2026, 12, 9, 1, 0, tzinfo=timezone.utc)
    shown = block | {"element": block["element"] | {"initial_date_time": ana}}
    assert 'value="2026-12-10T02:00"' in render.block(shown, render.Workspace(zone="Asia/Tokyo"))
    assert 'value="2026-12-09T14:00"' in render.block(shown, render.Workspace(zone="America/Sao_Paulo"))


def _row(kind: str, subject_id: int, due, **extra):
    from datetime import time as dtime

    from bot.models import Nudge

    return Nudge(
        kind=kind,
        recipient_id=RECRUITER,
        subject_type="nudge",
        subject_id=subject_id,
        dedupe_key=f"{kind}:{subject_id}:{due.isoformat()}",
        due_at=due,
        local_date=due.date(),
        local_time=dtime(due.hour, due.minute),
        local_tz="UTC",
        zone_confirmed=True,
        status=extra.pop("status", "pending"),
        attempts=0,
        created_at=due,
        updated_at=due,
        **extra,
    )


def test_next_reminder_goes_past_dropped_ones_to_the_next_that_is_sent_and_speaks_the_persons_zone(demo):
    """*Next reminder* sweeps on past reminders the sweep drops (their subject is gone) to one that goes out;
    the note says the time in the acting person's zone, as the page's clock does."""
    from datetime import timedelta

    from bot.models import Nudge
    from bot.nudges.alerts import ADMIN_ALERT

    now = demo.clock.now
    with demo.factory() as s:
        failed = _row("req_approval", 999, now - timedelta(days=1), status="failed", last_error="channel_not_found")
        s.add(failed)
        s.flush()
        s.add(_row(ADMIN_ALERT, 424242, now + timedelta(hours=1)))  # about a row that does not exist: dropped
        s.add(_row(ADMIN_ALERT, 424243, now + timedelta(hours=2)))  # dropped too
        s.add(_row(ADMIN_ALERT, failed.id, now + timedelta(hours=3)))  # about the failed one: sent
        s.commit()
    note = demo.advance("next", HM)  # one press, however many reminders are dropped or moved on the way
    dropped = int(re.search(r"(\d+) dropped", note)[1])
    assert "1 sent" in note and dropped >= 2, note
    assert "(Europe/London)" in note and "UTC" not in note
    with demo.factory() as s:
        sent = s.query(Nudge).filter(Nudge.kind == ADMIN_ALERT, Nudge.status == "sent").one()
    assert sent.subject_id == failed.id and demo.clock.now >= now + timedelta(hours=3)
    assert demo.advance("hour", "U0KENJI").endswith(".") and "(Asia/Tokyo)" in demo.advance("hour", "U0KENJI")


def test_a_restarted_demo_goes_on_after_its_messages_files_and_notes(tmp_path):
    """Without --fresh, new replies come after the old ones (not in the middle), new files and notes take
    new ids (a new chart never replaces an old one)."""
    first = Demo(tmp_path, fresh=True)
    first.say(HM, HIRING, "first run")
    first.say(HM, HIRING, "/ml-req help")  # an ephemeral note
    first.double.files["F00001"] = {"filename": "old.png", "content": b"old", "shared": True}
    before = set(first.double.messages)
    notes_before = {n["id"] for n in first.local}
    first.close()
    again = Demo(tmp_path)  # the clock stands where it stood: the same second as the last messages
    try:
        again.say(HM, HIRING, "second run")
        again.say(HM, HIRING, "/ml-req help")
        new = [k for k in again.double.messages if k not in before]
        assert new and all(float(ts) > max(float(t) for _, t in before) for _, ts in new)
        order = [m.get("text") for _, m in sorted(again.double.messages.items(), key=lambda kv: float(kv[0][1]))]
        assert order.index("first run") < order.index("second run")
        assert not ({n["id"] for n in again.local} - notes_before) & notes_before
        assert len({n["id"] for n in again.local}) == len(again.local)
        file_id = f"F{next(again.double._files):05d}"
        assert file_id != "F00001" and again.double.files["F00001"]["content"] == b"old"
    finally:
        again.close()
