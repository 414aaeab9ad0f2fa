"""Scorecards, the debrief and the hiring decision. Functions take a session and `now`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.errors import Conflict, FormErrors
from bot.flows import audit
from bot.flows.access import check_may_manage
from bot.flows.interviews import ids, loop, service
from bot.flows.interviews.forms import DecisionForm, ScorecardForm
from bot.flows.interviews.kits import missing_essentials, stage_red_flags
from bot.models import (
    Candidate,
    CandidateStatus,
    Decision,
    Interview,
    InterviewStatus,
    Requisition,
    Scorecard,
    decided,
)
from bot.playbook import Playbook, Stage

DISAGREEMENT = 2  # a spread of this much between interviewers' ratings of one competency


ALREADY_IN = "Your scorecard for this interview is already in; open it again to see or edit it."


@dataclass(frozen=True)
class Submitted:
    scorecard: Scorecard
    candidate: Candidate
    requisition: Requisition
    new: bool


def check_open_card(
    session: Session, ref: ids.InterviewRef, user: str, now: datetime
) -> tuple[Interview, Candidate, Requisition]:
    """The interviewer's own interview, started and not yet past the debrief, or a Conflict saying why not."""
    interview, candidate, req = loop.check_own(session, ref, user)
    if candidate.debriefed_at is not None:
        raise Conflict("The debrief has happened; scorecards for this candidate are locked.")
    if interview.status != InterviewStatus.SCHEDULED or interview.starts_at is None or interview.starts_at > now:
        raise Conflict("The scorecard opens once the interview has started.")
    return interview, candidate, req


def stage_of(session: Session, playbook: Playbook, ref: ids.InterviewRef, user: str, now: datetime) -> Stage:
    """The stage whose scorecard the person is submitting (its competencies are the form's required ratings).
    Whether the scorecard may still be submitted is `submit`'s to say."""
    interview, _, _ = loop.check_own(session, ref, user)
    return playbook.stage(interview.stage_key)


def submit(
    session: Session, playbook: Playbook, ref: ids.ScorecardMeta, form: ScorecardForm, *, user: str, now: datetime
) -> Submitted:
    """Save (or, until the debrief, edit) the interviewer's scorecard. Returns whether it was new.

    A form opened for a new scorecard never overwrites one that arrived meanwhile (a second copy of
    the form, or two submissions at once): it is told the scorecard is already in.
    """
    interview, _, _ = loop.check_own(session, ref, user)
    card = card_for(session, interview.id)
    if card is not None and ref.card_id != card.id:  # a second copy of the form: say so before anything else
        raise Conflict(ALREADY_IN)
    interview, candidate, req = check_open_card(session, ref, user, now)
    stage = playbook.stage(interview.stage_key)
    if missing := [c for c in stage.competencies if form.ratings.get(c) is None]:  # a form read for another stage
        raise FormErrors({ids.RATING_PREFIX + c: "Rate this from 1 (strong no) to 4 (strong yes)." for c in missing})
    ratings = {c: {"score": form.ratings[c], "evidence": form.evidence.get(c)} for c in stage.competencies}
    allowed = stage_red_flags(playbook, interview.stage_key, req.level)
    flags = [allowed[int(i)] for i in form.red_flags if i.isdigit() and int(i) < len(allowed)]
    new = card is None
    if new:
        card = Scorecard(
            interview_id=interview.id,
            candidate_id=candidate.id,
            interviewer_id=user,
            stage_key=interview.stage_key,
            submitted_at=now,
            ratings={},
            red_flags=[],
            recommendation="",
            updated_at=now,
        )
        session.add(card)
        interview.scored_at = now  # off the interviewer's open list (an index reads only unscored ones)
    card.ratings, card.red_flags, card.recommendation = ratings, flags, form.recommendation
    card.notes, card.updated_at = form.notes, now
    try:
        session.flush()
    except IntegrityError:  # the same interview's scorecard arrived from another submission at this moment
        raise Conflict(ALREADY_IN) from None
    return Submitted(card, candidate, req, new)


# --- the debrief -----------------------------------------------------------------------------
@dataclass
class CompetencyView:
    key: str
    label: str
    area: str
    ratings: list[tuple[str, int]] = field(default_factory=list)  # (interviewer, score)

    @property
    def spread(self) -> int:
        scores = [s for _, s in self.ratings]
        return max(scores) - min(scores) if scores else 0

    @property
    def disagreement(self) -> bool:
        """Two different interviewers far apart (one person rating on two stages is not a panel disagreeing)."""
        return len({who for who, _ in self.ratings}) > 1 and self.spread >= DISAGREEMENT


