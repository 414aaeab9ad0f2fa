"""The interview loop end to end against the fake Slack, with the clock injected."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.flows.interviews import ids
from bot.flows.interviews.nudges import SCHEDULE, SCHEDULE_LATE, SCORECARD, SCORECARD_LATE, SCORECARD_REMINDER
from bot.flows.requisition.ids import RequisitionRef
from bot.models import AuditEvent, Candidate, Interview, Nudge, Requisition, Scorecard
from tests.support.interviews import (
    ALICE,
    APPROVER,
    BOB,
    CAROL,
    HM,
    NAME,
    OUTSIDER,
    ROBOT,
    WED,
    add_candidate,
    click,
    interview_and_score,
    kit_value,
    last_view,
    refusal,
    requisition,
    scorecard_values,
)
from tests.support.interviews import people as people  # noqa: F401 (a fixture)
from tests.support.workspace import ADMIN, HIRING_CHANNEL
from tests.support.workspace import sweeper as make_sweeper

# the same in single-token mode and installed through OAuth (tests/conftest.py)
pytestmark = pytest.mark.both_modes


def nudges_to(session_factory, user, kind) -> list[Nudge]:
    with session_factory() as s:
        return list(
            s.scalars(select(Nudge).where(Nudge.recipient_id == user, Nudge.kind == kind, Nudge.status == "sent"))
        )


STAGES = ["technical", "mlops", "communication", "ethics"]  # a junior role's default plan


def picks_for(*users) -> dict[str, str]:
    return {ids.STAGE_PREFIX + s: u for s, u in zip(STAGES, users, strict=False)}


def open_assign(slack, fake_slack, session, settings, playbook) -> tuple[Candidate, dict]:
    """An approved requisition, a candidate on it, and the hiring manager's assign modal for them."""
    add_candidate(slack, fake_slack, requisition(session, settings, playbook))
    candidate = session.scalars(select(Candidate)).one()
    click(slack, HM, ids.ASSIGN, ids.CandidateRef(candidate_id=candidate.id).dump())
    return candidate, last_view(fake_slack) | {"id": "V0ASSIGN", "hash": "h1"}


