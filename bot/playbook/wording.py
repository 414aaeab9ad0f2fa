"""Playbook data for the words the bot writes: job-description duties with the scope and level they
apply to, the sentences that describe each scope answer and location, and the offer lines that
depend on the readiness answers."""

from __future__ import annotations

from pydantic import Field, model_validator

from bot.playbook.section import Section


class Duty(Section):
    """A bullet that applies only where its lists allow (a missing list: any answer).

    Written in the playbook as plain text (always applies) or as a mapping, e.g.
    `{text: Run model serving and rollback, stage: [production], mlops: [moderate, high]}`.
    """

    text: str = Field(min_length=1, max_length=300)
    levels: list[str] | None = None
    stage: list[str] | None = None
    work: list[str] | None = None
    mlops: list[str] | None = None
    specializations: list[str] | None = None  # a core requirement a specialization's own skills already cover

    @model_validator(mode="before")
    @classmethod
    def _plain(cls, value):
        return {"text": value} if isinstance(value, str) else value

    def applies(self, *, level: str, stage: str, work: str, mlops: str, specialization: str | None = None) -> bool:
        return all(
            allowed is None or answer in allowed
            for allowed, answer in (
                (self.levels, level),
                (self.stage, stage),
                (self.work, work),
                (self.mlops, mlops),
                (self.specializations, specialization),
            )
        )


class OfferLine(Section):
    """A "what we offer" line, stated only when every readiness answer it names was yes."""

    text: str = Field(min_length=1, max_length=300)
    needs: list[str] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _plain(cls, value):
        return {"text": value} if isinstance(value, str) else value


class ScopeSentences(Section):
    """One full sentence per scope answer: what a candidate reads instead of the option's label."""

    stage: dict[str, str] = Field(min_length=1)
    work: dict[str, str] = Field(min_length=1)
    mlops: dict[str, str] = Field(min_length=1)


class JobDescriptionGuide(Section):
    core_requirements: list[Duty] = Field(min_length=1)
    experience_assumption: str = Field(default="", max_length=300)  # shown to reviewers beside the draft
    offer: list[OfferLine] = Field(default_factory=list)
    scope_sentences: ScopeSentences
    location_sentences: dict[str, str] = Field(min_length=1)


WARNINGS = (
    "junior_owns_mlops",
    "one_person_team",
    "juniors_without_senior",
    "regulated_domain",
    "outsourced_production",
    "senior_for_prototype",
    "mid_runs_production",
    "engineering_heavy",
)


class Advice(Section):
    """A line of advice on the hiring model, given only for the hiring models and stages it names."""

    text: str = Field(min_length=1, max_length=500)
    models: list[str] | None = None
    stage: list[str] | None = None

    @model_validator(mode="before")
    @classmethod
    def _plain(cls, value):
        return {"text": value} if isinstance(value, str) else value

    def applies(self, *, model: str, stage: str) -> bool:
        return (self.models is None or model in self.models) and (self.stage is None or stage in self.stage)


class IntakeWarnings(Section):
    """The intake's warnings (`texts`, one per rule in bot.flows.requisition.warnings), the words that
    mark a domain as regulated, a note on each hiring model, and the job-description line a regulated
    domain adds."""

    texts: dict[str, str]
    regulated_keywords: list[str] = Field(default_factory=list, max_length=60)
    hiring_model_notes: dict[str, str]
    hiring_model_advice: list[Advice] = Field(default_factory=list, max_length=12)
    compliance_requirement: str = Field(min_length=1, max_length=300)
    compliance_question: str = Field(default="", max_length=300)  # added to the ethics kit in a regulated domain

    @model_validator(mode="after")
    def _complete(self) -> IntakeWarnings:
        missing = sorted(set(WARNINGS) - set(self.texts))
        if missing:
            raise ValueError(f"texts is missing {', '.join(missing)}")
        missing = sorted({"in_house", "contractor", "partner"} - set(self.hiring_model_notes))
        if missing:
            raise ValueError(f"hiring_model_notes is missing {', '.join(missing)}")
        return self


class Question(Section):
    """An interview question: plain text (every level) or {text, levels, pinned} (only those levels; a
    pinned question is in every kit of its stage, ahead of the rotating bank)."""

    text: str = Field(min_length=1, max_length=300)
    levels: list[str] | None = None
    pinned: bool = False

    @model_validator(mode="before")
    @classmethod
    def _plain(cls, value):
        return {"text": value} if isinstance(value, str) else value

    def for_level(self, level: str) -> bool:
        return self.levels is None or level in self.levels
