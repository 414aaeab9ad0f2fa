"""Helpers shared by the test modules (test_hostile, test_interviews_e2e)."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select, update

from bot.flows.interviews import ids
from bot.flows.onboarding import ids as ob_ids
from bot.flows.onboarding import service as onboarding
from bot.flows.requisition import ids as req_ids
from bot.flows.requisition import service as requisitions
from bot.models import (
    Candidate,
    Onboarding,
    PlanStage,
    RequisitionStatus,
)
from tests.support.builders import valid_intake
from tests.support.workspace import ADMIN, HIRING_CHANNEL

LIVE = ("<!channel>", "<!here>", "<https://evil", "<@U0EVIL")  # what must never reach Slack unescaped

HM, APPROVER, ALICE, BOB, CAROL, OUTSIDER, ROBOT = (
    "U0HM",
    "U0APPROVER",
    "U0ALICE",
    "U0BOB",
    "U0CAROL",
    "U0OUTSIDER",
    "U0ROBOT",
)


WED = datetime(2026, 11, 25, 15, 0, tzinfo=timezone.utc)


NAME = "Ada Lovelace"


def rendered(value) -> list[str]:
    """Every string Slack would render as markup: mrkdwn and top-level `text`, not plain_text objects or the
    initial value of a text input (Slack never parses mentions or links in those)."""
    if isinstance(value, dict):
        if value.get("type") == "plain_text":
            return []
        return [s for k, v in value.items() if k not in ("initial_value", "content") for s in rendered(v)]
    if isinstance(value, list):
        return [s for v in value for s in rendered(v)]
    return [value] if isinstance(value, str) else []


def at_once(calls, times: int | None = None) -> list:
    """Run the calls in threads released together; returns their results."""
    calls = [calls] * times if times else calls
    gate, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(i, call):
        gate.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def staffed(
    slack, fake_slack, session, settings, playbook, clock, *, scheduled=False, assign=True, name="Ada Lovelace"
) -> dict:
    """An approved junior requisition with a one-stage plan, a candidate, ALICE assigned (and the time set)."""
    req_id = requisition(session, settings, playbook)
    session.execute(
        update(PlanStage)
        .where(PlanStage.requisition_id == req_id, PlanStage.stage_key != "technical")
        .values(active=False)
    )
    session.commit()
    assert add_candidate(slack, fake_slack, req_id, {ids.NAME: name}).body == ""
    candidate = session.scalars(select(Candidate)).one()
    if assign:
        assert (
            slack.submit(
                open_assign_view(slack, fake_slack, candidate.id), {ids.STAGE_PREFIX + "technical": ALICE}, user=HM
            ).body
            == ""
        )
    if scheduled:
        starts = clock.now + timedelta(days=1)
        assert (
            slack.submit(
                open_kit_form(slack, fake_slack, ids.SET_TIME),
                {ids.WHEN: str(int(starts.timestamp())), ids.DURATION: "60"},
                user=ALICE,
            ).body
            == ""
        )
        clock.now = starts + timedelta(hours=2)  # the kit's button value also opens the scorecard
    return {"req_id": req_id, "candidate_id": candidate.id}


def open_assign_view(slack, fake_slack, candidate_id) -> dict:
    click(slack, HM, ids.ASSIGN, ids.CandidateRef(candidate_id=candidate_id).dump())
    return last_view(fake_slack)


def open_kit_form(slack, fake_slack, action_id) -> dict:
    click(slack, ALICE, action_id, kit_value(fake_slack, ALICE, action_id))
    return last_view(fake_slack)


def open_plan(slack, fake_slack, req_id) -> dict:
    click(slack, HM, ids.EDIT_PLAN, req_ids.RequisitionRef(requisition_id=req_id).dump())
    return last_view(fake_slack)


def decision_view(slack, fake_slack, candidate_id, user=HM) -> dict:
    click(slack, user, ids.HIRE, ids.CandidateRef(candidate_id=candidate_id).dump())
    return last_view(fake_slack)


def reason_view(slack, fake_slack, session, settings, playbook) -> dict:
    pending = requisition(session, settings, playbook, approve=False)
    click(slack, APPROVER, req_ids.REJECT, req_ids.RequisitionRef(requisition_id=pending).dump())
    return last_view(fake_slack)


def start_onboarding(session, settings, playbook, now=datetime(2026, 11, 25, 15, 0, tzinfo=timezone.utc)) -> Onboarding:
    form = onboarding.StartForm(
        new_hire="U0NEWHIRE",
        start_date=date(2026, 12, 7),
        manager=HM,
        buddy="U0BUDDY",
        specialization="nlp",
        requisition_id=None,
        channel="C0ONBOARD",
    )
    ob = onboarding.start(session, playbook, settings, form, created_by=HM, now=now)
    session.commit()
    return ob


def check_in_view(slack, fake_slack, session, settings, playbook) -> tuple[dict, str]:
    ob = start_onboarding(session, settings, playbook)
    ref = ob_ids.CheckInRef(onboarding_id=ob.id, day=30, role="new_hire")
    slack.click(
        user="U0NEWHIRE",
        action_id=ob_ids.CHECKIN_OPEN,
        block_id="b",
        channel="D0NEWHIRE",
        message_ts="1.1",
        value=ref.dump(),
    )
    return last_view(fake_slack), "U0NEWHIRE"


def check_in_answers() -> dict:
    return {ob_ids.RAMP_UP: "4", ob_ids.CLARITY: "4", ob_ids.WORKLOAD: "4", ob_ids.SUPPORT: "4", ob_ids.SHARE: "yes"}


@pytest.fixture
def people(fake_slack, clock):
    fake_slack.clock = clock
    for user in (HM, APPROVER, ALICE, BOB, CAROL, OUTSIDER, ADMIN):
        fake_slack.users[user] = {"id": user, "tz": "UTC", "is_bot": False, "deleted": False}
    fake_slack.users[ROBOT] = {"id": ROBOT, "tz": None, "is_bot": True, "deleted": False}


def requisition(session, settings, playbook, *, approve=True, level="junior") -> int:
    intake = valid_intake(level=level, approver=APPROVER, channel=HIRING_CHANNEL)
    req = requisitions.create_requisition(
        session, playbook, settings, intake, hiring_manager=HM, today=WED.date(), now=WED
    )
    if approve:
        requisitions.decide(
            session,
            req.id,
            actor=APPROVER,
            decision=RequisitionStatus.APPROVED,
            reason=None,
            admins=frozenset(),
            now=WED,
            playbook=playbook,
        )
    session.commit()
    return req.id


def last_view(fake_slack) -> dict:
    return fake_slack.called("views.open")[-1]["view"]


def refusal(fake_slack) -> str:
    return fake_slack.called("hooks/actions/T111/1/x")[-1]["text"]


def add_candidate(slack, fake_slack, req_id, values=None, user=HM):
    slack.command(ids.COMMAND, "", user=user)
    view = last_view(fake_slack)
    good = {
        ids.REQUISITION: str(req_id),
        ids.NAME: NAME,
        ids.PROFILE: "https://example.org/ada",
        ids.SOURCE: "referral",
        ids.SIGNALS: ["production", "impact"],
        ids.VERDICT: "advance",
    }
    return slack.submit(view, good | (values or {}), user=user)


def click(slack, user, action_id, value, block_id="b", channel="D0X"):
    return slack.click(
        user=user, action_id=action_id, block_id=block_id, channel=channel, message_ts="1.1", value=value
    )


def kit_value(fake_slack, user, action_id=ids.SET_TIME) -> str:
    for post in reversed(fake_slack.posts_to(user)):
        for block in post.get("blocks") or []:
            for element in block.get("elements", []) if block["type"] == "actions" else []:
                if element["action_id"] == action_id:
                    return element["value"]
    raise AssertionError(f"no {action_id} button sent to {user}")


def scorecard_values(playbook, stage, score, recommendation, flags=()):
    values = {ids.RATING_PREFIX + c: str(score) for c in playbook.stage(stage).competencies}
    return values | {
        ids.RECOMMENDATION: recommendation,
        ids.FLAGS: list(flags),
        ids.EVIDENCE_PREFIX + "explains_decisions": f"Scored {score} for a reason",
    }


def interview_and_score(slack, fake_slack, clock, playbook, user, stage, score, rec):
    click(slack, user, ids.SET_TIME, kit_value(fake_slack, user))
    start = clock.now + timedelta(hours=1)
    assert (
        slack.submit(last_view(fake_slack), {ids.WHEN: int(start.timestamp()), ids.DURATION: "60"}, user=user).body
        == ""
    )
    clock.now = start + timedelta(hours=1)
    click(slack, user, ids.OPEN_SCORECARD, kit_value(fake_slack, user))  # the kit's ref opens it too
    assert slack.submit(last_view(fake_slack), scorecard_values(playbook, stage, score, rec), user=user).body == ""
