"""End to end: signed requests to the served app, a fake Slack Web API, a real database."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from bot.flows.interviews import ids as iv_ids
from bot.flows.requisition import ids
from bot.models import Requisition
from tests.support.requisitions import APPROVER, HM, OUTSIDER, action_values, submit, text_of
from tests.support.workspace import ADMIN, HIRING_CHANNEL, build_slack


def count(session) -> int:
    return session.scalar(select(func.count()).select_from(Requisition))


def top_level(posts: list[dict]) -> list[dict]:
    return [p for p in posts if not p.get("thread_ts")]


def test_command_opens_the_intake_modal(slack, fake_slack, session):
    response = slack.command(ids.COMMAND, "", user=HM)
    assert response.status == 200 and response.body == ""
    [call] = fake_slack.called("views.open")
    assert call["trigger_id"].startswith("111.222.trigger")
    view = call["view"]
    assert view["callback_id"] == ids.INTAKE_CALLBACK
    inputs = {b["block_id"] for b in view["blocks"] if b["type"] == "input"}
    assert {
        ids.SPECIALIZATION,
        ids.LEVEL,
        ids.LOCATION,
        ids.HIRING_MODEL,
        ids.HEADCOUNT,
        ids.TARGET_START,
        ids.STAGE,
        ids.WORK,
        ids.MLOPS,
        ids.TOOLS,
        ids.DOMAIN,
        ids.APPROVER,
        ids.CHANNEL,
    } <= inputs
    assert sum(1 for b in inputs if b.startswith(ids.READINESS_PREFIX)) == 10
    channel = next(b for b in view["blocks"] if b.get("block_id") == ids.CHANNEL)
    assert channel["element"]["initial_conversation"] == HIRING_CHANNEL
    assert count(session) == 0


@pytest.mark.parametrize(
    "values, block, says",
    [
        ({ids.HEADCOUNT: "0"}, ids.HEADCOUNT, "whole number from 1 to 50"),
        ({ids.HEADCOUNT: "51"}, ids.HEADCOUNT, "whole number from 1 to 50"),
        ({ids.HEADCOUNT: "2.5"}, ids.HEADCOUNT, "whole number"),
        ({ids.HEADCOUNT: "two"}, ids.HEADCOUNT, "whole number"),
        ({ids.HEADCOUNT: None}, ids.HEADCOUNT, "how many engineers"),
        ({ids.TARGET_START: "2026-11-24"}, ids.TARGET_START, "today (2026-11-25) or later"),
        ({ids.TARGET_START: None}, ids.TARGET_START, "Pick the target start date"),
        ({ids.SPECIALIZATION: None}, ids.SPECIALIZATION, "Choose the specialization"),
        ({ids.APPROVER: None}, ids.APPROVER, "Choose who approves"),
        ({ids.APPROVER: HM}, ids.APPROVER, "someone other than yourself"),
        ({ids.readiness_block("data_ownership"): None}, ids.readiness_block("data_ownership"), "yes, no or not sure"),
        ({ids.TOOLS: "x" * 1001}, ids.TOOLS, "under 1000 characters"),
    ],
)
def test_bad_input_is_answered_inline_and_nothing_is_stored(slack, fake_slack, session, values, block, says):
    response = submit(slack, fake_slack, values)
    assert response.status == 200
    answer = response.json()
    assert answer["response_action"] == "errors"
    assert list(answer["errors"]) == [block]
    assert says in answer["errors"][block]
    assert count(session) == 0
    assert fake_slack.called("chat.postMessage") == []


def test_today_is_an_acceptable_start_date(slack, fake_slack, session):
    assert submit(slack, fake_slack, {ids.TARGET_START: "2026-11-25"}).body == ""
    assert count(session) == 1


def test_good_submission_is_stored_posted_and_sent_for_approval(slack, fake_slack, session):
    response = submit(slack, fake_slack)
    assert response.status == 200 and response.body == ""  # the modal closes

    req = session.scalars(select(Requisition)).one()
    assert (req.hiring_manager_id, req.approver_id, req.status) == (HM, APPROVER, "pending_approval")
    assert (req.level, req.headcount, req.readiness_yes) == ("senior", 2, 10)
    assert req.estimate["cost"]["base_yearly"] == {"low": 192000, "high": 280000, "open_ended": True}

    [post] = top_level(fake_slack.posts_to(HIRING_CHANNEL))
    posted = text_of(post)
    assert "Senior ML Engineer, NLP" in posted
    assert "$192,000–$280,000+" in posted  # base salary, hub premium 20–40%
    assert "$249,600–$420,000+" in posted  # fully loaded 1.3–1.5x
    assert "$499,200–$840,000+ a year" in posted  # total for 2
    assert "10–16 weeks" in posted
    assert "10/10" in posted
    assert "PyTorch, MLflow &lt;and&gt; Kubernetes" in posted  # user text is escaped
    assert (req.channel_id, req.post_ts) == (HIRING_CHANNEL, fake_slack.messages[(HIRING_CHANNEL, req.post_ts)]["ts"])

    thread = [p for p in fake_slack.called("chat.postMessage") if p.get("thread_ts") == req.post_ts]
    assert len(thread) == 1 and req.jd_ts
    # the posting states a closed range: the open top ends at the playbook's posting maximum
    assert "What you will do" in text_of(thread[0]) and "Base salary $192,000–$336,000 a year" in text_of(thread[0])
    assert "Posted in the job description as $192,000–$336,000" in posted  # labelled for the approver

    [dm] = fake_slack.posts_to(APPROVER)
    assert f"<@{HM}> asks you to approve" in text_of(dm)
    assert "https://fake.slack.test/archives/C0HIRING/p" in text_of(dm)  # linked to the channel post
    assert set(action_values(dm)) == {ids.APPROVE, ids.REQUEST_CHANGES, ids.REJECT, ids.SHOW_JD}
    assert req.approval_channel_id == fake_slack.dm_channel(APPROVER) and req.approval_ts

    [receipt] = fake_slack.posts_to(HM)
    assert f"Requisition #{req.number}" in receipt["text"] and f"<@{APPROVER}>" in receipt["text"]


def test_mostly_no_readiness_records_needs_preparation_and_says_pause(slack, fake_slack, session):
    nos = {
        ids.readiness_block(k): "no"
        for k in ("data_accessible", "data_ownership", "problem_defined", "iteration_budget", "tooling_ready")
    } | {ids.readiness_block("deployment_authority"): "not_sure"}
    submit(slack, fake_slack, nos)
    req = session.scalars(select(Requisition)).one()
    assert req.status == "needs_preparation" and req.readiness_yes == 4
    assert req.readiness_answers["deployment_authority"] is None  # not sure
    posted = text_of(fake_slack.posts_to(HIRING_CHANNEL)[0])
    assert "Pause and prepare before hiring" in posted and "4/10" in posted
    assert "Nobody decides on models and deployment* (not sure): Ask who signed off" in posted
    for gap in (
        "Data is not accessible",
        "Nobody owns the data",
        "business problem is not defined",
        "No budget for iteration",
    ):
        assert gap in posted
    assert "Stakeholders expect too much" not in posted
    assert "needs preparation" in fake_slack.posts_to(HM)[0]["text"]


@pytest.mark.parametrize(
    "nos, why",
    [
        (
            ("data_accessible", "data_ownership", "problem_defined", "limits_understood", "leadership_committed"),
            "Most of the guide's key questions",
        ),
        (("data_accessible",), "Data maturity matters more than anything else"),
    ],
)
def test_the_guides_reasons_to_pause_reach_the_approver(slack, fake_slack, session, nos, why):
    """5/10 with the guide's five key questions all no, and 9/10 with only data no: both pause, and say why."""
    submit(slack, fake_slack, {ids.readiness_block(k): "no" for k in nos})
    req = session.scalars(select(Requisition)).one()
    assert req.status == "needs_preparation" and req.readiness_yes == 10 - len(nos)
    for post in (fake_slack.posts_to(HIRING_CHANNEL)[0], fake_slack.posts_to(APPROVER)[0]):
        shown = text_of(post)
        assert "Pause and prepare before hiring" in shown and why in shown
        assert "Gaps to close alongside hiring" not in shown
    assert "needs preparation" in fake_slack.posts_to(HM)[0]["text"]


