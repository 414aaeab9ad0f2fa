"""Organisational readiness from the playbook's questions, answered yes, no or not sure (pure).

Decisions: "not sure" counts as a gap (the guide: if most answers are unclear, prepare first),
listed with how to find out. The requisition pauses for preparation (status *needs preparation*)
for any of three reasons, each said in the post:
- most of the guide's key questions (`key_question` in the playbook) are no or not sure (3 of 5);
- a question marked `pause_on_no` is answered no: data that is not accessible, or that nobody owns
  (the guide calls data maturity the single most important factor). "Not sure" there does not pause
  on its own: it is listed with how to find out, and counts towards the key questions;
- a strict majority of all the answers is not yes (6 of 10 with the default questions).
A tie does not pause, but every gap is still listed with what to do about it. A requisition stored
before a question was added is assessed on the questions it was asked.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.playbook import Playbook, ReadinessQuestion

MOST_KEY, BLOCKING, MOST = "most_key", "blocking", "most"  # why it pauses


@dataclass(frozen=True)
class Readiness:
    yes: int
    total: int
    gaps: tuple[ReadinessQuestion, ...]
    unsure: frozenset[str] = frozenset()  # keys of the gaps answered "not sure"
    key_yes: int = 0
    key_total: int = 0
    blocking: tuple[ReadinessQuestion, ...] = ()  # answered no where a no pauses on its own

    @property
    def pause_reasons(self) -> tuple[str, ...]:
        reasons = []
        if self.key_total and (self.key_total - self.key_yes) * 2 > self.key_total:
            reasons.append(MOST_KEY)
        if self.blocking:
            reasons.append(BLOCKING)
        if len(self.gaps) * 2 > self.total:
            reasons.append(MOST)
        return tuple(reasons)

    @property
    def should_pause(self) -> bool:
        return bool(self.pause_reasons)

    @property
    def score(self) -> str:
        return f"{self.yes}/{self.total}"


def assess_readiness(playbook: Playbook, answers: dict[str, bool | None], *, asked_only: bool = False) -> Readiness:
    """`answers` maps every question key to True (yes), False (no) or None (not sure); with
    `asked_only`, the questions without an answer are left out (they were not asked)."""
    questions = playbook.readiness.questions
    if asked_only:
        questions = [q for q in questions if q.key in answers]
    missing = [q.key for q in questions if q.key not in answers]
    if missing:
        raise ValueError(f"no answer for {', '.join(missing)}")
    gaps = tuple(q for q in questions if answers[q.key] is not True)
    key = [q for q in questions if q.key_question]
    return Readiness(
        yes=len(questions) - len(gaps),
        total=len(questions),
        gaps=gaps,
        unsure=frozenset(q.key for q in gaps if answers[q.key] is None),
        key_yes=sum(1 for q in key if answers[q.key] is True),
        key_total=len(key),
        blocking=tuple(q for q in gaps if q.pause_on_no and answers[q.key] is False),
    )
