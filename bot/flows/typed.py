"""Typed values carried in Slack button values and view private_metadata (never split strings)."""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.errors import BadRequest
from bot.flows.inputs import MAX_RECORD_ID

MAX_RAW = 3000  # Slack's limit for private_metadata; button values are shorter still

# A database id: a 32-bit positive integer, so a forged 10^30 never reaches a query.
RecordId = Annotated[int, Field(ge=1, le=MAX_RECORD_ID, strict=True)]


class Typed(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def dump(self) -> str:
        return self.model_dump_json()

    @classmethod
    def parse(cls, raw) -> Self:
        """The value the bot put in a button or view, or BadRequest for anything else.

        The error never carries the raw input (pydantic's message would quote it into the logs).
        """
        if not isinstance(raw, str) or not raw or len(raw) > MAX_RAW:
            raise BadRequest()
        try:
            return cls.model_validate_json(raw)
        except ValidationError:
            raise BadRequest() from None
