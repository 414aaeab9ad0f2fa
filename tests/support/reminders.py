"""Helpers shared by the test modules (test_reminders)."""

from __future__ import annotations

from datetime import datetime, timezone

from bot.flows.requisition import service
from bot.flows.requisition.forms import IntakeForm
from tests.support.builders import valid_intake

APPROVER, HM = "U0APPROVER", "U0HM"


WED = datetime(2026, 11, 25, 15, 0, tzinfo=timezone.utc)


FRI_10 = datetime(2026, 11, 27, 10, 0, tzinfo=timezone.utc)  # 2 business days later, 10:00 UTC


def intake(approver: str = APPROVER) -> IntakeForm:
    return valid_intake(approver=approver)


def submit(session_factory, settings, playbook, n: int = 1, approver: str = APPROVER) -> list[int]:
    with session_factory() as s:
        reqs = [
            service.create_requisition(
                s, playbook, settings, intake(approver), hiring_manager=HM, today=WED.date(), now=WED
            )
            for _ in range(n)
        ]
        s.commit()
        return [r.id for r in reqs]