def test_data_not_sure_alone_does_not_pause_but_says_how_to_find_out(slack, fake_slack, session):
    submit(slack, fake_slack, {ids.readiness_block("data_accessible"): "not_sure"})
    req = session.scalars(select(Requisition)).one()
    assert req.status == "pending_approval"
    shown = text_of(fake_slack.posts_to(HIRING_CHANNEL)[0])
    assert "Gaps to close alongside hiring" in shown and "Ask the data team where the sources live" in shown


def _submitted(slack, fake_slack, session) -> Requisition:
    submit(slack, fake_slack)
    return session.scalars(select(Requisition)).one()


def test_only_the_approver_or_an_admin_can_decide(slack, fake_slack, session):
    req = _submitted(slack, fake_slack, session)
    value = ids.RequisitionRef(requisition_id=req.id).dump()
    click = dict(block_id=ids.DECISION_ACTIONS, channel=HIRING_CHANNEL, message_ts=req.post_ts, value=value)

    for action in (ids.APPROVE, ids.REJECT, ids.REQUEST_CHANGES):
        assert slack.click(user=OUTSIDER, action_id=action, **click).status == 200
    refusals = fake_slack.called("hooks/actions/T111/1/x")
    assert len(refusals) == 3 and all("not yours to approve" in r["text"] for r in refusals)
    assert all(r["response_type"] == "ephemeral" for r in refusals)
    assert fake_slack.called("views.open")[-1]["view"]["callback_id"] == ids.INTAKE_CALLBACK  # no reason modal
    session.refresh(req)
    assert req.status == "pending_approval" and req.decided_by is None

    slack.click(user=APPROVER, action_id=ids.APPROVE, **click)
    session.refresh(req)
    assert (req.status, req.decided_by) == ("approved", APPROVER)
    assert req.decided_at.isoformat() == "2026-11-25T15:00:00+00:00"
    # no stale decision buttons; the post offers the hiring team what an approved requisition takes (candidates,
    # a plan, headcount, hold, close); the approver's copy only the job description (the rest is not theirs)
    hiring_team = {iv_ids.ADD_CANDIDATE, iv_ids.EDIT_PLAN, ids.CHANGE_HEADCOUNT, ids.HOLD, ids.CLOSE}
    for channel, ts, offered in (
        (HIRING_CHANNEL, req.post_ts, {ids.SHOW_JD} | hiring_team),
        (req.approval_channel_id, req.approval_ts, {ids.SHOW_JD}),
    ):
        updated = fake_slack.message(channel, ts)
        assert set(action_values(updated)) == offered
        assert f"Approved by <@{APPROVER}>" in text_of(updated)
    notice = fake_slack.posts_to(HM)[-1]["text"]
    assert f"<@{APPROVER}> approved requisition #{req.number}" in notice

    slack.click(user=ADMIN, action_id=ids.REJECT, **click)
    assert "already decided (approved)" in fake_slack.called("hooks/actions/T111/1/x")[-1]["text"]
    session.refresh(req)
    assert req.status == "approved"


