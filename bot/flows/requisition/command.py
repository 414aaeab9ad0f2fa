"""What `/ml-req …` asks for, parsed once (pure), like `/ml-report`'s parser: the form (no words), help,
a list (`list`, `list all`), one requisition (`show 12` or `show #12`), or something it does not know.
A `show` whose number is not a requisition number is told so, quoting (a short, escaped piece of) what
was typed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.flows.inputs import record_id


@dataclass(frozen=True)
class ReqRequest:
    action: Literal["open", "help", "list", "show", "bad_number", "unknown"]
    everyone: bool = False  # `list all`
    requisition_id: int | None = None  # `show N`
    typed: str = ""  # what was not understood, for the answer


def parse(text: str | None) -> ReqRequest:
    words = (text or "").lower().split()
    if not words:
        return ReqRequest("open")
    if words == ["help"]:
        return ReqRequest("help")
    if words[0] == "list" and words[1:] in ([], ["all"]):
        return ReqRequest("list", everyone=words[1:] == ["all"])
    if words[0] == "show" and len(words) == 2:
        number = record_id(words[1].lstrip("#"))
        if number is None:
            return ReqRequest("bad_number", typed=words[1])
        return ReqRequest("show", requisition_id=number)
    return ReqRequest("unknown", typed=" ".join(words))