@pytest.mark.every_button
def test_one_candidate_through_the_whole_loop(
    slack, fake_slack, people, session, session_factory, settings, playbook, clock
):
    req_id = requisition(session, settings, playbook)
    pending = requisition(session, settings, playbook, approve=False)
    sweeper = make_sweeper(session_factory, settings, playbook)

    # the plan: the hiring manager keeps two stages (and so leaves competencies unassessed)
    plan_ref = RequisitionRef(requisition_id=req_id).dump()
    click(slack, OUTSIDER, ids.EDIT_PLAN, plan_ref)
    assert "Only the hiring manager" in refusal(fake_slack)
    click(slack, HM, ids.EDIT_PLAN, plan_ref)
    plan_view = last_view(fake_slack)
    assert {o["value"] for o in plan_view["blocks"][1]["element"]["initial_options"]} == {
        "technical",
        "mlops",
        "communication",
        "ethics",
    }  # no system design for a junior role
    assert "errors" in slack.submit(plan_view, {ids.PLAN_STAGES: []}, user=HM).json()["response_action"]
    shown = json.dumps(plan_view)
    assert "Essential for a junior role" in shown and "Ethics and responsible AI" in shown
    assert "ML system design (" not in shown  # essential only from senior up
    assert "Keep only the stages you need" in shown  # the guide on the process, where the plan is made
    saved = slack.submit(plan_view, {ids.PLAN_STAGES: ["technical", "communication"]}, user=HM).json()
    assert saved["response_action"] == "update" and saved["view"]["callback_id"] == ids.PLAN_SAVED_CALLBACK
    assert "*No Ethics and responsible AI*, essential for a junior role" in json.dumps(saved["view"])

    # adding the candidate: bad input refused inline, nothing stored
    from bot.errors import FormErrors
    from bot.flows.interviews import service as candidates

    form = candidates.CandidateForm(
        requisition_id=pending, name=NAME, profile_url="https://example.org/ada", source="referral"
    )
    with pytest.raises(FormErrors) as refused:  # the modal only offers approved ones; the service says why too
        candidates.add_candidate(session, playbook, form, user=HM, admins=frozenset(), now=WED)
    assert "only be added to approved requisitions" in refused.value.errors[ids.REQUISITION]
    session.rollback()
    assert ids.PROFILE in add_candidate(slack, fake_slack, req_id, {ids.PROFILE: "ada's cv"}).json()["errors"]
    assert ids.REQUISITION in add_candidate(slack, fake_slack, req_id, user=OUTSIDER).json()["errors"]
    assert session.scalars(select(Candidate)).all() == []
    assert add_candidate(slack, fake_slack, req_id).body == ""
    candidate = session.scalars(select(Candidate)).one()
    card = fake_slack.posts_to(HIRING_CHANNEL)[-1]
    assert NAME in card["text"] and "needs an interviewer" in json.dumps(card["blocks"])

    # assigning: the load shows when someone is picked; bots are refused
    cref = ids.CandidateRef(candidate_id=candidate.id).dump()
    click(slack, HM, ids.ASSIGN, cref)
    assign_view = last_view(fake_slack) | {"id": "V0ASSIGN", "hash": "h1"}
    bad = slack.submit(
        assign_view, {ids.STAGE_PREFIX + "technical": ROBOT, ids.STAGE_PREFIX + "communication": ALICE}, user=HM
    ).json()
    assert "That is a bot" in bad["errors"][ids.STAGE_PREFIX + "technical"]
    assert (
        slack.submit(
            assign_view, {ids.STAGE_PREFIX + "technical": ALICE, ids.STAGE_PREFIX + "communication": BOB}, user=HM
        ).body
        == ""
    )
    alice_kit = fake_slack.posts_to(ALICE)[-1]
    kit_text = json.dumps(alice_kit["blocks"])
    assert "Practical technical assessment" in kit_text and "Questions to draw from" in kit_text
    assert "Hard-codes assumptions" in kit_text and "Feature engineering" in kit_text
    assert "annotators" in kit_text  # a question suited to NLP comes first

    # Alice sets a time (never in the past); Bob never does
    click(slack, ALICE, ids.SET_TIME, kit_value(fake_slack, ALICE))
    time_view = last_view(fake_slack)
    past = slack.submit(
        time_view, {ids.WHEN: int((WED - timedelta(hours=1)).timestamp()), ids.DURATION: "60"}, user=ALICE
    ).json()
    assert "has passed" in past["errors"][ids.WHEN]
    start = datetime(2026, 11, 26, 14, 0, tzinfo=timezone.utc)
    assert slack.submit(time_view, {ids.WHEN: int(start.timestamp()), ids.DURATION: "60"}, user=ALICE).body == ""

    # nothing before the interview has happened; the prompt about an hour after it ends
    clock.now = start + timedelta(minutes=119)
    sweeper.run(clock.now)
    assert nudges_to(session_factory, ALICE, SCORECARD) == []
    clock.now = start + timedelta(hours=2)
    sweeper.run(clock.now)
    assert len(nudges_to(session_factory, ALICE, SCORECARD)) == 1
    # +24 h, then +48 h (a Saturday, so Monday 09:00) with the hiring manager told
    for moment in (
        datetime(2026, 11, 27, 15, 0, tzinfo=timezone.utc),
        datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc),
    ):
        clock.now = moment
        sweeper.run(moment)
    assert len(nudges_to(session_factory, ALICE, SCORECARD_REMINDER)) == 2
    assert len(nudges_to(session_factory, HM, SCORECARD_LATE)) == 1
    # Bob was assigned on Wednesday and set no time: nudged at 2 business days, the manager at 4
    assert len(nudges_to(session_factory, BOB, SCHEDULE)) == 1
    clock.now = datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc)
    sweeper.run(clock.now)
    assert len(nudges_to(session_factory, HM, SCHEDULE_LATE)) == 1

    # Alice's scorecard: refused without ratings, then in; reminders stop
    click(slack, ALICE, ids.OPEN_SCORECARD, kit_value(fake_slack, ALICE, ids.OPEN_SCORECARD))
    sc_view = last_view(fake_slack)
    missing = slack.submit(sc_view, {ids.RATING_PREFIX + "tradeoffs": "3"}, user=ALICE).json()
    assert ids.RECOMMENDATION in missing["errors"] and ids.RATING_PREFIX + "data_preprocessing" in missing["errors"]
    assert slack.submit(sc_view, scorecard_values(playbook, "technical", 4, "yes", ["0"]), user=ALICE).body == ""
    click(slack, ALICE, ids.OPEN_SCORECARD, kit_value(fake_slack, ALICE, ids.OPEN_SCORECARD))  # opened again
    assert (
        slack.submit(
            last_view(fake_slack), scorecard_values(playbook, "technical", 4, "strong_yes", ["0"]), user=ALICE
        ).body
        == ""
    )  # edited before the debrief
    assert session.scalars(select(Scorecard)).one().recommendation == "strong_yes"
    clock.now = datetime(2026, 12, 4, 10, 0, tzinfo=timezone.utc)
    sweeper.run(clock.now)
    assert len(nudges_to(session_factory, ALICE, SCORECARD_REMINDER)) == 2  # nothing after it is in
    assert "Strong yes" not in json.dumps(fake_slack.called("chat.postMessage") + fake_slack.called("chat.update"))

    # Bob finally schedules and interviews; before his scorecard he cannot see Alice's
    click(slack, BOB, ids.SET_TIME, kit_value(fake_slack, BOB))
    bob_start = datetime(2026, 12, 4, 11, 0, tzinfo=timezone.utc)
    clock.now = datetime(2026, 12, 4, 10, 30, tzinfo=timezone.utc)
    assert (
        slack.submit(last_view(fake_slack), {ids.WHEN: int(bob_start.timestamp()), ids.DURATION: "45"}, user=BOB).body
        == ""
    )
    hidden = slack.command(ids.COMMAND, f"show {NAME}", user=BOB).json()
    assert "Scores stay hidden" in json.dumps(hidden) and "Strong yes" not in json.dumps(hidden)
    assert "Strong yes" in json.dumps(slack.command(ids.COMMAND, f"show {NAME}", user=ALICE).json())
    assert "Strong yes" in json.dumps(slack.command(ids.COMMAND, "show ada", user=HM).json())
    clock.now = bob_start + timedelta(hours=2)
    sweeper.run(clock.now)
    click(slack, BOB, ids.OPEN_SCORECARD, kit_value(fake_slack, BOB, ids.OPEN_SCORECARD))
    assert (
        slack.submit(last_view(fake_slack), scorecard_values(playbook, "communication", 1, "no"), user=BOB).body == ""
    )

    # the debrief: disagreement, unassessed competencies, red flags, recommendations
    debrief = fake_slack.posts_to(HIRING_CHANNEL)[-1]
    text = json.dumps(debrief["blocks"], ensure_ascii=False)
    assert "Debrief" in debrief["text"]
    assert "Explains model decisions plainly" in text and "panel disagrees" in text
    assert "Not assessed by anyone" in text and "Bias and fairness" in text and "Serving models at scale" in text
    assert f"Hard-codes assumptions (<@{ALICE}>, Practical technical assessment)" in text
    assert f"<@{ALICE}> (Practical technical assessment): Strong yes" in text and f"<@{BOB}> (Communication" in text
    assert "*No Ethics and responsible AI*, essential for a junior role" in text  # dropped at planning, said again
    assert "The decision is made without it." in text
    click(slack, ALICE, ids.OPEN_SCORECARD, kit_value(fake_slack, ALICE, ids.OPEN_SCORECARD))
    assert "locked" in refusal(fake_slack)

    # the decision: only the hiring manager (or an admin), with a rationale, once
    click(slack, OUTSIDER, ids.HIRE, cref)
    assert "Only the hiring manager" in refusal(fake_slack)
    click(slack, HM, ids.HIRE, cref)
    decision_view = last_view(fake_slack)
    assert "*No Ethics and responsible AI*" in json.dumps(decision_view)
    assert "cultural and ethical alignment" in json.dumps(decision_view)
    assert ids.RATIONALE in slack.submit(decision_view, {ids.RATIONALE: None}, user=HM).json()["errors"]
    assert (
        slack.submit(decision_view, {ids.RATIONALE: "Strong technically; coach on communication"}, user=HM).body == ""
    )
    session.refresh(candidate)
    assert (candidate.decision, candidate.status, candidate.decided_by) == ("hire", "hired", HM)
    closed = fake_slack.message(candidate.debrief_channel, candidate.debrief_ts)
    assert ids.DEBRIEF_ACTIONS not in json.dumps(closed["blocks"]) and "decided by" in json.dumps(closed["blocks"])
    assert (
        "*Hire*" in fake_slack.posts_to(HIRING_CHANNEL)[-1]["text"]
        or "Hire" in fake_slack.posts_to(HIRING_CHANNEL)[-1]["text"]
    )
    offer = fake_slack.posts_to(HM)[-1]
    click(slack, HM, ids.START_ONBOARDING, kit_value(fake_slack, HM, ids.START_ONBOARDING))
    onboarding_form = last_view(fake_slack)
    blocks = {b.get("block_id"): b for b in onboarding_form["blocks"]}
    assert onboarding_form["callback_id"] == "ob_start" and "Start onboarding" in json.dumps(offer)
    assert blocks["ob_specialization"]["element"]["initial_option"]["value"] == "nlp"
    assert blocks["ob_requisition"]["element"]["initial_option"]["value"] == str(req_id)

    # buttons on a decided candidate change nothing
    for user, action, value in (
        (HM, ids.NO_HIRE, cref),
        (HM, ids.ASSIGN, cref),
        (BOB, ids.SET_TIME, kit_value(fake_slack, BOB)),
    ):
        click(slack, user, action, value)
        assert "already decided" in refusal(fake_slack)
    session.refresh(candidate)
    assert candidate.decision == "hire"


