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

    # --- issue 13b: reviews, certificates, Excel import and export ---------------------
    # A unit's scope (recursive query) climbs successor_code as well as parent_code:
    # without an index each step read all 2,000 units (0.4 s per scope on a province).
    op.create_index("ix_admin_units_successor_code", "admin_units", ["successor_code"])
    # A review's proposed and decided awards are found from the awards, not by walking
    # every candidate of the scope.
    op.create_index("ix_awards_status_year", "awards", ["status", "deleted", "year"])
    # The covering index of the first dates (migration 0004) is missing from files made
    # by older demo generators; made again where it is missing.
    op.execute("CREATE INDEX IF NOT EXISTS ix_status_changes_firsts ON status_changes "
               "(candidate_id, deleted, to_status, changed_on)")
    # The short code of each candidate (issue 7 point 8): the Excel export's first column.
    with op.batch_alter_table("candidates", recreate="never") as batch:
        batch.add_column(sa.Column("short_code", sa.String(12), nullable=True))
    conn = op.get_bind()
    from app.short_code import short_code_of

    ids = [row[0] for row in conn.execute(sa.text("SELECT id FROM candidates"))]
    # A raw UPDATE: not a user's change, so no sync columns move (every office derives
    # the same code from the id); no trigger watches this column.
    for start in range(0, len(ids), 5000):
        conn.execute(sa.text("UPDATE candidates SET short_code = :code WHERE id = :id"),
                     [{"code": short_code_of(i), "id": i} for i in ids[start:start + 5000]])
    op.create_index("ix_candidates_short_code", "candidates", ["short_code"])
    # --- end of issue 13b ------------------------------------------------------------


def downgrade() -> None:
    # --- issue 13b (made last, undone first) ---
    op.drop_index("ix_candidates_short_code", "candidates")
    with op.batch_alter_table("candidates", recreate="never") as batch:
        batch.drop_column("short_code")
    op.drop_index("ix_awards_status_year", "awards")
    op.drop_index("ix_admin_units_successor_code", "admin_units")
    # --- end of issue 13b ---
    from app.models import dated_counts

    dated_counts.drop_triggers(op.get_bind())
    for table in ("dated_units", "dated_totals", "dated_counts", "candidate_dates"):
        op.drop_table(table)
