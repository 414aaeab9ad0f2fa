"""A decision counts only if it is still true when it lands. Closing, holding or filling a requisition
withdraws what hangs on it (a raise waiting for the approver, offers not yet answered), tells the people who
held those buttons once and retires the buttons; every button pressed on an older message afterwards changes
nothing, says why in words, and is taken off the message it was pressed on."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, update

from bot.flows.offers import ids as offer_ids
from bot.flows.requisition import ids
from bot.models import Candidate, Offer, PreparedOnboarding, Requisition
from tests.support.interviews import APPROVER, HM
from tests.support.interviews import people as people  # noqa: F401 (a fixture)
from tests.support.offers import OFFER, hired, open_offer
from tests.support.requisitions import action_ids, approved, as_posted, press_on
from tests.support.workspace import HIRING_CHANNEL

REF = ids.RequisitionRef


def state(session) -> tuple:
    """Everything a stale press could change."""
    session.expire_all()
    return (
        session.execute(
            select(Requisition.status, Requisition.headcount, Requisition.pending_headcount, Requisition.filled)
        ).all(),
        session.execute(select(Offer.id, Offer.status, Offer.decided_by).order_by(Offer.id)).all(),
        session.execute(select(Candidate.id, Candidate.status, Candidate.decision).order_by(Candidate.id)).all(),
        session.scalars(select(PreparedOnboarding.id)).all(),
    )


def on_post(slack, req: Requisition, action_id: str):
    """The hiring manager presses one of the requisition post's buttons."""
    value = REF(requisition_id=req.id).dump()
    return slack.click(
        user=HM, action_id=action_id, value=value, block_id="b", channel="C0HIRING", message_ts=req.post_ts
    )


def loaded(slack, fake_slack, session) -> tuple[Requisition, Candidate, Candidate]:
    """An approved requisition for one engineer with everything that can hang on it: a raise to two waiting
    for the approver, an offer above the band waiting for the approver, and an extended offer."""
    req = approved(slack, fake_slack, session)
    session.execute(update(Requisition).where(Requisition.id == req.id).values(headcount=1))
    session.commit()
    on_post(slack, req, ids.CHANGE_HEADCOUNT)
    modal = fake_slack.called("views.open")[-1]["view"]
    assert slack.submit(modal, {ids.HC_HEADCOUNT: "2", ids.HC_START: req.target_start.isoformat()}, user=HM).body == ""
    above, within = hired(session, req, name="Grace Hopper"), hired(session, req, name="Katherine Johnson")
    assert slack.submit(open_offer(slack, fake_slack, above), OFFER | {offer_ids.BASE: "300000"}, user=HM).body == ""
    assert slack.submit(open_offer(slack, fake_slack, within), OFFER, user=HM).body == ""
    offers = session.scalars(select(Offer).order_by(Offer.id)).all()
    assert [o.status for o in offers] == ["pending_approval", "extended"]
    session.refresh(req)
    assert req.pending_headcount == 2
    return req, above, within


def old_buttons(fake_slack) -> list[tuple[str, dict, str]]:
    """(who, message, action id) for every state-changing button the loaded requisition put in front of
    someone, as first posted."""
    raise_request = as_posted(fake_slack, APPROVER, ids.HC_APPROVE)
    approval = as_posted(fake_slack, APPROVER, offer_ids.APPROVE)
    sent_for_approval = as_posted(fake_slack, HM, offer_ids.WITHDRAW, without=offer_ids.ACCEPTED)
    extended = as_posted(fake_slack, HM, offer_ids.ACCEPTED)
    buttons = [
        (APPROVER, raise_request, ids.HC_APPROVE),
        (APPROVER, raise_request, ids.HC_REJECT),
        (APPROVER, approval, offer_ids.APPROVE),
        (APPROVER, approval, offer_ids.REJECT),
        (HM, extended, offer_ids.ACCEPTED),
        (HM, extended, offer_ids.DECLINED),
        (HM, extended, offer_ids.WITHDRAW),
    ]
    return [*buttons, (HM, sent_for_approval, offer_ids.WITHDRAW)]


def close(slack, fake_slack, session, req, *_):
    on_post(slack, req, ids.CLOSE)
    modal = fake_slack.called("views.open")[-1]["view"]
    assert slack.submit(modal, {ids.CLOSE_REASON: "budget_cut"}, user=HM).body == ""