@pytest.mark.every_button
def test_a_declined_interview_is_reassigned(slack, fake_slack, people, session, settings, playbook):
    candidate, view = open_assign(slack, fake_slack, session, settings, playbook)
    picks = picks_for(ALICE, BOB, ADMIN, APPROVER)
    fake_slack.users["U0GONE"] = {"id": "U0GONE", "tz": None, "is_bot": False, "deleted": True}
    gone = slack.submit(view, picks | {ids.STAGE_PREFIX + "ethics": "U0GONE"}, user=HM).json()
    assert "not an active member" in gone["errors"][ids.STAGE_PREFIX + "ethics"]
    assert session.scalars(select(Interview)).all() == []
    assert slack.submit(view, picks, user=HM).body == ""
    old = kit_value(fake_slack, BOB, ids.DECLINE)
    click(slack, BOB, ids.DECLINE, old)
    decline_view = last_view(fake_slack)
    assert ids.REASON in slack.submit(decline_view, {ids.REASON: None}, user=BOB).json()["errors"]
    assert slack.submit(decline_view, {ids.REASON: "On leave next week"}, user=BOB).body == ""
    assert (
        "declined" in fake_slack.posts_to(HM)[-1]["text"]
        and "On leave next week" in fake_slack.posts_to(HM)[-1]["text"]
    )
    click(slack, HM, ids.ASSIGN, ids.CandidateRef(candidate_id=candidate.id).dump())
    assert slack.submit(last_view(fake_slack), picks | {ids.STAGE_PREFIX + "mlops": CAROL}, user=HM).body == ""
    mlops = session.scalars(select(Interview).where(Interview.stage_key == "mlops")).one()
    assert (mlops.interviewer_id, mlops.status, mlops.assignment_no) == (CAROL, "assigned", 2)
    assert "MLOps" in json.dumps(fake_slack.posts_to(CAROL)[-1]["blocks"])
    click(slack, BOB, ids.SET_TIME, old)
    assert "no longer assigned to you" in refusal(fake_slack)


