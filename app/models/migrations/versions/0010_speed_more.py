"""Speed: indexes and aggregates for reviews, Tổng hợp and imports (issue 13)

Revision ID: 0010_speed_more
Revises: 0009_criteria_text
"""
import sqlalchemy as sa
from alembic import op

revision = "0010_speed_more"
down_revision = "0009_criteria_text"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # --- issue 13a: dated counts for Tổng hợp and the targets (app/models/dated_counts.py),
    # filled from the candidates and status changes already in the file.
    from app.models import dated_counts

    op.create_table(
        "candidate_dates",
        sa.Column("candidate_id", sa.String(36), primary_key=True),
        sa.Column("unit_code", sa.String(20), nullable=False),
        sa.Column("lead_agency_id", sa.String(36), nullable=False),
        sa.Column("movement_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("model_type_id", sa.String(36), nullable=False),
        sa.Column("registered_on", sa.Date, nullable=True),
        sa.Column("recognised_on", sa.Date, nullable=True),
    )
    op.create_index("ix_candidate_dates_unit", "candidate_dates",
                    ["unit_code", "registered_on", "recognised_on"])
    op.create_index("ix_candidate_dates_registered", "candidate_dates",
                    ["registered_on", "lead_agency_id", "movement_id", "kind", "unit_code"])
    op.create_index("ix_candidate_dates_recognised", "candidate_dates",
                    ["recognised_on", "lead_agency_id", "movement_id", "kind", "unit_code"])
    op.create_table(
        "dated_counts",
        sa.Column("unit_code", sa.String(20), primary_key=True),
        sa.Column("event", sa.Integer, primary_key=True),
        sa.Column("month", sa.String(7), primary_key=True),
        sa.Column("lead_agency_id", sa.String(36), primary_key=True),
        sa.Column("movement_id", sa.String(36), primary_key=True),
        sa.Column("kind", sa.String(20), primary_key=True),
        sa.Column("n", sa.Integer, nullable=False),
    )
    op.create_index("ix_dated_counts_targets", "dated_counts",
                    ["lead_agency_id", "movement_id", "event", "month", "kind", "unit_code",
                     "n"])
    op.create_table(
        "dated_totals",
        sa.Column("event", sa.Integer, primary_key=True),
        sa.Column("month", sa.String(7), primary_key=True),
        sa.Column("lead_agency_id", sa.String(36), primary_key=True),
        sa.Column("movement_id", sa.String(36), primary_key=True),
        sa.Column("kind", sa.String(20), primary_key=True),
        sa.Column("n", sa.Integer, nullable=False),
    )
    op.create_table(
        "dated_units",
        sa.Column("unit_code", sa.String(20), primary_key=True),
        sa.Column("n", sa.Integer, nullable=False),
    )
    dated_counts.recount(op.get_bind())
    # --- end of issue 13a


def downgrade() -> None:
    from app.models import dated_counts

    dated_counts.drop_triggers(op.get_bind())
    for table in ("dated_units", "dated_totals", "dated_counts", "candidate_dates"):
        op.drop_table(table)
