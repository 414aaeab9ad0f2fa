"""Offers taken back when their requisition closes, is put on hold or fills: why (withdraw_reason), and the
hiring manager's message about the offer, whose buttons are retired when it moves on.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("offers") as batch_op:
        batch_op.add_column(sa.Column("withdraw_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("notice_channel_id", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("notice_ts", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("offers") as batch_op:
        batch_op.drop_column("notice_ts")
        batch_op.drop_column("notice_channel_id")
        batch_op.drop_column("withdraw_reason")