def hold(slack, fake_slack, session, req, *_):
    on_post(slack, req, ids.HOLD)


def fill(slack, fake_slack, session, req, above, within):
    press_on(slack, HM, as_posted(fake_slack, HM, offer_ids.ACCEPTED), offer_ids.ACCEPTED)
    modal = fake_slack.called("views.open")[-1]["view"]
    assert slack.submit(modal, {offer_ids.EMAIL: "katherine@example.org"}, user=HM).body == ""


@pytest.mark.every_button
@pytest.mark.parametrize(
    "move, status, why",
    [(close, "closed", "is closed"), (hold, "on_hold", "is on hold"), (fill, "filled", "is filled")],
    ids=["closed", "on hold", "filled"],
)
def test_a_move_withdraws_what_hangs_on_the_requisition_and_every_old_button_is_refused(
    slack, fake_slack, session, people, move, status, why
):
    req, above, within = loaded(slack, fake_slack, session)
    buttons = old_buttons(fake_slack)
    dms_before = {u: len(fake_slack.posts_to(u)) for u in (APPROVER, HM)}
    move(slack, fake_slack, session, req, above, within)

    session.expire_all()
    req = session.get(Requisition, req.id)
    offers = {o.candidate_id: o for o in session.scalars(select(Offer))}
    assert req.status == status and req.pending_headcount is None
    assert offers[above.id].status == "withdrawn" and why in offers[above.id].withdraw_reason
    assert offers[within.id].status == ("accepted" if status == "filled" else "withdrawn")

    # the people who held the buttons are told once, in words
    told = {u: [p["text"] for p in fake_slack.posts_to(u)[dms_before[u] :]] for u in (APPROVER, HM)}
    assert sum("headcount" in t and "withdrawn" in t and why in t for t in told[APPROVER]) == 1
    assert sum("Grace Hopper" in t and "withdrawn" in t for t in told[APPROVER]) == 1
    assert sum("Grace Hopper" in t and "withdrawn" in t for t in told[HM]) == 1
    if status != "filled":
        assert sum("Katherine Johnson" in t and "withdrawn" in t for t in told[HM]) == 1
    # and the messages holding those buttons no longer offer them
    for _, message, action_id in buttons:
        now_shown = fake_slack.message(message["channel"], message["ts"])
        assert action_id not in action_ids(now_shown.get("blocks")), f"{action_id} is still offered"

    # every old button pressed now: nothing changes, the person is told why, the button is taken off
    before = state(session)
    for who, message, action_id in buttons:
        hooks = len([c for c in fake_slack.calls if c.method.startswith("hooks/")])
        opened = len(fake_slack.called("views.open"))
        assert press_on(slack, who, message, action_id).status == 200
        assert state(session) == before, f"{action_id} changed something"
        assert len(fake_slack.called("views.open")) == opened, f"{action_id} opened a form"
        answers = [c.params for c in fake_slack.calls if c.method.startswith("hooks/")][hooks:]
        said = [a for a in answers if not a.get("replace_original")]
        assert said and (why in said[0]["text"] or "already" in said[0]["text"]), (action_id, said)
        [retired] = [a for a in answers if a.get("replace_original")]
        assert action_id not in action_ids(retired["blocks"])
        assert said[0]["text"] in json.dumps(retired["blocks"]) or why in json.dumps(retired["blocks"])


# --- one person, one hire ----------------------------------------------------------------------------------
def accept_as(slack, fake_slack, candidate, email: str, user=HM, *, prepared=False):
    if not prepared:
        assert slack.submit(open_offer(slack, fake_slack, candidate, user=user), OFFER, user=user).body == ""
    press_on(slack, user, as_posted(fake_slack, user, offer_ids.ACCEPTED), offer_ids.ACCEPTED)
    return slack.submit(fake_slack.called("views.open")[-1]["view"], {offer_ids.EMAIL: email}, user=user)


