"""The reminder engine against a real database and the fake Slack, with the clock injected.

Fault injection asserts exact counts: every due nudge goes out exactly once.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select, update

from bot.flows.nudges import ids
from bot.flows.requisition import nudges as requisition_nudges
from bot.flows.requisition import service
from bot.models import Nudge, Requisition, RequisitionStatus
from bot.nudges.alerts import ADMIN_ALERT
from bot.runtime import build_worker
from bot.slack import build_client
from bot.worker.outcomes import SweepConfig
from tests.support.reminders import APPROVER, FRI_10, HM, WED, submit
from tests.support.together import at_once
from tests.support.workspace import ADMIN


@pytest.fixture
def sweeper(session_factory, settings, playbook, fake_slack, clock):
    fake_slack.clock = clock
    return build_worker(session_factory, build_client(settings, background=True), settings, playbook)


def nudges(session_factory, **where) -> list[Nudge]:
    with session_factory() as s:
        return list(s.scalars(select(Nudge).filter_by(**where).order_by(Nudge.id)))


def posts_for(fake_slack, nudge_id: int) -> list[dict]:
    return [
        p
        for p in fake_slack.called("chat.postMessage")
        if (p.get("metadata") or {}).get("event_payload", {}).get("nudge_id") == nudge_id
    ]


def test_scheduling_is_part_of_the_requisition_and_idempotent(session_factory, settings, playbook):
    [req_id] = submit(session_factory, settings, playbook)
    rows = nudges(session_factory, subject_id=req_id)
    assert [(n.kind, n.recipient_id, n.due_at) for n in rows] == [
        (requisition_nudges.REMIND, APPROVER, FRI_10),
        (requisition_nudges.ESCALATE, HM, datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc)),
    ]
    with session_factory() as s:  # scheduling again yields the same rows
        req = s.get(Requisition, req_id)
        requisition_nudges.schedule(s, settings, req, today=WED.date(), now=WED)
        s.commit()
    assert len(nudges(session_factory, subject_id=req_id)) == 2


def test_a_due_nudge_goes_out_once_with_its_controls(sweeper, session_factory, settings, playbook, fake_slack):
    [req_id] = submit(session_factory, settings, playbook)
    assert sweeper.run(FRI_10 - timedelta(minutes=1)).sent == 0  # not yet due
    result = sweeper.run(FRI_10)
    assert (result.sent, result.deferred, result.cancelled, result.failed) == (1, 0, 0, 0)
    [approver_nudge, hm_nudge] = nudges(session_factory, subject_id=req_id)
    [post] = posts_for(fake_slack, approver_nudge.id)
    assert post["channel"] == APPROVER and "still waiting for your decision" in post["text"]
    buttons = {e["action_id"] for b in post["blocks"] if b["type"] == "actions" for e in b["elements"]}
    assert {ids.SNOOZE, ids.STOP, "req_approve"} <= buttons
    assert (approver_nudge.status, approver_nudge.channel_id) == ("sent", fake_slack.dm_channel(APPROVER))
    assert approver_nudge.message_ts and hm_nudge.status == "pending"
    assert sweeper.run(FRI_10 + timedelta(minutes=5)).sent == 0  # never twice
    assert len(posts_for(fake_slack, approver_nudge.id)) == 1


def test_a_decision_cancels_and_a_done_subject_is_rechecked(sweeper, session_factory, settings, playbook, fake_slack):
    first, second = submit(session_factory, settings, playbook, n=2)
    with session_factory() as s:  # decided through the flow: pending nudges are cancelled at once
        service.decide(
            s,
            first,
            actor=APPROVER,
            decision=RequisitionStatus.APPROVED,
            reason=None,
            admins=frozenset(),
            now=WED,
            playbook=playbook,
        )
        # decided behind the engine's back: the sweep's re-check cancels it
        s.execute(update(Requisition).where(Requisition.id == second).values(status="rejected"))
        s.commit()
    assert {n.status for n in nudges(session_factory, subject_id=first)} == {"cancelled"}
    result = sweeper.run(datetime(2026, 12, 2, 10, tzinfo=timezone.utc))
    assert (result.sent, result.cancelled) == (0, 2)
    assert fake_slack.called("chat.postMessage") == []


def test_two_sweeps_at_once_send_every_nudge_exactly_once(session_factory, settings, playbook, fake_slack, clock):
    fake_slack.clock = clock
    submit(session_factory, settings, playbook, n=40)
    sweepers = [
        build_worker(
            session_factory, build_client(settings, background=True), settings, playbook, SweepConfig(batch_size=7)
        )
        for _ in range(2)
    ]
    results = at_once([lambda x=x: x.run(FRI_10) for x in sweepers])
    assert sum(r.sent for r in results) == 40
    sent = nudges(session_factory, kind=requisition_nudges.REMIND)
    assert all(n.status == "sent" for n in sent) and len(sent) == 40
    assert all(len(posts_for(fake_slack, n.id)) == 1 for n in sent)


def test_a_sweep_that_dies_after_claiming_loses_nothing(sweeper, session_factory, settings, playbook, fake_slack):
    submit(session_factory, settings, playbook)
    [claim] = sweeper.claim(FRI_10, owner="crashed-sweep")  # ... and the process dies here
    assert sweeper.run(FRI_10 + timedelta(minutes=1)).sent == 0  # the lease still holds
    result = sweeper.run(FRI_10 + timedelta(minutes=6))  # past the 5-minute lease
    assert result.sent == 1
    assert len(posts_for(fake_slack, claim.nudge.id)) == 1


def test_a_sweep_that_dies_after_slack_accepted_is_not_sent_again(
    sweeper, session_factory, settings, playbook, fake_slack, clock
):
    submit(session_factory, settings, playbook)
    clock.now = FRI_10
    claims = sweeper.claim(FRI_10, owner="crashed-sweep")
    from bot.worker.outcomes import Batch as _Batch

    batch = _Batch()
    for claim, message in sweeper._prepare(claims, FRI_10, batch):
        sweeper.delivery.deliver(claim, message, FRI_10, batch)  # Slack accepts; the process dies before recording
    [nudge_id] = [c.nudge.id for c in claims]
    assert len(posts_for(fake_slack, nudge_id)) == 1
    assert nudges(session_factory, id=nudge_id)[0].status == "sending"

    clock.now = FRI_10 + timedelta(minutes=6)
    assert sweeper.run(FRI_10 + timedelta(minutes=6)).sent == 1  # reconciled from the DM's metadata
    assert len(posts_for(fake_slack, nudge_id)) == 1
    [row] = nudges(session_factory, id=nudge_id)
    assert row.status == "sent"
    assert fake_slack.message(row.channel_id, row.message_ts)["metadata"]["event_payload"] == {"nudge_id": nudge_id}


def test_429_twice_then_delivered_once(sweeper, session_factory, settings, playbook, fake_slack):
    submit(session_factory, settings, playbook)
    fake_slack.fail_next("chat.postMessage", 429, times=2, headers={"Retry-After": "30"})
    first = sweeper.run(FRI_10)
    assert (first.sent, first.deferred, first.failed) == (0, 1, 0)
    [row] = nudges(session_factory, kind=requisition_nudges.REMIND)
    assert (row.status, row.due_at, row.attempts) == ("pending", FRI_10 + timedelta(seconds=30), 0)
    assert sweeper.run(FRI_10 + timedelta(seconds=29)).deferred == 0  # not before Retry-After
    assert sweeper.run(FRI_10 + timedelta(seconds=30)).deferred == 1
    assert nudges(session_factory, kind=requisition_nudges.REMIND)[0].due_at == FRI_10 + timedelta(seconds=60)
    assert sweeper.run(FRI_10 + timedelta(seconds=60)).sent == 1
    [row] = nudges(session_factory, kind=requisition_nudges.REMIND)
    assert row.status == "sent" and len(posts_for(fake_slack, row.id)) == 1
    assert len(fake_slack.called("chat.postMessage:failed")) == 2


def test_server_errors_until_attempts_run_out_fail_and_tell_admins_once(
    sweeper, session_factory, settings, playbook, fake_slack
):
    submit(session_factory, settings, playbook)
    fake_slack.fail_next("chat.postMessage", 500, times=5)
    now, outcomes = FRI_10, []
    for attempt in range(5):
        outcomes.append(sweeper.run(now))
        [row] = nudges(session_factory, kind=requisition_nudges.REMIND)
        if attempt < 4:
            assert sweeper.run(row.due_at - timedelta(seconds=1)).deferred == 0  # not before the backoff
            now = row.due_at
    assert [o.deferred for o in outcomes[:4]] == [1, 1, 1, 1]
    assert outcomes[4].failed == 1
    [row] = nudges(session_factory, kind=requisition_nudges.REMIND)
    assert row.status == "failed" and row.attempts == 5 and "internal_error" in row.last_error
    waits = [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4), timedelta(minutes=8)]
    assert now == FRI_10 + sum(waits, timedelta())  # exponential backoff

    [alert] = nudges(session_factory, kind=ADMIN_ALERT)  # one admin, told once
    assert (alert.recipient_id, alert.subject_id, alert.status) == (ADMIN, row.id, "sent")
    assert outcomes[4].sent == 1  # the alert went out in the same sweep
    assert sweeper.run(now + timedelta(hours=1)).sent == 0
    to_admin = fake_slack.posts_to(ADMIN)
    assert len(to_admin) == 1 and f"#{row.id}" in to_admin[0]["text"] and "internal_error" in to_admin[0]["text"]


def test_nothing_lands_outside_working_hours(sweeper, session_factory, settings, playbook, fake_slack):
    submit(session_factory, settings, playbook)
    saturday = datetime(2026, 11, 28, 11, 0, tzinfo=timezone.utc)  # the clock was down since Friday
    assert sweeper.run(saturday).deferred == 1
    [row] = nudges(session_factory, kind=requisition_nudges.REMIND)
    assert row.due_at == datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)
    assert fake_slack.called("chat.postMessage") == []


def test_the_recipients_slack_zone_is_learned_and_the_nudge_moves_to_their_morning(
    sweeper, session_factory, settings, playbook, fake_slack
):
    fake_slack.users[APPROVER] = {"id": APPROVER, "tz": "America/New_York", "is_bot": False}
    submit(session_factory, settings, playbook)
    assert sweeper.run(FRI_10 - timedelta(hours=12)).sent == 0  # the look-ahead confirms the zone
    [row] = nudges(session_factory, kind=requisition_nudges.REMIND)
    assert (row.zone_confirmed, row.local_tz) == (True, "America/New_York")
    assert row.due_at == datetime(2026, 11, 27, 15, 0, tzinfo=timezone.utc)  # 10:00 in New York
    assert sweeper.run(FRI_10).sent == 0
    assert sweeper.run(row.due_at).sent == 1
    assert len(fake_slack.called("users.info")) == 1  # cached afterwards


def test_dry_run_lists_without_changing(sweeper, session_factory, settings, playbook, fake_slack):
    submit(session_factory, settings, playbook)
    due = sweeper.due(FRI_10)
    assert [n.kind for n in due] == [requisition_nudges.REMIND]
    assert nudges(session_factory, kind=requisition_nudges.REMIND)[0].status == "pending"
    assert fake_slack.called("chat.postMessage") == []


def test_claims_use_a_constant_number_of_statements(sweeper, session_factory, settings, playbook, engine):
    from sqlalchemy import event

    def statements_for(n: int) -> int:
        with session_factory() as s:
            s.execute(update(Nudge).values(status="cancelled"))
            s.commit()
        submit(session_factory, settings, playbook, n=n)
        seen = []
        # on PostgreSQL each transaction also names its workspace for row-level security (bot.tenancy): one
        # `set_config` per transaction, not per reminder, counted apart; so is SQLite's `ANALYZE` of the
        # planner's statistics (the daily `statistics` chore, which a one-shot sweep runs too)
        listener = lambda conn, cursor, statement, *rest: seen.append(statement)  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert sweeper.run(FRI_10).sent == n
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        apart = ("set_config('app.workspace'", "ANALYZE")
        return len([s for s in seen if not any(a in s for a in apart)])

    statements_for(1)  # warm-up: the first sweep also learns the recipient's zone
    # 20: one look for a delivery pause per sweep, three for history past the retention period (reminders,
    # form submissions, Events API ids), one for offers past their expiry, one for new hires to look up by
    # email, one read of the settings saved in Slack (once per run, whatever the chores), one look at this
    # week's digest row
    assert statements_for(5) == statements_for(40) <= 20


def test_calendar_day_scheduling_uses_the_cached_zone(session_factory, settings):
    from datetime import time as dtime

    from bot.nudges import rows as nudge_service

    with session_factory() as s:
        nudge_service.remember_zones(s, {"U0NEWHIRE": "America/New_York"}, WED)
        row = nudge_service.schedule_days_after(
            s,
            settings,
            kind="req_approval",
            user_id="U0NEWHIRE",
            subject_type="requisition",
            subject_id=1,
            key="day30",
            start=date(2027, 2, 20),
            days=30,
            at=dtime(10),
            now=WED,
            business_days=False,
        )
        s.commit()
        assert row.zone_confirmed and row.local_tz == "America/New_York"
        assert row.due_at == datetime(2027, 3, 22, 14, 0, tzinfo=timezone.utc)  # 10:00 EDT, after the DST change


def test_a_slow_slack_hands_the_rest_back_instead_of_overrunning_the_lease(
    session_factory, settings, playbook, fake_slack, clock
):
    fake_slack.clock = clock
    submit(session_factory, settings, playbook, n=3)
    hasty = build_worker(
        session_factory, build_client(settings, background=True), settings, playbook, SweepConfig(lease=timedelta(0))
    )  # every send looks too late for its lease
    result = hasty.run(FRI_10)
    assert (result.sent, result.handed_back) == (0, 3)
    assert {n.status for n in nudges(session_factory, kind=requisition_nudges.REMIND)} == {"pending"}
    assert fake_slack.called("chat.postMessage") == []
    patient = build_worker(session_factory, build_client(settings, background=True), settings, playbook)
    assert patient.run(FRI_10).sent == 3


def test_a_sweep_sends_to_different_people_at_once_and_each_exactly_once(
    session_factory, settings, playbook, fake_slack, clock
):
    people = ("U0APPROVER", "U0ALICE", "U0BOB", "U0CAROL", "U0OTHER", "U0MGR")
    for person in people:
        submit(session_factory, settings, playbook, n=2, approver=person)
    fake_slack.clock = clock
    fake_slack.delays["chat.postMessage"] = 0.2  # a slow Slack: sends overlap only if the sweep overlaps them
    sweeper = build_worker(
        session_factory, build_client(settings, background=True), settings, playbook, SweepConfig(send_threads=4)
    )
    assert sweeper.run(FRI_10).sent == 2 * len(people)
    assert 2 <= fake_slack.most_at_once["chat.postMessage"] <= 4  # in parallel, never beyond the pool
    rows = nudges(session_factory, kind="req_approval")
    assert {r.status for r in rows} == {"sent"}
    assert all(len(posts_for(fake_slack, r.id)) == 1 for r in rows)
    for person in people:  # one person's reminders arrive in due order, one after the other
        mine = [r for r in rows if r.recipient_id == person]
        posted = [p["metadata"]["event_payload"]["nudge_id"] for p in fake_slack.posts_to(person)]
        assert posted == [r.id for r in sorted(mine, key=lambda r: (r.due_at, r.id))]


def test_a_refused_token_mid_send_leaves_unsent_rows_as_they_were(session_factory, settings, playbook, fake_slack):
    for person in ("U0APPROVER", "U0ALICE", "U0BOB", "U0CAROL"):
        submit(session_factory, settings, playbook, n=3, approver=person)
    fake_slack.failures["chat.postMessage"] = [(200, {}, "token_revoked")]
    sweeper = build_worker(
        session_factory, build_client(settings, background=True), settings, playbook, SweepConfig(send_threads=2)
    )
    result = sweeper.run(FRI_10)
    assert result.paused == "token_revoked"
    rows = nudges(session_factory, kind="req_approval")
    sent = [r for r in rows if r.status == "sent"]
    assert all(r.status in ("sent", "pending") and r.attempts == 0 for r in rows if r.status != "sent")
    assert len(sent) == result.sent < len(rows)
    assert all(len(posts_for(fake_slack, r.id)) == 1 for r in sent)


def test_every_kind_has_its_message_from_ui_and_no_reminder_flow_imports_ui():
    from pathlib import Path

    from bot.flows.nudges.registry import KINDS
    from bot.runtime import nudge_table
    from bot.ui.nudge_messages import BUILDERS
    from bot.ui.nudges import with_controls
    from bot.worker.table import KindTable

    assert set(nudge_table().kinds) == set(KINDS) and set(KINDS) <= set(BUILDERS)
    lacking = {name: kind for name, kind in KINDS.items() if name != next(iter(KINDS))}
    with pytest.raises(ValueError, match="without a message builder"):
        KindTable(KINDS, {k: v for k, v in BUILDERS.items() if k in lacking}, with_controls)
    root = Path(__file__).resolve().parent.parent / "bot" / "flows"
    engine_and_kinds = [
        *(root / "reminders").glob("*.py"),
        *root.glob("*/nudges.py"),
        root / "onboarding/schedule.py",
    ]
    assert [str(p) for p in engine_and_kinds if "bot.ui" in p.read_text().replace("bot.ui.nudge_messages", "")] == []


def test_reminders_meeting_in_a_sweep_go_out_once_per_message_not_once_per_person():
    """bot.worker.engine.one_of_each: two weeks' overdue lists for the same role meet after an outage and go out
    as the later one; the same person's list as manager and as buddy are two messages and both go out."""
    from bot.flows.onboarding.schedule import OVERDUE
    from bot.worker.engine import one_of_each
    from bot.worker.outcomes import Batch, Claim

    def claim(nudge_id: int, role: str, week: int) -> Claim:
        due = FRI_10 + timedelta(weeks=week)
        nudge = Nudge(
            id=nudge_id,
            kind=OVERDUE,
            recipient_id=HM,
            subject_type="onboarding",
            subject_id=1,
            detail={"role": role},
            due_at=due,
        )
        return Claim(nudge, previous_claim=None)

    week1, week2, as_buddy = claim(1, "manager", 1), claim(2, "manager", 2), claim(3, "buddy", 2)
    batch = Batch()
    kept = one_of_each([week1, week2, as_buddy], batch)
    assert [c.nudge.id for c in kept] == [2, 3]
    assert batch.changes == {1: {"status": "cancelled", "last_error": "replaced by a later one of its kind"}}
    assert batch.result.cancelled == 1
