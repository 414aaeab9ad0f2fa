"""Whose interview kit a recorded message is (`candidate_messages.person_id`), so a kit is rebuilt in place
when its interviews move on (the scorecard is in, the interview declined or reassigned): no stale buttons.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("candidate_messages") as batch_op:
        batch_op.add_column(sa.Column("person_id", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("candidate_messages") as batch_op:
        batch_op.drop_column("person_id")
