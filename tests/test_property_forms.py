"""Property: whatever arrives in a view submission, for every modal the bot opens, the answer is 200 (with or
without inline errors), nothing is stored when errors come back, and everything sent to Slack passes its Block
Kit checks with no live markup that came from the input.

Hypothesis generates the submissions: random text (markup, NUL, huge, unicode, invisible characters), random
numbers and dates, valid and forged choices, missing and extra fields, and garbage private_metadata.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.flows.interviews import ids
from bot.flows.nudges import ids as nudge_ids
from bot.flows.onboarding import ids as ob_ids
from bot.flows.requisition import ids as req_ids
from bot.models import (
    AuditEvent,
    Candidate,
    CheckIn,
    FormSubmission,
    Interview,
    Nudge,
    Onboarding,
    Requisition,
    Scorecard,
    UserProfile,
)
from devtools import shapes
from devtools.harness import element_state
from devtools.shapes import Shape
from tests.support.interviews import (
    ALICE,
    APPROVER,
    BOB,
    HM,
    LIVE,
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
    rendered,
    scorecard_values,
    staffed,
)
from tests.support.interviews import people as people  # noqa: F401 (a fixture)
from tests.support.requisitions import INTAKE, open_intake

__all__ = ["people"]

MARKUP = [
    "<!channel>",
    "<!here>",
    "<https://evil.example|click>",
    "<@U0EVIL>",
    "<#C0EVIL>",
    "&lt;",
    "*bold*",
    "```",
    "\x00",
    "\u200b",
    "\ufeff",
    "é",
    "😀",
    "\n",
    "a" * 300,
]
texts = st.one_of(
    st.text(max_size=40),
    st.lists(st.sampled_from(MARKUP) | st.text(max_size=10), max_size=8).map("".join),
    st.integers(1, 12_000).map(lambda n: "x" * n),
    st.none(),
)
GARBAGE_META = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "",
            "{}",
            "null",
            '{"candidate_id": 99999999999999999999}',
            '{"requisition_id": -4}',
            '{"interview_id": 1, "assignment_no": 1, "card_id": "x"}',
            '{"onboarding_id": 1, "day": 30, "role": "ceo"}',
        ]
    ),
)


def value_for(element: dict):
    """A strategy for what a person (or a forger) could put in this element."""
    kind = element["type"]
    if kind in ("static_select", "radio_buttons"):
        return st.sampled_from([o["value"] for o in element["options"]]) | texts
    if kind == "checkboxes":
        return st.lists(st.sampled_from([o["value"] for o in element["options"]]) | st.text(max_size=5), max_size=6)
    if kind == "users_select":
        return st.sampled_from([HM, ALICE, APPROVER, "U0NOSUCH", "U0BOB> <!channel>", "W", ""]) | texts
    if kind == "conversations_select":
        return st.sampled_from(["C0HIRING", "C0ONBOARD", "C1> <!here>", ""]) | texts
    if kind == "datepicker":
        return st.dates().map(str) | texts
    if kind == "timepicker":
        return st.tuples(st.integers(0, 99), st.integers(0, 99)).map(lambda t: f"{t[0]:02}:{t[1]:02}") | texts
    if kind == "datetimepicker":
        return st.integers(-(10**16), 10**16) | texts
    return texts


# short text full of markup that every form accepts where free text goes, so accepted submissions carry it
printable = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=8)
hostile_text = st.lists(st.sampled_from(MARKUP[:-1]) | printable, min_size=1, max_size=6).map(
    lambda parts: "Ada " + "".join(parts).replace("\x00", "")[:150]
)
HOSTILE = "Ada <!channel> <!here> <https://evil.example|click> <@U0EVIL> &lt; *b* ```"
TEXT = object()  # in a table of good values: hostile but acceptable free text
MISSING = object()


def good_value(element: dict, good: dict, block_id: str):
    """What a careful person would enter: the modal's known-good value, else TEXT for free text, else the
    element's initial or first option."""
    if block_id in good:
        return good[block_id]
    kind = element["type"]
    if kind == "plain_text_input":
        return TEXT
    if kind in ("static_select", "radio_buttons"):
        return element.get("initial_option", element["options"][0])["value"]
    if kind == "checkboxes":
        return [o["value"] for o in element.get("initial_options", [])]
    return None