def test_the_load_shows_when_an_interviewer_is_picked(slack, fake_slack, people, session, settings, playbook):
    _, view = open_assign(slack, fake_slack, session, settings, playbook)
    from devtools.harness import element_state

    block = next(b for b in view["blocks"] if b.get("block_id") == ids.STAGE_PREFIX + "technical")
    action = {
        "action_id": ids.VALUE,
        "block_id": block["block_id"],
        "type": "users_select",
        "selected_user": ALICE,
        "action_ts": "1.1",
    }
    state = {block["block_id"]: {ids.VALUE: element_state(block["element"], ALICE)}}
    assert slack.choose(view | {"id": "V0ASSIGN"}, user=HM, action=action, state=state).status == 200
    [update] = fake_slack.called("views.update")
    assert update["view_id"] == "V0ASSIGN"
    hints = {b["block_id"]: b.get("hint", {}).get("text") for b in update["view"]["blocks"] if b.get("block_id")}
    assert hints[ids.STAGE_PREFIX + "technical"] == "Interviews this week: 0"


def test_outsiders_are_politely_refused(slack, fake_slack, people, session, settings, playbook):
    assert "no approved requisition to add candidates to" in slack.command(ids.COMMAND, "", user=HM).json()["text"]
    req_id = requisition(session, settings, playbook)
    add_candidate(slack, fake_slack, req_id)
    assert "No candidates" in slack.command(ids.COMMAND, "list", user=OUTSIDER).json()["text"]
    shown = slack.command(ids.COMMAND, f"show {NAME}", user=OUTSIDER).json()
    assert "on a hiring team you are part of" in shown["text"] and "https://" not in json.dumps(shown)
    assert NAME in json.dumps(slack.command(ids.COMMAND, "list", user=APPROVER).json())
    number = session.get(Requisition, req_id).number  # what people type
    assert NAME in json.dumps(slack.command(ids.COMMAND, f"list {number}", user=ADMIN).json())
    assert "/ml-candidate list" in slack.command(ids.COMMAND, "juggle", user=OUTSIDER).json()["text"]


