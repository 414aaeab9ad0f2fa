"""Typed values carried in Slack button values and view private_metadata (never split strings)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Typed(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def dump(self) -> str:
        return self.model_dump_json()
