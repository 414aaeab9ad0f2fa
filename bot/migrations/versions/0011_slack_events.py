"""Events API deliveries taken once: slack_events keeps each event_id for a week.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "slack_events",
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("event_type", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_slack_events")),
    )
    with op.batch_alter_table("slack_events") as batch_op:
        batch_op.create_index(batch_op.f("ix_slack_events_received_at"), ["received_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("slack_events") as batch_op:
        batch_op.drop_index(batch_op.f("ix_slack_events_received_at"))
    op.drop_table("slack_events")
