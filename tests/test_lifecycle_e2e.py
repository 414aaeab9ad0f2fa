"""End to end: revising a requisition (signed requests, the fake Slack, a real database)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.flows.requisition import ids
from bot.flows.requisition.nudges import ESCALATE, REMIND
from bot.models import Nudge, RequisitionRevision
from tests.support.requisitions import (
    APPROVER,
    HM,
    INTAKE,
    OUTSIDER,
    REF,
    action_values,
    decide,
    open_revise,
    requisition,
    submit,
    text_of,
)
from tests.support.workspace import ADMIN

# the same in single-token mode and installed through OAuth (tests/conftest.py)
pytestmark = pytest.mark.both_modes


def refusal(fake_slack) -> str:
    return fake_slack.called("hooks/actions/T111/1/x")[-1]["text"]


def approval_nudges(session, req_id: int) -> list[Nudge]:
    return list(session.scalars(select(Nudge).where(Nudge.subject_id == req_id, Nudge.kind.in_((REMIND, ESCALATE)))))


def initial(view: dict, block_id: str):
    element = next(b for b in view["blocks"] if b.get("block_id") == block_id)["element"]
    for key in ("initial_option", "initial_value", "initial_date", "initial_user"):
        if key in element:
            return element[key]["value"] if key == "initial_option" else element[key]
    return None


def test_revise_after_changes_requested_updates_the_post_and_asks_again(slack, fake_slack, session, clock):
    submit(slack, fake_slack)
    req = requisition(session)
    old_post, old_dm = (req.channel_id, req.post_ts), (req.approval_channel_id, req.approval_ts)
    assert decide(slack, fake_slack, req, ids.REQUEST_CHANGES, reason="Staff, and three of them").body == ""
    notice = fake_slack.posts_to(HM)[-1]
    assert ids.REVISE in action_values(notice)  # the hiring manager's DM offers Revise

    clock.advance(days=1)
    view = open_revise(slack, fake_slack, requisition(session))
    assert view["callback_id"] == ids.REVISE_CALLBACK
    assert (initial(view, ids.HEADCOUNT), initial(view, ids.LEVEL), initial(view, ids.APPROVER)) == (
        "2",
        "senior",
        APPROVER,
    )
    assert initial(view, ids.TARGET_START) == "2027-06-01" and initial(view, ids.TOOLS).startswith("PyTorch")
    assert all(
        initial(view, b["block_id"]) == "yes"
        for b in view["blocks"]
        if b.get("block_id", "").startswith(ids.READINESS_PREFIX)
    )
    assert ids.CHANNEL not in {b.get("block_id") for b in view["blocks"]}

    unchanged = slack.submit(view, INTAKE, user=HM).json()
    assert "Nothing changed" in unchanged["errors"][ids.SPECIALIZATION]
    bad = slack.submit(view, INTAKE | {ids.HEADCOUNT: "0"}, user=HM).json()
    assert list(bad["errors"]) == [ids.HEADCOUNT]  # the same validation as the intake
    assert slack.submit(view, INTAKE | {ids.HEADCOUNT: "3", ids.LEVEL: "staff"}, user=HM).body == ""

    req = requisition(session)
    assert (req.status, req.revision, req.headcount, req.level) == ("pending_approval", 1, 3, "staff")
    assert req.decided_by is None and req.estimate["cost"]["headcount"] == 3
    post = fake_slack.message(*old_post)  # updated in place
    assert "Revised (1)" in text_of(post) and "Headcount: 2 → 3" in text_of(post)
    assert REF.parse(action_values(post)[ids.APPROVE]).revision == 1
    retired = fake_slack.message(*old_dm)
    assert action_values(retired) == {} and "replaced" in retired["text"]
    assert (req.approval_channel_id, req.approval_ts) != old_dm
    new_request = fake_slack.message(req.approval_channel_id, req.approval_ts)
    assert REF.parse(action_values(new_request)[ids.APPROVE]).revision == 1
    assert "Level: Senior → Staff" in text_of(new_request)

    nudges = approval_nudges(session, req.id)
    assert {n.status for n in nudges if n.dedupe_key.endswith(":1")} == {"cancelled"}
    restarted = [n for n in nudges if n.status == "pending"]
    assert len(restarted) == 2 and all(n.due_at > clock.now for n in restarted)

    history = session.scalars(select(RequisitionRevision)).one()
    assert (history.number, history.revised_by) == (1, HM)
    assert {c["field"] for c in history.changes} == {"Headcount", "Level"}
    shown = slack.command(ids.COMMAND, f"show {req.number}", user=APPROVER).json()
    assert "Revision 1" in text_of(shown) and f"<@{HM}>" in text_of(shown) and "Headcount: 2 → 3" in text_of(shown)
    assert "hiring team only" in slack.command(ids.COMMAND, f"show {req.number}", user=OUTSIDER).json()["text"]
    # what people type is the workspace's number, not the database key
    missing = slack.command(ids.COMMAND, f"show {req.number + 1}", user=APPROVER).json()["text"]
    assert f"no requisition #{req.number + 1} here" in missing


def test_a_decision_from_the_replaced_request_is_refused(slack, fake_slack, session):
    submit(slack, fake_slack)
    req = requisition(session)
    stale = action_values(fake_slack.message(req.approval_channel_id, req.approval_ts))[ids.APPROVE]
    view = open_revise(slack, fake_slack, req)
    assert slack.submit(view, INTAKE | {ids.HEADCOUNT: "4"}, user=HM).body == ""
    req = requisition(session)
    decide(slack, fake_slack, req, ids.APPROVE, value=stale)
    assert "was revised after this message" in refusal(fake_slack)
    assert requisition(session).status == "pending_approval"
    decide(slack, fake_slack, req, ids.APPROVE)
    assert requisition(session).status == "approved"
    assert open_revise(slack, fake_slack, requisition(session)) == {}
    assert "only a requisition awaiting a decision" in refusal(fake_slack)


def test_only_the_hiring_manager_or_an_admin_revises(slack, fake_slack, session):
    submit(slack, fake_slack)
    req = requisition(session)
    assert open_revise(slack, fake_slack, req, user=OUTSIDER) == {}
    assert "Only the hiring manager or an admin can revise" in refusal(fake_slack)
    view = open_revise(slack, fake_slack, req, user=ADMIN)
    forged = slack.submit(view, INTAKE | {ids.HEADCOUNT: "5"}, user=OUTSIDER).json()
    assert "Only the hiring manager or an admin" in forged["errors"][ids.SPECIALIZATION]
    assert requisition(session).headcount == 2
    assert slack.submit(view, INTAKE | {ids.HEADCOUNT: "5"}, user=ADMIN).body == ""
    assert session.scalars(select(RequisitionRevision)).one().revised_by == ADMIN


def test_a_revision_that_makes_it_ready_moves_it_to_awaiting_approval(slack, fake_slack, session):
    unready = {b: "no" for b in INTAKE if b.startswith(ids.READINESS_PREFIX)}
    submit(slack, fake_slack, unready)
    req = requisition(session)
    assert req.status == "needs_preparation"
    view = open_revise(slack, fake_slack, req)
    assert slack.submit(view, INTAKE, user=HM).body == ""
    req = requisition(session)
    assert req.status == "pending_approval" and req.readiness_yes == req.readiness_total
    post = fake_slack.message(req.channel_id, req.post_ts)
    assert "Revised (1)" in text_of(post)


def test_a_changed_readiness_answer_is_logged_as_the_question_asked():
    """Case 10 of issue 33: the log read "Data is not accessible or not labelled: no → yes" (the gap's words,
    answered yes: a double negative). It now names the question the answer answers."""
    from bot.flows.requisition.lifecycle import differences
    from bot.playbook import load_playbook
    from tests.support.builders import valid_intake

    playbook = load_playbook()
    before = valid_intake()
    after = valid_intake(readiness=before.readiness | {"data_accessible": False})
    [change] = differences(playbook, before, after)
    asked = next(q for q in playbook.readiness.questions if q.key == "data_accessible").question
    assert change == {"field": asked, "old": "yes", "new": "no"} and asked.endswith("?")
