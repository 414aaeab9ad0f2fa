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
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

DEFAULT_PATH = Path(__file__).with_name("default.yaml")


class PlaybookError(Exception):
    pass


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Range(_Model):
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


class Specialization(_Model):
    label: str = Field(min_length=1, max_length=75)
    title: str = Field(min_length=1, max_length=60)
    summary: str = Field(min_length=1)
    responsibilities: list[str] = Field(min_length=1)
    skills: list[str] = Field(min_length=1)


class Level(_Model):
    label: str = Field(min_length=1, max_length=75)
    base_salary: IntRange
    contractor_band: str
    timeline_weeks: IntRange
    experience: str
    responsibilities: list[str] = Field(min_length=1)
    requirements: list[str] = Field(min_length=1)


class Location(_Model):
    label: str = Field(min_length=1, max_length=75)
    salary_multiplier: Multiplier


class ContractorBand(IntRange):
    label: str = Field(min_length=1, max_length=75)


class Contractor(_Model):
    hours_per_year: int = Field(gt=0, le=8760)
    bands: dict[str, ContractorBand] = Field(min_length=1)


class Partner(_Model):
    monthly_per_engineer: IntRange


class HiringModels(_Model):
    in_house: str = Field(min_length=1, max_length=75)
    contractor: str = Field(min_length=1, max_length=75)
    partner: str = Field(min_length=1, max_length=75)


class Scope(_Model):
    stage: dict[str, str] = Field(min_length=1)
    work: dict[str, str] = Field(min_length=1)
    mlops: dict[str, str] = Field(min_length=1)


class ReadinessQuestion(_Model):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]{0,40}$")
    question: str = Field(min_length=1, max_length=150)
    gap: str = Field(min_length=1, max_length=150)
    advice: str = Field(min_length=1, max_length=1000)


class Readiness(_Model):
    questions: list[ReadinessQuestion] = Field(min_length=1, max_length=20)

    @model_validator(mode="after")
    def _unique(self) -> "Readiness":
        keys = [q.key for q in self.questions]
        dupes = sorted({k for k in keys if keys.count(k) > 1})
        if dupes:
            raise ValueError(f"question keys must be unique; repeated: {', '.join(dupes)}")
        return self


class JobDescription(_Model):
    core_requirements: list[str] = Field(min_length=1)
    offer: list[str] = Field(default_factory=list)


class Playbook(_Model):
    specializations: dict[str, Specialization] = Field(min_length=1, max_length=100)
    levels: dict[str, Level] = Field(min_length=1, max_length=100)
    locations: dict[str, Location] = Field(min_length=1, max_length=100)
    total_cost_multiplier: Multiplier
    contractor: Contractor
    partner: Partner
    hiring_models: HiringModels
    scope: Scope
    readiness: Readiness
    job_description: JobDescription

    @model_validator(mode="after")
    def _references(self) -> "Playbook":
        for key, level in self.levels.items():
            if level.contractor_band not in self.contractor.bands:
                raise PlaybookReferenceError(
                    f"levels.{key}.contractor_band",
                    f"{level.contractor_band!r} is not one of contractor.bands "
                    f"({', '.join(self.contractor.bands)})",
                )
        return self


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
