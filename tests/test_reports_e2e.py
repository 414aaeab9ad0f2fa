"""End to end: `/ml-report` for admins, hiring managers and outsiders, with charts and CSVs uploaded through
the fake Slack's files upload v2 (get URL, upload, complete), paging, and App Home's dashboard."""

from __future__ import annotations

import csv
import io
import json

from PIL import Image

from bot.flows.reports import ids
from bot.ui.charts import HEIGHT, WIDTH
from tests.support.reports import (
    FEW,
    HM,
    LENIENT,
    OTHER_HM,
    SEVERE,
    STEADY,
    calibration_org,
    onboarding_org,
    pipeline_org,
    requisition,
)
from tests.support.workspace import ADMIN

OUTSIDER = "U0OUTSIDER"


def report(slack, text: str, user: str) -> dict:
    response = slack.command("/ml-report", text, user=user)
    assert response.status == 200
    return response.json()


def everything(answer: dict) -> str:
    return json.dumps(answer.get("blocks") or [], ensure_ascii=False) + (answer.get("text") or "")


def shared_files(fake_slack, user: str) -> dict[str, dict]:
    return {
        f["filename"]: f
        for f in fake_slack.files.values()
        if f["shared"] and f["channel"] == fake_slack.dm_channel(user)
    }


def test_pipeline_for_an_admin_with_charts_in_their_dm(slack, fake_slack, session, clock):
    pipeline_org(session, clock.now)
    answer = report(slack, "pipeline", ADMIN)
    assert answer["response_type"] == "ephemeral"
    text = everything(answer)
    assert "2 open requisitions: 1 late, 1 at risk. 6 candidates." in text
    assert "*#1*" in text and "*#2*" in text and "#3" not in text  # pending approval is not open
    assert "14 weeks since approval, of 10–16 (at risk)" in text and "20 weeks since approval, of 6–12 (late)" in text
    assert "the guide counts its weeks from the start of screening" in text
    assert "added 1 · scheduling 1 · interviewing 1 · awaiting debrief 1 · decided 1" in text
    # the last scorecard came in 8 days ago and nobody has decided: the longest wait of #1's candidates
    assert "Longest wait: *awaiting debrief*, median 8 days" in text
    files = shared_files(fake_slack, ADMIN)
    assert sorted(files) == ["funnel-2026-11-25.png", "timeline-2026-11-25.png"]
    for f in files.values():
        image = Image.open(io.BytesIO(f["content"]))
        assert image.format == "PNG" and image.size == (WIDTH, HEIGHT)
        assert len(image.getcolors(maxcolors=1_000_000) or []) > 10  # drawn, not blank


def test_a_hiring_manager_sees_only_their_own_and_an_outsider_is_refused(slack, fake_slack, session, clock):
    pipeline_org(session, clock.now)
    mine = everything(report(slack, "pipeline", HM))
    assert "*#1*" in mine and "*#2*" not in mine
    assert "1 open requisition: 0 late, 1 at risk. 5 candidates." in mine
    theirs = everything(report(slack, "pipeline", OTHER_HM))
    assert "*#2*" in theirs and "*#1*" not in theirs and "offer out 1" in theirs
    refused = report(slack, "pipeline", OUTSIDER)
    assert "Reports are for admins" in refused["text"] and "blocks" not in refused
    assert shared_files(fake_slack, OUTSIDER) == {}


def test_pipeline_csv_parses_back_to_the_report(slack, fake_slack, session, clock):
    pipeline_org(session, clock.now)
    fake_slack.users[HM] = {"id": HM, "tz": None, "is_bot": False, "deleted": False, "name": "Maya Chen"}
    answer = report(slack, "pipeline csv", ADMIN)
    assert "The CSV is on its way to your DM" in answer["text"]
    [(name, f)] = shared_files(fake_slack, ADMIN).items()
    assert name == "pipeline-2026-11-25.csv"
    rows = {r["requisition"]: r for r in csv.DictReader(io.StringIO(f["content"].decode()))}
    assert set(rows) == {"1", "2"}
    one = rows["1"]
    header = next(csv.reader(io.StringIO(f["content"].decode())))
    assert header[header.index("hiring_manager") + 1] == "hiring_manager_name"  # a name beside each id
    assert (one["hiring_manager"], one["hiring_manager_name"]) == (HM, "Maya Chen")
    counts = {
        k: one[k] for k in ("added", "scheduling", "interviewing", "awaiting_debrief", "decided", "offer_out", "hired")
    }
    assert counts == {
        "added": "1",
        "scheduling": "1",
        "interviewing": "1",
        "awaiting_debrief": "1",
        "decided": "1",
        "offer_out": "0",
        "hired": "0",
    }
    assert (one["timeline_status"], one["weeks_open"], one["hiring_manager"]) == ("at risk", "14.0", HM)
    assert rows["2"]["timeline_status"] == "late" and rows["2"]["offer_out"] == "1"


def test_a_failed_upload_leaves_the_text_and_says_so(slack, fake_slack, session, clock):
    pipeline_org(session, clock.now)
    fake_slack.fail_next("files.getUploadURLExternal", 500, times=20)
    answer = report(slack, "pipeline", ADMIN)
    assert "2 open requisitions" in answer["text"]
    told = [c for c in fake_slack.calls if c.method.startswith("hooks/")]
    assert told and "Slack did not take the funnel chart and the timeline chart" in told[-1].params["text"]
    assert told[-1].params.get("replace_original") in (False, "false", None)
    assert shared_files(fake_slack, ADMIN) == {}


