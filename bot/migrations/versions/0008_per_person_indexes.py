"""Per-person reads. Each candidate's hiring team as rows (`candidate_access`, filled in from requisitions
and interviews), so a person's candidate list reads only their own entries; `interviews.scored_at` (when
the scorecard came in, filled in from the scorecards already there) with a partial index on (interviewer,
start) over interviews not declined and not yet scored, so a person's open interviews come straight from
an index; and a partial index on reminders dropped as stale, for the report.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = "scored_at IS NULL AND status IN ('assigned', 'scheduled')"
STALE = "status IN ('cancelled') AND last_error LIKE 'dropped as stale: %'"


TEAMS = (
    "INSERT INTO candidate_access (user_id, candidate_id) "
    "SELECT requisitions.hiring_manager_id, candidates.id FROM candidates "
    "JOIN requisitions ON requisitions.id = candidates.requisition_id "
    "UNION SELECT requisitions.approver_id, candidates.id FROM candidates "
    "JOIN requisitions ON requisitions.id = candidates.requisition_id "
    "UNION SELECT interviews.interviewer_id, interviews.candidate_id FROM interviews "
    "WHERE interviews.status != 'declined'"
)


def upgrade() -> None:
    op.create_table(
        "candidate_access",
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_candidate_access_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "candidate_id", name=op.f("pk_candidate_access")),
    )
    op.create_index(op.f("ix_candidate_access_candidate_id"), "candidate_access", ["candidate_id"], unique=False)
    op.execute(TEAMS)
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.add_column(sa.Column("scored_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE interviews SET scored_at = "
        "(SELECT scorecards.submitted_at FROM scorecards WHERE scorecards.interview_id = interviews.id) "
        "WHERE EXISTS (SELECT 1 FROM scorecards WHERE scorecards.interview_id = interviews.id)"
    )
    op.create_index(
        "ix_interviews_open",
        "interviews",
        ["interviewer_id", "starts_at", "id"],
        unique=False,
        postgresql_where=sa.text(OPEN),
        sqlite_where=sa.text(OPEN),
    )
    op.create_index(
        "ix_nudges_stale_updated_at",
        "nudges",
        ["updated_at"],
        unique=False,
        postgresql_where=sa.text(STALE),
        sqlite_where=sa.text(STALE),
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_candidate_access_candidate_id"), table_name="candidate_access")
    op.drop_table("candidate_access")
    op.drop_index("ix_nudges_stale_updated_at", table_name="nudges")
    op.drop_index("ix_interviews_open", table_name="interviews")
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.drop_column("scored_at")