def test_an_admin_can_approve(slack, fake_slack, session):
    req = _submitted(slack, fake_slack, session)
    slack.click(
        user=ADMIN,
        action_id=ids.APPROVE,
        block_id=ids.DECISION_ACTIONS,
        channel=HIRING_CHANNEL,
        message_ts=req.post_ts,
        value=ids.RequisitionRef(requisition_id=req.id).dump(),
    )
    session.refresh(req)
    assert (req.status, req.decided_by) == ("approved", ADMIN)
    # the hiring manager's receipt offered Revise while it waited; approved, no DM of theirs offers it
    dms = [fake_slack.message(c, ts) for (c, ts) in fake_slack.messages if c == fake_slack.dm_channel(HM)]
    assert dms and not [m for m in dms if ids.REVISE in action_values(m)]
    assert any("approve" in (m.get("text") or "").lower() for m in dms)  # the receipt kept its words


@pytest.mark.parametrize(
    "action, status, word",
    [(ids.REJECT, "rejected", "rejected"), (ids.REQUEST_CHANGES, "changes_requested", "asked for changes")],
)
def test_reject_and_request_changes_ask_for_a_reason(slack, fake_slack, session, action, status, word):
    req = _submitted(slack, fake_slack, session)
    slack.click(
        user=APPROVER,
        action_id=action,
        block_id=ids.DECISION_ACTIONS,
        channel=req.approval_channel_id,
        message_ts=req.approval_ts,
        value=ids.RequisitionRef(requisition_id=req.id).dump(),
    )
    modal = fake_slack.called("views.open")[-1]["view"]
    assert modal["callback_id"] == ids.REASON_CALLBACK

    empty = slack.submit(modal, {ids.REASON: None}, user=APPROVER).json()
    assert empty["response_action"] == "errors" and ids.REASON in empty["errors"]
    forged = slack.submit(modal, {ids.REASON: "no"}, user=OUTSIDER).json()
    assert "not yours to approve" in forged["errors"][ids.REASON]
    session.refresh(req)
    assert req.status == "pending_approval"

    assert slack.submit(modal, {ids.REASON: "Budget is frozen until Q2"}, user=APPROVER).body == ""
    session.refresh(req)
    assert (req.status, req.decision_reason) == (status, "Budget is frozen until Q2")
    revisable = {ids.REVISE} if status == "changes_requested" else set()  # the hiring manager can revise it
    assert set(action_values(fake_slack.message(HIRING_CHANNEL, req.post_ts))) == {ids.SHOW_JD} | revisable
    notice = fake_slack.posts_to(HM)[-1]
    assert word in notice["text"] and "Budget is frozen until Q2" in notice["text"]
    assert set(action_values(notice)) == revisable
    offering = [
        ts
        for (c, ts), m in fake_slack.messages.items()
        if c == fake_slack.dm_channel(HM) and ids.REVISE in action_values(m)
    ]
    assert len(offering) == len(revisable)  # one live Revise at most: the receipt's was retired


