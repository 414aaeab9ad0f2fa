"""The offer modals as typed forms (see `bot.flows.forms`).

`OfferForm.read` context: `playbook` (the listed locations) and `today` (the day the offer is made:
neither the start nor the expiry can be before it).
"""

from __future__ import annotations

import re
from datetime import date

from pydantic import ValidationInfo, field_validator

from bot.flows.forms import Form, block, context, fail
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

    @field_validator("sign_on")
    @classmethod
    def _sign_on(cls, value: str | None) -> str | None:
        """Optional; a whole number of dollars like the base salary (not "-5000"), kept as "$20,000"."""
        if value is None or not value.strip():
            return None
        raw = value.replace(",", "").replace("$", "").strip()
        if not re.fullmatch(r"\d{1,12}", raw) or int(raw) > MAX_SALARY:
            raise fail(f"Enter the sign-on bonus as a whole number of dollars from 0 to {MAX_SALARY:,}, e.g. 20000.")
        return f"${int(raw):,}" if int(raw) else None

    @field_validator("start_date", "expires_on", mode="before")
    @classmethod
    def _date(cls, value) -> date:
        if (day := parse_date(value)) is None:
            raise fail("Pick a valid date.")
        return day

    # The date rules are field validators, not a model validator: pydantic runs a model validator only once every
    # field is valid, so a bad salary hid them until a second submission; these run alongside the others.
    @field_validator("start_date")
    @classmethod
    def _start(cls, value: date, info: ValidationInfo) -> date:
        today = context(info).get("today")
        if today is not None and value < today:
            raise fail("The start date must be today or later.")
        return value

    @field_validator("expires_on")
    @classmethod
    def _expiry(cls, value: date, info: ValidationInfo) -> date:
        today, start = context(info).get("today"), info.data.get("start_date")
        if today is not None and value < today:
            raise fail("The expiry must be today or later.")
        if start is not None and value > start:
            raise fail("The offer must expire on or before the start date.")
        return value

    @field_validator("location")
    @classmethod
    def _location(cls, value: str, info: ValidationInfo) -> str:
        playbook = context(info).get("playbook")
        if playbook is not None and value not in playbook.locations:
            raise fail("Choose one of the listed locations.")
        return value


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
