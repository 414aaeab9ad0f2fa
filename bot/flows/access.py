"""Who may do what: every permission check the flows make, in one place, reading stored records.

Each check takes the acting user (from Slack's signed request) and the records as stored, never
what a payload says about them, and raises NotAllowed with a sentence the person can act on.
`tests/test_permissions.py` holds the table of every action and who may do it.
"""

from __future__ import annotations

from bot.errors import NotAllowed
from bot.models import Interview, Nudge, Onboarding, OnboardingItem, Requisition

# What the hiring manager (or an admin) of a requisition may do with its interview loop.
MANAGE = {
    "plan": "change the interview plan",
    "add": "add candidates to this requisition",
    "assign": "assign interviewers",
    "decide": "record the decision",
    "onboard": "start the onboarding",
    "data": "export or erase a candidate's data",
    "revise": "revise this requisition",
    "hold": "put this requisition on hold or resume it",
    "close": "close this requisition",
    "headcount": "change the headcount or target start",
    "offer": "prepare or record an offer",
}
ADMIN_ONLY = {
    "report": "see the reminder report",
    "requeue": "put failed reminders back in the queue",
    "audit": "read the audit log",
    "settings": "change the bot's settings",
    "calibration": "see other interviewers' calibration",
}


def may_manage(req: Requisition, user: str, admins: frozenset[str]) -> bool:
    """The hiring manager, or an admin (recruiters are admins)."""
    return user == req.hiring_manager_id or user in admins


def check_may_manage(req: Requisition, user: str, admins: frozenset[str], action: str) -> None:
    if not may_manage(req, user, admins):
        raise NotAllowed(f"Only the hiring manager or an admin can {MANAGE[action]}.")


def may_decide(req: Requisition, user: str, admins: frozenset[str]) -> bool:
    return user == req.approver_id or user in admins


def check_may_decide(req: Requisition, user: str, admins: frozenset[str]) -> None:
    if not may_decide(req, user, admins):
        raise NotAllowed(f"Requisition #{req.number} is not yours to approve: <@{req.approver_id}> decides it.")


def check_admin(user: str, admins: frozenset[str], action: str) -> None:
    if user not in admins:
        raise NotAllowed(f"Only admins can {ADMIN_ONLY[action]}.")


def check_interviewer(interview: Interview, assignment_no: int, user: str) -> None:
    """The interviewer the stage is assigned to now (a reassignment retires the old kit's buttons)."""
    if interview.interviewer_id != user or interview.assignment_no != assignment_no:
        raise NotAllowed("This interview is no longer assigned to you.")


def check_may_tick(ob: Onboarding, item: OnboardingItem, user: str, admins: frozenset[str]) -> None:
    if user not in (ob.person(item.owner_role), ob.manager_id) and user not in admins:
        raise NotAllowed(f"That item is <@{ob.person(item.owner_role)}>'s to tick (or the manager's).")


def check_respondent(ob: Onboarding, role: str, user: str) -> None:
    if ob.person(role) != user:
        raise NotAllowed("That check-in is for someone else.")


def may_view_onboarding(ob: Onboarding, user: str, admins: frozenset[str]) -> bool:
    return ob.role_of(user) is not None or user in admins


def check_recipient(nudge: Nudge, user: str) -> None:
    if nudge.recipient_id != user:
        raise NotAllowed("That reminder is someone else's; only its recipient can snooze or stop it.")
