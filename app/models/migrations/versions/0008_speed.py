"""Speed: candidate counts per unit, lead agency, movement, model type, kind, status, year
and phase, kept by triggers in the same transaction as each change (issue 13)

Revision ID: 0008_speed
Revises: 0007_sync
"""
import sqlalchemy as sa
from alembic import op

from app.models import counts

revision = "0008_speed"
down_revision = "0007_sync"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "candidate_counts",
        sa.Column("unit_code", sa.String(20), primary_key=True),
        sa.Column("lead_agency_id", sa.String(36), primary_key=True),
        sa.Column("movement_id", sa.String(36), primary_key=True),
        sa.Column("model_type_id", sa.String(36), primary_key=True),
        sa.Column("kind", sa.String(20), primary_key=True),
        sa.Column("status", sa.String(20), primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("phase_id", sa.String(36), primary_key=True),
        sa.Column("n", sa.Integer, nullable=False),
    )
    op.create_index("ix_candidate_counts_targets", "candidate_counts",
                    ["lead_agency_id", "movement_id", "kind", "phase_id", "status", "unit_code",
                     "n"])
    op.create_table(
        "candidate_totals",
        sa.Column("lead_agency_id", sa.String(36), primary_key=True),
        sa.Column("movement_id", sa.String(36), primary_key=True),
        sa.Column("kind", sa.String(20), primary_key=True),
        sa.Column("status", sa.String(20), primary_key=True),
        sa.Column("phase_id", sa.String(36), primary_key=True),
        sa.Column("n", sa.Integer, nullable=False),
    )
    counts.create_triggers(op.get_bind())


def downgrade() -> None:
    for statement in counts.DROP_TRIGGERS:
        op.execute(statement)
    op.drop_index("ix_candidate_counts_targets", "candidate_counts")
    op.drop_table("candidate_counts")
    op.drop_table("candidate_totals")
