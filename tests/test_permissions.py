"""Who may do what: one table, every action, every kind of person (bot/flows/access.py is the one home)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.errors import NotAllowed
from bot.flows import access
from bot.flows.interviews.service import may_see_scores
from bot.models import Interview, Nudge, Onboarding, OnboardingItem, Requisition, Scorecard

HM, APPROVER, ADMIN, INTERVIEWER, NEW_HIRE, MANAGER, BUDDY, OUTSIDER = (
    "U0HM",
    "U0APPROVER",
    "U0ADMIN",
    "U0IV",
    "U0NEW",
    "U0MGR",
    "U0BUDDY",
    "U0OUT",
)
EVERYONE = (HM, APPROVER, ADMIN, INTERVIEWER, NEW_HIRE, MANAGER, BUDDY, OUTSIDER)
ADMINS = frozenset({ADMIN})

REQ = Requisition(id=7, hiring_manager_id=HM, approver_id=APPROVER)
INTERVIEW = Interview(id=3, candidate_id=1, stage_key="technical", interviewer_id=INTERVIEWER, assignment_no=2)
OB = Onboarding(id=5, new_hire_id=NEW_HIRE, manager_id=MANAGER, buddy_id=BUDDY, start_date=date(2027, 1, 4))
ITEM = OnboardingItem(id=9, onboarding_id=5, key="access", owner_role="buddy")
NUDGE = Nudge(id=11, recipient_id=APPROVER, kind="req_approval")


def allowed(check) -> set[str]:
    ok = set()
    for user in EVERYONE:
        try:
            result = check(user)
        except NotAllowed:
            continue
        if result is not False:
            ok.add(user)
    return ok


TABLE = [
    (
        "approve, request changes or reject a requisition",
        lambda u: access.check_may_decide(REQ, u, ADMINS),
        {APPROVER, ADMIN},
    ),
    *[
        (f"{what} (interview loop)", lambda u, a=action: access.check_may_manage(REQ, u, ADMINS, a), {HM, ADMIN})
        for action, what in access.MANAGE.items()
    ],
    (
        "set a time, decline or fill the scorecard of an interview",
        lambda u: access.check_interviewer(INTERVIEW, 2, u),
        {INTERVIEWER},
    ),
    ("use a kit from before a reassignment", lambda u: access.check_interviewer(INTERVIEW, 1, u), set()),
    ("tick a checklist item", lambda u: access.check_may_tick(OB, ITEM, u, ADMINS), {BUDDY, MANAGER, ADMIN}),
    ("answer the new hire's check-in", lambda u: access.check_respondent(OB, "new_hire", u), {NEW_HIRE}),
    ("answer the manager's check-in", lambda u: access.check_respondent(OB, "manager", u), {MANAGER}),
    (
        "see an onboarding's status",
        lambda u: access.may_view_onboarding(OB, u, ADMINS),
        {NEW_HIRE, MANAGER, BUDDY, ADMIN},
    ),
    ("snooze or stop a reminder", lambda u: access.check_recipient(NUDGE, u), {APPROVER}),
    *[
        (what, lambda u, a=action: access.check_admin(u, ADMINS, a), {ADMIN})
        for action, what in access.ADMIN_ONLY.items()
    ],
]


@pytest.mark.parametrize("action, check, who", TABLE, ids=[row[0] for row in TABLE])
def test_who_may_do_what(action, check, who):
    assert allowed(check) == who


def test_who_sees_submitted_scores():
    panel = [INTERVIEW]
    none_in: list[Scorecard] = []
    own_in = [Scorecard(interview_id=3, candidate_id=1, interviewer_id=INTERVIEWER, stage_key="technical")]
    assert allowed(lambda u: may_see_scores(REQ, panel, none_in, u, ADMINS)) == {HM, APPROVER, ADMIN}
    assert allowed(lambda u: may_see_scores(REQ, panel, own_in, u, ADMINS)) == {HM, APPROVER, ADMIN, INTERVIEWER}


def test_the_job_description_is_for_the_hiring_team(session, playbook, settings):
    """Needs the database: an interviewer of any of the requisition's candidates is on the team."""
    from bot.flows.requisition import service
    from tests.support.interviews import requisition

    req = service.get_requisition(session, requisition(session, settings, playbook))
    from bot.models import Candidate

    cand = Candidate(
        requisition_id=req.id,
        name="A",
        profile_url="https://a.example",
        source="referral",
        added_by="U0HM",
        screen_signals=[],
        status="active",
        created_at=req.created_at,
    )
    session.add(cand)
    session.flush()
    session.add(
        Interview(
            candidate_id=cand.id,
            stage_key="technical",
            interviewer_id=INTERVIEWER,
            assigned_by="U0HM",
            assigned_at=req.created_at,
        )
    )
    from bot.flows.interviews import team as hiring_team

    hiring_team.refresh(session, [cand.id])  # as the assign form does
    session.commit()
    team = allowed(lambda u: service.check_hiring_team(session, req, u, ADMINS))
    assert team == {HM, APPROVER, ADMIN, INTERVIEWER}