def element_state_for(element: dict, raw) -> dict:
    """The state Slack reports for `raw`, including values no option offers (a forger's)."""
    kind = element["type"]
    if kind in ("static_select", "radio_buttons"):
        match = [o for o in element["options"] if o["value"] == raw]
        return {
            "type": kind,
            "selected_option": match[0]
            if match
            else ({"text": {"type": "plain_text", "text": "x"}, "value": raw} if raw is not None else None),
        }
    if kind == "checkboxes":
        return {
            "type": kind,
            "selected_options": [{"text": {"type": "plain_text", "text": "x"}, "value": v} for v in raw or []],
        }
    return element_state(element, raw)


def payload_for(view: dict, user: str, values: dict, *, metadata: str, view_id: str, extras: dict) -> dict:
    state = {}
    for block in (b for b in view["blocks"] if b.get("type") == "input"):
        raw = values.get(block["block_id"], MISSING)
        if raw is not MISSING:
            element = block["element"]
            state[block["block_id"]] = {element["action_id"]: element_state_for(element, raw)}
    for block_id, raw in extras.items():  # fields no modal has
        state[block_id] = {"value": {"type": "plain_text_input", "value": raw}}
    opened = view | {"id": view_id, "private_metadata": metadata}
    return shapes.view_submission(Shape.STANDARD, user=user, view=opened, state=state, trigger_id="1.2.trigger")


def careful(view: dict, user: str, good: dict) -> dict:
    """Every field as a careful person fills it, the free text full of markup: a submission the bot accepts."""
    values = {}
    for block in (b for b in view["blocks"] if b.get("type") == "input"):
        value = good_value(block["element"], good, block["block_id"])
        values[block["block_id"]] = HOSTILE if value is TEXT else value
    return payload_for(view, user, values, metadata=view.get("private_metadata", ""), view_id="VCAREFUL", extras={})


def submission(view: dict, user: str, good: dict):
    """A strategy for a whole view_submission payload: each field good, random or missing; sometimes garbage
    metadata and unknown fields."""
    inputs = [b for b in view["blocks"] if b.get("type") == "input"]

    @st.composite
    def build(draw):
        values = {}
        for block in inputs:
            choice, element = draw(st.integers(0, 19)), block["element"]
            if choice == 0:
                continue
            if choice < 4:
                values[block["block_id"]] = draw(value_for(element))
            else:
                value = good_value(element, good, block["block_id"])
                values[block["block_id"]] = draw(hostile_text) if value is TEXT else value
        metadata = view.get("private_metadata", "") if draw(st.integers(0, 5)) else draw(GARBAGE_META)
        extras = {k: draw(texts) for k in draw(st.lists(st.text(min_size=1, max_size=12), max_size=2))}
        return payload_for(
            view, user, values, metadata=metadata, view_id=f"VPROP{draw(st.integers(0, 10**9))}", extras=extras
        )

    return build()


def snapshot(session) -> tuple[int, ...]:
    session.expire_all()
    return tuple(
        session.scalar(select(func.count()).select_from(m))
        for m in (
            Requisition,
            Candidate,
            Interview,
            Scorecard,
            CheckIn,
            Onboarding,
            AuditEvent,
            UserProfile,
            FormSubmission,
            Nudge,
        )
    )


