"""Requisitions: intake, estimate snapshot, readiness and approval.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "requisitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hiring_manager_id", sa.String(length=32), nullable=False),
        sa.Column("approver_id", sa.String(length=32), nullable=False),
        sa.Column("specialization", sa.String(length=40), nullable=False),
        sa.Column("level", sa.String(length=40), nullable=False),
        sa.Column("location", sa.String(length=40), nullable=False),
        sa.Column("hiring_model", sa.String(length=40), nullable=False),
        sa.Column("headcount", sa.Integer(), nullable=False),
        sa.Column("target_start", sa.Date(), nullable=False),
        sa.Column("stage", sa.String(length=40), nullable=False),
        sa.Column("work", sa.String(length=40), nullable=False),
        sa.Column("mlops", sa.String(length=40), nullable=False),
        sa.Column("tools", sa.Text(), nullable=True),
        sa.Column("domain", sa.Text(), nullable=True),
        sa.Column("readiness_answers", sa.JSON(), nullable=False),
        sa.Column("readiness_yes", sa.Integer(), nullable=False),
        sa.Column("readiness_total", sa.Integer(), nullable=False),
        sa.Column("estimate", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("post_ts", sa.String(length=32), nullable=True),
        sa.Column("jd_ts", sa.String(length=32), nullable=True),
        sa.Column("approval_channel_id", sa.String(length=32), nullable=True),
        sa.Column("approval_ts", sa.String(length=32), nullable=True),
        sa.Column("decided_by", sa.String(length=32), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending_approval', 'needs_preparation', 'approved', 'changes_requested', 'rejected')",
            name=op.f("ck_requisitions_status"),
        ),
        sa.CheckConstraint("headcount BETWEEN 1 AND 50", name=op.f("ck_requisitions_headcount")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requisitions")),
    )
    with op.batch_alter_table("requisitions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_requisitions_approver_id"), ["approver_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_requisitions_hiring_manager_id"), ["hiring_manager_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_requisitions_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("requisitions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_requisitions_status"))
        batch_op.drop_index(batch_op.f("ix_requisitions_hiring_manager_id"))
        batch_op.drop_index(batch_op.f("ix_requisitions_approver_id"))

    op.drop_table("requisitions")
