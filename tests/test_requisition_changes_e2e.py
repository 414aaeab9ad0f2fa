"""End to end: an approved requisition held and resumed, closed mid-loop, its headcount changed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.flows.interviews import ids as iv_ids
from bot.flows.interviews.nudges import SCHEDULE, SCHEDULE_LATE
from bot.flows.requisition import ids
from bot.models import Candidate, Nudge, Requisition
from tests.support.interviews import (
    ALICE,
    APPROVER,
    HM,
    OUTSIDER,
    add_candidate,
    kit_value,
    last_view,
    open_assign_view,
)
from tests.support.interviews import people as people  # noqa: F401 (a fixture)
from tests.support.requisitions import action_values, approved, press, submit, text_of
from tests.support.workspace import ADMIN, HIRING_CHANNEL

REF = ids.RequisitionRef


def with_candidate(slack, fake_slack, session, req: Requisition) -> Candidate:
    assert add_candidate(slack, fake_slack, req.id).body == ""
    candidate = session.scalars(select(Candidate)).one()
    view = open_assign_view(slack, fake_slack, candidate.id)
    assert slack.submit(view, {iv_ids.STAGE_PREFIX + "technical": ALICE}, user=HM).body == ""
    return candidate


def refusal(fake_slack) -> str:
    return fake_slack.called("hooks/actions/T111/1/x")[-1]["text"]


def scheduling(session, status=None) -> list[Nudge]:
    rows = session.scalars(select(Nudge).where(Nudge.kind.in_((SCHEDULE, SCHEDULE_LATE)))).all()
    return [n for n in rows if status is None or n.status == status]


def test_hold_pauses_the_loop_and_resume_restarts_it(slack, fake_slack, session, people, clock):
    req = approved(slack, fake_slack, session)
    with_candidate(slack, fake_slack, session, req)
    assert len(scheduling(session, "pending")) == 2
    value = REF(requisition_id=req.id).dump()
    slack.command(iv_ids.COMMAND, "", user=HM)
    opened_before = last_view(fake_slack)  # a candidate form opened before the hold

    press(slack, OUTSIDER, ids.HOLD, value, req)
    assert "Only the hiring manager or an admin can put this requisition on hold" in refusal(fake_slack)
    press(slack, HM, ids.HOLD, value, req)
    session.refresh(req)
    assert req.status == "on_hold"
    assert scheduling(session, "pending") == [] and len(scheduling(session, "cancelled")) == 2
    post = fake_slack.message(HIRING_CHANNEL, req.post_ts)
    assert set(action_values(post)) == {ids.SHOW_JD, ids.RESUME, ids.CLOSE}
    assert "On hold" in text_of(post)
    assert "on hold" in fake_slack.posts_to(HIRING_CHANNEL)[-1]["text"]  # the thread hears it
    assert "no approved requisition" in slack.command(iv_ids.COMMAND, "", user=HM).json()["text"]
    late = {
        iv_ids.REQUISITION: str(req.id),
        iv_ids.NAME: "Grace Hopper",
        iv_ids.PROFILE: "https://example.org/grace",
        iv_ids.SOURCE: "referral",
    }
    refused = slack.submit(opened_before, late, user=HM).json()
    assert "is on hold: candidates can only be added" in refused["errors"][iv_ids.REQUISITION]
    press(slack, HM, ids.HOLD, value, req)
    assert "cannot be on hold now" in refusal(fake_slack)

    clock.advance(days=3)
    press(slack, ADMIN, ids.RESUME, value, req)
    session.refresh(req)
    assert req.status == "approved"
    again = scheduling(session, "pending")
    assert len(again) == 2 and all(n.due_at > clock.now for n in again)
    assert ids.HOLD in action_values(fake_slack.message(HIRING_CHANNEL, req.post_ts))


@pytest.mark.every_button
def test_close_mid_loop_asks_first_then_ends_the_loops(slack, fake_slack, session, people):
    req = approved(slack, fake_slack, session)
    candidate = with_candidate(slack, fake_slack, session, req)
    press(slack, HM, ids.CLOSE, REF(requisition_id=req.id).dump(), req)
    modal = fake_slack.called("views.open")[-1]["view"]
    assert modal["callback_id"] == ids.CLOSE_CALLBACK
    assert ids.CLOSE_CONFIRM in {b.get("block_id") for b in modal["blocks"]}
    tick = next(b for b in modal["blocks"] if b.get("block_id") == ids.CLOSE_CONFIRM)
    assert not tick.get("optional"), "the tick closing requires is not labelled (optional)"

    unconfirmed = slack.submit(modal, {ids.CLOSE_REASON: "budget_cut"}, user=HM).json()
    assert "still interviewing" in unconfirmed["errors"][ids.CLOSE_CONFIRM]
    no_note = slack.submit(modal, {ids.CLOSE_REASON: "other", ids.CLOSE_CONFIRM: ["end_loops"]}, user=HM).json()
    assert list(no_note["errors"]) == [ids.CLOSE_NOTE]
    forged = slack.submit(modal, {ids.CLOSE_REASON: "budget_cut", ids.CLOSE_CONFIRM: ["end_loops"]}, user=OUTSIDER)
    assert "Only the hiring manager or an admin" in forged.json()["errors"][ids.CLOSE_REASON]
    session.refresh(req)
    assert req.status == "approved"

    answer = slack.submit(modal, {ids.CLOSE_REASON: "budget_cut", ids.CLOSE_CONFIRM: ["end_loops"]}, user=HM)
    assert answer.body == ""
    session.refresh(req)
    session.refresh(candidate)
    assert (req.status, req.close_reason, req.closed_by) == ("closed", "budget_cut", HM)
    assert candidate.status == "closed"
    assert {n.status for n in session.scalars(select(Nudge).where(Nudge.subject_type == "interview"))} == {"cancelled"}
    card = fake_slack.message(candidate.card_channel, candidate.card_ts)
    assert "Loop ended" in text_of(card) and action_values(card) == {}
    told = [p for p in fake_slack.posts_to(ALICE) if "loops of" in p["text"]]
    assert len(told) == 1 and "Ada Lovelace" in told[0]["text"]
    post = fake_slack.message(HIRING_CHANNEL, req.post_ts)
    assert "Closed by" in text_of(post) and "Budget cut" in text_of(post)
    assert set(action_values(post)) == {ids.SHOW_JD}
    assert "no approved requisition" in slack.command(iv_ids.COMMAND, "", user=HM).json()["text"]
    slack.click(
        user=ALICE,
        action_id=iv_ids.SET_TIME,
        block_id="b",
        channel="D0X",
        message_ts="1.1",
        value=kit_value(fake_slack, ALICE),
    )
    assert "loop ended" in refusal(fake_slack)
    # App Home no longer lists the ended loop's interview as waiting on Alice (case 3 of issue 33)
    slack.event({"type": "app_home_opened", "user": ALICE, "channel": "D0X", "tab": "home", "event_ts": "1.2"})
    home = [c for c in fake_slack.called("views.publish") if c["user_id"] == ALICE][-1]["view"]
    assert "Waiting on you" not in text_of(home) and "Ada Lovelace" not in text_of(home)


def test_headcount_lowered_at_once_and_raised_through_the_approver(slack, fake_slack, session, people, clock):
    req = approved(slack, fake_slack, session)
    assert "filled 0 of 2" in text_of(fake_slack.message(HIRING_CHANNEL, req.post_ts))
    assert "Total for 2" in text_of(fake_slack.message(HIRING_CHANNEL, req.post_ts))
    press(slack, HM, ids.CHANGE_HEADCOUNT, REF(requisition_id=req.id).dump(), req)
    modal = fake_slack.called("views.open")[-1]["view"]
    assert slack.submit(modal, {ids.HC_HEADCOUNT: "2", ids.HC_START: "2027-06-01"}, user=HM).json()["errors"]
    assert slack.submit(modal, {ids.HC_HEADCOUNT: "1", ids.HC_START: "2027-07-01"}, user=HM).body == ""
    session.refresh(req)
    assert (req.headcount, str(req.target_start), req.pending_headcount) == (1, "2027-07-01", None)
    post = text_of(fake_slack.message(HIRING_CHANNEL, req.post_ts))
    assert "Total for 1" in post and "Total for 2" not in post  # the estimate follows the headcount

    assert slack.submit(modal | {"id": "V2"}, {ids.HC_HEADCOUNT: "3", ids.HC_START: "2027-07-01"}, user=HM).body == ""
    session.refresh(req)
    assert (req.headcount, req.pending_headcount) == (1, 3)
    assert "raise to 3 awaiting approval" in text_of(fake_slack.message(HIRING_CHANNEL, req.post_ts))
    request = fake_slack.posts_to(APPROVER)[-1]
    value = action_values(request)[ids.HC_APPROVE]
    slack.click(
        user=HM, action_id=ids.HC_APPROVE, block_id=ids.HC_ACTIONS, channel="D0A", message_ts="1.1", value=value
    )
    assert "not yours to approve" in refusal(fake_slack)
    slack.click(
        user=APPROVER, action_id=ids.HC_APPROVE, block_id=ids.HC_ACTIONS, channel="D0A", message_ts="1.1", value=value
    )
    session.refresh(req)
    assert (req.headcount, req.pending_headcount) == (3, None)
    assert "Total for 3" in text_of(fake_slack.message(HIRING_CHANNEL, req.post_ts))
    assert action_values(fake_slack.message(req.headcount_channel_id, req.headcount_ts)) == {}
    assert "approved raising the headcount" in fake_slack.posts_to(HM)[-1]["text"]
    slack.click(
        user=APPROVER, action_id=ids.HC_REJECT, block_id=ids.HC_ACTIONS, channel="D0A", message_ts="1.1", value=value
    )
    assert "already answered" in refusal(fake_slack)


def test_forged_values_naming_another_requisition_are_refused(slack, fake_slack, session, settings, playbook, people):
    from bot.flows.requisition import service as requisitions
    from tests.support.builders import valid_intake
    from tests.support.interviews import WED

    mine = approved(slack, fake_slack, session)
    theirs = requisitions.create_requisition(
        session,
        playbook,
        settings,
        valid_intake(approver="U0OTHERAPPROVER", channel=HIRING_CHANNEL),
        hiring_manager="U0OTHERHM",
        today=WED.date(),
        now=WED,
    )
    session.commit()
    forged = REF(requisition_id=theirs.id).dump()
    for action, says in (
        (ids.REVISE, "revise this requisition"),
        (ids.HOLD, "put this requisition on hold"),
        (ids.CLOSE, "close this requisition"),
        (ids.CHANGE_HEADCOUNT, "change the headcount"),
    ):
        press(slack, HM, action, forged, mine)
        assert f"Only the hiring manager or an admin can {says}" in refusal(fake_slack)
    press(slack, HM, ids.HC_APPROVE, ids.HeadcountRef(requisition_id=theirs.id, headcount=2).dump(), mine)
    assert "not yours to approve" in refusal(fake_slack)
    session.refresh(theirs)
    assert (theirs.status, theirs.revision, theirs.headcount) == ("pending_approval", 0, 1)


def test_a_requisition_awaiting_approval_cannot_be_closed_or_resized(slack, fake_slack, session, people):
    submit(slack, fake_slack)
    req = session.scalars(select(Requisition)).one()
    opened = len(fake_slack.called("views.open"))
    press(slack, HM, ids.CLOSE, REF(requisition_id=req.id).dump(), req)
    assert "is pending approval: it can no longer be closed" in refusal(fake_slack)
    press(slack, HM, ids.CHANGE_HEADCOUNT, REF(requisition_id=req.id).dump(), req)
    assert "can no longer change its headcount" in refusal(fake_slack)
    assert len(fake_slack.called("views.open")) == opened  # no modal to fill in for nothing
