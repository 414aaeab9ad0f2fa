"""Volume: the claim stays an index scan of the active rows whatever the history, history is bounded by
the retention period, and the report stays bounded. Plans are asserted with EXPLAIN on both databases."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from bot.flows.nudges.report import PENDING_CAP, report
from bot.flows.reports.digest import DIGEST
from bot.models import FormSubmission, Nudge
from bot.runtime import build_worker
from bot.slack import build_client
from bot.tenancy import SINGLE
from bot.worker import retention
from bot.worker.claiming import due_rows
from tests.support.plans import explain
from tests.support.seed import analyze, history, insert_all, nudge_row

NOW = datetime(2026, 11, 27, 10, 0, tzinfo=timezone.utc)


def _uses_active_index(plan: list[str]) -> bool:
    """One of the partial indexes of active reminders: across workspaces, or one workspace's (the worker's claim
    runs in a session scoped to its workspace, bot.tenancy)."""
    text = "\n".join(plan)
    active = "ix_nudges_active_due_at" in text or "ix_nudges_workspace_due_at" in text
    return active and "Seq Scan" not in text and "SCAN nudges" not in text


def test_the_claim_reads_the_active_index_with_a_long_history(engine):
    with engine.begin() as conn:
        insert_all(conn, history(30_000, NOW))
        insert_all(conn, (nudge_row(i, due_at=NOW - timedelta(minutes=i), status="pending") for i in range(20)))
        analyze(conn)
    with engine.connect() as conn:
        mine = Nudge.workspace == SINGLE  # what the worker's scoped session adds to its claim
        claim = explain(conn, due_rows(NOW, 200, Nudge.id).where(mine).with_for_update(skip_locked=True))
        dry_run = explain(conn, due_rows(NOW, 200).where(mine))
        assert _uses_active_index(claim), claim
        assert _uses_active_index(dry_run), dry_run
        assert not any("TEMP B-TREE" in line or "Sort" in line for line in claim), claim  # read in due order
        assert len(conn.execute(due_rows(NOW, 200, Nudge.id)).all()) == 20


def test_old_history_is_deleted_in_bounded_batches_and_nothing_else(session_factory, engine):
    old = NOW - timedelta(days=401)
    with engine.begin() as conn:
        insert_all(conn, history(retention.BATCH * retention.MAX_BATCHES + 7, old, spread=timedelta(days=30)))
        keep = [
            nudge_row(1, due_at=old, status="failed", prefix="keep"),  # waits for an admin's retry
            nudge_row(2, due_at=old, status="pending", prefix="keep"),  # still to be acted on
            nudge_row(3, due_at=NOW - timedelta(days=399), status="sent", prefix="keep"),  # inside the period
            nudge_row(4, due_at=NOW - timedelta(days=10), status="cancelled", prefix="keep"),
        ]
        insert_all(conn, keep)
    with session_factory() as s:
        s.add(FormSubmission(view_id="V_OLD", callback_id="x", created_at=NOW - timedelta(days=31)))
        s.add(FormSubmission(view_id="V_NEW", callback_id="x", created_at=NOW - timedelta(days=1)))
        s.commit()

    first = retention.forget_old(session_factory, NOW, 400)
    assert first == retention.BATCH * retention.MAX_BATCHES  # one sweep's share; the rest waits
    assert retention.forget_old(session_factory, NOW, 400) == 7
    assert retention.forget_old(session_factory, NOW, 400) == 0
    with session_factory() as s:
        assert sorted(s.scalars(select(Nudge.dedupe_key))) == sorted(r["dedupe_key"] for r in keep)
        assert list(s.scalars(select(FormSubmission.view_id))) == ["V_NEW"]


def test_the_deletion_finds_old_rows_through_the_history_index(engine):
    with engine.begin() as conn:
        insert_all(conn, history(20_000, NOW))
        analyze(conn)
    with engine.connect() as conn:
        from bot.models.reminders import IS_HISTORY

        plan = explain(
            conn, select(Nudge.id).where(IS_HISTORY, Nudge.updated_at < NOW - timedelta(days=400)).limit(1000)
        )
        assert "ix_nudges_history_updated_at" in "\n".join(plan), plan


def test_a_sweep_deletes_history_past_the_retention_setting(session_factory, settings, playbook, fake_slack, engine):
    sweeper = build_worker(session_factory, build_client(settings, background=True), settings, playbook)
    with engine.begin() as conn:
        insert_all(conn, history(10, NOW - timedelta(days=500), spread=timedelta(days=1)))
    result = sweeper.run(NOW)
    assert result.deleted == 10
    with session_factory() as s:  # what is left is the coming week's digest, which the sweep keeps scheduled
        assert s.scalars(select(Nudge.kind)).all() == [DIGEST]


def test_the_report_counts_pending_rows_up_to_a_cap(session_factory, engine):
    with engine.begin() as conn:
        insert_all(
            conn, (nudge_row(i, due_at=NOW + timedelta(days=1), status="pending") for i in range(PENDING_CAP + 5))
        )
    with session_factory() as s:
        got = report(s, NOW)
    assert got.pending == PENDING_CAP and got.pending_text == "1,000+"


def _scans(plan: list[str], table: str) -> bool:
    """Whether the plan reads every row of `table` (a sequential scan), on either database."""
    return any(f"Seq Scan on {table}" in line or line.strip().startswith(f"SCAN {table}") for line in plan)


def test_a_light_users_lists_read_only_their_own_rows(engine):
    from bot.flows.interviews.service import _newest_first, _visible, open_interviews_query
    from tests.support.volume import BUSY_HM, LIGHT, seed

    seed(engine, 1, NOW, nudges=False)  # the volumes of issue 11; at a tenth, scanning is cheaper and chosen
    with engine.connect() as conn:
        candidates = explain(conn, _visible(LIGHT, frozenset()).order_by(_newest_first(LIGHT, frozenset())).limit(25))
        busy_list = explain(
            conn, _visible(BUSY_HM, frozenset()).order_by(_newest_first(BUSY_HM, frozenset())).limit(25)
        )
        interviews = explain(conn, open_interviews_query(LIGHT, scheduled=True))
        busy = explain(conn, open_interviews_query(BUSY_HM, scheduled=True))
    for table in ("candidates", "requisitions", "interviews", "scorecards"):
        assert not _scans(candidates, table), candidates
        assert not _scans(interviews, table), interviews
    # a busy hiring manager's newest candidates come from their own access rows in order (no sort)
    assert not any("Sort" in x or "TEMP B-TREE" in x for x in busy_list), busy_list
    assert not _scans(busy_list, "candidates"), busy_list
    # a busy interviewer's open interviews come from the partial index, in start order (no sort)
    assert "ix_interviews_open" in "\n".join(busy) and not any("Sort" in x or "TEMP B-TREE" in x for x in busy), busy


def test_the_reports_stale_section_reads_its_own_index(engine):
    from bot.models.reminders import IS_STALE, STALE_PREFIX

    stale = [nudge_row(i, due_at=NOW - timedelta(days=1), status="cancelled", prefix="stale") for i in range(5)]
    for row in stale:
        row["last_error"] = f"{STALE_PREFIX}more than 7 days past due"
    with engine.begin() as conn:
        insert_all(conn, history(20_000, NOW))
        insert_all(conn, stale)
        analyze(conn)
    with engine.connect() as conn:
        plan = explain(conn, select(Nudge.id).where(IS_STALE, Nudge.updated_at >= NOW - timedelta(days=7)))
    assert "ix_nudges_stale_updated_at" in "\n".join(plan), plan


def test_app_home_for_a_light_user_reads_through_their_own_indexes_not_the_workspaces(
    engine, session_factory, settings, playbook, fake_slack
):
    """Every row carries its workspace (bot.tenancy) and every statement of a session is held to it; the index on
    that column must never stand in for a person's index, or one person's App Home reads a whole workspace.
    With the statistics the migrations and the daily `statistics` chore keep (bot.db.refresh_statistics),
    neither database takes it for a light user's App Home, as the app really runs its statements."""
    from sqlalchemy import event

    from bot.db import refresh_statistics
    from bot.effects.home import publish_home
    from bot.models import Base
    from tests.support.volume import LIGHT, seed

    seed(engine, 1, NOW, nudges=False)
    with engine.begin() as conn:
        refresh_statistics(conn)
    engine.dispose()  # SQLite's open connections keep their statistics until reopened (hourly, bot.db.make_engine)
    ran = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT") and "set_config" not in statement:
            ran.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", keep)
    try:
        with session_factory() as db:
            publish_home(db, build_client(settings), playbook, settings, LIGHT, NOW)
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    assert len(ran) > 5 and all("workspace" in statement for statement, _ in ran)
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        empty = {t.name for t in Base.metadata.sorted_tables if conn.execute(select(t).limit(1)).first() is None}
        plans = [
            [
                row[-1] if sqlite else row[0]
                for row in conn.exec_driver_sql(
                    f"{'EXPLAIN QUERY PLAN' if sqlite else 'EXPLAIN'} {statement}", parameters
                )
            ]
            for statement, parameters in ran
        ]
    through_workspace = [
        (statement, line)
        for (statement, _), plan in zip(ran, plans, strict=True)
        for line in plan
        if (used := re.search(r"\bix_(\w+?)_workspace\b", line))
        and used.group(1) not in empty  # (any index reads an empty table at once)
        and _narrower_index(statement, used.group(1))
    ]
    assert through_workspace == []


def _narrower_index(statement: str, table: str) -> bool:
    """Whether `statement` also holds `table` to a column that leads an index of its own (a person, a parent):
    then the workspace's index stands in for the one that finds the rows."""
    from bot.models import Base

    leading = {
        next(iter(index.columns)).name
        for index in Base.metadata.tables[table].indexes
        if next(iter(index.columns)).name != "workspace"
    }
    for constraint in Base.metadata.tables[table].constraints:
        columns = [c.name for c in constraint.columns if c.name != "workspace"]
        leading |= set(columns[:1])
    named = set(re.findall(rf"\b{table}\.(\w+) (?:=|IN \()", statement))
    return bool(named & leading)
