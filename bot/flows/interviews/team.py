"""Each candidate's hiring team as rows (`candidate_access`), rebuilt from the source whenever it changes.

The team is the requisition's hiring manager and approver and every interviewer who has not declined.
`refresh` recomputes the rows of the given candidates from requisitions and interviews (delete, then
insert from one UNION), so it is correct however the team changed; every change to a team calls it in
the same transaction: adding a candidate, assigning or reassigning interviewers, declining. A candidate
erased takes their rows along (ON DELETE CASCADE). A future change of a requisition's hiring manager or
approver must call it for the requisition's candidates.
"""

from __future__ import annotations

from sqlalchemy import delete, insert, literal, select, union
from sqlalchemy.orm import Session

from bot.models import Candidate, CandidateAccess, Interview, InterviewStatus, Requisition
from bot.tenancy import key_of


def team_rows(candidate_ids):
    """(user_id, candidate_id) for everyone on these candidates' hiring teams, as one UNION.
    `candidate_ids` is a list of ids or a select of them."""
    return union(
        select(Requisition.hiring_manager_id, Candidate.id)
        .join(Candidate, Candidate.requisition_id == Requisition.id)
        .where(Candidate.id.in_(candidate_ids)),
        select(Requisition.approver_id, Candidate.id)
        .join(Candidate, Candidate.requisition_id == Requisition.id)
        .where(Candidate.id.in_(candidate_ids)),
        select(Interview.interviewer_id, Interview.candidate_id).where(
            Interview.candidate_id.in_(candidate_ids), Interview.status != InterviewStatus.DECLINED.value
        ),
    )


def refresh(session: Session, candidate_ids: list[int]) -> None:
    session.flush()  # the changed interviews and candidates first
    session.execute(delete(CandidateAccess).where(CandidateAccess.candidate_id.in_(candidate_ids)))
    team = team_rows(candidate_ids).subquery()
    session.execute(
        insert(CandidateAccess).from_select(
            ["user_id", "candidate_id", "workspace"], select(*team.c, literal(key_of(session)))
        )
    )
