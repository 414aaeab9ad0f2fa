"""End to end: check-ins past day 90 (6 and 12 months), on what keeps people."""

from __future__ import annotations

import copy
from datetime import datetime, timezone

import pytest
import yaml
from sqlalchemy import select

from bot.flows.onboarding import ids
from bot.flows.onboarding.schedule import CHECKIN
from bot.models import CheckIn, Onboarding
from bot.playbook import DEFAULT_PATH, PlaybookError, parse_playbook
from bot.runtime import build_worker
from bot.slack import build_client
from tests.support.onboarding import MGR, NEW, NEW_YORK, TOKYO, answer_check_in, dms, kind_of, sent_at, start
from tests.support.onboarding import ob_slack as ob_slack  # noqa: F401 (a fixture)
from tests.support.onboarding import onboarding_settings as onboarding_settings  # noqa: F401 (a fixture)
from tests.support.onboarding import people as people  # noqa: F401 (a fixture)


def test_the_six_month_check_in_arrives_at_ten_local_and_a_low_answer_brings_retention_actions(
    ob_slack, fake_slack, session, session_factory, onboarding_settings, playbook, clock
):
    clock.now = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)
    assert start(ob_slack, fake_slack).body == ""  # starts Monday 7 December 2026
    ob = session.scalars(select(Onboarding)).one()
    sweeper = build_worker(
        session_factory, build_client(onboarding_settings, background=True), onboarding_settings, playbook
    )

    # day 182 is Monday 7 June 2027: 10:00 in Tokyo is 01:00 UTC, 10:00 in New York is 14:00 UTC
    clock.now = datetime(2027, 6, 7, 0, 59, tzinfo=timezone.utc)
    sweeper.run(clock.now)
    assert not [p for p in dms(fake_slack, NEW) if kind_of(session, p) == (CHECKIN, {"day": 182, "role": "new_hire"})]
    clock.now = datetime(2027, 6, 7, 1, 0, tzinfo=timezone.utc)
    sweeper.run(clock.now)
    [month6] = [p for p in dms(fake_slack, NEW) if kind_of(session, p) == (CHECKIN, {"day": 182, "role": "new_hire"})]
    assert sent_at(fake_slack, NEW, month6).astimezone(TOKYO).replace(tzinfo=None) == datetime(2027, 6, 7, 10)
    assert "Month 6" in month6["text"] and "growth, recognition" in month6["text"]
    clock.now = datetime(2027, 6, 7, 14, 0, tzinfo=timezone.utc)
    sweeper.run(clock.now)
    [manager] = [p for p in dms(fake_slack, MGR) if kind_of(session, p) == (CHECKIN, {"day": 182, "role": "manager"})]
    assert sent_at(fake_slack, MGR, manager).astimezone(NEW_YORK).replace(tzinfo=None) == datetime(2027, 6, 7, 10)
    assert "Stay conversation" in str(manager["blocks"])
    assert "*Growth*" in str(manager["blocks"]) and "time set aside for experiments" in str(manager["blocks"]).lower()

    keys = list(playbook.onboarding.retention.scores)
    view, missing = answer_check_in(ob_slack, fake_slack, month6, NEW, {ids.SHARE: "yes"})
    assert set(missing.json()["errors"]) == {ids.RETENTION_PREFIX + k for k in keys}
    scores = {ids.RETENTION_PREFIX + k: "4" for k in keys} | {ids.RETENTION_PREFIX + "growth": "1"}
    assert ob_slack.submit(view, scores | {ids.SHARE: "yes"}, user=NEW).body == ""
    row = session.scalars(select(CheckIn).where(CheckIn.onboarding_id == ob.id, CheckIn.day == 182)).one()
    assert row.scores == {k: (1 if k == "growth" else 4) for k in keys}
    flag = [p for p in fake_slack.posts_to(MGR) if "shows a risk" in (p.get("text") or "")][-1]
    assert "growth and learning is 1/5" in flag["text"] and "What helps people stay" in flag["text"]
    assert "learning budget" in flag["text"]


def test_retention_days_must_come_after_the_first_months():
    data = yaml.safe_load(DEFAULT_PATH.read_text())
    early = copy.deepcopy(data)
    early["onboarding"]["retention"]["days"] = [60, 182]
    early["onboarding"]["retention"]["questions"] = {}
    with pytest.raises(PlaybookError, match="onboarding"):
        parse_playbook(early, "custom.yaml")
    unscored = copy.deepcopy(data)
    unscored["onboarding"]["retention"]["scores"] = {}
    with pytest.raises(PlaybookError, match="onboarding.retention"):
        parse_playbook(unscored, "custom.yaml")
    none = copy.deepcopy(data)
    none["onboarding"]["retention"] = {"days": []}
    assert parse_playbook(none).onboarding.all_days == [30, 60, 90]
