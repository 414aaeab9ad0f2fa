"""The general rule, as a table: a state-changing button pressed after what it would change has moved on
(decided, superseded by a revision, closed, answered, started) changes nothing, tells the person why in
words, and is taken off the message it was pressed on. Closing, holding and filling are the table of
tests/test_still_true_e2e.py; these are the other events that make a button stale."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from sqlalchemy import select, text

from bot.flows.interviews import ids as iv_ids
from bot.flows.offers import ids as offer_ids
from bot.flows.onboarding import ids as ob_ids
from bot.flows.requisition import ids
from bot.models import Base, Candidate, Onboarding, PlanStage, Requisition
from tests.support.interviews import ALICE, APPROVER, HM, add_candidate, click, interview_and_score, last_view
from tests.support.interviews import people as people  # noqa: F401 (a fixture)
from tests.support.requisitions import INTAKE, action_ids, as_posted, decide, open_revise, press_on, requisition, submit
from tests.support.workspace import ADMIN, HIRING_CHANNEL

KEPT = {"slack_events", "form_submissions"}  # what a refused press may record: that it was received


def everything(session) -> dict:
    """Every row of every table a stale press could change."""
    session.expire_all()
    return {
        t.name: sorted(map(repr, session.execute(text(f"SELECT * FROM {t.name}")).all()))
        for t in Base.metadata.sorted_tables
        if t.name not in KEPT
    }


def shown(fake_slack, message: dict) -> dict:
    """A message as it shows now: what its holder could still press."""
    return {"channel": message["channel"], "ts": message["ts"]} | fake_slack.message(message["channel"], message["ts"])


def refused(slack, fake_slack, session, who: str, message: dict, action_id: str, *words: str) -> None:
    """`who` presses `action_id` on `message`: nothing changes, they are told why, the button goes."""
    before, opened = everything(session), len(fake_slack.called("views.open"))
    hooks = len([c for c in fake_slack.calls if c.method.startswith("hooks/")])
    assert press_on(slack, who, message, action_id).status == 200
    assert everything(session) == before, f"{action_id} changed something"
    assert len(fake_slack.called("views.open")) == opened, f"{action_id} opened a form"
    answers = [c.params for c in fake_slack.calls if c.method.startswith("hooks/")][hooks:]
    said = " ".join(a["text"] for a in answers if not a.get("replace_original"))
    assert all(w in said for w in words), (action_id, said)
    [retired] = [a for a in answers if a.get("replace_original")]
    assert action_id not in action_ids(retired["blocks"]) and said.split(".")[0] in json.dumps(retired["blocks"])


def intake(slack, fake_slack, session) -> Requisition:
    assert submit(slack, fake_slack).body == ""
    return requisition(session)


@pytest.mark.parametrize("action_id", [ids.APPROVE, ids.REQUEST_CHANGES, ids.REJECT])
def test_a_requisition_decision_pressed_after_it_was_decided(slack, fake_slack, session, action_id):
    req = intake(slack, fake_slack, session)
    request = as_posted(fake_slack, APPROVER, ids.APPROVE)
    assert decide(slack, fake_slack, req, ids.APPROVE, user=ADMIN).status == 200
    assert requisition(session).status == "approved"
    refused(slack, fake_slack, session, APPROVER, request, action_id, "already decided (approved)")


def test_an_old_approve_after_changes_were_requested_says_so_in_words_and_in_the_readers_zone(
    slack, fake_slack, session
):
    """Not "was already changes requested by @Sam (2027-03-31 17:00 UTC)": the decision in words, and the time
    as Slack shows it to each reader, in their own zone."""
    req = intake(slack, fake_slack, session)
    request = as_posted(fake_slack, APPROVER, ids.APPROVE)
    assert decide(slack, fake_slack, req, ids.REQUEST_CHANGES, reason="Narrow the scope").status == 200
    assert requisition(session).status == "changes_requested"
    hooks = len([c for c in fake_slack.calls if c.method.startswith("hooks/")])
    refused(slack, fake_slack, session, APPROVER, request, ids.APPROVE, "already decided (changes requested) by <@")
    said = [c.params["text"] for c in fake_slack.calls if c.method.startswith("hooks/")][hooks:][0]
    assert "<!date^" in said and "UTC)" not in said.split("|")[0], said


def test_a_requisition_decision_pressed_on_the_request_a_revision_replaced(slack, fake_slack, session):
    req = intake(slack, fake_slack, session)
    first = as_posted(fake_slack, APPROVER, ids.APPROVE)
    decide(slack, fake_slack, req, ids.REQUEST_CHANGES, reason="One engineer for now")
    assert slack.submit(open_revise(slack, fake_slack, req), INTAKE | {ids.HEADCOUNT: "1"}, user=HM).body == ""
    assert requisition(session).revision == 1
    refused(slack, fake_slack, session, APPROVER, first, ids.APPROVE, "revised")


def test_revise_pressed_after_the_requisition_was_approved(slack, fake_slack, session):
    req = intake(slack, fake_slack, session)
    post = shown(fake_slack, {"channel": HIRING_CHANNEL, "ts": req.post_ts})
    assert ids.REVISE in action_ids(post["blocks"])
    decide(slack, fake_slack, req, ids.APPROVE)
    refused(slack, fake_slack, session, HM, post, ids.REVISE, "approved")


@pytest.mark.parametrize("action_id", [ids.HOLD, ids.CLOSE, ids.CHANGE_HEADCOUNT])
def test_the_posts_buttons_pressed_after_it_was_closed(slack, fake_slack, session, action_id):
    req = intake(slack, fake_slack, session)
    decide(slack, fake_slack, req, ids.APPROVE)
    post = shown(fake_slack, {"channel": HIRING_CHANNEL, "ts": req.post_ts})  # as the approval left it
    press_on(slack, HM, post, ids.CLOSE)
    assert slack.submit(last_view(fake_slack), {ids.CLOSE_REASON: "budget_cut"}, user=HM).body == ""
    assert requisition(session).status == "closed"
    refused(slack, fake_slack, session, HM, post, action_id, "closed")


def test_resume_pressed_after_a_held_requisition_was_closed(slack, fake_slack, session):
    req = intake(slack, fake_slack, session)
    decide(slack, fake_slack, req, ids.APPROVE)
    press_on(slack, HM, shown(fake_slack, {"channel": HIRING_CHANNEL, "ts": req.post_ts}), ids.HOLD)
    held = shown(fake_slack, {"channel": HIRING_CHANNEL, "ts": req.post_ts})  # Resume, Close
    press_on(slack, HM, held, ids.CLOSE)
    assert slack.submit(last_view(fake_slack), {ids.CLOSE_REASON: "budget_cut"}, user=HM).body == ""
    refused(slack, fake_slack, session, HM, held, ids.RESUME, "closed")


def debriefed(slack, fake_slack, session, clock, playbook) -> tuple[Candidate, dict]:
    """A candidate through one scored stage, and the debrief in the hiring channel with its buttons."""
    req = intake(slack, fake_slack, session)
    decide(slack, fake_slack, req, ids.APPROVE)
    for stage in session.scalars(select(PlanStage).where(PlanStage.stage_key != "technical")):
        stage.active = False
    session.commit()
    assert add_candidate(slack, fake_slack, req.id, {iv_ids.NAME: "Grace Hopper"}).body == ""
    candidate = session.scalars(select(Candidate)).one()
    click(slack, HM, iv_ids.ASSIGN, iv_ids.CandidateRef(candidate_id=candidate.id).dump())
    assert slack.submit(last_view(fake_slack), {iv_ids.STAGE_PREFIX + "technical": ALICE}, user=HM).body == ""
    interview_and_score(slack, fake_slack, clock, playbook, ALICE, "technical", 4, "strong_yes")
    return candidate, as_posted(fake_slack, HIRING_CHANNEL, iv_ids.HIRE)


@pytest.mark.parametrize("action_id", [iv_ids.HIRE, iv_ids.NO_HIRE, iv_ids.MORE_INTERVIEWS])
def test_a_hiring_decision_pressed_after_the_candidate_was_decided(
    slack, fake_slack, session, people, clock, playbook, action_id
):
    candidate, debrief = debriefed(slack, fake_slack, session, clock, playbook)
    press_on(slack, HM, debrief, iv_ids.NO_HIRE)
    assert slack.submit(last_view(fake_slack), {iv_ids.RATIONALE: "Not this time"}, user=HM).body == ""
    refused(slack, fake_slack, session, HM, debrief, action_id, "already decided")


def test_a_hiring_decision_pressed_after_the_requisition_was_closed(
    slack, fake_slack, session, people, clock, playbook
):
    candidate, debrief = debriefed(slack, fake_slack, session, clock, playbook)
    req = session.get(Requisition, candidate.requisition_id)
    press_on(slack, HM, shown(fake_slack, {"channel": HIRING_CHANNEL, "ts": req.post_ts}), ids.CLOSE)
    closing = {ids.CLOSE_REASON: "budget_cut", ids.CLOSE_CONFIRM: ["end_loops"]}
    assert slack.submit(last_view(fake_slack), closing, user=HM).body == ""
    refused(slack, fake_slack, session, HM, debrief, iv_ids.HIRE, "loop ended")


def test_an_offer_prepared_after_the_candidate_was_hired_elsewhere_in_time(
    slack, fake_slack, session, people, clock, playbook
):
    """Prepare offer on the decision message, pressed once an offer is already out: no second form."""
    candidate, debrief = debriefed(slack, fake_slack, session, clock, playbook)
    press_on(slack, HM, debrief, iv_ids.HIRE)
    assert slack.submit(last_view(fake_slack), {iv_ids.RATIONALE: "Strong everywhere"}, user=HM).body == ""
    prepare = as_posted(fake_slack, HM, offer_ids.PREPARE)
    press_on(slack, HM, prepare, offer_ids.PREPARE)
    offer = {offer_ids.BASE: "205000", offer_ids.START: "2027-03-01", offer_ids.LOCATION: "high_cost_hub"}
    assert slack.submit(last_view(fake_slack), offer | {offer_ids.EXPIRES: "2026-12-04"}, user=HM).body == ""
    refused(slack, fake_slack, session, HM, prepare, offer_ids.PREPARE, "already has an offer")


def test_a_check_in_pressed_after_it_was_answered(slack, fake_slack, session, settings, playbook):
    from tests.support.interviews import start_onboarding
    from tests.support.onboarding import answer_check_in

    ob = start_onboarding(session, settings, playbook)
    ref = ob_ids.CheckInRef(onboarding_id=ob.id, day=30, role="new_hire").dump()
    posted = fake_slack.api_chat_postMessage(
        {
            "channel": ob.new_hire_id,
            "text": "Your day-30 check-in",
            "blocks": [
                {"type": "section", "text": {"type": "mrkdwn", "text": "Your day-30 check-in"}},
                {
                    "type": "actions",
                    "block_id": "ob_checkin_actions",
                    "elements": [
                        {
                            "type": "button",
                            "action_id": ob_ids.CHECKIN_OPEN,
                            "text": {"type": "plain_text", "text": "Answer the check-in"},
                            "value": ref,
                        }
                    ],
                },
            ],
        }
    )
    message = {"channel": posted["channel"], "ts": posted["ts"], **fake_slack.message(posted["channel"], posted["ts"])}
    answers = {ob_ids.RAMP_UP: "4", ob_ids.CLARITY: "4", ob_ids.WORKLOAD: "4", ob_ids.SUPPORT: "4", ob_ids.SHARE: "no"}
    assert answer_check_in(slack, fake_slack, message, ob.new_hire_id, answers)[1].body == ""
    assert session.scalars(select(Onboarding)).one().id == ob.id
    refused(slack, fake_slack, session, ob.new_hire_id, message, ob_ids.CHECKIN_OPEN, "already answered")


def test_a_hiring_decision_pressed_after_the_candidate_was_erased(slack, fake_slack, session, people, clock, playbook):
    candidate, debrief = debriefed(slack, fake_slack, session, clock, playbook)
    prompt = slack.command(iv_ids.COMMAND, "erase Grace Hopper", user=HM).json()
    erase = next(e for b in prompt["blocks"] if b["type"] == "actions" for e in b["elements"])
    click(slack, HM, iv_ids.ERASE, erase["value"])
    assert session.scalars(select(Candidate)).all() == []
    refused(slack, fake_slack, session, HM, debrief, iv_ids.HIRE, "no longer exists")


def test_start_onboarding_pressed_after_it_started(
    slack, fake_slack, session, session_factory, settings, playbook, people
):
    from tests.support.offers import GRACE, accepted, grace
    from tests.support.workspace import sweeper

    accepted(slack, fake_slack, session)
    grace(fake_slack)
    slack.event({"type": "team_join", "user": fake_slack.person(GRACE), "event_ts": "1764000000.3"})
    sweeper(session_factory, settings, playbook).run(datetime(2026, 11, 30, 12, tzinfo=timezone.utc))
    joined = as_posted(fake_slack, HM, offer_ids.START_PREPARED)
    press_on(slack, HM, joined, offer_ids.START_PREPARED)
    fake_slack.users["U0BUDDY"] = {"id": "U0BUDDY", "tz": "UTC"}
    form = {
        ob_ids.NEW_HIRE: GRACE,
        ob_ids.MANAGER: HM,
        ob_ids.BUDDY: "U0BUDDY",
        ob_ids.START_DATE: "2027-03-01",
        ob_ids.SPECIALIZATION: "nlp",
        ob_ids.CHANNEL: "C0ONBOARD",
    }
    assert slack.submit(last_view(fake_slack), form, user=HM).body == ""
    refused(slack, fake_slack, session, HM, joined, offer_ids.START_PREPARED, "already started")
    # the hire's own message offers Start onboarding too: as the bot sends it, pressed now
    from bot.ui.debrief import start_onboarding_offer

    text, blocks = start_onboarding_offer(session.scalars(select(Candidate)).one())
    posted = fake_slack.api_chat_postMessage({"channel": HM, "text": text, "blocks": blocks})
    hire_message = {"channel": posted["channel"], "ts": posted["ts"], "text": text, "blocks": blocks}
    refused(slack, fake_slack, session, HM, hire_message, iv_ids.START_ONBOARDING, "already started")


def test_retry_failed_pressed_after_the_failures_were_requeued(slack, fake_slack, session, session_factory, settings):
    from bot.flows.nudges import ids as nudge_ids
    from bot.flows.nudges.service import requeue_failed
    from bot.models import Nudge

    session.add(
        Nudge(
            kind="req_approval",
            recipient_id=APPROVER,
            subject_type="requisition",
            subject_id=1,
            detail={},
            dedupe_key="failed-one",
            due_at=datetime(2026, 11, 25, tzinfo=timezone.utc),
            local_date=datetime(2026, 11, 25).date(),
            local_time=datetime(2026, 11, 25, 10).time(),
            local_tz="UTC",
            zone_confirmed=True,
            status="failed",
            attempts=5,
            created_at=datetime(2026, 11, 25, tzinfo=timezone.utc),
            updated_at=datetime(2026, 11, 25, tzinfo=timezone.utc),
        )
    )
    session.commit()
    report = slack.command("/ml-report", "nudges", user=ADMIN).json()
    message = {"channel": "D0ADMIN", "ts": "1.1", "text": report["text"], "blocks": report["blocks"]}
    assert nudge_ids.RETRY_FAILED in action_ids(message["blocks"])
    with session_factory() as s:  # another admin, or the command line, requeued them meanwhile
        assert requeue_failed(s, datetime(2026, 11, 25, 16, tzinfo=timezone.utc)) == 1
        s.commit()
    before = everything(session)
    press_on(slack, ADMIN, message, nudge_ids.RETRY_FAILED)
    assert everything(session) == before
    [answer] = [c.params for c in fake_slack.calls if c.method.startswith("hooks/")][-1:]
    assert answer["replace_original"] and "Nothing to retry" in answer["text"]
    assert nudge_ids.RETRY_FAILED not in action_ids(answer["blocks"])


def test_done_pressed_on_an_item_already_done(slack, fake_slack, session, session_factory, settings, playbook):
    """Ticking is idempotent (a double click is harmless): the item stays as it was, and the message the old
    Done was pressed on is rebuilt from the database, which says who ticked it and offers no Done for it."""
    from bot.runtime import build_worker
    from bot.slack import build_client
    from tests.support.interviews import start_onboarding

    ob = start_onboarding(session, settings, playbook)
    build_worker(session_factory, build_client(settings, background=True), settings, playbook).run(
        datetime(2026, 12, 7, 12, tzinfo=timezone.utc)  # the start day: the checklist reaches the new hire
    )
    welcome = as_posted(fake_slack, ob.new_hire_id, ob_ids.TICK)
    item_block = next(b for b in welcome["blocks"] if b.get("block_id", "").startswith(ob_ids.ITEM_BLOCK_PREFIX))
    tick = {
        "user": ob.new_hire_id,
        "action_id": ob_ids.TICK,
        "value": item_block["accessory"]["value"],
        "block_id": item_block["block_id"],
        "channel": welcome["channel"],
        "message_ts": welcome["ts"],
        "message": welcome,
    }
    slack.click(**tick)
    before = everything(session)
    slack.click(**tick)  # the old copy's Done, pressed again
    assert everything(session) == before
    now = fake_slack.message(welcome["channel"], welcome["ts"])
    block = next(b for b in now["blocks"] if b.get("block_id") == item_block["block_id"])
    assert "accessory" not in block or block["accessory"].get("action_id") != ob_ids.TICK
    assert "ticked by" in json.dumps(block)


@pytest.mark.every_button
def test_an_onboarding_started_from_the_hire_message_retires_what_it_offered(
    slack, fake_slack, session, people, clock, playbook
):
    """Already signed elsewhere: the hiring manager starts the onboarding straight from the hire's message.
    The onboarding is linked to the hire, the message (and the card) then offer neither *Start onboarding*
    nor *Prepare offer*, and an old copy of either button is refused in words."""
    candidate, debrief = debriefed(slack, fake_slack, session, clock, playbook)
    press_on(slack, HM, debrief, iv_ids.HIRE)
    assert slack.submit(last_view(fake_slack), {iv_ids.RATIONALE: "Signed with us already"}, user=HM).body == ""
    hire = as_posted(fake_slack, HM, iv_ids.START_ONBOARDING)
    press_on(slack, HM, hire, iv_ids.START_ONBOARDING)
    form = last_view(fake_slack)
    assert json.loads(form["private_metadata"]) == {"candidate_id": candidate.id}
    values = {
        ob_ids.NEW_HIRE: "U0NEWHIRE",
        ob_ids.MANAGER: HM,
        ob_ids.BUDDY: "U0BUDDY",
        ob_ids.START_DATE: "2027-03-01",
        ob_ids.SPECIALIZATION: "nlp",
        ob_ids.CHANNEL: "C0ONBOARD",
    }
    assert slack.submit(form, values, user=HM).body == ""
    assert session.scalars(select(Onboarding)).one().candidate_id == candidate.id
    assert {iv_ids.START_ONBOARDING, offer_ids.PREPARE} & action_ids(shown(fake_slack, hire)["blocks"]) == set()
    session.refresh(candidate)
    card = fake_slack.message(candidate.card_channel, candidate.card_ts)
    assert offer_ids.PREPARE not in action_ids(card["blocks"])
    refused(slack, fake_slack, session, HM, hire, iv_ids.START_ONBOARDING, "already started")
    refused(slack, fake_slack, session, HM, hire, offer_ids.PREPARE, "already started")
    # a second copy of the form, submitted after, starts nothing and says why on the form
    again = slack.submit(form | {"id": "V0SECONDCOPY"}, values | {ob_ids.NEW_HIRE: "U0NEW"}, user=HM).json()
    assert "already started" in again["errors"][ob_ids.NEW_HIRE]
    assert len(session.scalars(select(Onboarding)).all()) == 1
    # erasing the hire later leaves the onboarding, no longer linked to anyone's record
    prompt = slack.command(iv_ids.COMMAND, "erase Grace Hopper", user=HM).json()
    erase = next(e for b in prompt["blocks"] if b["type"] == "actions" for e in b["elements"])
    click(slack, HM, iv_ids.ERASE, erase["value"])
    session.expire_all()
    assert session.scalars(select(Candidate)).all() == []
    assert session.scalars(select(Onboarding)).one().candidate_id is None