@pytest.mark.every_button
def test_more_interviews_adds_a_stage_and_a_second_debrief(
    slack, fake_slack, people, session, settings, playbook, clock
):
    req_id = requisition(session, settings, playbook)
    ref = RequisitionRef(requisition_id=req_id).dump()
    click(slack, HM, ids.EDIT_PLAN, ref)
    saved = slack.submit(last_view(fake_slack), {ids.PLAN_STAGES: ["technical"]}, user=HM).json()
    assert saved["view"]["callback_id"] == ids.PLAN_SAVED_CALLBACK  # saved, without the ethics stage: said
    click(slack, HM, ids.ADD_CANDIDATE, ref)  # from the approved requisition's post
    add_view = last_view(fake_slack)
    assert add_view["blocks"][0]["element"]["initial_option"]["value"] == str(req_id)
    assert (
        slack.submit(
            add_view,
            {ids.REQUISITION: str(req_id), ids.NAME: NAME, ids.PROFILE: "https://x.org/a", ids.SOURCE: "inbound"},
            user=HM,
        ).body
        == ""
    )
    candidate = session.scalars(select(Candidate)).one()
    cref = ids.CandidateRef(candidate_id=candidate.id).dump()
    click(slack, HM, ids.ASSIGN, cref)
    assert slack.submit(last_view(fake_slack), {ids.STAGE_PREFIX + "technical": ALICE}, user=HM).body == ""
    interview_and_score(slack, fake_slack, clock, playbook, ALICE, "technical", 3, "yes")
    debriefs = [p for p in fake_slack.posts_to(HIRING_CHANNEL) if p["text"].startswith("Debrief")]
    assert len(debriefs) == 1

    click(slack, HM, ids.MORE_INTERVIEWS, cref)
    assert slack.submit(last_view(fake_slack), {ids.RATIONALE: "Need a read on ethics"}, user=HM).body == ""
    session.refresh(candidate)
    assert (candidate.decision, candidate.status, candidate.debriefed_at) == ("more_interviews", "active", None)
    click(slack, HM, ids.EDIT_PLAN, ref)
    assert slack.submit(last_view(fake_slack), {ids.PLAN_STAGES: ["technical", "ethics"]}, user=HM).body == ""
    click(slack, HM, ids.ASSIGN, cref)
    assert (
        slack.submit(
            last_view(fake_slack), {ids.STAGE_PREFIX + "technical": ALICE, ids.STAGE_PREFIX + "ethics": BOB}, user=HM
        ).body
        == ""
    )
    interview_and_score(slack, fake_slack, clock, playbook, BOB, "ethics", 4, "strong_yes")
    debriefs = [p for p in fake_slack.posts_to(HIRING_CHANNEL) if p["text"].startswith("Debrief")]
    assert len(debriefs) == 2 and "Bias and fairness" in json.dumps(debriefs[-1]["blocks"])
    click(slack, HM, ids.NO_HIRE, cref)
    assert slack.submit(last_view(fake_slack), {ids.RATIONALE: "Not enough production depth"}, user=HM).body == ""
    session.refresh(candidate)
    assert (candidate.decision, candidate.status) == ("no_hire", "rejected")
    assert "Start onboarding" not in json.dumps(fake_slack.posts_to(HM))


