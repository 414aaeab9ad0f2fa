"""Valid domain values for tests that start past the forms (one place, so the intake's fields are listed once)."""

from __future__ import annotations

from datetime import date

from bot.flows.requisition.forms import IntakeForm
from bot.playbook import load_playbook

READY = tuple(q.key for q in load_playbook().readiness.questions)  # every readiness question


def valid_intake(**overrides) -> IntakeForm:
    """A senior NLP hire, remote, in house, every readiness answer yes; `overrides` change any field."""
    base = dict(
        specialization="nlp",
        level="senior",
        location="remote",
        hiring_model="in_house",
        headcount=1,
        target_start=date(2027, 6, 1),
        stage="production",
        work="both",
        mlops="moderate",
        tools=None,
        domain=None,
        approver="U0APPROVER",
        channel="C0HIRING",
        readiness={k: True for k in READY},
    )
    return IntakeForm(**(base | overrides))
