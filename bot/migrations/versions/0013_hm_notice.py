"""The hiring manager's latest message about a requisition that carries *Revise*: where it is and what it
says, so its button is retired once the requisition can no longer be revised (approved, rejected, closed).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("requisitions") as batch_op:
        batch_op.add_column(sa.Column("hm_notice_channel_id", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("hm_notice_ts", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("hm_notice_text", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("requisitions") as batch_op:
        batch_op.drop_column("hm_notice_text")
        batch_op.drop_column("hm_notice_ts")
        batch_op.drop_column("hm_notice_channel_id")
