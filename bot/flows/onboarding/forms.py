"""The onboarding modals as typed forms (see `bot.flows.forms`).

`StartForm.read` context: `playbook`, `people` (what Slack said of the picked people), `submitter`,
`admin` (whether the submitter is an admin), `today`, `default_channel`.
`CheckInForm.read` context: `role` ("new_hire" or "manager": which scores are asked).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from pydantic import ValidationInfo, field_validator, model_validator

from bot.flows.forms import Form, block, context, fail, fail_blocks
from bot.flows.inputs import record_id
from bot.flows.onboarding import ids
from bot.flows.people import person_problem
from bot.flows.requisition.forms import parse_date
from bot.playbook import Playbook

MAX_AHEAD = timedelta(days=365)
MAX_PAST = timedelta(days=30)


def _person(value: str, info: ValidationInfo) -> str:
    if (problem := person_problem(context(info).get("people", {}).get(value))) is not None:
        raise fail(problem)
    return value


class StartForm(Form):
    new_hire: str = block(ids.NEW_HIRE, missing="Choose the new hire.")
    manager: str = block(ids.MANAGER, missing="Choose the manager.")
    buddy: str = block(ids.BUDDY, missing="Choose a buddy.")
    start_date: date = block(ids.START_DATE, missing="Pick the start date.", invalid="Pick a valid date.")
    specialization: str = block(ids.SPECIALIZATION, missing="Choose the specialization.")
    requisition_id: int | None = block(ids.REQUISITION, invalid="Choose an approved requisition, or none.")
    channel: str = block(ids.CHANNEL, missing="Choose the onboarding channel for the new hire's thread.")

    @model_validator(mode="before")
    @classmethod
    def _default_channel(cls, data, info: ValidationInfo):
        default = context(info).get("default_channel")
        if isinstance(data, dict) and default and not (data.get(ids.CHANNEL) or data.get("channel")):
            return {**data, ids.CHANNEL: default}
        return data

    @field_validator("new_hire")
    @classmethod
    def _new_hire(cls, value: str, info: ValidationInfo) -> str:
        return _person(value, info)

    @field_validator("manager")
    @classmethod
    def _manager(cls, value: str, info: ValidationInfo) -> str:
        _person(value, info)
        if value == info.data.get("new_hire"):
            raise fail("The new hire cannot be their own manager.")
        ctx = context(info)
        if "submitter" in ctx and not ctx.get("admin") and ctx["submitter"] != value:
            raise fail("Only the new hire's manager or an admin can start their onboarding.")
        return value

    @field_validator("buddy")
    @classmethod
    def _buddy(cls, value: str, info: ValidationInfo) -> str:
        _person(value, info)
        if value == info.data.get("new_hire"):
            raise fail("The new hire cannot be their own buddy.")
        if value == info.data.get("manager"):
            raise fail("Choose a buddy other than the manager: a peer who can answer everyday questions.")
        return value

    @field_validator("start_date", mode="before")
    @classmethod
    def _start(cls, value, info: ValidationInfo) -> date:
        start = parse_date(value)
        if start is None:
            raise fail("Pick a valid date.")
        today = context(info).get("today")
        if today is not None and start > today + MAX_AHEAD:
            raise fail("The start date must be within a year from today.")
        if today is not None and start < today - MAX_PAST:
            raise fail("The start date can be at most 30 days in the past.")
        return start

    @field_validator("specialization")
    @classmethod
    def _specialization(cls, value: str, info: ValidationInfo) -> str:
        playbook = context(info).get("playbook")
        if playbook is not None and value not in playbook.specializations:
            raise fail("Choose the specialization.")
        return value

    @field_validator("requisition_id", mode="before")
    @classmethod
    def _requisition(cls, value) -> int | None:
        if value is None:
            return None
        if (found := record_id(value)) is None:
            raise fail("Choose an approved requisition, or none.")
        return found


SCORE = {"1", "2", "3", "4", "5", 1, 2, 3, 4, 5}


class CheckInForm(Form):
    """A check-in's answers. Scores are asked by role, and on a retention day (context `retention`: the
    playbook's retention score keys) the new hire's are those; `questions` are the day's open ones, by index."""

    ramp_up: int | None = block(ids.RAMP_UP)
    clarity: int | None = block(ids.CLARITY)
    workload: int | None = block(ids.WORKLOAD)
    support: int | None = block(ids.SUPPORT)
    progress: int | None = block(ids.PROGRESS)
    blockers: str | None = block(ids.BLOCKERS)
    notes: str | None = block(ids.NOTES)
    share: str | None = block(ids.SHARE)
    questions: dict[str, str | None] = block(ids.QUESTION_PREFIX, prefix=True)
    kept: dict[str, str | None] = block(ids.RETENTION_PREFIX, prefix=True)

    @model_validator(mode="before")
    @classmethod
    def _asked(cls, data, info: ValidationInfo):
        role, retention = context(info).get("role"), context(info).get("retention")
        if role is None or not isinstance(data, dict):
            return data
        if role == "new_hire" and retention:
            given = data.get(ids.RETENTION_PREFIX) or {}
            errors = {
                ids.RETENTION_PREFIX + k: "Choose a score from 1 to 5." for k in retention if given.get(k) not in SCORE
            }
        else:
            wanted = ids.MANAGER_SCORES if role == "manager" else ids.NEW_HIRE_SCORES
            errors = {b: "Choose a score from 1 to 5." for b in wanted if data.get(b) not in SCORE}
        if role == "new_hire" and data.get(ids.SHARE) not in ("yes", "no"):
            errors[ids.SHARE] = "Choose whether your manager sees your answers."
        if errors:
            raise fail_blocks(errors)
        return data

    def answer(self, playbook: Playbook, ref: ids.CheckInRef) -> Answer:
        manager = ref.role == "manager"
        wanted = ids.MANAGER_SCORES if manager else ids.NEW_HIRE_SCORES
        questions = [] if manager else playbook.onboarding.questions_for(ref.day)
        if not manager and playbook.onboarding.is_retention(ref.day):
            scores = {k: int(self.kept[k]) for k in playbook.onboarding.retention.scores}  # type: ignore[arg-type]
        else:
            scores = {name: int(getattr(self, name)) for name in wanted.values()}
        return Answer(
            scores=scores,
            blockers=self.blockers,
            notes=self.notes,
            answers={q: self.questions.get(str(i)) or "" for i, q in enumerate(questions)},
            share=manager or self.share == "yes",
        )


@dataclass(frozen=True)
class Answer:
    scores: dict[str, int]
    blockers: str | None
    notes: str | None
    answers: dict[str, str]
    share: bool
