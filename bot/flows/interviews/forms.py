"""The interview loop's modals as typed forms (see `bot.flows.forms`).

Checks that need the database (the requisition is approved, the stage is in the plan, the
interview is yours) stay in the services; what the form alone can say is checked here, once.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from pydantic import ValidationInfo, field_validator

from bot.flows.forms import Form, block, context, fail, fail_blocks
from bot.flows.inputs import instant, record_id
from bot.flows.interviews import ids

SOURCES = {
    "referral": "Referral",
    "sourced": "Sourced (outreach)",
    "inbound": "Applied (inbound)",
    "agency": "Agency",
    "other": "Other",
}
VERDICTS = {"advance": "Advance", "hold": "Hold", "reject": "Reject"}
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
SCORES = {1: "strong no", 2: "no", 3: "yes", 4: "strong yes"}
RECOMMENDATIONS = {"strong_no": "Strong no", "no": "No", "yes": "Yes", "strong_yes": "Strong yes"}
DURATIONS = (30, 45, 60, 90, 120)
MAX_AHEAD = timedelta(days=365)  # an interview is set within a year, or it is a typo


class CandidateForm(Form):
    """Context: `playbook` (the listed resume signals)."""

    requisition_id: int = block(ids.REQUISITION, missing="Choose the requisition.", invalid="Choose the requisition.")
    name: str = block(ids.NAME, missing="Enter the candidate's name.", max_length=200)
    profile_url: str = block(
        ids.PROFILE, missing="Enter a link to the resume or profile, starting with https://", max_length=500
    )
    source: str = block(ids.SOURCE, missing="Choose where the candidate came from.")
    email: str | None = block(ids.EMAIL, max_length=254)
    signals: list[str] = block(ids.SIGNALS, choices=True)
    verdict: str | None = block(ids.VERDICT)

    @field_validator("requisition_id", mode="before")
    @classmethod
    def _requisition(cls, value) -> int:
        if (found := record_id(value)) is None:
            raise fail("Choose the requisition.")
        return found

    @field_validator("profile_url")
    @classmethod
    def _profile(cls, value: str) -> str:
        if not URL.match(value):
            raise fail("Enter a link to the resume or profile, starting with https://")
        return value

    @field_validator("source")
    @classmethod
    def _source(cls, value: str) -> str:
        if value not in SOURCES:
            raise fail("Choose where the candidate came from.")
        return value

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and not EMAIL.match(value):
            raise fail("That does not look like an email address.")
        return value

    @field_validator("signals")
    @classmethod
    def _signals(cls, value: list[str], info: ValidationInfo) -> list[str]:
        playbook = context(info).get("playbook")
        if playbook is not None and set(value) - set(playbook.interviews.resume_signals):
            raise fail("Choose from the listed signals.")
        return sorted(value)

    @field_validator("verdict")
    @classmethod
    def _verdict(cls, value: str | None) -> str | None:
        if value is not None and value not in VERDICTS:
            raise fail("Choose advance, hold or reject.")
        return value


class PlanForm(Form):
    stages: list[str] = block(ids.PLAN_STAGES, choices=True)


class AssignForm(Form):
    """One interviewer picker per stage: {stage key: the picked person} (empty pickers left out)."""

    picks: dict[str, str | None] = block(ids.STAGE_PREFIX, prefix=True)

    @property
    def chosen(self) -> dict[str, str]:
        return {stage: user for stage, user in self.picks.items() if user}


class TimeForm(Form):
    """Context: `now` (the time must be ahead, within a year)."""

    starts_at: datetime = block(ids.WHEN, missing="Pick the date and time of the interview.")
    minutes: int = block(ids.DURATION, missing="Choose how long the interview takes.")

    @field_validator("starts_at", mode="before")
    @classmethod
    def _when(cls, value, info: ValidationInfo) -> datetime:
        starts_at = value if isinstance(value, datetime) else instant(value if isinstance(value, str) else None)
        if starts_at is None:
            raise fail("Pick the date and time of the interview.")
        now = context(info).get("now")
        if now is not None and starts_at <= now:
            raise fail("That time has passed; pick a time in the future.")
        if now is not None and starts_at > now + MAX_AHEAD:
            raise fail("Pick a time within the next year.")
        return starts_at

    @field_validator("minutes", mode="before")
    @classmethod
    def _minutes(cls, value) -> int:
        if str(value) not in {str(d) for d in DURATIONS}:
            raise fail("Choose how long the interview takes.")
        return int(value)


class InterviewDeclineForm(Form):
    reason: str = block(ids.REASON, missing="Say why, so the hiring manager can find someone else.")


class DecisionForm(Form):
    rationale: str = block(ids.RATIONALE, missing="Record the rationale: what the decision rests on.")


class ScorecardForm(Form):
    """Context: `competencies`, the stage's (each needs a rating). Ratings and evidence by competency key."""

    ratings: dict[str, int | None] = block(ids.RATING_PREFIX, prefix=True)
    evidence: dict[str, str | None] = block(ids.EVIDENCE_PREFIX, prefix=True)
    red_flags: list[str] = block(ids.FLAGS, choices=True)
    recommendation: str = block(ids.RECOMMENDATION, missing="Give your overall recommendation.")
    notes: str | None = block(ids.NOTES)

    @field_validator("ratings", mode="before")
    @classmethod
    def _ratings(cls, value, info: ValidationInfo) -> dict[str, int | None]:
        given = {k: int(v) if str(v) in {str(s) for s in SCORES} else None for k, v in (value or {}).items()}
        missing = [c for c in context(info).get("competencies", ()) if given.get(c) is None]
        if missing:
            raise fail_blocks(
                {ids.RATING_PREFIX + c: "Rate this from 1 (strong no) to 4 (strong yes)." for c in missing}
            )
        return given

    @field_validator("recommendation")
    @classmethod
    def _recommendation(cls, value: str) -> str:
        if value not in RECOMMENDATIONS:
            raise fail("Give your overall recommendation.")
        return value
