"""The fake Slack's Block Kit checks can fail, and the bot's surfaces pass them at their largest."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from bot.flows.requisition import service
from bot.flows.requisition.jobdesc import draft_job_description
from bot.flows.requisition.service import RequisitionList
from bot.models import Requisition
from bot.ui import requisition as ui
from bot.ui import requisition_intake
from bot.ui.blocks import section, sections
from devtools.blockkit import validate_message, validate_view

NOW = datetime(2026, 11, 25, 15, tzinfo=timezone.utc)


def msg(*blocks, text="fallback"):
    return {"text": text, "blocks": list(blocks)}


@pytest.mark.parametrize(
    "payload, says",
    [
        (msg(*[section("x")] * 51), "51 blocks; the limit is 50"),
        (msg({"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}), "limit is 3000"),
        (msg({"type": "header", "text": {"type": "plain_text", "text": "x" * 151}}), "limit is 150"),
        (msg({"type": "header", "text": {"type": "mrkdwn", "text": "x"}}), "must be plain_text"),
        (
            msg(
                {
                    "type": "actions",
                    "elements": [
                        {
                            "type": "button",
                            "action_id": "a",
                            "value": "v",
                            "text": {"type": "plain_text", "text": "x" * 76},
                        }
                    ],
                }
            ),
            "limit is 75",
        ),
        (
            msg(
                {"type": "section", "block_id": "b", "text": {"type": "mrkdwn", "text": "x"}},
                {"type": "section", "block_id": "b", "text": {"type": "mrkdwn", "text": "y"}},
            ),
            "repeated",
        ),
        (msg(section("x"), text=""), "fallback"),
        (msg({"type": "section", "fields": [{"type": "mrkdwn", "text": "f"}] * 11}), "1-10 items"),
        (msg({"type": "section", "text": {"type": "mrkdwn", "text": ""}}), "non-empty"),
        (msg({"type": "sparkle"}), "unknown block type"),
    ],
)
def test_message_violations_are_caught(payload, says):
    problems = validate_message(payload)
    assert any(says in p for p in problems), problems


def test_view_violations_are_caught():
    view = {
        "type": "modal",
        "title": {"type": "plain_text", "text": "x" * 25},
        "blocks": [
            {
                "type": "input",
                "block_id": "i",
                "label": {"type": "plain_text", "text": "L"},
                "element": {"type": "plain_text_input", "action_id": "a"},
            }
        ],
        "private_metadata": "m" * 3001,
    }
    problems = " | ".join(validate_view(view))
    assert "title" in problems and "needs a submit" in problems and "private_metadata" in problems


def requisition(playbook, hiring_model="in_house", **kw) -> Requisition:
    req = Requisition(
        id=4242,
        hiring_manager_id="U1",
        approver_id="U2",
        specialization="generative_ai",
        level="staff",
        location="high_cost_hub",
        hiring_model=hiring_model,
        headcount=50,
        target_start=date(2026, 12, 1),
        stage="production",
        work="both",
        mlops="high",
        tools="t" * 1000,
        domain="d" * 1000,
        readiness_answers={q.key: None for q in playbook.readiness.questions},  # every gap, "not sure": longest
        readiness_yes=0,
        readiness_total=len(playbook.readiness.questions),
        status="needs_preparation",
        channel_id="C1",
        created_at=NOW,
        updated_at=NOW,
        **kw,
    )
    cost = service.estimate_cost(
        playbook, level="staff", location="high_cost_hub", hiring_model=hiring_model, headcount=50
    )
    timeline = service.estimate_timeline(playbook, level="staff", today=NOW.date(), target_start=req.target_start)
    req.estimate = {"cost": cost.as_dict(), "timeline": timeline.as_dict()}
    return req


@pytest.mark.parametrize("hiring_model", ["in_house", "contractor", "partner"])
def test_the_largest_requisition_post_fits(playbook, hiring_model):
    req = requisition(playbook, hiring_model)
    text, blocks = ui.summary(playbook, service.assess(playbook, req), intro="x" * 2000)
    assert validate_message({"text": text, "blocks": blocks}) == []
    rendered = str(blocks)
    assert "Pause and prepare" in rendered and "Total for 50" in rendered
    assert "before the earliest likely offer" in rendered


def test_the_job_description_and_modals_fit(playbook):
    req = requisition(playbook)
    jd = draft_job_description(
        playbook,
        specialization="generative_ai",
        level="staff",
        stage="production",
        work="both",
        mlops="high",
        tools="t" * 1000,
        domain="d" * 1000,
        pay_range="$1–$2",
    )
    text, blocks = ui.job_description_message(req, jd)
    assert validate_message({"text": text, "blocks": blocks}) == []
    assert validate_view(ui.job_description_modal(jd)) == []
    assert validate_view(requisition_intake.intake_modal(playbook, default_channel=None)) == []
    meta = ui.ids.ReasonMeta(requisition_id=1, decision="rejected")
    assert validate_view(ui.reason_modal(meta, "x" * 300)) == []


def test_a_long_list_fits(playbook):
    rows = [requisition(playbook) for _ in range(20)]
    text, blocks = ui.list_message(playbook, RequisitionList(rows=rows, total=75), everyone=True)
    assert validate_message({"text": text, "blocks": blocks}) == []
    assert "Showing the newest 20 of 75" in str(blocks)


def test_sections_split_long_text_within_the_limit():
    lines = [f"line {i} " + "x" * 500 for i in range(20)]
    packed = sections(lines)
    assert len(packed) > 1 and all(len(b["text"]["text"]) <= 3000 for b in packed)
    assert "".join(b["text"]["text"] for b in packed).count("line ") == 20