@dataclass
class Debrief:
    candidate: Candidate
    requisition: Requisition
    competencies: list[CompetencyView]
    unassessed: list[CompetencyView]
    red_flags: list[tuple[str, str, str]]  # (flag, interviewer, stage label)
    recommendations: list[tuple[str, str, str]]  # (interviewer, stage label, recommendation)
    without: list[Stage] = field(default_factory=list)  # essential stages nobody interviewed for


def ready_for_debrief(session: Session, candidate: Candidate) -> bool:
    """Every planned stage has a scorecard, and no debrief has been held since."""
    if candidate.debriefed_at is not None or decided(candidate.decision):
        return False
    stages = set(service.active_stages(session, candidate.requisition_id))
    done = {c.stage_key for c in service.scorecards(session, candidate.id)}
    return bool(stages) and stages <= done


def build_debrief(session: Session, playbook: Playbook, candidate: Candidate, req: Requisition) -> Debrief:
    cards = service.scorecards(session, candidate.id)
    iv = playbook.interviews
    views = {k: CompetencyView(k, c.label, c.area) for k, c in iv.competencies.items()}
    flags, recs = [], []
    for card in cards:
        stage = playbook.stage(card.stage_key)
        label = stage.label if stage else card.stage_key
        for comp, rating in card.ratings.items():
            if comp in views and rating.get("score"):
                views[comp].ratings.append((card.interviewer_id, int(rating["score"])))
        flags += [(flag, card.interviewer_id, label) for flag in card.red_flags]
        recs.append((card.interviewer_id, label, card.recommendation))
    assessed = [v for v in views.values() if v.ratings]
    unassessed = [v for v in views.values() if not v.ratings]
    without = missing_essentials(playbook, req.level, {card.stage_key for card in cards})
    return Debrief(candidate, req, assessed, unassessed, flags, recs, without)


def decided_without(session: Session, playbook: Playbook, candidate: Candidate, req: Requisition) -> list[Stage]:
    """The essential stages a decision on this candidate would be made without (no scorecard for them)."""
    return missing_essentials(playbook, req.level, {c.stage_key for c in service.scorecards(session, candidate.id)})


def claim_debrief(session: Session, candidate: Candidate, now: datetime) -> bool:
    """Only one request holds the debrief, even when the last two scorecards arrive together."""
    result = session.execute(
        update(Candidate)
        .where(Candidate.id == candidate.id, Candidate.debriefed_at.is_(None))
        .values(debriefed_at=now)
        .execution_options(synchronize_session=False)
    )
    session.refresh(candidate)
    return result.rowcount == 1


def record_debrief(candidate: Candidate, *, channel: str | None, ts: str | None) -> None:
    candidate.debrief_channel, candidate.debrief_ts = channel, ts


def decide(
    session: Session, meta: ids.DecisionMeta, *, user: str, form: DecisionForm, admins: frozenset[str], now: datetime
) -> tuple[Candidate, Requisition]:
    candidate, req = service.get_candidate(session, meta.candidate_id)
    check_may_manage(req, user, admins, "decide")
    service.check_open(candidate)
    decision = Decision(meta.decision)
    status = CandidateStatus.after(decision).value
    result = session.execute(
        update(Candidate)
        .where(
            Candidate.id == candidate.id,
            Candidate.decision.is_(None) | (Candidate.decision == Decision.MORE_INTERVIEWS.value),
        )
        .values(
            decision=decision.value,
            status=status,
            decided_by=user,
            decided_at=now,
            decision_rationale=form.rationale,
            # more interviews: a new debrief once the added stages are scored
            debriefed_at=None if decision is Decision.MORE_INTERVIEWS else candidate.debriefed_at,
        )
        .execution_options(synchronize_session=False)
    )
    session.refresh(candidate)
    if result.rowcount != 1:
        service.check_open(candidate)
    audit.record(
        session,
        actor=user,
        action="candidate_decided",
        subject_type="candidate",
        subject_id=candidate.id,
        now=now,
        detail=decision.value,
    )
    return candidate, req


def card_for(session: Session, interview_id: int) -> Scorecard | None:
    return session.scalar(select(Scorecard).where(Scorecard.interview_id == interview_id))
