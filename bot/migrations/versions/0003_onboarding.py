"""Onboarding: plans, checklist items and check-in answers.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("nudges", schema=None) as batch_op:
        batch_op.add_column(sa.Column("detail", sa.JSON(), nullable=True))
    op.create_table(
        "onboardings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("new_hire_id", sa.String(length=32), nullable=False),
        sa.Column("manager_id", sa.String(length=32), nullable=False),
        sa.Column("buddy_id", sa.String(length=32), nullable=False),
        sa.Column("specialization", sa.String(length=40), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("requisition_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=32), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("thread_ts", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["requisition_id"], ["requisitions.id"], name=op.f("fk_onboardings_requisition_id_requisitions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_onboardings")),
        sa.UniqueConstraint("new_hire_id", name=op.f("uq_onboardings_new_hire_id")),
    )
    with op.batch_alter_table("onboardings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_onboardings_buddy_id"), ["buddy_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_onboardings_manager_id"), ["manager_id"], unique=False)

    op.create_table(
        "check_ins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("onboarding_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("blockers", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("shared_with_manager", sa.Boolean(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["onboarding_id"],
            ["onboardings.id"],
            name=op.f("fk_check_ins_onboarding_id_onboardings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_check_ins")),
        sa.UniqueConstraint("onboarding_id", "day", "role", name="uq_check_ins_answer"),
    )
    op.create_table(
        "onboarding_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("onboarding_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("text", sa.String(length=150), nullable=False),
        sa.Column("owner_role", sa.String(length=16), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_by", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["onboarding_id"],
            ["onboardings.id"],
            name=op.f("fk_onboarding_items_onboarding_id_onboardings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_onboarding_items")),
        sa.UniqueConstraint("onboarding_id", "key", name="uq_onboarding_items_key"),
    )


def downgrade() -> None:
    op.drop_table("onboarding_items")
    op.drop_table("check_ins")
    with op.batch_alter_table("onboardings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_onboardings_manager_id"))
        batch_op.drop_index(batch_op.f("ix_onboardings_buddy_id"))

    op.drop_table("onboardings")
    with op.batch_alter_table("nudges", schema=None) as batch_op:
        batch_op.drop_column("detail")