def test_a_candidates_data_can_be_exported_and_erased(
    slack, fake_slack, people, session, session_factory, settings, playbook
):
    req_id = requisition(session, settings, playbook)
    add_candidate(slack, fake_slack, req_id, {ids.EMAIL: "ada@example.org"})
    candidate = session.scalars(select(Candidate)).one()
    click(slack, HM, ids.ASSIGN, ids.CandidateRef(candidate_id=candidate.id).dump())
    assert slack.submit(last_view(fake_slack), picks_for(ALICE, BOB, CAROL, ADMIN), user=HM).body == ""
    with session_factory() as s:
        assert s.scalars(select(Nudge).where(Nudge.status == "pending", Nudge.subject_type == "interview")).all()

    for verb in ("export", "erase"):  # not for an interviewer
        refused = slack.command(ids.COMMAND, f"{verb} {NAME}", user=ALICE).json()
        assert "Only the hiring manager or an admin" in refused["text"]
    assert "Sending you everything" in slack.command(ids.COMMAND, f"export {NAME}", user=HM).json()["text"]
    [(file_id, upload)] = fake_slack.files.items()  # a JSON file in the HM's DM, not text a note could break out of
    assert upload["shared"] and upload["channel"] == fake_slack.dm_channel(HM) and upload["filename"].endswith(".json")
    exported = json.loads(upload["content"])
    assert exported["candidate"]["email"] == "ada@example.org" and len(exported["interviews"]) == 4
    kits = [(c, ts) for (c, ts), m in fake_slack.messages.items() if NAME in json.dumps(m) and c.startswith("D")]
    assert len(kits) == 4  # one kit per interviewer names the candidate

    prompt = slack.command(ids.COMMAND, f"erase {NAME}", user=HM).json()
    button = prompt["blocks"][1]["elements"][0]
    assert button["action_id"] == ids.ERASE and button["confirm"]["style"] == "danger"
    click(slack, HM, ids.ERASE, button["value"])
    note = refusal(fake_slack)
    assert "Erased" in note and "including the 6 messages" in note  # card, four kits, the export file
    with session_factory() as s:
        assert s.scalars(select(Candidate)).all() == [] and s.scalars(select(Interview)).all() == []
        assert s.scalars(select(Nudge).where(Nudge.status == "pending", Nudge.subject_type == "interview")).all() == []
        events = s.scalars(
            select(AuditEvent).where(AuditEvent.subject_type == "candidate").order_by(AuditEvent.id)
        ).all()
        assert [(e.action, e.actor_id, e.subject_id) for e in events] == [
            ("candidate_exported", HM, candidate.id),
            ("candidate_erased", HM, candidate.id),
        ]
    assert (candidate.card_channel, candidate.card_ts) not in fake_slack.messages
    assert NAME not in json.dumps(list(fake_slack.messages.values())) and fake_slack.files == {}


def test_home_tab_shows_what_is_waiting_on_each_person(slack, fake_slack, people, session, settings, playbook):
    candidate, view = open_assign(slack, fake_slack, session, settings, playbook)
    assert slack.submit(view, picks_for(ALICE, BOB, CAROL, ADMIN), user=HM).body == ""
    req_id = candidate.requisition_id

    def home(user) -> str:
        slack.event(
            {"type": "app_home_opened", "user": user, "channel": "D0X", "tab": "home", "event_ts": "1764000000.1"}
        )
        publish = fake_slack.called("views.publish")[-1]
        assert publish["user_id"] == user
        return json.dumps(publish["view"], ensure_ascii=False)

    alice = home(ALICE)
    assert "Waiting on you" in alice and f"Practical technical assessment with {NAME}: set a time" in alice
    hm = home(HM)
    number = session.get(Requisition, req_id).number
    assert f"#{number}" in hm and "Waiting on you" not in hm
    assert NAME not in home(OUTSIDER)


def test_a_kit_carries_the_specializations_mlops_question_and_the_red_flags(
    slack, fake_slack, people, session, settings, playbook
):
    req_id = requisition(session, settings, playbook)  # a junior NLP role
    assert add_candidate(slack, fake_slack, req_id).body == ""
    candidate = session.scalars(select(Candidate)).one()
    click(slack, HM, ids.ASSIGN, ids.CandidateRef(candidate_id=candidate.id).dump())
    assert slack.submit(last_view(fake_slack), picks_for(ALICE, ALICE, BOB), user=HM).body == ""
    kit = json.dumps([p for p in fake_slack.posts_to(ALICE) if "You are interviewing" in p["text"]][-1]["blocks"])
    assert "How do you watch a language model's output quality once it is live?" in kit
    assert "notebook to production" not in kit  # not asked of a junior
    assert "Practical exercise" in kit and "support messages into intents" in kit and "two hours at most" in kit
    assert "Blames others for models that failed" in kit  # the general red flags, before the interview