def test_list_survives_an_app_rebuild(slack, fake_slack, session, settings, engine, clock, playbook):
    req = _submitted(slack, fake_slack, session)
    again, server, executor = build_slack(settings, engine, clock, playbook, fake_slack)
    try:
        body = again.command(ids.COMMAND, "list", user=HM).json()
        assert f"#{req.number}" in json.dumps(body) and "pending approval" in json.dumps(body)
        assert body["response_type"] == "ephemeral"
        approver_view = again.command(ids.COMMAND, "list", user=APPROVER).json()
        assert f"#{req.number}" in json.dumps(approver_view)
        outsider = again.command(ids.COMMAND, "list", user=OUTSIDER).json()
        assert "no requisitions yet" in outsider["text"]
        refused = again.command(ids.COMMAND, "list all", user=OUTSIDER).json()
        assert "Only admins" in json.dumps(refused) and f"#{req.number}" not in json.dumps(refused)
        everything = again.command(ids.COMMAND, "list all", user=ADMIN).json()
        assert f"#{req.number}" in json.dumps(everything)
    finally:
        server.shutdown()
        server.server_close()
        executor.shutdown()


@pytest.mark.parametrize(
    "text", ["help", "HELP", "frobnicate", "list everything", "<@U123> & ; DROP TABLE x", "🙂" * 300, "approve 1"]
)
def test_help_and_unknown_words_show_usage(slack, fake_slack, session, text):
    response = slack.command(ids.COMMAND, text, user=HM)
    assert response.status == 200
    answer = response.json()
    assert answer["response_type"] == "ephemeral"
    assert "`/ml-req list`" in answer["text"]
    if text.lower() != "help":
        assert "I don't know" in answer["text"] and "<@U123>" not in answer["text"]
    assert fake_slack.called("views.open") == [] and count(session) == 0


def test_unreachable_channel_keeps_the_requisition_and_tells_the_hiring_manager(slack, fake_slack, session):
    fake_slack.unreachable_channels.add(HIRING_CHANNEL)
    submit(slack, fake_slack)
    req = session.scalars(select(Requisition)).one()
    assert req.post_ts is None and req.approval_ts  # the approver is still asked
    to_hm = fake_slack.posts_to(HM)
    assert "could not post it" in to_hm[0]["text"]
    assert "What you will do" in text_of(to_hm[1])  # the job description, DM'd instead


def test_job_description_button_opens_it_again_for_the_hiring_team_only(slack, fake_slack, session):
    req = _submitted(slack, fake_slack, session)
    opened = len(fake_slack.called("views.open"))
    slack.click(
        user=OUTSIDER,
        action_id=ids.SHOW_JD,
        block_id=ids.DECISION_ACTIONS,
        channel=HIRING_CHANNEL,
        message_ts=req.post_ts,
        value=ids.RequisitionRef(requisition_id=req.id).dump(),
    )
    assert len(fake_slack.called("views.open")) == opened  # the draft (pay range, domain) is the team's
    assert "hiring team only" in fake_slack.called("hooks/actions/T111/1/x")[-1]["text"]
    slack.click(
        user=HM,
        action_id=ids.SHOW_JD,
        block_id=ids.DECISION_ACTIONS,
        channel=HIRING_CHANNEL,
        message_ts=req.post_ts,
        value=ids.RequisitionRef(requisition_id=req.id).dump(),
    )
    view = fake_slack.called("views.open")[-1]["view"]
    assert view["title"]["text"] == "Job description"
    assert "Senior ML Engineer, NLP" in json.dumps(view) and "What you bring" in json.dumps(view)


def test_home_tab_lists_the_users_requisitions(slack, fake_slack, session):
    req = _submitted(slack, fake_slack, session)
    response = slack.event(
        {"type": "app_home_opened", "user": HM, "channel": "D0HM", "tab": "home", "event_ts": "1764000000.1"}
    )
    assert response.status == 200
    [publish] = fake_slack.called("views.publish")
    assert publish["user_id"] == HM and f"#{req.number}" in json.dumps(publish["view"])