def test_no_data_says_so_without_a_chart(slack, fake_slack, session):
    answer = report(slack, "pipeline", ADMIN)
    assert answer["text"] == "No open requisitions anywhere."
    assert "Nothing for a CSV" in report(slack, "pipeline csv", ADMIN)["text"]
    assert fake_slack.called("files.getUploadURLExternal") == []


def test_usage_for_unknown_reports_periods_and_csv(slack):
    for text in ("", "sales", "interviewers 0", "interviewers 400", "audit csv", "pipeline 30"):
        answer = report(slack, text, ADMIN)
        assert "*/ml-report pipeline*" in answer["text"], text


def test_interviewer_calibration_for_admins_and_for_each_person(slack, fake_slack, session, clock):
    calibration_org(session, clock.now)
    text = everything(report(slack, "interviewers 30", ADMIN))
    assert "last 30 days: 5 interviewers" in text
    assert f"<@{LENIENT}> · 5 interviews · 0 declined · 5 scorecards" in text
    assert "Calibration: *lenient* (+1.27 against the panel, 5 scorecards) · matched the decision 3 of 5" in text
    assert "Calibration: *severe* (-1.27 against the panel, 5 scorecards) · matched the decision 2 of 5" in text
    assert f"<@{FEW}> · 4 interviews" in text and "fewer than 5 scorecards" in text
    assert "Median to scorecard 30 h · later than 24 h 100%" in text  # the severe one's
    # the hiring manager sees the figures of their requisition's interviewers, without calibration
    hm = everything(report(slack, "interviewers", HM))
    assert f"<@{SEVERE}>" in hm and "Calibration" not in hm
    # each interviewer sees their own, calibration included
    own = everything(report(slack, "me", SEVERE))
    assert "Calibration: *severe*" in own and f"<@{LENIENT}>" not in own
    assert "No interviews in the last 90 days for you." in report(slack, "me", OUTSIDER)["text"]
    refused = report(slack, "interviewers", STEADY)
    assert "/ml-report me" in refused["text"]


def test_interviewers_csv_for_admins_has_calibration(slack, fake_slack, session, clock):
    calibration_org(session, clock.now)
    report(slack, "interviewers 30 csv", ADMIN)
    [f] = shared_files(fake_slack, ADMIN).values()
    rows = {r["interviewer"]: r for r in csv.DictReader(io.StringIO(f["content"].decode()))}
    assert rows[LENIENT]["calibration"] == "lenient" and rows[LENIENT]["calibration_difference"] == "1.27"
    assert rows[SEVERE]["median_hours_to_scorecard"] == "30.0" and rows[SEVERE]["share_later_than_24h"] == "1.0"
    assert rows[FEW]["calibration"] == ""
    report(slack, "interviewers 30 csv", HM)
    [hm_file] = shared_files(fake_slack, HM).values()
    header = next(csv.reader(io.StringIO(hm_file["content"].decode())))
    assert "calibration" not in header and "interviews_done" in header


def test_onboarding_report_shows_markers_not_answers(slack, fake_slack, session, clock):
    onboarding_org(session, clock.now)
    text = everything(report(slack, "onboarding", ADMIN))
    assert "2 onboardings in progress, 1 with a risk marker." in text
    assert "risk: low score, open blockers" in text
    assert "no GPU access" not in text and "Settling" not in text  # the answers stay private
    assert "day 30 check-in *not answered*" in text and "overdue: 1 new hire, 1 manager" in text
    mine = everything(report(slack, "onboarding", HM))
    assert "U0HIRE1" in mine and "U0HIRE2" not in mine
    assert "for admins and for managers" in report(slack, "onboarding", OUTSIDER)["text"]
    report(slack, "onboarding csv", ADMIN)
    [f] = shared_files(fake_slack, ADMIN).values()
    rows = {r["new_hire"]: r for r in csv.DictReader(io.StringIO(f["content"].decode()))}
    assert rows["U0HIRE1"]["risk"] == "blockers low_score" and rows["U0HIRE2"]["latest_check_in_answered"] == "no"
    assert rows["U0HIRE2"]["overdue_new_hire"] == "1" and rows["U0HIRE1"]["items_done"] == "4"


def test_a_long_pipeline_is_paged(slack, fake_slack, session, clock):
    session.add_all(
        requisition(i, hm=HM, level="mid", weeks_ago=i / 2, now=clock.now, low=6, high=12) for i in range(1, 41)
    )
    session.commit()
    answer = report(slack, "pipeline", HM)
    assert "Page 1 of 3" in everything(answer) and len(answer["blocks"]) <= 50
    pager = next(b for b in answer["blocks"] if b.get("block_id") == ids.PAGER)
    [next_button] = pager["elements"]
    slack.click(
        user=HM,
        action_id=next_button["action_id"],
        value=next_button["value"],
        block_id=ids.PAGER,
        channel="C0GENERAL",
        message_ts="1.1",
    )
    [shown] = [c.params for c in fake_slack.calls if c.method.startswith("hooks/")]
    assert "Page 2 of 3" in json.dumps(shown["blocks"]) and shown["replace_original"] in (True, "true")
    # someone else's click on the same button sees their own scope, not the hiring manager's
    slack.click(
        user=OUTSIDER,
        action_id=next_button["action_id"],
        value=next_button["value"],
        block_id=ids.PAGER,
        channel="C0GENERAL",
        message_ts="1.1",
    )
    assert "Page 2" not in json.dumps([c.params for c in fake_slack.calls if c.method.startswith("hooks/")][1:])
