"""Reminders tied to an instant (anchor_at), pauses of delivery while Slack refuses the token, and room for
the longest email address (254 characters).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sweep_pauses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("error", sa.String(length=40), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sweep_pauses")),
    )
    with op.batch_alter_table("nudges", schema=None) as batch_op:
        batch_op.add_column(sa.Column("anchor_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.alter_column(
            "email", existing_type=sa.String(length=200), type_=sa.String(length=254), existing_nullable=True
        )


def downgrade() -> None:
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.alter_column(
            "email", existing_type=sa.String(length=254), type_=sa.String(length=200), existing_nullable=True
        )
    with op.batch_alter_table("nudges", schema=None) as batch_op:
        batch_op.drop_column("anchor_at")

    op.drop_table("sweep_pauses")
