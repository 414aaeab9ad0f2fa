"""The intake modal as one typed form: read from the view, validated once (see `bot.flows.forms`).

Context `read` takes: `playbook` (the listed options and readiness questions), `submitter` (who
may not approve their own requisition), `today` (the earliest start), `default_channel` (used
when the channel picker is left empty) and `people` (what Slack said of the picked approver).
"""

from __future__ import annotations

import re
from datetime import date

from pydantic import ValidationInfo, field_validator, model_validator

from bot.flows.forms import Form, block, context, fail, fail_blocks
from bot.flows.people import person_problem
from bot.flows.requisition import ids
from bot.models import CloseReason
from bot.models.hiring import MAX_HEADCOUNT

# The answers a requisition stores as they are (a revision may change any of them), and the fields
# stored under another column name.
ANSWER_FIELDS = {  # field: what the revision history calls it
    "specialization": "Specialization",
    "level": "Level",
    "location": "Location",
    "hiring_model": "Hiring model",
    "headcount": "Headcount",
    "target_start": "Target start",
    "stage": "Project stage",
    "work": "Kind of work",
    "mlops": "MLOps involvement",
    "tools": "Tools",
    "domain": "Business domain",
    "approver": "Approver",
    "has_senior": "A senior on the team",
    "regulated": "Regulated domain",
}
COLUMN = {"approver": "approver_id"}
ANSWERS = {"yes": True, "no": False, "not_sure": None}  # a readiness answer as stored
MAX_FREE_TEXT = 1000

# The fields chosen from one of the playbook's lists: field -> (what it is called, playbook options).
CHOICES = {
    "specialization": ("specialization", lambda p: p.specializations),
    "level": ("seniority level", lambda p: p.levels),
    "location": ("location", lambda p: p.locations),
    "hiring_model": ("hiring model", lambda p: type(p.hiring_models).model_fields),
    "stage": ("project stage", lambda p: p.scope.stage),
    "work": ("kind of work", lambda p: p.scope.work),
    "mlops": ("MLOps involvement", lambda p: p.scope.mlops),
}


def _choice(field: str, block_id: str):
    return block(block_id, missing=f"Choose the {CHOICES[field][0]}.")


HEADCOUNT_CHARS = 10  # what the headcount's text input takes (" 12 " with spaces, never an essay)


def whole_headcount(value) -> int:
    raw = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    if not re.fullmatch(r"\d{1,6}", raw) or not 1 <= int(raw) <= MAX_HEADCOUNT:
        raise fail(f"Headcount must be a whole number from 1 to {MAX_HEADCOUNT}; {raw[:20]!r} is not.")
    return int(raw)


def parse_date(text) -> date | None:
    if isinstance(text, date):
        return text
    try:
        return date.fromisoformat(text) if isinstance(text, str) and text else None
    except ValueError:
        return None


class ReasonForm(Form):
    """Why the approver requests changes or rejects."""

    reason: str = block(ids.REASON, missing="Say why, so the hiring manager knows what to change.")


class CloseForm(Form):
    reason: CloseReason = block(ids.CLOSE_REASON, missing="Choose why it is closed.", invalid="Choose a listed reason.")
    note: str | None = block(ids.CLOSE_NOTE)
    confirm: list[str] = block(ids.CLOSE_CONFIRM, choices=True)

    @property
    def confirmed(self) -> bool:
        return "end_loops" in self.confirm

    @model_validator(mode="after")
    def _note(self) -> CloseForm:
        if self.note is None and self.reason is CloseReason.OTHER:
            raise fail_blocks({ids.CLOSE_NOTE: "Say why: the hiring team sees this."})
        return self


class HeadcountForm(Form):
    headcount: int = block(
        ids.HC_HEADCOUNT, missing=f"Enter the headcount, from 1 to {MAX_HEADCOUNT}.", max_length=HEADCOUNT_CHARS
    )
    target_start: date = block(ids.HC_START, missing="Pick the target start date.", invalid="Pick a valid date.")

    @field_validator("headcount", mode="before")
    @classmethod
    def _headcount(cls, value) -> int:
        return whole_headcount(value)

    @field_validator("target_start", mode="before")
    @classmethod
    def _start(cls, value) -> date:
        if (start := parse_date(value)) is None:
            raise fail("Pick a valid date.")
        return start