def open_modal(name, slack, fake_slack, session, settings, playbook, clock) -> tuple[dict, str, dict]:
    """The modal as the bot opens it for a legitimate user, who, and the values a careful person would enter."""
    if name == "intake":
        return open_intake(slack, fake_slack), HM, INTAKE | {req_ids.TOOLS: TEXT, req_ids.DOMAIN: TEXT}
    if name == "reason":
        return reason_view(slack, fake_slack, session, settings, playbook), APPROVER, {}
    if name == "check-in":
        view, user = check_in_view(slack, fake_slack, session, settings, playbook)
        return view, user, check_in_answers()
    if name == "quiet hours":
        slack.click(
            user=APPROVER,
            action_id=nudge_ids.SET_QUIET,
            block_id="home",
            channel="D0X",
            message_ts="1.1",
            value="quiet",
        )
        return last_view(fake_slack), APPROVER, {nudge_ids.QUIET_START: "20:00", nudge_ids.QUIET_END: "07:00"}
    if name == "onboarding":
        slack.command("/ml-onboard", "", user=HM)
        return (
            last_view(fake_slack),
            HM,
            {
                ob_ids.NEW_HIRE: "U0NEWHIRE",
                ob_ids.START_DATE: "2026-12-07",
                ob_ids.MANAGER: HM,
                ob_ids.BUDDY: "U0BUDDY",
                ob_ids.CHANNEL: "C0ONBOARD",
            },
        )
    if name == "candidate":
        staffed(slack, fake_slack, session, settings, playbook, clock, assign=False)
        slack.command(ids.COMMAND, "", user=HM)
        return last_view(fake_slack), HM, {ids.PROFILE: "https://example.org/ada", ids.EMAIL: "ada@example.org"}
    loop = staffed(
        slack,
        fake_slack,
        session,
        settings,
        playbook,
        clock,
        assign=name != "assign",
        scheduled=name in ("scorecard", "decision"),
    )
    if name == "assign":
        return open_assign_view(slack, fake_slack, loop["candidate_id"]), HM, {ids.STAGE_PREFIX + "technical": BOB}
    if name == "plan":
        return open_plan(slack, fake_slack, loop["req_id"]), HM, {ids.PLAN_STAGES: ["technical", "mlops", "ethics"]}
    if name in ("time", "decline"):
        later = str(int((clock.now + timedelta(days=2)).timestamp()))
        return (
            open_kit_form(slack, fake_slack, ids.SET_TIME if name == "time" else ids.DECLINE),
            ALICE,
            {ids.WHEN: later, ids.DURATION: "60"},
        )
    if name == "scorecard":
        click(slack, ALICE, ids.OPEN_SCORECARD, kit_value(fake_slack, ALICE))
        good = scorecard_values(playbook, "technical", 3, "yes") | {ids.NOTES: TEXT}
        return last_view(fake_slack), ALICE, good | {ids.EVIDENCE_PREFIX + "explains_decisions": TEXT}
    return decision_view(slack, fake_slack, loop["candidate_id"]), HM, {}


MODALS = [
    "intake",
    "reason",
    "candidate",
    "plan",
    "assign",
    "time",
    "decline",
    "scorecard",
    "decision",
    "onboarding",
    "check-in",
    "quiet hours",
]


@pytest.mark.parametrize("name", MODALS)
def test_any_submission_is_answered_and_stores_nothing_when_refused(
    name, slack, fake_slack, people, session, settings, playbook, clock
):
    view, user, good = open_modal(name, slack, fake_slack, session, settings, playbook, clock)
    assert view["callback_id"] != "notice"
    outcomes = set()

    def check(payload):
        before, calls = snapshot(session), len(fake_slack.calls)
        response = slack.interactive(payload)
        assert response.status == 200, response.body
        answer = response.json() if response.body else {}
        outcomes.add(answer.get("response_action", "accepted"))
        if answer.get("response_action") == "errors":
            assert answer["errors"] and all(isinstance(v, str) and v for v in answer["errors"].values())
            assert snapshot(session) == before, "a refused submission stored something"
        else:
            assert answer == {} or answer.get("response_action") == "update"
        sent = json.dumps(rendered([c.params for c in fake_slack.calls[calls:]]), ensure_ascii=False)
        for token in LIVE:
            assert token not in sent, f"{token!r} reached Slack unescaped"
        assert fake_slack.violations == []

    check(careful(view, user, good))  # every field as a careful (if hostile-named) person fills it: accepted
    hsettings(
        max_examples=25,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )(given(payload=submission(view, user, good))(check))()
    assert {"errors", "accepted"} <= outcomes  # both paths were exercised, with hostile text accepted too
