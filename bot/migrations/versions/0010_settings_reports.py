"""Settings kept in Slack: the workspace's settings row and the record of every change; indexes for the
coordinator's reports (a period's interviews and scorecards).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "workspace_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hiring_channel", sa.String(length=32), nullable=True),
        sa.Column("onboarding_channel", sa.String(length=32), nullable=True),
        sa.Column("admins", sa.JSON(), nullable=False),
        sa.Column("holiday_country", sa.String(length=8), nullable=True),
        sa.Column("holiday_subdivision", sa.String(length=16), nullable=True),
        sa.Column("work_start", sa.Time(), nullable=False),
        sa.Column("work_end", sa.Time(), nullable=False),
        sa.Column("digest_weekday", sa.Integer(), nullable=False),
        sa.Column("digest_time", sa.Time(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_workspace_settings_one_row")),
        sa.CheckConstraint("digest_weekday BETWEEN 0 AND 6", name=op.f("ck_workspace_settings_digest_weekday")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workspace_settings")),
    )
    op.create_table(
        "setting_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("changed_by", sa.String(length=32), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("old", sa.Text(), nullable=True),
        sa.Column("new", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_setting_changes")),
    )
    with op.batch_alter_table("setting_changes") as batch_op:
        batch_op.create_index(batch_op.f("ix_setting_changes_changed_at"), ["changed_at"], unique=False)
    with op.batch_alter_table("interviews") as batch_op:
        batch_op.create_index("ix_interviews_ends_at", ["ends_at"], unique=False)
    with op.batch_alter_table("scorecards") as batch_op:
        batch_op.create_index("ix_scorecards_submitted_at", ["submitted_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("scorecards") as batch_op:
        batch_op.drop_index("ix_scorecards_submitted_at")
    with op.batch_alter_table("interviews") as batch_op:
        batch_op.drop_index("ix_interviews_ends_at")
    with op.batch_alter_table("setting_changes") as batch_op:
        batch_op.drop_index(batch_op.f("ix_setting_changes_changed_at"))
    op.drop_table("setting_changes")
    op.drop_table("workspace_settings")
