"""Stable Slack ids for the interview loop, and the typed values carried in views and buttons."""

from __future__ import annotations

from bot.flows.inputs import VALUE  # noqa: F401  (re-exported: the action_id inside each input block)
from bot.flows.typed import RecordId, Typed
from bot.models import Decision

COMMAND = "/ml-candidate"

# On an approved requisition's post.
ADD_CANDIDATE = "iv_add_candidate"
EDIT_PLAN = "iv_edit_plan"

CANDIDATE_CALLBACK = "iv_candidate"
REQUISITION = "iv_requisition"
NAME = "iv_name"
PROFILE = "iv_profile"
SOURCE = "iv_source"
EMAIL = "iv_email"
SIGNALS = "iv_signals"
VERDICT = "iv_verdict"

PLAN_CALLBACK = "iv_plan"
PLAN_SAVED_CALLBACK = "iv_plan_saved"  # the read-only view a plan saved without an essential stage turns into
PLAN_STAGES = "iv_plan_stages"

# On a candidate's card.
ASSIGN = "iv_assign"
CANDIDATE_ACTIONS = "iv_candidate_actions"
ASSIGN_CALLBACK = "iv_assign_submit"
STAGE_PREFIX = "iv_stage_"  # + stage key: one interviewer picker per stage

# In an interviewer's kit.
SET_TIME = "iv_set_time"
DECLINE = "iv_decline"
KIT_ACTIONS = "iv_kit_actions"
TIME_CALLBACK = "iv_time"
WHEN = "iv_when"
DURATION = "iv_duration"
DECLINE_CALLBACK = "iv_decline_submit"
REASON = "iv_reason"

# Scorecards.
OPEN_SCORECARD = "iv_open_scorecard"
SCORECARD_ACTIONS = "iv_scorecard_actions"
SCORECARD_CALLBACK = "iv_scorecard"
RATING_PREFIX = "iv_rate_"
EVIDENCE_PREFIX = "iv_evidence_"
FLAGS = "iv_flags"
RECOMMENDATION = "iv_recommendation"
NOTES = "iv_notes"

# The debrief.
HIRE = "iv_hire"
NO_HIRE = "iv_no_hire"
MORE_INTERVIEWS = "iv_more"
DEBRIEF_ACTIONS = "iv_debrief_actions"
DECISION_CALLBACK = "iv_decision"
RATIONALE = "iv_rationale"
START_ONBOARDING = "iv_start_onboarding"
ERASE = "iv_erase"

DECISION_ACTION = {HIRE: Decision.HIRE, NO_HIRE: Decision.NO_HIRE, MORE_INTERVIEWS: Decision.MORE_INTERVIEWS}


class CandidateRef(Typed):
    candidate_id: RecordId


class InterviewRef(Typed):
    interview_id: RecordId
    assignment_no: RecordId


class ScorecardMeta(InterviewRef):
    """private_metadata of the scorecard modal: which scorecard it was opened to edit (None: a new one)."""

    card_id: RecordId | None = None


class DecisionMeta(Typed):
    candidate_id: RecordId
    decision: Decision
