"""Job descriptions read right for every specialization × level × scope answer (pure)."""

from __future__ import annotations

import itertools
import re

import pytest
import yaml

from bot.flows.requisition.estimate import posting_range
from bot.flows.requisition.jobdesc import draft_job_description
from bot.playbook import DEFAULT_PATH, PlaybookError, load_playbook, parse_playbook

DOUBLED = re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE)


def combos(playbook):
    scope = playbook.scope
    return itertools.product(playbook.specializations, playbook.levels, scope.stage, scope.work, scope.mlops)


def bullets(jd) -> list[str]:
    return [line.removeprefix("• ") for _, lines in jd.sections for line in lines if line.startswith("• ")]


def text(jd) -> str:
    return "\n".join([jd.title, *(h for h, _ in jd.sections), *(line for _, lines in jd.sections for line in lines)])


def test_every_combination_reads_right_and_keeps_to_its_answers(playbook):
    labels = [
        label
        for options in (playbook.scope.stage, playbook.scope.work, playbook.scope.mlops)
        for label in options.values()
    ]
    for spec, level, stage, work, mlops in combos(playbook):
        jd = draft_job_description(
            playbook,
            specialization=spec,
            level=level,
            stage=stage,
            work=work,
            mlops=mlops,
            tools=None,
            domain=None,
            pay_range=None,
            location="remote",
            readiness={},
        )
        where = (spec, level, stage, work, mlops)
        body = text(jd)
        assert not DOUBLED.search(body), (where, DOUBLED.search(body).group(0))
        assert " / " not in body and not any(label in body for label in labels), where
        said = bullets(jd)
        assert len(said) == len({b.casefold() for b in said}), where
        s, lv = playbook.specializations[spec], playbook.levels[level]
        for duty in (
            *s.responsibilities,
            *s.skills,
            *lv.responsibilities,
            *lv.requirements,
            *playbook.job_description.core_requirements,
        ):
            applies = duty.applies(level=level, stage=stage, work=work, mlops=mlops, specialization=spec)
            assert (duty.text in said) == applies, (where, duty.text)
        assert len([b for b in said if b in {d.text for d in (*s.responsibilities, *lv.responsibilities)}]) >= 2, where


def test_production_duties_stay_out_of_an_experimental_training_role(playbook):
    jd = draft_job_description(
        playbook,
        specialization="ml_infrastructure",
        level="junior",
        stage="experimental",
        work="training",
        mlops="low",
        tools=None,
        domain=None,
        pay_range=None,
        location="remote",
        readiness={},
    )
    body = text(jd)
    for word in ("drift", "rollback", "in production", "other ML engineers"):
        assert word not in body.replace("before anything is built for production", ""), word
    assert "under guidance" in body and "a junior machine-learning engineer" in body


def test_where_the_job_is_and_what_we_offer_follow_the_answers(playbook):
    def offer(readiness, location="high_cost_hub"):
        jd = draft_job_description(
            playbook,
            specialization="nlp",
            level="staff",
            stage="production",
            work="both",
            mlops="high",
            tools=None,
            domain="payments fraud.",
            pay_range="$240,000–$420,000",
            location=location,
            readiness=readiness,
        )
        return text(jd), dict(jd.sections).get("What we offer", ())

    every = {q.key: True for q in playbook.readiness.questions}
    body, lines = offer(every)
    assert "a major tech hub" in body and "business domain: payments fraud." in body
    assert "a staff machine-learning engineer" in body
    assert any("success measures" in line for line in lines) and any("named owner" in line for line in lines)
    assert "• Base salary $240,000–$420,000 a year, depending on experience" in lines
    _, lines = offer(every | {"data_accessible": False})
    assert not any("named owner" in line for line in lines) and any("success measures" in line for line in lines)
    body, _ = offer({}, location="remote")
    assert "fully remote" in body


def test_the_posted_range_is_always_closed(playbook):
    for level in playbook.levels:
        for location in playbook.locations:
            posted, closed = posting_range(playbook, level=level, location=location)
            assert "+" not in str(posted) and posted.low < posted.high
            assert closed == playbook.levels[level].base_salary.open_ended
    assert str(posting_range(playbook, level="senior", location="high_cost_hub")[0]) == "$192,000–$336,000"
    assert str(posting_range(playbook, level="mid", location="remote")[0]) == "$120,000–$160,000"


@pytest.mark.parametrize(
    "change, where",
    [
        (
            lambda d: d["specializations"]["nlp"]["responsibilities"].append({"text": "x", "levels": ["principal"]}),
            "specializations.nlp.responsibilities.4.levels",
        ),
        (
            lambda d: d["job_description"]["scope_sentences"]["stage"].pop("production"),
            "job_description.scope_sentences.stage",
        ),
        (
            lambda d: d["job_description"]["offer"].append({"text": "x", "needs": ["snacks"]}),
            "job_description.offer.4.needs",
        ),
        (lambda d: d["levels"]["senior"]["base_salary"].pop("posting_max"), "levels.senior.base_salary"),
    ],
)
def test_playbook_wording_errors_name_the_key(change, where):
    data = yaml.safe_load(DEFAULT_PATH.read_text())
    change(data)
    with pytest.raises(PlaybookError) as refused:
        parse_playbook(data, "custom.yaml")
    assert where in str(refused.value)


def test_the_bundled_playbook_loads():
    assert load_playbook().levels["staff"].noun == "staff"
