"""What the guide would warn a hiring manager about, from the intake answers (pure).

Each rule reads the requisition's answers; the words come from the playbook (`intake_warnings`),
so an organisation can reword them. A regulated domain is the explicit answer, or, when that was
left unanswered, a domain text naming one of the playbook's regulated keywords.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.playbook import Playbook


@dataclass(frozen=True)
class Answers:
    level: str
    headcount: int
    stage: str
    work: str
    mlops: str
    hiring_model: str
    domain: str | None = None
    has_senior: bool | None = None
    regulated: bool | None = None


def answers_of(req) -> Answers:
    """A stored requisition's answers (anything with the same attributes)."""
    return Answers(
        level=req.level,
        headcount=req.headcount,
        stage=req.stage,
        work=req.work,
        mlops=req.mlops,
        hiring_model=req.hiring_model,
        domain=req.domain,
        has_senior=req.has_senior,
        regulated=req.regulated,
    )


def regulated(playbook: Playbook, answers: Answers) -> bool:
    if answers.regulated is not None:
        return answers.regulated
    words = playbook.intake_warnings.regulated_keywords
    text = (answers.domain or "").lower()
    return any(re.search(rf"\b{re.escape(w.lower())}s?\b", text) for w in words)  # "payment(s)", not "healthy"


def warnings(playbook: Playbook, a: Answers) -> list[str]:
    w = playbook.intake_warnings.texts
    out = []
    if a.level in ("junior", "mid") and a.stage == "production" and a.mlops == "high":
        out.append(w["junior_owns_mlops"])
    if a.headcount == 1 and a.work == "both" and a.mlops in ("moderate", "high") and a.stage == "production":
        out.append(w["one_person_team"])
    if a.level == "junior" and a.headcount >= 2 and a.has_senior is False:
        out.append(w["juniors_without_senior"])
    if regulated(playbook, a):
        out.append(w["regulated_domain"])
    if a.hiring_model != "in_house" and a.stage == "production" and a.mlops == "high":
        out.append(w["outsourced_production"])
    if a.level in ("senior", "staff") and a.stage == "experimental":
        out.append(w["senior_for_prototype"])
    if a.level == "mid" and a.stage == "production" and a.mlops == "moderate":
        out.append(w["mid_runs_production"])
    return out


def engineering_heavy(a: Answers) -> bool:
    """Production work that includes deployment: where a data scientist's profile is the guide's common mistake.
    Said at the debrief of a candidate whose screen found no model deployed to production, not on every post."""
    return a.stage == "production" and a.work in ("deployment", "both")


def hiring_model_note(playbook: Playbook, hiring_model: str) -> str:
    return playbook.intake_warnings.hiring_model_notes[hiring_model]


def hiring_model_advice(playbook: Playbook, a: Answers) -> list[str]:
    """The guide's advice on choosing and running the hiring model, for this model and stage."""
    return [
        x.text for x in playbook.intake_warnings.hiring_model_advice if x.applies(model=a.hiring_model, stage=a.stage)
    ]
