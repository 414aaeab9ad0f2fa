"""Playbook sections for the loops the bot runs: onboarding (checklist, check-ins, retention, risk)
and interviews (competencies, stages and their question banks)."""

from __future__ import annotations

from pydantic import Field, model_validator

from bot.playbook.section import Section
from bot.playbook.wording import Question

ROLES = ("new_hire", "manager", "buddy")


class ChecklistItem(Section):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]{0,40}$")
    text: str = Field(min_length=1, max_length=150)
    owner: str = Field(pattern=r"^(new_hire|manager|buddy)$")
    due_business_day: int = Field(ge=0, le=60)


class CheckInQuestions(Section):
    days: list[int] = Field(min_length=1, max_length=6)
    questions: dict[int, list[str]] = Field(default_factory=dict)
    manager_questions: list[str] = Field(default_factory=list, max_length=5)

    @model_validator(mode="after")
    def _days(self) -> CheckInQuestions:
        if sorted(set(self.days)) != self.days or any(d < 1 or d > 365 for d in self.days):
            raise ValueError("days must be increasing whole numbers from 1 to 365")
        unknown = sorted(set(self.questions) - set(self.days))
        if unknown:
            raise ValueError(f"questions for days that have no check-in: {unknown}")
        if any(len(q) > 5 for q in self.questions.values()):
            raise ValueError("at most 5 questions a day")
        return self


class RiskRules(Section):
    low_score: int = Field(ge=1, le=5)
    drop: int = Field(ge=1, le=4)
    advice: dict[str, str]

    @model_validator(mode="after")
    def _advice(self) -> RiskRules:
        missing = sorted({"low_score", "drop", "blockers"} - set(self.advice))
        if missing:
            raise ValueError(f"advice is missing for {', '.join(missing)}")
        return self


class Retention(Section):
    """Check-ins after the first months (6 and 12 by default): scores on what keeps people, the
    actions that help when they are low, and the manager's stay-conversation prompt."""

    days: list[int] = Field(default_factory=list, max_length=4)
    questions: dict[int, list[str]] = Field(default_factory=dict)
    scores: dict[str, str] = Field(default_factory=dict, max_length=6)
    actions: list[str] = Field(default_factory=list, max_length=8)
    stay_conversation: str = ""

    @model_validator(mode="after")
    def _valid(self) -> Retention:
        if sorted(set(self.days)) != self.days or any(d < 1 or d > 730 for d in self.days):
            raise ValueError("days must be increasing whole numbers from 1 to 730")
        unknown = sorted(set(self.questions) - set(self.days))
        if unknown:
            raise ValueError(f"questions for days that have no check-in: {unknown}")
        if self.days and not self.scores:
            raise ValueError("retention check-ins need scores to ask")
        bad = sorted(k for k in self.scores if not k.isidentifier() or not k.islower() or len(k) > 30)
        if bad:
            raise ValueError(f"score keys must be lower-case words: {', '.join(bad)}")
        return self


class Growth(Section):
    """What the manager is prompted to talk about at some check-ins, whatever the answers: before anything
    goes wrong rather than after. A day that is not a check-in day is not used (so an organisation that moves
    its check-ins is not refused for the default growth days)."""

    days: list[int] = Field(default_factory=list, max_length=4)
    prompt: str = ""
    items: list[str] = Field(default_factory=list, max_length=10)


class OnboardingGuide(Section):
    checklist: list[ChecklistItem] = Field(min_length=1, max_length=30)
    by_specialization: dict[str, list[ChecklistItem]] = Field(default_factory=dict)
    checkins: CheckInQuestions
    retention: Retention = Field(default_factory=Retention)
    growth: Growth = Field(default_factory=Growth)
    risk: RiskRules

    @model_validator(mode="after")
    def _after_the_first_months(self) -> OnboardingGuide:
        if self.retention.days and self.retention.days[0] <= self.checkins.days[-1]:
            raise ValueError("retention.days must all come after the last of checkins.days")
        return self

    @property
    def all_days(self) -> list[int]:
        """Every check-in day, the first months' and the retention ones."""
        return [*self.checkins.days, *self.retention.days]

    def is_retention(self, day: int) -> bool:
        return day in self.retention.days

    def questions_for(self, day: int) -> list[str]:
        return (self.retention.questions if self.is_retention(day) else self.checkins.questions).get(day, [])


class Competency(Section):
    label: str = Field(min_length=1, max_length=75)
    area: str


class Stage(Section):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]{0,30}$")
    label: str = Field(min_length=1, max_length=75)
    minutes: int = Field(ge=10, le=240)
    min_level: str | None = None
    competencies: list[str] = Field(min_length=1, max_length=6)
    red_flags: list[Question] = Field(default_factory=list, max_length=6)  # {text, levels} like a question
    questions: dict[str, list[Question]]
    exercise: dict[str, str] = Field(default_factory=dict)  # a short practical brief: default and per specialization
    good_answer: str = Field(default="", max_length=400)  # what a strong answer shows, for the interviewer
    # Essential from this level up: leaving the stage out of a plan is warned about, then and at the decision.
    essential_from: str | None = None
    essential_why: str = Field(default="", max_length=300)

    @model_validator(mode="after")
    def _default_questions(self) -> Stage:
        if not self.questions.get("default"):
            raise ValueError("questions need a default list")
        return self


class Interviews(Section):
    resume_signals: dict[str, str] = Field(min_length=1, max_length=10)
    decision_areas: dict[str, str] = Field(min_length=1)
    competencies: dict[str, Competency] = Field(min_length=1)
    general_red_flags: list[Question] = Field(default_factory=list, max_length=8)
    stages: list[Stage] = Field(min_length=1, max_length=10)
    questions_per_stage: int = Field(default=5, ge=1, le=10)
    take_home_advice: str = ""
    take_home_limit: str = ""  # how long a take-home may take, labelled where the figure is the playbook's own
    exercise_explain: str = ""  # asked of every practical exercise
    minutes_assumption: str = ""  # beside every stage length, when the lengths are the playbook's assumption
    process_advice: list[str] = Field(default_factory=list, max_length=6)  # shown to whoever plans the interviews
    potential_note: dict[str, str] = Field(default_factory=dict)  # by level: what the debrief reminds the panel
