"""Right in any order: seeded random walks through the whole loop (tests/support/walk.py), every invariant checked
after every step, in each shape Slack sends (standard, org-wide Grid, Connect) and both ways of installing the bot.
CI runs WALKS (2) walks of WALK_STEPS (60) steps each per shape and mode; a longer local run:
`WALK_STEPS=2000 WALKS=10 python -m pytest tests/test_walk_e2e.py`; one walk again: `WALK_SEED=7`."""

from __future__ import annotations

import os

import pytest

from tests.support.interviews import people as people  # noqa: F401 (a fixture)
from tests.support.walk import PEOPLE_OF_THE_WALK, Walk
from tests.support.workspace import sweeper as make_sweeper

STEPS = int(os.environ.get("WALK_STEPS", "60"))
FIRST = int(os.environ.get("WALK_FIRST_SEED", "0"))  # other walks than CI's: WALK_FIRST_SEED=100
SEEDS = (
    [int(os.environ["WALK_SEED"])]
    if "WALK_SEED" in os.environ
    else [FIRST + n for n in range(int(os.environ.get("WALKS", "2")))]
)


@pytest.mark.all_shapes  # a standard workspace, an org-wide Grid install, Slack Connect
@pytest.mark.both_modes  # one bot token, and installed through OAuth
@pytest.mark.parametrize("seed", SEEDS)
def test_a_random_walk_keeps_every_invariant(
    seed, slack, fake_slack, engine, clock, session_factory, settings, playbook, people, shape
):
    fake_slack.users["U0ALICE"]["tz"] = "America/New_York"  # three zones among the people
    fake_slack.users["U0BOB"]["tz"] = "Asia/Tokyo"
    sweeper = make_sweeper(session_factory, settings, playbook)
    walk = Walk(slack, fake_slack, engine, clock, sweeper.run, PEOPLE_OF_THE_WALK, seed)
    walk.run(STEPS)
    assert len(walk.log) == STEPS
    assert fake_slack.called("chat.postMessage"), "the walk reached nothing: it would prove nothing"
