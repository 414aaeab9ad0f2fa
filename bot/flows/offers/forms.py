"""The offer modals as typed forms (see `bot.flows.forms`).

`OfferForm.read` context: `playbook` (the listed locations) and `today` (the day the offer is made:
neither the start nor the expiry can be before it).
"""

from __future__ import annotations

import re
from datetime import date

from pydantic import ValidationInfo, field_validator, model_validator

from bot.flows.forms import Form, block, context, fail, fail_blocks
from bot.flows.interviews.forms import EMAIL
from bot.flows.offers import ids
from bot.flows.requisition.forms import parse_date
from bot.models import DeclineReason

MAX_SALARY = 10_000_000


class OfferForm(Form):
    base_salary: int = block(ids.BASE, missing="Enter the yearly base salary in dollars, e.g. 185000.")
    sign_on: str | None = block(ids.SIGN_ON)
    equity: str | None = block(ids.EQUITY)
    start_date: date = block(ids.START, missing="Pick the proposed start date.", invalid="Pick a valid date.")
    location: str = block(ids.LOCATION, missing="Choose the location.")
    expires_on: date = block(ids.EXPIRES, missing="Pick when the offer expires.", invalid="Pick a valid date.")

    @field_validator("base_salary", mode="before")
    @classmethod
    def _salary(cls, value) -> int:
        raw = str(value).replace(",", "").strip() if isinstance(value, (str, int)) and value is not True else ""
        if not re.fullmatch(r"-?\d{1,12}", raw):
            raise fail("Enter the base salary as a whole number of dollars, e.g. 185000.")
        if not 1 <= int(raw) <= MAX_SALARY:
            raise fail(f"The base salary must be from 1 to {MAX_SALARY:,} dollars.")
        return int(raw)

    @field_validator("start_date", "expires_on", mode="before")
    @classmethod
    def _date(cls, value) -> date:
        if (day := parse_date(value)) is None:
            raise fail("Pick a valid date.")
        return day

    @field_validator("location")
    @classmethod
    def _location(cls, value: str, info: ValidationInfo) -> str:
        playbook = context(info).get("playbook")
        if playbook is not None and value not in playbook.locations:
            raise fail("Choose one of the listed locations.")
        return value

    @model_validator(mode="after")
    def _dates(self, info: ValidationInfo) -> OfferForm:
        today = context(info).get("today")
        errors = {}
        if today is not None and self.start_date < today:
            errors[ids.START] = "The start date must be today or later."
        if today is not None and self.expires_on < today:
            errors[ids.EXPIRES] = "The expiry must be today or later."
        elif self.expires_on > self.start_date:
            errors[ids.EXPIRES] = "The offer must expire on or before the start date."
        if errors:
            raise fail_blocks(errors)
        return self


class RejectForm(Form):
    reason: str = block(ids.REJECT_REASON, missing="Say why, so the hiring manager knows what to change.")


class AcceptForm(Form):
    email: str = block(ids.EMAIL, missing="Enter the new hire's work email: it finds them when they join Slack.")

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        value = value.strip().lower()  # compared as the join look-up compares it
        if not EMAIL.match(value):
            raise fail("That does not look like an email address.")
        return value


class OfferDeclineForm(Form):
    reason: DeclineReason = block(ids.DECLINE_REASON, missing="Choose why.", invalid="Choose a listed reason.")
    note: str | None = block(ids.DECLINE_NOTE)
