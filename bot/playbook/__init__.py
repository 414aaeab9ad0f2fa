"""The ML hiring playbook as data: loaded from YAML, validated, and read-only afterwards.

`load_playbook(path)` reads the bundled default and merges an organisation's own file over
it (mappings key by key; lists and values replaced). Any problem raises PlaybookError whose
message names the file and the dotted key at fault, e.g. `levels.senior.base_salary.max`.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import Field, ValidationError, model_validator

from bot.playbook.loops import (  # noqa: F401 (re-exported: the playbook's types live here)
    ROLES,
    CheckInQuestions,
    ChecklistItem,
    Competency,
    Interviews,
    OnboardingGuide,
    Retention,
    RiskRules,
    Stage,
)
from bot.playbook.section import Section
from bot.playbook.wording import Duty, IntakeWarnings, JobDescriptionGuide

DEFAULT_PATH = Path(__file__).with_name("default.yaml")


class PlaybookError(Exception):
    pass


class _Range(Section):
    @model_validator(mode="after")
    def _ordered(self):
        if self.min > self.max:  # type: ignore[attr-defined]
            raise ValueError(f"min ({self.min}) is greater than max ({self.max})")  # type: ignore[attr-defined]
        return self


class IntRange(_Range):
    min: int = Field(ge=0)
    max: int = Field(ge=0)
    open_ended: bool = False


class Multiplier(_Range):
    min: Decimal = Field(gt=0, le=10)
    max: Decimal = Field(gt=0, le=10)


class Specialization(Section):
    label: str = Field(min_length=1, max_length=75)
    specialized: bool = False  # the guide's "specialized roles": the longer hiring timeline at any level
    title: str = Field(min_length=1, max_length=60)
    summary: str = Field(min_length=1)
    responsibilities: list[Duty] = Field(min_length=1)
    skills: list[Duty] = Field(min_length=1)


class Salary(IntRange):
    # Where a band is open-topped ("$200,000+"), the top a job posting states (pay-transparency laws
    # want a closed range). The guide gives no such figure: an assumption, labelled where shown.
    posting_max: int | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _posting(self):
        if self.open_ended and (self.posting_max is None or self.posting_max < self.max):
            raise ValueError("an open-ended band needs a posting_max at or above its max")
        return self


class Level(Section):
    label: str = Field(min_length=1, max_length=75)
    noun: str = Field(min_length=1, max_length=30)  # "senior", as in "a senior machine-learning engineer"
    base_salary: Salary
    contractor_band: str
    timeline_weeks: IntRange
    experience: str
    responsibilities: list[Duty] = Field(min_length=1)
    requirements: list[Duty] = Field(min_length=1)


class Location(Section):
    label: str = Field(min_length=1, max_length=75)
    salary_multiplier: Multiplier
    assumption: str | None = None  # why the multiplier is what it is, when the guide gives no figure
    # A further multiplier for some levels (remote senior talent still commands a premium), with its reason.
    premium: Multiplier | None = None
    premium_levels: list[str] = Field(default_factory=list)
    premium_assumption: str | None = None


class ModelTimeline(Section):
    weeks: IntRange
    assumption: str | None = None


class Timelines(Section):
    """Weeks from screening to offer beyond each level's own: specialized roles (in-house), and
    contractor and partner requisitions (a different search altogether)."""

    specialized_weeks: IntRange
    specialized_assumption: str | None = None  # which specializations count as specialized, when the guide says not
    counted_from_note: str | None = None  # what the guide counts its weeks from
    contractor: ModelTimeline
    partner: ModelTimeline


class ContractorBand(IntRange):
    label: str = Field(min_length=1, max_length=75)


class Contractor(Section):
    hours_per_year: int = Field(gt=0, le=8760)
    hours_assumption: str | None = None
    bands: dict[str, ContractorBand] = Field(min_length=1)


class Partner(Section):
    monthly_per_engineer: IntRange
    assumption: str | None = None


class CostNotes(Section):
    """What an estimate does not count: said once beside it."""

    specialization: str | None = None  # why the band does not move with the specialization
    left_out: str = ""  # company size, salary growth, tooling, training, the costs of a vacancy
    contractor: str = ""  # the contractor's per-hour premium and continuity risk
    quality_first: str = ""  # where AI touches customers, money or safety


class HiringModels(Section):
    in_house: str = Field(min_length=1, max_length=75)
    contractor: str = Field(min_length=1, max_length=75)
    partner: str = Field(min_length=1, max_length=75)


class ScopeGuide(Section):
    stage: dict[str, str] = Field(min_length=1)
    work: dict[str, str] = Field(min_length=1)
    mlops: dict[str, str] = Field(min_length=1)


class ReadinessQuestion(Section):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]{0,40}$")
    question: str = Field(min_length=1, max_length=150)
    gap: str = Field(min_length=1, max_length=150)
    advice: str = Field(min_length=1, max_length=1000)
    find_out: str = Field(default="Find out before hiring.", min_length=1, max_length=300)  # for "not sure"
    key_question: bool = False  # one of the guide's key readiness questions: most of them unclear pauses
    pause_on_no: str | None = Field(default=None, max_length=400)  # why a no pauses the requisition on its own


class ReadinessGuide(Section):
    questions: list[ReadinessQuestion] = Field(min_length=1, max_length=20)

    @model_validator(mode="after")
    def _unique(self) -> ReadinessGuide:
        keys = [q.key for q in self.questions]
        dupes = sorted({k for k in keys if keys.count(k) > 1})
        if dupes:
            raise ValueError(f"question keys must be unique; repeated: {', '.join(dupes)}")
        return self


class Playbook(Section):
    specializations: dict[str, Specialization] = Field(min_length=1, max_length=100)
    levels: dict[str, Level] = Field(min_length=1, max_length=100)
    locations: dict[str, Location] = Field(min_length=1, max_length=100)
    total_cost_multiplier: Multiplier
    cost_notes: CostNotes = Field(default_factory=CostNotes)
    timelines: Timelines
    contractor: Contractor
    partner: Partner
    hiring_models: HiringModels
    scope: ScopeGuide
    readiness: ReadinessGuide
    job_description: JobDescriptionGuide
    intake_warnings: IntakeWarnings
    onboarding: OnboardingGuide
    interviews: Interviews

    def stage(self, key: str) -> Stage | None:
        return next((s for s in self.interviews.stages if s.key == key), None)

    def stages_for(self, level: str) -> list[Stage]:
        """The default interview plan for a level: stages with a `min_level` only at or above it."""
        order = list(self.levels)
        return [
            s for s in self.interviews.stages if s.min_level is None or order.index(level) >= order.index(s.min_level)
        ]

    @model_validator(mode="after")
    def _references(self) -> Playbook:  # noqa: C901 -- a flat list of independent checks
        iv = self.interviews
        for key, comp in iv.competencies.items():
            if comp.area not in iv.decision_areas:
                raise PlaybookReferenceError(
                    f"interviews.competencies.{key}.area", f"{comp.area!r} is not one of interviews.decision_areas"
                )
        for n, flag in enumerate(iv.general_red_flags):
            unknown = sorted(set(flag.levels or ()) - set(self.levels))
            if unknown:
                raise PlaybookReferenceError(
                    f"interviews.general_red_flags.{n}.levels", f"{', '.join(unknown)} is not a level"
                )
        seen: set[str] = set()
        for i, stage in enumerate(iv.stages):
            where = f"interviews.stages.{i}"
            if stage.key in seen:
                raise PlaybookReferenceError(f"{where}.key", f"{stage.key!r} is repeated")
            seen.add(stage.key)
            if len(stage.red_flags) + len(iv.general_red_flags) > 10:
                raise PlaybookReferenceError(
                    f"{where}.red_flags",
                    "with the general red flags, at most 10 (a scorecard shows them as one set of checkboxes)",
                )
            for n, flag in enumerate(stage.red_flags):
                unknown = sorted(set(flag.levels or ()) - set(self.levels))
                if unknown:
                    raise PlaybookReferenceError(
                        f"{where}.red_flags.{n}.levels", f"{', '.join(unknown)} is not a level"
                    )
            if stage.essential_from is not None and stage.essential_from not in self.levels:
                raise PlaybookReferenceError(f"{where}.essential_from", f"{stage.essential_from!r} is not a level")
            if stage.essential_from is not None and not stage.essential_why:
                raise PlaybookReferenceError(f"{where}.essential_why", "says why the stage is essential")
            if stage.min_level is not None and stage.min_level not in self.levels:
                raise PlaybookReferenceError(f"{where}.min_level", f"{stage.min_level!r} is not one of the levels")
            for comp in stage.competencies:
                if comp not in iv.competencies:
                    raise PlaybookReferenceError(f"{where}.competencies", f"{comp!r} is not in interviews.competencies")
            for spec, questions in stage.questions.items():
                if spec != "default" and spec not in self.specializations:
                    raise PlaybookReferenceError(f"{where}.questions.{spec}", "is not one of the specializations")
                for n, question in enumerate(questions):
                    unknown = sorted(set(question.levels or ()) - set(self.levels))
                    if unknown:
                        raise PlaybookReferenceError(
                            f"{where}.questions.{spec}.{n}.levels", f"{', '.join(unknown)} is not one of the levels"
                        )
            for spec in stage.exercise:
                if spec != "default" and spec not in self.specializations:
                    raise PlaybookReferenceError(f"{where}.exercise.{spec}", "is not one of the specializations")
        for key in self.onboarding.by_specialization:
            if key not in self.specializations:
                raise PlaybookReferenceError(f"onboarding.by_specialization.{key}", "is not one of the specializations")
        for key, items in self.onboarding.by_specialization.items():
            keys = [i.key for i in (*self.onboarding.checklist, *items)]
            if len(keys) != len(set(keys)):
                raise PlaybookReferenceError(f"onboarding.by_specialization.{key}", "repeats a checklist key")
        self._check_wording()
        for key, location in self.locations.items():
            unknown = sorted(set(location.premium_levels) - set(self.levels))
            if unknown:
                raise PlaybookReferenceError(
                    f"locations.{key}.premium_levels", f"{', '.join(unknown)} is not one of the levels"
                )
            if location.premium_levels and location.premium is None:
                raise PlaybookReferenceError(f"locations.{key}.premium", "is needed when premium_levels are named")
        for i, advice in enumerate(self.intake_warnings.hiring_model_advice):
            known = {"models": set(HiringModels.model_fields), "stage": set(self.scope.stage)}
            for field, allowed in known.items():
                unknown = sorted(set(getattr(advice, field) or ()) - allowed)
                if unknown:
                    raise PlaybookReferenceError(
                        f"intake_warnings.hiring_model_advice.{i}.{field}", f"{', '.join(unknown)} is not one of them"
                    )
        for key, level in self.levels.items():
            if level.contractor_band not in self.contractor.bands:
                raise PlaybookReferenceError(
                    f"levels.{key}.contractor_band",
                    f"{level.contractor_band!r} is not one of contractor.bands ({', '.join(self.contractor.bands)})",
                )
        return self

    def _check_wording(self) -> None:
        """Every duty names only levels and scope answers that exist; every answer has its sentence."""
        known = {"levels": set(self.levels), "stage": set(self.scope.stage), "work": set(self.scope.work)}
        known["mlops"] = set(self.scope.mlops)
        known["specializations"] = set(self.specializations)
        duties = [
            (f"job_description.core_requirements.{i}", d) for i, d in enumerate(self.job_description.core_requirements)
        ]
        for key, spec in self.specializations.items():
            duties += [(f"specializations.{key}.responsibilities.{i}", d) for i, d in enumerate(spec.responsibilities)]
            duties += [(f"specializations.{key}.skills.{i}", d) for i, d in enumerate(spec.skills)]
        for key, level in self.levels.items():
            duties += [(f"levels.{key}.responsibilities.{i}", d) for i, d in enumerate(level.responsibilities)]
            duties += [(f"levels.{key}.requirements.{i}", d) for i, d in enumerate(level.requirements)]
        for where, duty in duties:
            for field, allowed in known.items():
                unknown = sorted(set(getattr(duty, field) or ()) - allowed)
                if unknown:
                    raise PlaybookReferenceError(f"{where}.{field}", f"{', '.join(unknown)} is not one of the {field}")
        sentences = self.job_description.scope_sentences
        for field in ("stage", "work", "mlops"):
            missing = sorted(set(getattr(self.scope, field)) - set(getattr(sentences, field)))
            if missing:
                raise PlaybookReferenceError(
                    f"job_description.scope_sentences.{field}", f"missing {', '.join(missing)}"
                )
        missing = sorted(set(self.locations) - set(self.job_description.location_sentences))
        if missing:
            raise PlaybookReferenceError("job_description.location_sentences", f"missing {', '.join(missing)}")
        questions = {q.key for q in self.readiness.questions}
        for i, line in enumerate(self.job_description.offer):
            unknown = sorted(set(line.needs) - questions)
            if unknown:
                raise PlaybookReferenceError(
                    f"job_description.offer.{i}.needs", f"{', '.join(unknown)} is not a readiness question"
                )


class PlaybookReferenceError(ValueError):
    def __init__(self, where: str, message: str):
        self.where = where
        super().__init__(f"{where}: {message}")


def _merge(base: Any, override: Any) -> Any:
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for key, value in override.items():
            merged[key] = _merge(base.get(key), value) if key in base else value
        return merged
    return override


def _read(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PlaybookError(f"{path}: cannot be read ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise PlaybookError(f"{path}: is not valid YAML ({exc})") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise PlaybookError(f"{path}: must be a mapping of sections at the top level")
    return data


def parse_playbook(data: dict, source: str = "playbook") -> Playbook:
    try:
        return Playbook.model_validate(data)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            ctx_error = (err.get("ctx") or {}).get("error")
            if isinstance(ctx_error, PlaybookReferenceError):
                lines.append(f"{source}: {ctx_error}")
                continue
            where = ".".join(str(p) for p in err["loc"]) or "(top level)"
            message = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                message = "is not a playbook key (check its spelling)"
            lines.append(f"{source}: {where}: {message}")
        raise PlaybookError("\n".join(lines)) from None


def load_playbook(path: Path | None = None) -> Playbook:
    data = _read(DEFAULT_PATH)
    source = str(DEFAULT_PATH.name)
    if path is not None:
        data = _merge(data, _read(Path(path)))
        source = str(path)
    return parse_playbook(data, source)