def test_a_second_accepted_offer_for_the_same_person_is_refused_inline(slack, fake_slack, session, people):
    req = approved(slack, fake_slack, session)  # two places
    first, second = hired(session, req, name="Grace Hopper"), hired(session, req, name="Katherine Johnson")
    assert accept_as(slack, fake_slack, first, "grace@example.org").body == ""
    assert slack.submit(open_offer(slack, fake_slack, second), OFFER, user=HM).body == ""
    before = state(session)
    answer = accept_as(slack, fake_slack, second, "  Grace@Example.ORG ", prepared=True).json()
    assert (
        f"requisition #{req.number}" in answer["errors"][offer_ids.EMAIL]
        and "one offer" in answer["errors"][offer_ids.EMAIL]
    )
    assert state(session) == before  # nothing accepted, nothing counted, no second onboarding
    assert len(session.scalars(select(PreparedOnboarding)).all()) == 1


def test_another_requisitions_hire_is_not_named_to_someone_who_may_not_see_it(
    slack, fake_slack, session, people, settings
):
    from tests.support.workspace import ADMIN

    req = approved(slack, fake_slack, session)
    first = hired(session, req, name="Grace Hopper")
    assert accept_as(slack, fake_slack, first, "grace@example.org").body == ""
    columns = {c.name: getattr(req, c.name) for c in Requisition.__table__.columns if c.name not in ("id", "number")}
    other = Requisition(**columns)
    other.hiring_manager_id, other.approver_id, other.status, other.filled = "U0OTHER", ADMIN, "approved", 0
    other.post_ts = other.approval_ts = other.headcount_ts = None
    session.add(other)
    session.commit()
    theirs = hired(session, other, name="Katherine Johnson")
    fake_slack.users["U0OTHER"] = {"id": "U0OTHER", "tz": None}
    answer = accept_as(slack, fake_slack, theirs, "grace@example.org", user="U0OTHER").json()
    assert "another requisition" in answer["errors"][offer_ids.EMAIL]
    assert f"#{req.number}" not in answer["errors"][offer_ids.EMAIL]


def test_a_member_joining_is_bound_to_one_waiting_onboarding(slack, fake_slack, session, people):
    from tests.support.offers import GRACE, grace

    req = approved(slack, fake_slack, session)
    first, second = hired(session, req, name="Grace Hopper"), hired(session, req, name="Katherine Johnson")
    assert accept_as(slack, fake_slack, first, "grace@example.org").body == ""
    assert accept_as(slack, fake_slack, second, "katherine@example.org").body == ""
    # two accepted at the same moment with one email (the race the inline check cannot see)
    session.execute(update(PreparedOnboarding).values(email="grace@example.org"))
    session.commit()
    grace(fake_slack)
    slack.event({"type": "team_join", "user": fake_slack.person(GRACE), "event_ts": "1764000000.2"})
    bound = session.scalars(select(PreparedOnboarding).order_by(PreparedOnboarding.id)).all()
    assert [(p.status, p.new_hire_id) for p in bound] == [("joined", GRACE), ("waiting", None)]


# --- settings name what exists ------------------------------------------------------------------------------
def test_settings_refuse_a_channel_the_bot_is_not_in_and_an_admin_who_is_nobody(slack, fake_slack, session):
    from bot.flows.settings import ids as set_ids
    from bot.models import WorkspaceSettings
    from tests.support.settings import open_settings, values
    from tests.support.workspace import ADMIN

    _, view = open_settings(slack, fake_slack)
    forged = slack.submit(view, values(**{set_ids.ONBOARDING_CHANNEL: "C0NOSUCHCHANNEL"}), user=ADMIN).json()
    assert "not a channel the bot can see" in forged["errors"][set_ids.ONBOARDING_CHANNEL]
    fake_slack.unreachable_channels.add("C0GENERAL")
    outside = slack.submit(view, values(**{set_ids.HIRING_CHANNEL: "C0GENERAL"}), user=ADMIN).json()
    assert "invite it first" in outside["errors"][set_ids.HIRING_CHANNEL]
    nobody = slack.submit(view, values(**{set_ids.ADMINS: ["U0NOBODY"]}), user=ADMIN).json()
    assert "active person" in nobody["errors"][set_ids.ADMINS]
    fake_slack.users["U0ROBOT"] = {"id": "U0ROBOT", "is_bot": True}
    robot = slack.submit(view, values(**{set_ids.ADMINS: [ADMIN, "U0ROBOT"]}), user=ADMIN).json()
    assert "active person" in robot["errors"][set_ids.ADMINS]
    assert session.get(WorkspaceSettings, 1) is None  # nothing was saved
    assert slack.submit(view, values(), user=ADMIN).body == ""  # what exists is saved


