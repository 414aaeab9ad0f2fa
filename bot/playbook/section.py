"""The base of every playbook section's model: unknown keys are refused (a typo is an error naming the
key, not a silent default) and a loaded playbook never changes."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
