"""Partial indexes on reminders, one per group of statuses: the sweep's claim reads only active rows
(pending, sending) in due order however much sent and cancelled history piles up; the report and the
deletion of old history read only their own group. They replace the (status, due_at) index.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PARTIAL = (
    ("ix_nudges_active_due_at", ["due_at", "id"], "status IN ('pending', 'sending')"),
    ("ix_nudges_history_updated_at", ["updated_at"], "status IN ('sent', 'cancelled')"),
    ("ix_nudges_failed_updated_at", ["updated_at"], "status IN ('failed')"),
)


def upgrade() -> None:
    op.drop_index("ix_nudges_status_due_at", table_name="nudges")
    for name, columns, where in PARTIAL:
        op.create_index(
            name, "nudges", columns, unique=False, postgresql_where=sa.text(where), sqlite_where=sa.text(where)
        )


def downgrade() -> None:
    for name, _, _ in PARTIAL:
        op.drop_index(name, table_name="nudges")
    op.create_index("ix_nudges_status_due_at", "nudges", ["status", "due_at"], unique=False)