def test_the_environments_channels_and_admins_are_checked_at_start(settings, fake_slack):
    from dataclasses import replace

    from bot.runtime import named_problems
    from bot.slack import build_client

    named = replace(
        settings,
        hiring_channel="C0NOSUCHCHANNEL",
        onboarding_channel="C0GENERAL",
        bot_admins=frozenset({"U0ADMIN", "U0NOBODY"}),
    )
    fake_slack.unreachable_channels.add("C0GENERAL")
    lines = named_problems(named, build_client(named, background=True))
    assert lines == [
        "HIRING_CHANNEL=C0NOSUCHCHANNEL: That is not a channel the bot can see: pick one from the list, and invite "
        "the bot to it.",
        "ONBOARDING_CHANNEL=C0GENERAL: The bot is not a member of that channel: invite it first (/invite @ML "
        "Hiring), then save.",
        "BOT_ADMINS U0NOBODY: not an active person in this workspace (unknown, deactivated or a bot)",
    ]
    unreachable = replace(named, slack_api_url="http://127.0.0.1:9/api/")
    said = named_problems(unreachable, build_client(unreachable, background=True, timeout=1))
    assert said and all("Slack did not answer" in line for line in said)
    assert named_problems(settings, build_client(settings, background=True)) == []


def test_a_slow_slack_never_costs_the_settings_form_its_acknowledgement(slack, fake_slack, session):
    """Slack holds users.info and conversations.info for 5 s: the save is still acknowledged within Slack's
    3 s (Bolt's executor would answer 404 past it), and what Slack could not answer for is let through."""
    from bot.flows.settings import ids as set_ids
    from bot.models import WorkspaceSettings
    from tests.support.settings import open_settings, values
    from tests.support.workspace import ADMIN

    _, view = open_settings(slack, fake_slack)
    fake_slack.delays |= {"users.info": 5, "conversations.info": 5}
    answer = slack.submit(view, values(**{set_ids.HIRING_CHANNEL: "C0NEWHIRING"}), user=ADMIN)
    assert answer.status == 200 and answer.body == ""
    assert session.get(WorkspaceSettings, "single").hiring_channel == "C0NEWHIRING"


def test_after_a_close_the_old_add_candidate_and_interview_plan_are_refused_in_words(
    slack, fake_slack, session, people
):
    """An old copy of the requisition's post still shows *Add candidate* and *Interview plan*: pressed after the
    close, neither opens a form (the candidate form had no requisition to offer: Slack refused it) and both say
    why; an interview plan form opened before the close saves nothing."""
    from bot.flows.interviews import ids as iv_ids
    from bot.models import PlanStage

    req = approved(slack, fake_slack, session)
    shown = fake_slack.message(HIRING_CHANNEL, req.post_ts)  # the post as approved: what an old copy shows
    post = {"channel": HIRING_CHANNEL, "ts": req.post_ts, "text": shown.get("text"), "blocks": shown["blocks"]}
    assert iv_ids.ADD_CANDIDATE in action_ids(post["blocks"])
    press_on(slack, HM, post, iv_ids.EDIT_PLAN)
    plan_form = fake_slack.called("views.open")[-1]["view"]
    close(slack, fake_slack, session, req)
    stages = sorted(session.execute(select(PlanStage.stage_key, PlanStage.active)).all())

    for action_id in (iv_ids.ADD_CANDIDATE, iv_ids.EDIT_PLAN):
        opened, hooks = len(fake_slack.called("views.open")), len([c for c in fake_slack.calls if "hooks/" in c.method])
        assert press_on(slack, HM, post, action_id).status == 200
        assert len(fake_slack.called("views.open")) == opened, f"{action_id} opened a form"
        said = [c.params for c in fake_slack.calls if "hooks/" in c.method][hooks:]
        told = [a["text"] for a in said if not a.get("replace_original")]
        assert told and "is closed" in told[0] and "went wrong" not in told[0], (action_id, told)

    answer = slack.submit(plan_form, {iv_ids.PLAN_STAGES: ["technical"]}, user=HM)
    assert answer.status == 200 and "is closed" in answer.body
    session.expire_all()
    assert sorted(session.execute(select(PlanStage.stage_key, PlanStage.active)).all()) == stages
