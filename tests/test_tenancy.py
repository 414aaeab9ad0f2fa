"""Each workspace's rows, by construction (bot.tenancy): a session sees, changes and adds only its workspace's
rows; a session that names none refuses to run; on PostgreSQL, row-level security holds hand-written SQL to
the same rule."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import DBAPIError

from bot import tenancy
from bot.db import make_session_factory
from bot.models import AuditEvent

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=timezone.utc)


def audit(n: int) -> AuditEvent:
    return AuditEvent(at=NOW, actor_id="U0X", action="approved", subject_type="requisition", subject_id=n)


@pytest.fixture
def factories(engine):
    base = make_session_factory(engine, None)
    return {key: tenancy.scoped(base, key) for key in ("T0A", "T0B", tenancy.ALL)}, base


def test_a_session_that_names_no_workspace_refuses_to_run(factories):
    _, base = factories
    with base() as s, pytest.raises(tenancy.Unscoped):
        s.scalars(select(AuditEvent)).all()
    with base() as s, pytest.raises(tenancy.Unscoped):
        s.add(audit(1))
        s.flush()


def test_reads_changes_and_deletions_reach_only_the_sessions_workspace(factories):
    f, _ = factories
    for key, count in (("T0A", 2), ("T0B", 3)):
        with f[key]() as s:
            s.add_all([audit(i) for i in range(count)])
            s.commit()
    with f["T0A"]() as s:
        assert {a.workspace for a in s.scalars(select(AuditEvent))} == {"T0A"}
        assert s.scalar(select(func.count()).select_from(AuditEvent)) == 2
        b_id = None
        with f["T0B"]() as other:
            b_id = other.scalars(select(AuditEvent.id)).first()
        assert s.get(AuditEvent, b_id) is None  # by its id from the other workspace: not there
        assert s.execute(update(AuditEvent).values(detail="changed")).rowcount == 2
        assert s.execute(delete(AuditEvent).where(AuditEvent.subject_id == 0)).rowcount == 1
        s.commit()
    with f["T0B"]() as s:
        rows = s.scalars(select(AuditEvent)).all()
        assert len(rows) == 3 and {a.detail for a in rows} == {None}
    with f[tenancy.ALL]() as s:  # the operator's own view: every workspace
        assert s.scalar(select(func.count()).select_from(AuditEvent)) == 4


def test_a_row_of_another_workspace_cannot_be_saved_into_this_one(factories):
    f, _ = factories
    with f["T0A"]() as s:
        row = audit(1)
        row.workspace = "T0B"
        s.add(row)
        with pytest.raises(tenancy.Unscoped):
            s.flush()
    with f[tenancy.ALL]() as s:
        s.add(audit(2))
        with pytest.raises(tenancy.Unscoped):  # the operator's session must say whose a new row is
            s.flush()


def test_row_level_security_holds_hand_written_sql_to_one_workspace(engine, factories):
    if engine.dialect.name != "postgresql":
        pytest.skip("row-level security is PostgreSQL's")
    f, _ = factories
    for key in ("T0A", "T0B"):
        with f[key]() as s:
            s.add(audit(7))
            s.commit()
    with engine.connect() as conn:  # the app's role as production runs it: not a superuser (they bypass RLS)
        conn.execute(
            text(
                "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mlhire_app_test') "
                "THEN CREATE ROLE mlhire_app_test NOLOGIN; END IF; END $$"
            )
        )
        conn.execute(text("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO mlhire_app_test"))
        conn.execute(text("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO mlhire_app_test"))
        conn.commit()
        try:
            conn.execute(text("SET ROLE mlhire_app_test"))
            conn.execute(text("SELECT set_config('app.workspace', 'T0A', false)"))
            assert conn.execute(text("SELECT workspace FROM audit_events")).scalars().all() == ["T0A"]
            assert conn.execute(text("UPDATE audit_events SET detail = 'x'")).rowcount == 1
            with pytest.raises(DBAPIError, match="row-level security"):
                conn.execute(
                    text(
                        "INSERT INTO audit_events (workspace, at, actor_id, action, subject_type, subject_id) "
                        "VALUES ('T0B', now(), 'U0X', 'approved', 'requisition', 1)"
                    )
                )
            conn.rollback()
            conn.execute(text("SET ROLE mlhire_app_test"))
            conn.execute(text("SELECT set_config('app.workspace', '', false)"))  # a connection nobody scoped
            assert conn.execute(text("SELECT count(*) FROM audit_events")).scalar() == 0
        finally:
            conn.rollback()
            conn.execute(text("RESET ROLE"))
            conn.execute(text("RESET app.workspace"))
            conn.commit()
