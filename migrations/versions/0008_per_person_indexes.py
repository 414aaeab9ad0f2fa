"""An index on scorecards by interviewer, so a person's open interviews (App Home) are found from their
own scorecards, never by joining everyone's.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_scorecards_interviewer_interview", "scorecards", ["interviewer_id", "interview_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_scorecards_interviewer_interview", table_name="scorecards")
