"""Each modal is one typed form: read from the view Slack sends, validated once, errors on their blocks."""

from __future__ import annotations

import ast
import pathlib
from datetime import date, datetime, time, timezone

import pytest
from pydantic import ValidationError

from bot.errors import FormErrors
from bot.flows.interviews import ids as iv_ids
from bot.flows.interviews.forms import AssignForm, CandidateForm, ScorecardForm, TimeForm
from bot.flows.nudges import ids as rem_ids
from bot.flows.nudges.forms import QuietHoursForm
from bot.flows.onboarding import ids as ob_ids
from bot.flows.onboarding.forms import CheckInForm, StartForm
from bot.flows.people import Person
from bot.flows.requisition import ids
from bot.flows.requisition.forms import IntakeForm
from bot.playbook import load_playbook
from bot.ui.requisition_intake import intake_modal
from devtools.harness import element_state

TODAY = date(2026, 11, 26)
READY = tuple(q.key for q in load_playbook().readiness.questions)
GOOD = {
    ids.SPECIALIZATION: "nlp",
    ids.LEVEL: "senior",
    ids.LOCATION: "remote",
    ids.HIRING_MODEL: "in_house",
    ids.HEADCOUNT: " 2 ",
    ids.TARGET_START: "2027-06-01",
    ids.STAGE: "production",
    ids.WORK: "both",
    ids.MLOPS: "moderate",
    ids.TOOLS: "PyTorch",
    ids.APPROVER: "U0APPROVER",
} | {ids.readiness_block(k): "yes" for k in READY}


def submitted(view: dict, values: dict) -> dict:
    """The view as Slack submits it: each filled input block's element state under `state.values`."""
    state = {}
    for block in view["blocks"]:
        if block.get("type") == "input" and block["block_id"] in values:
            element = block["element"]
            state[block["block_id"]] = {element["action_id"]: element_state(element, values[block["block_id"]])}
    return view | {"state": {"values": state}}


def raw_view(values: dict) -> dict:
    """A submission built straight from {block_id: {element}} (for modals whose builder needs records)."""
    return {"state": {"values": {b: {"value": e} for b, e in values.items()}}}


def intake(playbook, values: dict, **ctx) -> IntakeForm:
    view = submitted(intake_modal(playbook, default_channel=None), values)
    context = dict(playbook=playbook, submitter="U0HM", today=TODAY, default_channel="C0HIRING", people={})
    return IntakeForm.read(view, **(context | ctx))


def test_the_intake_is_read_into_typed_values(playbook):
    form = intake(playbook, GOOD)
    assert form.headcount == 2 and form.target_start == date(2027, 6, 1)
    assert form.readiness == {k: True for k in READY}
    assert form.channel == "C0HIRING"  # the default, as the picker was left empty
    assert form.tools == "PyTorch" and form.domain is None


def test_an_empty_intake_names_every_required_block_at_once(playbook):
    with pytest.raises(FormErrors) as refused:
        intake(playbook, {})
    errors = refused.value.errors
    assert errors[ids.SPECIALIZATION] == "Choose the specialization."
    assert errors[ids.HEADCOUNT] == "Enter how many engineers to hire, from 1 to 50."
    assert errors[ids.TARGET_START] == "Pick the target start date."
    assert errors[ids.APPROVER] == "Choose who approves this requisition."
    assert all(
        errors[ids.readiness_block(q.key)] == "Answer yes, no or not sure." for q in playbook.readiness.questions
    )
    assert ids.CHANNEL not in errors and ids.TOOLS not in errors


@pytest.mark.parametrize(
    "block, value, message",
    [
        (ids.HEADCOUNT, "0", "Headcount must be a whole number from 1 to 50; '0' is not."),
        (ids.HEADCOUNT, "2.5", "Headcount must be a whole number from 1 to 50; '2.5' is not."),
        (ids.TARGET_START, "2026-11-25", "The start date must be today (2026-11-26) or later."),
        (ids.APPROVER, "U0HM", "Choose someone other than yourself to approve it."),
        (ids.APPROVER, "U0GONE", "That account is not an active member of this workspace."),
    ],
)
def test_bad_intake_answers_are_refused_on_their_block(playbook, block, value, message):
    people = {"U0GONE": Person("U0GONE", found=False)}
    with pytest.raises(FormErrors) as refused:
        intake(playbook, GOOD | {block: value}, people=people)
    assert refused.value.errors == {block: message}


def test_an_option_the_playbook_does_not_list_is_refused(playbook):
    view = submitted(intake_modal(playbook, default_channel=None), GOOD)
    view["state"]["values"][ids.LEVEL]["value"]["selected_option"]["value"] = "principal"  # forged
    with pytest.raises(FormErrors) as refused:
        IntakeForm.read(view, playbook=playbook, submitter="U0HM", today=TODAY, default_channel="C0", people={})
    assert refused.value.errors == {ids.LEVEL: "Choose one of the listed seniority level options."}


def test_a_form_built_in_code_gets_the_shape_checks_without_context():
    with pytest.raises(ValidationError) as refused:
        IntakeForm(
            specialization="nlp",
            level="senior",
            location="remote",
            hiring_model="in_house",
            headcount=0,
            target_start=date(2027, 1, 1),
            stage="production",
            work="both",
            mlops="low",
            approver="U0A",
            channel="C0",
        )
    assert IntakeForm.inline_errors(refused.value) == {
        ids.HEADCOUNT: "Headcount must be a whole number from 1 to 50; '0' is not."
    }


