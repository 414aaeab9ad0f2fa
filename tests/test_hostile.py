"""Hostile and malformed requests through the served app: never a 5xx, never a ping, a leak or a duplicate.

Each test sends what an attacker or a clumsy user would, as signed (or unsigned) HTTP requests to
the real WSGI app, with the fake Slack recording everything the bot sends.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from bot.flows.interviews import ids, team
from bot.flows.nudges import ids as nudge_ids
from bot.flows.onboarding import ids as ob_ids
from bot.flows.onboarding import service as onboarding
from bot.flows.requisition import ids as req_ids
from bot.models import (
    AuditEvent,
    Candidate,
    CheckIn,
    Interview,
    Nudge,
    Onboarding,
    Requisition,
    Scorecard,
    UserProfile,
)
from tests.support.interviews import (
    ALICE,
    APPROVER,
    BOB,
    HM,
    LIVE,
    OUTSIDER,
    ROBOT,
    add_candidate,
    at_once,
    check_in_answers,
    check_in_view,
    click,
    decision_view,
    kit_value,
    last_view,
    open_assign_view,
    open_kit_form,
    open_plan,
    reason_view,
    refusal,
    rendered,
    requisition,
    scorecard_values,
    staffed,
    start_onboarding,
)
from tests.support.interviews import people as people  # noqa: F401 (a fixture)
from tests.support.requisitions import INTAKE, open_intake
from tests.support.workspace import ADMIN, HIRING_CHANNEL

__all__ = ["people"]  # the fixture, re-used

EVIL = "<!channel> <!here> <https://evil.example|click here>"
FORM = "application/x-www-form-urlencoded"


def count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def sent_to_slack(fake_slack) -> str:
    """Everything the bot sent Slack that Slack renders, as one string (messages, views, responses)."""
    return json.dumps(rendered([c.params for c in fake_slack.calls]), ensure_ascii=False)


def assert_no_live_markup(fake_slack) -> None:
    everything = sent_to_slack(fake_slack)
    for token in LIVE:
        assert token not in everything, f"{token!r} reached Slack unescaped"


# --- 1. reject before parsing -----------------------------------------------------------------------
@pytest.mark.parametrize(
    "body, content_type",
    [
        (b"payload=not-json", FORM),
        (b"\xff\xfe\x00garbage", FORM),
        (b"{broken json", "application/json"),
        (b"", FORM),
    ],
)
def test_unsigned_garbage_is_401_and_logs_no_traceback(slack, fake_slack, caplog, body, content_type):
    with caplog.at_level("DEBUG"):
        assert slack.post(body, content_type, signature="v0=" + "0" * 64).status == 401
        assert slack.post(body, content_type, signature="nonsense").status == 401
    assert not [r for r in caplog.records if r.levelname == "ERROR" or r.exc_info]
    assert [c.method for c in fake_slack.calls if c.method != "auth.test"] == []


@pytest.mark.parametrize(
    "body, content_type",
    [
        (b"payload=not-json", FORM),
        (b"\xff\xfe\x00garbage", FORM),
        (b"{broken json", "application/json"),
        (b'["a list"]', "application/json"),
        (b'payload={"type": "view_submission", "view": {"callback_id": "req_intake"}}', FORM),  # no view type
        (b'payload={"no_type": 1}', FORM),
        (b'payload={"type": "block_actions", "actions": ["x"]}', FORM),
        (b"nothing=useful", FORM),
    ],
)
def test_signed_but_malformed_is_400_and_logs_no_traceback(slack, fake_slack, caplog, body, content_type):
    with caplog.at_level("DEBUG"):
        assert slack.post(body, content_type).status == 400
    assert not [r for r in caplog.records if r.levelname == "ERROR" or r.exc_info]


def test_slacks_ssl_check_is_answered_200(slack, fake_slack):
    assert slack.post(b"ssl_check=1&token=x", FORM, signature="v0=" + "0" * 64).status == 200
    assert [c.method for c in fake_slack.calls if c.method != "auth.test"] == []


def test_a_view_submission_without_a_view_type_is_not_a_500(slack, fake_slack, session):
    view = open_intake(slack, fake_slack)
    view.pop("type")
    payload = {
        "type": "view_submission",
        "user": {"id": HM},
        "team": {"id": "T111"},
        "api_app_id": "A1",
        "view": view | {"state": {"values": {}}},
    }
    assert slack.interactive(payload).status == 400
    assert count(session, Requisition) == 0


# --- 2. never a 500 from user input --------------------------------------------------------------------
GARBAGE = [
    "",
    "garbage",
    "{}",
    "[]",
    "null",
    '{"candidate_id": "1"}',
    '{"candidate_id": -1}',
    '{"candidate_id": 99999999999999999999999}',
    '{"requisition_id": 99999999999999999999999}',
    '{"interview_id": 1e300, "assignment_no": 1}',
    "x" * 5000,
    '{"nudge_id": 9223372036854775808}',
]


@pytest.mark.parametrize(
    "action_id",
    [
        req_ids.APPROVE,
        req_ids.REJECT,
        req_ids.SHOW_JD,
        ids.ADD_CANDIDATE,
        ids.EDIT_PLAN,
        ids.ASSIGN,
        ids.SET_TIME,
        ids.DECLINE,
        ids.OPEN_SCORECARD,
        ids.HIRE,
        ids.START_ONBOARDING,
        ids.ERASE,
        ob_ids.TICK,
        ob_ids.CHECKIN_OPEN,
        nudge_ids.SNOOZE,
        nudge_ids.STOP,
    ],
)
def test_garbage_button_values_get_a_refusal_not_a_500(
    slack, fake_slack, people, session, settings, playbook, action_id
):
    requisition(session, settings, playbook)
    before = (count(session, Requisition), count(session, Candidate), count(session, AuditEvent))
    for value in GARBAGE:
        response = click(slack, ADMIN, action_id, value)
        assert response.status == 200
        assert "out of date or damaged" in refusal(fake_slack) or "no longer exists" in refusal(fake_slack)
    assert (count(session, Requisition), count(session, Candidate), count(session, AuditEvent)) == before
    assert fake_slack.called("views.open") == []


def test_garbage_private_metadata_is_an_inline_error_in_every_form(
    slack, fake_slack, people, session, settings, playbook, clock
):
    loop = staffed(slack, fake_slack, session, settings, playbook, clock, scheduled=True)
    click(slack, ALICE, ids.OPEN_SCORECARD, kit_value(fake_slack, ALICE))
    scorecard = last_view(fake_slack)
    check_in, new_hire = check_in_view(slack, fake_slack, session, settings, playbook)
    forms = {
        "scorecard": (scorecard, scorecard_values(playbook, "technical", 3, "yes"), ALICE),
        "check-in": (check_in, check_in_answers(), new_hire),
        "reason": (reason_view(slack, fake_slack, session, settings, playbook), {req_ids.REASON: "Too early"}, HM),
        "decline": (open_kit_form(slack, fake_slack, ids.DECLINE), {ids.REASON: "Travelling"}, ALICE),
        "time": (open_kit_form(slack, fake_slack, ids.SET_TIME), {ids.DURATION: "60"}, ALICE),
        "plan": (open_plan(slack, fake_slack, loop["req_id"]), {ids.PLAN_STAGES: ["technical"]}, HM),
        "assign": (
            open_assign_view(slack, fake_slack, loop["candidate_id"]),
            {ids.STAGE_PREFIX + "technical": BOB},
            HM,
        ),
        "decision": (decision_view(slack, fake_slack, loop["candidate_id"]), {ids.RATIONALE: "Strong panel"}, HM),
    }
    before = snapshot(session)
    for name, (view, values, user) in forms.items():
        for garbage in GARBAGE:
            answer = slack.submit(
                view | {"private_metadata": garbage, "id": f"V{name}{len(garbage)}"}, values, user=user
            )
            assert answer.status == 200, name
            body = answer.json()
            assert body["response_action"] == "errors", (name, garbage)
            assert "out of date or damaged" in json.dumps(body) or "no longer" in json.dumps(body), (name, garbage)
    assert snapshot(session) == before


def test_a_scorecard_for_an_erased_candidate_is_an_inline_error_not_a_500(
    slack, fake_slack, people, session, settings, playbook, clock
):
    loop = staffed(slack, fake_slack, session, settings, playbook, clock, scheduled=True)
    click(slack, ALICE, ids.OPEN_SCORECARD, kit_value(fake_slack, ALICE))
    scorecard = last_view(fake_slack)
    erase(slack, fake_slack, HM)
    dms_before = len(fake_slack.posts_to(ALICE))
    answer = slack.submit(scorecard, scorecard_values(playbook, "technical", 3, "yes"), user=ALICE)
    assert answer.status == 200
    assert "no longer exists" in json.dumps(answer.json()["errors"])
    assert len(fake_slack.posts_to(ALICE)) == dms_before  # no "something went wrong" DM
    assert count(session, Scorecard) == 0 and session.get(Candidate, loop["candidate_id"]) is None


@pytest.mark.parametrize(
    "stamp, says",
    [
        (str(int(datetime(9999, 12, 31, tzinfo=timezone.utc).timestamp())), "within the next year"),
        (str(10**15), "Pick the date and time"),
        ("-5", "Pick the date and time"),
        ("12abc", "Pick the date and time"),
    ],
)
def test_absurd_interview_times_are_refused_inline(
    slack, fake_slack, people, session, settings, playbook, clock, stamp, says
):
    staffed(slack, fake_slack, session, settings, playbook, clock)
    answer = slack.submit(
        open_kit_form(slack, fake_slack, ids.SET_TIME), {ids.WHEN: stamp, ids.DURATION: "60"}, user=ALICE
    ).json()
    assert says in answer["errors"][ids.WHEN]
    assert session.scalars(select(Interview)).one().starts_at is None


@pytest.mark.parametrize("start, end", [("25:99", "10:00"), ("abc", "10:00"), ("08:00", "8:0"), ("9999", "")])
def test_malformed_quiet_hours_are_refused_inline(slack, fake_slack, session, start, end):
    slack.click(
        user=APPROVER, action_id=nudge_ids.SET_QUIET, block_id="home", channel="D0X", message_ts="1.1", value="quiet"
    )
    answer = slack.submit(
        last_view(fake_slack), {nudge_ids.QUIET_START: start, nudge_ids.QUIET_END: end}, user=APPROVER
    ).json()
    assert answer["response_action"] == "errors" and "time of day" in json.dumps(answer["errors"])
    assert count(session, UserProfile) == 0


def test_an_email_over_254_characters_is_refused_inline(slack, fake_slack, people, session, settings, playbook):
    req_id = requisition(session, settings, playbook)
    long_email = "a" * 250 + "@example.org"
    answer = add_candidate(slack, fake_slack, req_id, {ids.EMAIL: long_email}).json()
    assert "under 254 characters" in answer["errors"][ids.EMAIL]
    assert count(session, Candidate) == 0
    longest = "a" * 64 + "@" + "b" * 185 + ".org"  # 254 characters: the longest an address can be
    assert add_candidate(slack, fake_slack, req_id, {ids.EMAIL: longest}).body == ""
    assert session.scalars(select(Candidate)).one().email == longest


@pytest.mark.parametrize("form", ["intake", "candidate", "reason", "check-in"])
def test_a_nul_character_in_any_text_is_refused_inline(slack, fake_slack, people, session, settings, playbook, form):
    if form == "intake":
        view, values, user, block = (
            open_intake(slack, fake_slack),
            INTAKE | {req_ids.DOMAIN: "pay\x00ments"},
            HM,
            req_ids.DOMAIN,
        )
    elif form == "candidate":
        req_id = requisition(session, settings, playbook)
        slack.command(ids.COMMAND, "", user=HM)
        view, user, block = last_view(fake_slack), HM, ids.NAME
        values = {
            ids.REQUISITION: str(req_id),
            ids.NAME: "Ada\x00",
            ids.PROFILE: "https://example.org/a",
            ids.SOURCE: "referral",
        }
    elif form == "reason":
        view, values, user, block = (
            reason_view(slack, fake_slack, session, settings, playbook),
            {req_ids.REASON: "no\x00"},
            APPROVER,
            req_ids.REASON,
        )
    else:
        view, user = check_in_view(slack, fake_slack, session, settings, playbook)
        values, block = check_in_answers() | {ob_ids.NOTES: "fine\x00"}, ob_ids.NOTES
    before = snapshot(session)
    answer = slack.submit(view, values, user=user).json()
    assert "control characters" in answer["errors"][block]
    assert snapshot(session) == before


# --- 3. server-side limits ---------------------------------------------------------------------------
def test_scorecard_notes_over_the_modal_limit_are_refused(
    slack, fake_slack, people, session, settings, playbook, clock
):
    staffed(slack, fake_slack, session, settings, playbook, clock, scheduled=True)
    click(slack, ALICE, ids.OPEN_SCORECARD, kit_value(fake_slack, ALICE))
    view = last_view(fake_slack)
    notes = next(b for b in view["blocks"] if b.get("block_id") == ids.NOTES)
    assert notes["element"]["max_length"] == 2000  # the modal and the server share one limit
    answer = slack.submit(
        view, scorecard_values(playbook, "technical", 3, "yes") | {ids.NOTES: "n" * 2001}, user=ALICE
    ).json()
    assert "under 2000 characters" in answer["errors"][ids.NOTES]
    assert count(session, Scorecard) == 0


def test_a_long_check_in_never_makes_a_message_over_slacks_limit(slack, fake_slack, session, settings, playbook):
    view, user = check_in_view(slack, fake_slack, session, settings, playbook)
    too_long = slack.submit(view, check_in_answers() | {ob_ids.NOTES: "x" * 10_000}, user=user).json()
    assert "under 2000 characters" in too_long["errors"][ob_ids.NOTES]
    # at the limit, and made of characters that grow when escaped: the manager's DM still fits
    dense = {
        block: "&<>" * 666
        for block in (
            ob_ids.BLOCKERS,
            ob_ids.NOTES,
            *(b["block_id"] for b in view["blocks"] if b.get("block_id", "").startswith(ob_ids.QUESTION_PREFIX)),
        )
    }
    assert slack.submit(view, check_in_answers() | dense, user=user).body == ""
    to_manager = fake_slack.posts_to(HM)
    assert to_manager and all(len(p["text"]) <= 40_000 for p in to_manager)
    assert fake_slack.violations == []


def test_zero_width_only_text_counts_as_empty(slack, fake_slack, people, session, settings, playbook):
    req_id = requisition(session, settings, playbook)
    answer = add_candidate(slack, fake_slack, req_id, {ids.NAME: "\u200b\u200c\u2060 \ufeff"}).json()
    assert "Enter the candidate's name" in answer["errors"][ids.NAME]
    assert count(session, Candidate) == 0


# --- 4. people are real ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "approver, says",
    [
        ("U0NOSUCH", "not an active member"),
        ("U0GONE", "not an active member"),
        (ROBOT, "That is a bot"),
        ("U0BOB> <!channel> <!here", "Pick a person from the list"),
        ("<@U0EVIL>", "Pick a person from the list"),
    ],
)
def test_the_approver_must_be_a_real_active_person(slack, fake_slack, session, approver, says):
    fake_slack.users["U0GONE"] = {"id": "U0GONE", "tz": None, "is_bot": False, "deleted": True}
    fake_slack.users[ROBOT] = {"id": ROBOT, "tz": None, "is_bot": True, "deleted": False}
    answer = slack.submit(open_intake(slack, fake_slack), INTAKE | {req_ids.APPROVER: approver}, user=HM).json()
    assert says in answer["errors"][req_ids.APPROVER]
    assert count(session, Requisition) == 0
    assert fake_slack.called("chat.postMessage") == []
    assert_no_live_markup(fake_slack)


def test_forged_interviewer_and_channel_ids_are_refused(slack, fake_slack, people, session, settings, playbook):
    loop = staffed(slack, fake_slack, session, settings, playbook, None, assign=False)
    view = open_assign_view(slack, fake_slack, loop["candidate_id"])
    answer = slack.submit(view, {ids.STAGE_PREFIX + "technical": "U0BOB> <!channel>"}, user=HM).json()
    assert "Pick a person" in answer["errors"][ids.STAGE_PREFIX + "technical"]
    forged = slack.submit(open_intake(slack, fake_slack), INTAKE | {req_ids.CHANNEL: "C1> <!here"}, user=HM).json()
    assert "Pick a channel" in forged["errors"][req_ids.CHANNEL]
    assert count(session, Interview) == 0 and count(session, Requisition) == 1  # only the fixture's
    assert_no_live_markup(fake_slack)


# --- 5. no live markup from users --------------------------------------------------------------------------
def test_a_hostile_candidate_name_never_pings_or_links_anywhere(
    slack, fake_slack, people, session, settings, playbook, clock
):
    loop = staffed(slack, fake_slack, session, settings, playbook, clock, scheduled=True, name=EVIL)
    click(slack, ALICE, ids.OPEN_SCORECARD, kit_value(fake_slack, ALICE))
    card = scorecard_values(playbook, "technical", 3, "yes") | {
        ids.NOTES: EVIL,
        ids.EVIDENCE_PREFIX + "explains_decisions": EVIL,
    }
    assert slack.submit(last_view(fake_slack), card, user=ALICE).body == ""
    debrief = fake_slack.posts_to(HIRING_CHANNEL)[-1]
    assert "Debrief" in debrief["text"]
    assert (
        slack.submit(
            decision_view(slack, fake_slack, loop["candidate_id"], user=HM), {ids.RATIONALE: f"Because {EVIL}"}, user=HM
        ).body
        == ""
    )
    shown = slack.command(ids.COMMAND, "show <!channel>", user=HM).json()
    assert "&lt;!channel&gt;" in shown["text"] + json.dumps(shown.get("blocks"))
    slack.command(ids.COMMAND, "list", user=HM)
    slack.event({"type": "app_home_opened", "user": ALICE, "channel": "D0X", "tab": "home", "event_ts": "1764000000.1"})
    assert_no_live_markup(fake_slack)
    assert "&lt;!channel&gt;" in sent_to_slack(fake_slack)  # it was shown, as text


def test_export_is_a_json_file_a_note_cannot_break_out_of(
    slack, fake_slack, people, session, settings, playbook, clock
):
    staffed(slack, fake_slack, session, settings, playbook, clock, scheduled=True)
    click(slack, ALICE, ids.OPEN_SCORECARD, kit_value(fake_slack, ALICE))
    breakout = "```\n<!channel> outside the block"
    assert (
        slack.submit(
            last_view(fake_slack), scorecard_values(playbook, "technical", 3, "yes") | {ids.NOTES: breakout}, user=ALICE
        ).body
        == ""
    )
    slack.command(ids.COMMAND, "export Ada Lovelace", user=HM)
    [upload] = fake_slack.files.values()
    assert json.loads(upload["content"])["interviews"][0]["scorecard"]["notes"] == breakout
    assert breakout not in json.dumps(fake_slack.called("chat.postMessage"))


# --- 6. exactly once per submission ----------------------------------------------------------------------
def test_the_same_intake_twice_makes_one_requisition(slack, fake_slack, session):
    view = open_intake(slack, fake_slack)
    assert slack.submit(view, INTAKE, user=HM).body == ""
    again = slack.submit(view, INTAKE, user=HM).json()
    assert again["response_action"] == "update" and "Already received" in json.dumps(again)
    assert count(session, Requisition) == 1
    assert len([p for p in fake_slack.posts_to(HIRING_CHANNEL) if not p.get("thread_ts")]) == 1


def test_the_same_intake_twice_at_once_makes_one_requisition(slack, fake_slack, session):
    view = open_intake(slack, fake_slack)
    answers = at_once(lambda: slack.submit(view, INTAKE, user=HM), 2)
    assert sorted(a.status for a in answers) == [200, 200]
    assert sorted(a.body == "" for a in answers) == [False, True]  # one accepted, one told it was received
    assert count(session, Requisition) == 1


def test_the_same_candidate_twice_at_once_makes_one_candidate(slack, fake_slack, people, session, settings, playbook):
    req_id = requisition(session, settings, playbook)
    slack.command(ids.COMMAND, "", user=HM)
    view = last_view(fake_slack)
    values = {
        ids.REQUISITION: str(req_id),
        ids.NAME: "Ada Lovelace",
        ids.PROFILE: "https://example.org/ada",
        ids.SOURCE: "referral",
    }
    answers = at_once(lambda: slack.submit(view, values, user=HM), 3)
    assert all(a.status == 200 for a in answers)
    assert [a.body for a in answers].count("") == 1
    assert count(session, Candidate) == 1


def test_two_scorecards_for_one_interview_at_once_store_one(
    slack, fake_slack, people, session, settings, playbook, clock
):
    staffed(slack, fake_slack, session, settings, playbook, clock, scheduled=True)
    views = []
    for _ in range(2):  # two copies of the form, opened from the kit one after the other
        click(slack, ALICE, ids.OPEN_SCORECARD, kit_value(fake_slack, ALICE))
        views.append(last_view(fake_slack))
    answers = at_once(
        [lambda v=v: slack.submit(v, scorecard_values(playbook, "technical", 3, "yes"), user=ALICE) for v in views]
    )
    assert all(a.status == 200 for a in answers)
    bodies = sorted(a.body for a in answers)
    assert bodies[0] == "" and "already in" in json.loads(bodies[1])["errors"][ids.RECOMMENDATION]
    assert count(session, Scorecard) == 1


# --- 7. every action checks who may do it --------------------------------------------------------------------
def test_an_outsider_cannot_load_another_candidates_assignment_form(
    slack, fake_slack, people, session, settings, playbook
):
    loop = staffed(slack, fake_slack, session, settings, playbook, None, assign=False)
    view = {
        "id": "V0ASSIGN",
        "callback_id": ids.ASSIGN_CALLBACK,
        "hash": "h",
        "private_metadata": ids.CandidateRef(candidate_id=loop["candidate_id"]).dump(),
    }
    assert slack.pick(view, user=OUTSIDER, block_id=ids.STAGE_PREFIX + "technical", selected_user=ALICE).status == 200
    assert fake_slack.called("views.update") == []
    # a modal's actions carry no response_url (as Slack sends them): the refusal reaches the person by DM
    assert "Only the hiring manager" in fake_slack.posts_to(OUTSIDER)[-1]["text"]


def test_a_tick_cannot_rewrite_another_message(slack, fake_slack, session, settings, playbook):
    ob = start_onboarding(session, settings, playbook)
    item = session.scalars(
        select(onboarding.OnboardingItem).where(
            onboarding.OnboardingItem.onboarding_id == ob.id, onboarding.OnboardingItem.owner_role == "new_hire"
        )
    ).first()
    victim = fake_slack.api_chat_postMessage({"channel": HIRING_CHANNEL, "text": "A requisition post"})
    slack.click(
        user="U0NEWHIRE",
        action_id=ob_ids.TICK,
        block_id="ob_item",
        channel=HIRING_CHANNEL,
        message_ts=victim["ts"],
        value=ob_ids.ItemRef(item_id=item.id).dump(),
        message={
            "text": "x",
            "blocks": [
                {
                    "type": "section",
                    "block_id": f"ob_item_{item.id}",
                    "text": {"type": "mrkdwn", "text": "<!channel> pwned"},
                }
            ],
        },
    )
    session.refresh(item)
    assert item.done_at is not None  # the tick itself counts
    assert fake_slack.called("chat.update") == [] or all(
        u["channel"] != HIRING_CHANNEL for u in fake_slack.called("chat.update")
    )
    assert fake_slack.message(HIRING_CHANNEL, victim["ts"])["text"] == "A requisition post"
    assert_no_live_markup(fake_slack)


def test_settling_a_reminder_cannot_rewrite_another_message(
    slack, fake_slack, session, session_factory, settings, playbook
):
    from bot.runtime import build_worker
    from bot.slack import build_client

    requisition(session, settings, playbook, approve=False)
    build_worker(session_factory, build_client(settings, background=True), settings, playbook).run(
        datetime(2026, 11, 30, 10, 0, tzinfo=timezone.utc)
    )
    nudge = session.scalars(select(Nudge).where(Nudge.status == "sent", Nudge.recipient_id == APPROVER)).first()
    assert nudge is not None
    victim = fake_slack.api_chat_postMessage({"channel": HIRING_CHANNEL, "text": "Untouchable"})
    slack.click(
        user=APPROVER,
        action_id=nudge_ids.STOP,
        block_id=nudge_ids.CONTROLS,
        channel=HIRING_CHANNEL,
        message_ts=victim["ts"],
        value=nudge_ids.NudgeRef(nudge_id=nudge.id).dump(),
        message={"text": "x", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "<!here>"}}]},
    )
    assert fake_slack.message(HIRING_CHANNEL, victim["ts"])["text"] == "Untouchable"
    [update_call] = fake_slack.called("chat.update")
    assert (update_call["channel"], update_call["ts"]) == (nudge.channel_id, nudge.message_ts)
    assert "Stopped" in json.dumps(update_call["blocks"])
    assert_no_live_markup(fake_slack)


def test_empty_commands_list_only_what_the_person_may_act_on(slack, fake_slack, people, session, settings, playbook):
    mine = requisition(session, settings, playbook)
    refused = slack.command(ids.COMMAND, "", user=OUTSIDER).json()
    assert "no approved requisition" in refused["text"] and fake_slack.called("views.open") == []
    slack.command(ids.COMMAND, "", user=HM)
    assert [o["value"] for o in requisition_options(last_view(fake_slack))] == [str(mine)]
    slack.command(ob_ids.COMMAND, "", user=OUTSIDER)
    assert requisition_options(last_view(fake_slack)) == []  # the form opens (anyone may onboard a report)
    slack.command(ob_ids.COMMAND, "", user=ADMIN)
    assert [o["value"] for o in requisition_options(last_view(fake_slack))] == [str(mine)]
    click(slack, OUTSIDER, ids.ADD_CANDIDATE, req_ids.RequisitionRef(requisition_id=mine).dump())
    assert "Only the hiring manager" in refusal(fake_slack)


# --- 9. erasure reaches Slack, and the audit log ---------------------------------------------------------
def test_erasure_removes_the_debrief_and_decision_and_lists_what_it_could_not(
    slack, fake_slack, people, session, settings, playbook, clock
):
    loop = staffed(slack, fake_slack, session, settings, playbook, clock, scheduled=True)
    click(slack, ALICE, ids.OPEN_SCORECARD, kit_value(fake_slack, ALICE))
    assert slack.submit(last_view(fake_slack), scorecard_values(playbook, "technical", 3, "yes"), user=ALICE).body == ""
    assert (
        slack.submit(
            decision_view(slack, fake_slack, loop["candidate_id"], user=HM), {ids.RATIONALE: "Strong panel"}, user=HM
        ).body
        == ""
    )
    named = [key for key, m in fake_slack.messages.items() if "Ada Lovelace" in json.dumps(m)]
    assert len(named) >= 4  # card, kit, debrief, decision, onboarding offer
    fake_slack.fail_next("chat.delete", 200, error="cant_delete_message")
    note = erase(slack, fake_slack, HM)
    assert "could not be removed" in note and "need deleting by hand" in note
    left = [key for key, m in fake_slack.messages.items() if "Ada Lovelace" in json.dumps(m)]
    assert len(left) == 1  # the one Slack refused to delete, named to the person who erased
    events = {e.action: e for e in session.scalars(select(AuditEvent))}
    assert {"requisition_decided", "candidate_decided", "candidate_erased"} <= set(events)
    assert events["candidate_erased"].subject_id == loop["candidate_id"]
    audit = slack.command("/ml-report", "audit", user=ADMIN).json()
    assert f"erased candidate #{loop['candidate_id']}" in json.dumps(audit) and "Ada" not in json.dumps(audit)
    assert "Only admins" in slack.command("/ml-report", "audit", user=HM).json()["text"]


# --- helpers ------------------------------------------------------------------------------------------------
def snapshot(session) -> tuple[int, ...]:
    return tuple(
        count(session, m)
        for m in (Requisition, Candidate, Interview, Scorecard, CheckIn, Onboarding, AuditEvent, UserProfile)
    )


def erase(slack, fake_slack, user) -> str:
    prompt = slack.command(ids.COMMAND, "erase Ada Lovelace", user=user).json()
    click(slack, user, ids.ERASE, prompt["blocks"][1]["elements"][0]["value"])
    return refusal(fake_slack)


def requisition_options(view: dict) -> list[dict]:
    block = next((b for b in view["blocks"] if b.get("block_id") in (ids.REQUISITION, ob_ids.REQUISITION)), None)
    return block["element"]["options"] if block else []


def test_an_old_candidate_can_still_be_found_exported_and_erased(
    slack, fake_slack, people, session, settings, playbook
):
    """A data-protection request reaches a candidate added before the newest 25, and two people with the same
    name can be told apart by number."""
    req_id = requisition(session, settings, playbook)
    names = ["Grace Hopper", *[f"Candidate {n}" for n in range(30)], "Sam Lee", "Sam Lee"]
    for name in names:
        session.add(
            Candidate(
                requisition_id=req_id,
                name=name,
                profile_url="https://x.example",
                source="referral",
                added_by=HM,
                screen_signals=[],
                status="active",
                created_at=datetime(2026, 11, 25, tzinfo=timezone.utc),
            )
        )
    session.flush()
    team.refresh(session, list(session.scalars(select(Candidate.id))))  # as the add form does
    session.commit()
    assert "Sending you everything" in slack.command(ids.COMMAND, "export grace hopper", user=HM).json()["text"]
    several = slack.command(ids.COMMAND, "erase Sam Lee", user=HM).json()["text"]
    sams = [c.id for c in session.scalars(select(Candidate).where(Candidate.name == "Sam Lee"))]
    assert "Several candidates match" in several and all(f"#{i}" in several for i in sams)
    prompt = slack.command(ids.COMMAND, f"erase #{sams[0]}", user=HM).json()
    click(slack, HM, ids.ERASE, prompt["blocks"][1]["elements"][0]["value"])
    assert "Erased Sam Lee" in refusal(fake_slack)
    session.expire_all()
    assert [c.id for c in session.scalars(select(Candidate).where(Candidate.name == "Sam Lee"))] == sams[1:]
    assert "No candidate called" in slack.command(ids.COMMAND, f"show #{sams[0]}", user=HM).json()["text"]
    assert "No candidate called" in slack.command(ids.COMMAND, "show grace", user=OUTSIDER).json()["text"]
