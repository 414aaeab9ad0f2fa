"""A job-description draft for a requisition, from the playbook (pure).

Every sentence comes from the playbook's wording (`job_description.scope_sentences`, the location
sentences, each level's noun) rather than from the form's option labels; each bullet is a playbook
duty kept only where its levels and scope answers allow, stated once; "what we offer" states only
what the readiness answers support. Returned as (heading, lines) sections so the UI can lay it out
within Slack's per-block limits. The pay range is included for in-house roles, always closed: an
open-topped band is posted up to the level's `posting_max` (many places require a range in
postings, and an open top is not one).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.playbook import Playbook
from bot.playbook.wording import Duty


@dataclass(frozen=True)
class JobDescription:
    title: str
    sections: tuple[tuple[str, tuple[str, ...]], ...]
    # The assumptions behind figures the text states plainly (years of experience, a closed pay range): for
    # whoever reviews the draft, never part of the posting.
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class RoleScope:
    level: str
    stage: str
    work: str
    mlops: str
    specialization: str | None = None


def role_title(playbook: Playbook, specialization: str, level: str) -> str:
    lvl = playbook.levels[level].label.split(" /")[0]
    return f"{lvl} ML Engineer, {playbook.specializations[specialization].title}"


def article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def chosen(duties: list[Duty], scope: RoleScope) -> list[str]:
    return [
        d.text
        for d in duties
        if d.applies(
            level=scope.level,
            stage=scope.stage,
            work=scope.work,
            mlops=scope.mlops,
            specialization=scope.specialization,
        )
    ]


def _once(lines: list[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    out = []
    for line in lines:
        key = line.casefold().rstrip(".")
        if key not in seen:
            seen.add(key)
            out.append(f"• {line}")
    return tuple(out)


def draft_job_description(
    playbook: Playbook,
    *,
    specialization: str,
    level: str,
    stage: str,
    work: str,
    mlops: str,
    tools: str | None,
    domain: str | None,
    pay_range: str | None,
    pay_note: str | None = None,
    location: str | None = None,
    readiness: dict[str, bool] | None = None,
    regulated: bool = False,
) -> JobDescription:
    spec, lvl, jd = playbook.specializations[specialization], playbook.levels[level], playbook.job_description
    scope = RoleScope(level, stage, work, mlops, specialization)
    words = jd.scope_sentences
    about = [
        f"You will join us as {article(lvl.noun)} {lvl.noun} machine-learning engineer who {spec.summary}.",
        words.stage[stage],
        words.work[work],
        words.mlops[mlops],
    ]
    if domain:
        about.append(f"You will work in our business domain: {domain.strip().rstrip('.')}.")
    if location:
        about.append(jd.location_sentences[location])
    experience = lvl.experience[:1].upper() + lvl.experience[1:]
    sections: list[tuple[str, tuple[str, ...]]] = [
        ("About the role", (" ".join(about),)),
        ("What you will do", _once([*chosen(spec.responsibilities, scope), *chosen(lvl.responsibilities, scope)])),
        (
            "What you bring",
            _once(
                [
                    experience,
                    *chosen(lvl.requirements, scope),
                    *chosen(spec.skills, scope),
                    *chosen(jd.core_requirements, scope),
                    *([playbook.intake_warnings.compliance_requirement] if regulated else []),
                ]
            ),
        ),
    ]
    if tools:
        sections.append(("Our tools", (tools,)))
    answers = readiness or {}
    offer = [line.text for line in jd.offer if all(answers.get(key) for key in line.needs)]
    if pay_range:
        offer.append(f"Base salary {pay_range} a year, depending on experience")
    if offer:
        sections.append(("What we offer", _once(offer)))
    notes = tuple(n for n in (jd.experience_assumption, pay_note if pay_range else None) if n)
    return JobDescription(title=role_title(playbook, specialization, level), sections=tuple(sections), notes=notes)
