"""Nothing private in logs: an end-to-end session at DEBUG, with a database error and refused input, logs
none of the candidate's or new hire's free text (names, emails, notes, evidence, rationale, answers)."""

from __future__ import annotations

import io
import json
import logging

import pytest
from sqlalchemy import text

from bot.flows.interviews import ids
from bot.flows.interviews import service as candidates
from bot.flows.onboarding import ids as ob_ids
from bot.logs import configure_logging
from bot.models import Candidate
from tests.support.interviews import (
    ALICE,
    HM,
    add_candidate,
    check_in_answers,
    check_in_view,
    click,
    decision_view,
    kit_value,
    last_view,
    scorecard_values,
    staffed,
)
from tests.support.interviews import people as people  # noqa: F401 (a fixture)

__all__ = ["people"]

SECRETS = {
    "name": "Zelda Secretname",
    "email": "zelda.private@example.org",
    "notes": "SECRET-NOTES-7781",
    "evidence": "SECRET-EVIDENCE-4410",
    "rationale": "SECRET-RATIONALE-0093",
    "decline": "SECRET-DECLINE-5521",
    "answer": "SECRET-CHECKIN-3307",
    "blockers": "SECRET-BLOCKER-1186",
}


@pytest.fixture
def captured():
    """Every log line of the process, as the production JSON formatter writes it, at DEBUG."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level, {n: logging.getLogger(n).level for n in logging.root.manager.loggerDict})
    stream = io.StringIO()
    configure_logging("DEBUG", stream)  # what `LOG_LEVEL=DEBUG python -m bot serve` installs
    yield stream
    root.handlers[:], level, levels = saved
    root.setLevel(level)
    for name, lvl in levels.items():
        logging.getLogger(name).setLevel(lvl)


def test_a_whole_session_logs_no_free_text(
    captured, slack, fake_slack, people, session, settings, playbook, clock, monkeypatch
):
    # refused input that carries private text, then the candidate, the loop and a decision
    loop = staffed(slack, fake_slack, session, settings, playbook, clock, scheduled=True, name=SECRETS["name"])
    refused = add_candidate(
        slack, fake_slack, loop["req_id"], {ids.NAME: SECRETS["name"], ids.EMAIL: "not an email " + SECRETS["email"]}
    ).json()
    assert refused["response_action"] == "errors"
    click(slack, ALICE, ids.OPEN_SCORECARD, kit_value(fake_slack, ALICE))
    card = scorecard_values(playbook, "technical", 3, "yes") | {
        ids.NOTES: SECRETS["notes"],
        ids.EVIDENCE_PREFIX + "explains_decisions": SECRETS["evidence"],
    }
    assert slack.submit(last_view(fake_slack), card, user=ALICE).body == ""
    assert (
        slack.submit(
            decision_view(slack, fake_slack, loop["candidate_id"]), {ids.RATIONALE: SECRETS["rationale"]}, user=HM
        ).body
        == ""
    )
    slack.command(ids.COMMAND, f"show {SECRETS['name']}", user=HM)
    slack.command(ids.COMMAND, f"nonsense {SECRETS['notes']}", user=HM)

    # a database error whose message would quote the row (PostgreSQL's "Failing row contains (...)"),
    # and one the bot does not expect at all
    def failing_insert(session_, *args, **kwargs):
        session_.add(
            Candidate(
                requisition_id=loop["req_id"],
                name=SECRETS["name"],
                profile_url="https://x.example",
                source="referral",
                email=SECRETS["email"],
                added_by=HM,
                screen_signals=[],
                status="bogus",
                created_at=clock.now,
            )
        )
        session_.flush()

    monkeypatch.setattr(candidates, "add_candidate", failing_insert)
    assert add_candidate(slack, fake_slack, loop["req_id"], {ids.NAME: SECRETS["name"]}).status == 200

    def broken_query(session_, *args, **kwargs):
        session_.execute(text("INSERT INTO no_such_table (name) VALUES (:name)"), {"name": SECRETS["name"]})

    monkeypatch.setattr(candidates, "add_candidate", broken_query)
    broken = add_candidate(slack, fake_slack, loop["req_id"], {ids.NAME: SECRETS["name"]})
    assert broken.status == 200 and "error id" in broken.body

    # a new hire's check-in, shared with the manager
    view, user = check_in_view(slack, fake_slack, session, settings, playbook)
    answers = check_in_answers() | {ob_ids.NOTES: SECRETS["answer"], ob_ids.BLOCKERS: SECRETS["blockers"]}
    assert slack.submit(view, answers, user=user).body == ""

    log = captured.getvalue()
    lines = [json.loads(line) for line in log.splitlines()]
    assert any(line["msg"] == "unhandled error" and "exc" in line for line in lines)  # the errors were logged
    assert any(line["msg"] == "listener done" for line in lines)
    for what, secret in SECRETS.items():
        assert secret not in log, f"the {what} reached the logs"


def test_gunicorn_logs_through_the_same_json_formatter(capsys):
    import logging.config

    from bot.logs import gunicorn_logconfig

    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        logging.config.dictConfig(gunicorn_logconfig("INFO"))
        logging.getLogger("gunicorn.access").info('127.0.0.1 "POST /slack/events HTTP/1.1" 200')
        logging.getLogger("slack_bolt.App").debug("Responding with status: 200 body: a candidate's name")
        logging.getLogger("slack_bolt.App").warning("As you gave `client` as well, `token` will be unused.")
    finally:
        root.handlers[:], _ = saved
        root.setLevel(saved[1])
    [line] = capsys.readouterr().err.splitlines()
    assert json.loads(line)["logger"] == "gunicorn.access"