def test_errors_never_quote_what_was_typed():
    secret = "ada.private@@example.org"
    view = raw_view(
        {
            iv_ids.REQUISITION: {"type": "static_select", "selected_option": {"value": "7"}},
            iv_ids.NAME: {"type": "plain_text_input", "value": "Ada"},
            iv_ids.PROFILE: {"type": "plain_text_input", "value": "https://example.org/ada"},
            iv_ids.SOURCE: {"type": "static_select", "selected_option": {"value": "referral"}},
            iv_ids.EMAIL: {"type": "plain_text_input", "value": secret},
        }
    )
    with pytest.raises(FormErrors) as refused:
        CandidateForm.read(view)
    assert refused.value.errors == {iv_ids.EMAIL: "That does not look like an email address."}
    assert secret not in str(refused.value)


def test_prefixed_blocks_and_checkboxes_are_read_as_mappings_and_lists():
    view = raw_view(
        {
            iv_ids.RATING_PREFIX + "coding": {"type": "static_select", "selected_option": {"value": "3"}},
            iv_ids.EVIDENCE_PREFIX + "coding": {"type": "plain_text_input", "value": "clean tests"},
            iv_ids.FLAGS: {"type": "checkboxes", "selected_options": [{"value": "0"}, {"value": "2"}]},
            iv_ids.RECOMMENDATION: {"type": "radio_buttons", "selected_option": {"value": "yes"}},
        }
    )
    card = ScorecardForm.read(view, competencies=["coding"])
    assert card.ratings == {"coding": 3} and card.evidence == {"coding": "clean tests"}
    assert card.red_flags == ["0", "2"] and card.recommendation == "yes"
    with pytest.raises(FormErrors) as refused:  # a competency of the stage left unrated, and no recommendation
        ScorecardForm.read(raw_view({}), competencies=["coding", "design"])
    assert refused.value.errors == {
        iv_ids.RATING_PREFIX + "coding": "Rate this from 1 (strong no) to 4 (strong yes).",
        iv_ids.RATING_PREFIX + "design": "Rate this from 1 (strong no) to 4 (strong yes).",
        iv_ids.RECOMMENDATION: "Give your overall recommendation.",
    }


def test_assignments_interview_times_and_quiet_hours_are_typed():
    picks = raw_view(
        {
            iv_ids.STAGE_PREFIX + "technical": {"type": "users_select", "selected_user": "U0ALICE"},
            iv_ids.STAGE_PREFIX + "system_design": {"type": "users_select", "selected_user": None},
        }
    )
    assert AssignForm.read(picks).chosen == {"technical": "U0ALICE"}
    now = datetime(2026, 11, 26, 12, tzinfo=timezone.utc)
    when = {"type": "datetimepicker", "selected_date_time": int(now.timestamp()) + 3600}
    form = TimeForm.read(
        raw_view({iv_ids.WHEN: when, iv_ids.DURATION: {"type": "static_select", "selected_option": {"value": "45"}}}),
        now=now,
    )
    assert form.minutes == 45 and form.starts_at == datetime(2026, 11, 26, 13, tzinfo=timezone.utc)
    with pytest.raises(FormErrors) as refused:
        TimeForm.read(raw_view({iv_ids.WHEN: when | {"selected_date_time": 100}}), now=now)
    assert refused.value.errors == {
        iv_ids.WHEN: "That time has passed; pick a time in the future.",
        iv_ids.DURATION: "Choose how long the interview takes.",
    }
    quiet = QuietHoursForm.read(raw_view({rem_ids.QUIET_START: {"type": "timepicker", "selected_time": "19:00"}}))
    assert quiet.start == time(19) and quiet.end is None


def test_onboarding_forms_check_people_against_each_other_and_scores_by_role(playbook):
    picked = {"type": "users_select"}
    view = raw_view(
        {
            ob_ids.NEW_HIRE: picked | {"selected_user": "U0NEW"},
            ob_ids.MANAGER: picked | {"selected_user": "U0NEW"},
            ob_ids.BUDDY: picked | {"selected_user": "U0NEW"},
            ob_ids.START_DATE: {"type": "datepicker", "selected_date": "2026-12-07"},
            ob_ids.SPECIALIZATION: {"type": "static_select", "selected_option": {"value": "nlp"}},
            ob_ids.REQUISITION: {"type": "static_select", "selected_option": {"value": "99999999999"}},
        }
    )
    with pytest.raises(FormErrors) as refused:
        StartForm.read(view, playbook=playbook, today=TODAY, default_channel="C0ONBOARD", submitter="U0NEW")
    assert refused.value.errors == {
        ob_ids.MANAGER: "The new hire cannot be their own manager.",
        ob_ids.BUDDY: "The new hire cannot be their own buddy.",
        ob_ids.REQUISITION: "Choose an approved requisition, or none.",
    }
    with pytest.raises(FormErrors) as refused:
        CheckInForm.read(raw_view({}), role="new_hire")
    assert set(refused.value.errors) == {*ob_ids.NEW_HIRE_SCORES, ob_ids.SHARE}
    with pytest.raises(FormErrors) as refused:
        CheckInForm.read(raw_view({}), role="manager")
    assert set(refused.value.errors) == set(ob_ids.MANAGER_SCORES)


def test_only_the_form_models_read_a_views_state():
    """Every modal goes through a Form: no handler or service reads `view.state.values` itself."""
    root = pathlib.Path(__file__).resolve().parents[1] / "bot"
    readers = set()
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "bot.flows.inputs":
                if {a.name for a in node.names} & {"state_values", "state_choices"}:
                    readers.add(path.relative_to(root).as_posix())
    assert readers == {"flows/forms.py"}