class IntakeForm(Form):
    specialization: str = _choice("specialization", ids.SPECIALIZATION)
    level: str = _choice("level", ids.LEVEL)
    location: str = _choice("location", ids.LOCATION)
    hiring_model: str = _choice("hiring_model", ids.HIRING_MODEL)
    headcount: int = block(
        ids.HEADCOUNT,
        missing=f"Enter how many engineers to hire, from 1 to {MAX_HEADCOUNT}.",
        max_length=HEADCOUNT_CHARS,
    )
    target_start: date = block(ids.TARGET_START, missing="Pick the target start date.", invalid="Pick a valid date.")
    stage: str = _choice("stage", ids.STAGE)
    work: str = _choice("work", ids.WORK)
    mlops: str = _choice("mlops", ids.MLOPS)
    tools: str | None = block(ids.TOOLS, max_length=1000)
    domain: str | None = block(ids.DOMAIN, max_length=1000)
    approver: str = block(ids.APPROVER, missing="Choose who approves this requisition.")
    channel: str = block(ids.CHANNEL, missing="Choose the hiring channel to post the requisition in.")
    has_senior: bool | None = block(ids.HAS_SENIOR)
    regulated: bool | None = block(ids.REGULATED)
    readiness: dict[str, bool | None] = block(ids.READINESS_PREFIX, prefix=True)  # None: not sure

    @model_validator(mode="before")
    @classmethod
    def _default_channel(cls, data, info: ValidationInfo):
        default = context(info).get("default_channel")
        if isinstance(data, dict) and default and not (data.get(ids.CHANNEL) or data.get("channel")):
            return {**data, ids.CHANNEL: default}
        return data

    def columns(self) -> dict[str, object]:
        """The answers as the requisition's columns (the channel and readiness are stored separately)."""
        return {COLUMN.get(name, name): getattr(self, name) for name in ANSWER_FIELDS}

    def block_values(self) -> dict[str, object]:
        """As the modal shows it: a stored "not sure" (None) picks that option."""
        unsure = {ids.readiness_block(k): "not_sure" for k, v in self.readiness.items() if v is None}
        return super().block_values() | unsure

    @field_validator(*CHOICES)
    @classmethod
    def _listed(cls, value: str, info: ValidationInfo) -> str:
        playbook = context(info).get("playbook")
        what, options = CHOICES[info.field_name]
        if playbook is not None and value not in options(playbook):
            raise fail(f"Choose one of the listed {what} options.")
        return value

    @field_validator("headcount", mode="before")
    @classmethod
    def _headcount(cls, value) -> int:
        return whole_headcount(value)

    @field_validator("target_start", mode="before")
    @classmethod
    def _start(cls, value, info: ValidationInfo) -> date:
        start = parse_date(value)
        if start is None:
            raise fail("Pick a valid date.")
        today = context(info).get("today")
        if today is not None and start < today:
            raise fail(f"The start date must be today ({today.isoformat()}) or later.")
        return start

    @field_validator("has_senior", "regulated", mode="before")
    @classmethod
    def _yes_no(cls, value) -> bool | None:
        if value is None or isinstance(value, bool):
            return value
        if value not in ("yes", "no"):
            raise fail("Answer yes or no, or leave it empty.")
        return value == "yes"

    @field_validator("tools", "domain")
    @classmethod
    def _free_text(cls, value: str | None) -> str | None:
        if value and len(value) > MAX_FREE_TEXT:
            raise fail(f"Keep this under {MAX_FREE_TEXT} characters ({len(value)} now).")
        return value

    @field_validator("approver")
    @classmethod
    def _approver(cls, value: str, info: ValidationInfo) -> str:
        ctx = context(info)
        if value == ctx.get("submitter"):
            raise fail("Choose someone other than yourself to approve it.")
        if (problem := person_problem(ctx.get("people", {}).get(value))) is not None:
            raise fail(problem)
        return value

    @field_validator("readiness", mode="before")
    @classmethod
    def _readiness(cls, value, info: ValidationInfo) -> dict[str, bool | None]:
        playbook = context(info).get("playbook")
        if playbook is None:
            return value
        answers, errors = {}, {}
        for question in playbook.readiness.questions:
            answer = (value or {}).get(question.key)
            if answer in ANSWERS:
                answers[question.key] = ANSWERS[answer]
            else:
                errors[ids.readiness_block(question.key)] = "Answer yes, no or not sure."
        if errors:
            raise fail_blocks(errors)
        return answers
