"""One typed model per modal: its fields are the modal's input blocks, read from `view.state.values`.

A form subclasses `Form` and declares each field with `block(...)`: the field's alias is the
input block's id, so the model, the Block Kit builder and the inline error all name the same
block. `Form.read(view, **context)` collects the values (a text or a single choice per block, a
list for checkboxes, a {suffix: value} mapping for blocks sharing a prefix), validates them once
and raises FormErrors, {block_id: message}, for everything wrong at once:

- a required block left empty gets the field's `missing` message;
- a validator that refuses a value raises `fail(message)` (or `fail_blocks({...})` to name
  several blocks, e.g. one per prefixed question);
- anything else pydantic refuses gets the field's `invalid` message.

Checks that need more than the form (the playbook's options, what Slack said of a picked
person, today's date) read `info.context`, which `read` fills from its keyword arguments. A form
built in code with no context (tests, a revision's pre-fill) gets the shape checks only.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo
from pydantic_core import PydanticCustomError

from bot.errors import FormErrors
from bot.flows.inputs import state_choices, state_values

FAIL = "form"


def block(
    block_id: str,
    *,
    missing: str | None = None,
    invalid: str = "Check this answer.",
    prefix: bool = False,
    choices: bool = False,
    max_length: int | None = None,
) -> Any:
    """A field read from the input block `block_id` (or every block starting with it, if `prefix`).

    `missing`: the block is required and this is what an empty one is told. `choices`: a checkboxes
    block, read as a list of the chosen values. `max_length`: the longest text the block takes, when not
    DEFAULT_TEXT_LIMIT (the modal's `max_length` and the server's check both read it).
    """
    default: Any = ... if missing else ({} if prefix else [] if choices else None)
    extra = {"missing": missing, "invalid": invalid, "prefix": prefix, "choices": choices}
    if max_length is not None:
        extra["max_length"] = max_length
    return Field(default, alias=block_id, json_schema_extra=extra)


def fail(message: str) -> PydanticCustomError:
    """Raise this from a validator: `message` is shown under the field's block as it is."""
    return PydanticCustomError(FAIL, message)


def fail_blocks(errors: dict[str, str]) -> PydanticCustomError:
    """Raise this from a validator to put messages under several named blocks."""
    return PydanticCustomError(FAIL, "; ".join(errors.values()), {"blocks": errors})


def context(info: ValidationInfo) -> dict:
    return info.context if isinstance(info.context, dict) else {}


FORM_MODULES = (
    "bot.flows.requisition.forms",
    "bot.flows.interviews.forms",
    "bot.flows.offers.forms",
    "bot.flows.onboarding.forms",
    "bot.flows.nudges.forms",
    "bot.flows.settings.forms",
)


@cache
def declared_limits() -> dict[str, int]:
    """{block_id: max_length} declared on every form's fields (a test checks FORM_MODULES is every one)."""
    for module in FORM_MODULES:
        import_module(module)
    limits: dict[str, int] = {}
    pending = list(Form.__subclasses__())
    while pending:
        form = pending.pop()
        pending.extend(form.__subclasses__())
        for name, field in form.model_fields.items():
            if (limit := (field.json_schema_extra or {}).get("max_length")) is not None:
                key = field.alias or name
                if limits.setdefault(key, limit) != limit:
                    raise ValueError(f"block {key} is declared with two text limits")
    return limits


class Form(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True, extra="ignore")

    @classmethod
    def read(cls, view: dict, **ctx) -> Self:
        """The submitted view as this form, or FormErrors naming each offending block."""
        values, choices = state_values(view), state_choices(view)
        data: dict[str, Any] = {}
        for name, field in cls.model_fields.items():
            key, extra = field.alias or name, field.json_schema_extra or {}
            if extra.get("prefix"):
                data[key] = {b[len(key) :]: v for b, v in values.items() if b.startswith(key)}
            elif extra.get("choices"):
                data[key] = choices.get(key, [])
            elif values.get(key) is not None:
                data[key] = values[key]
        try:
            return cls.model_validate(data, context=ctx)
        except ValidationError as exc:
            raise FormErrors(cls.inline_errors(exc)) from None

    def block_values(self) -> dict[str, object]:
        """{block_id: value} to pre-fill the modal with this form (a yes/no answer as "yes" or "no")."""

        def shown(value):
            return {True: "yes", False: "no"}.get(value, value) if isinstance(value, bool) else value

        out: dict[str, object] = {}
        for name, field in type(self).model_fields.items():
            key, value = field.alias or name, getattr(self, name)
            if (field.json_schema_extra or {}).get("prefix"):
                out |= {f"{key}{k}": shown(v) for k, v in (value or {}).items()}
            elif value is not None:
                out[key] = shown(value)
        return out

    @classmethod
    def peek(cls, view: dict, *fields: str) -> set[str]:
        """The raw values of single-value `fields`, unvalidated: for what must happen before `read`
        (looking up the picked people, whom the validation then checks)."""
        values = state_values(view)
        return {v for f in fields if (v := values.get(cls.model_fields[f].alias or f)) is not None}

    @classmethod
    def inline_errors(cls, exc: ValidationError) -> dict[str, str]:
        """pydantic's errors as {block_id: message}, never quoting the input (it could be private)."""
        fields = cls.model_fields
        block_of = {n: f.alias or n for n, f in fields.items()} | {f.alias: f.alias for f in fields.values() if f.alias}
        by_block = {f.alias or n: f for n, f in fields.items()}
        errors: dict[str, str] = {}
        for error in exc.errors(include_input=False, include_url=False):
            loc = str(error["loc"][0]) if error["loc"] else ""
            key = block_of.get(loc, loc)  # a form built by field name reports field names
            extra = (by_block[key].json_schema_extra or {}) if key in by_block else {}
            if error["type"] == FAIL:
                named = (error.get("ctx") or {}).get("blocks")
                errors.update(named or {key: error["msg"]})
            elif error["type"] == "missing":
                errors[key] = extra.get("missing") or "This is required."
            else:
                errors.setdefault(key, extra.get("invalid") or "Check this answer.")
        return errors
