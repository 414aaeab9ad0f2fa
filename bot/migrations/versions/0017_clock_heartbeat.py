"""The clock's heartbeat (`clock_heartbeat`, one row): when a clock last swept, so /healthz, `status` and the
admins can tell when no clock runs. Not a workspace's data: no row-level security.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-08
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    table = op.create_table(
        "clock_heartbeat",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("swept_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("swept_by", sa.String(length=128), nullable=True),
        sa.Column("alerted_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clock_heartbeat")),
    )
    # Watched from the migration on: a deployment that never starts a clock is noticed too.
    op.execute(table.insert().values(id=1, since=sa.func.now()))


def downgrade() -> None:
    op.drop_table("clock_heartbeat")
