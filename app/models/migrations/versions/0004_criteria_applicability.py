"""Criteria faithful to the plan: subjects per item, not applicable, unit minimums (issue 8)

- ``criteria.subjects``: the kinds of candidate an item applies to (empty: all).
- ``unit_targets``: a unit's own minimums for the plan's targets (plan IV.1).
- the corrected versions of the plan's criteria sets (version 1 stays for the
  assessments made with it); "không áp dụng" is a verdict, its reason the item's note.
- sort keys of people recomputed (each name part compared whole) and the search form of
  names with an apostrophe ("H'Lan" is also found by "lan").

Revision ID: 0004_criteria
Revises: 0003_filter_indexes
"""
import sqlalchemy as sa
from alembic import op

from app import text
from app.models.criteria_revisions import add_criteria_revisions

revision = "0004_criteria"
down_revision = "0003_filter_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("criteria") as batch:
        batch.add_column(sa.Column("subjects", sa.String(length=120), nullable=False,
                                   server_default=""))
    op.create_table(
        "unit_targets",
        sa.Column("unit_code", sa.String(length=20), sa.ForeignKey("admin_units.code"),
                  nullable=False),
        sa.Column("target_id", sa.String(length=36), sa.ForeignKey("targets.id"),
                  nullable=False),
        *(sa.Column(f"min_{k}", sa.Integer(), nullable=False) for k in (
            "collectives", "individuals", "households", "cooperatives", "coop_groups",
            "examples")),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("owner_unit_code", sa.String(length=20), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("unit_code", "target_id"),
    )
    op.create_index("ix_unit_targets_updated_at", "unit_targets", ["updated_at"])
    op.create_index("ix_unit_targets_owner_unit_code", "unit_targets", ["owner_unit_code"])

    conn = op.get_bind()
    add_criteria_revisions(conn)
    people = conn.execute(sa.text(
        "SELECT id, ho, ten_dem, ten, display_name FROM candidates "
        "WHERE ten IS NOT NULL AND ten != ''")).all()
    for row_id, ho, ten_dem, ten, _name in people:
        conn.execute(sa.text("UPDATE candidates SET sort_key = :key WHERE id = :id"),
                     {"key": text.person_sort_key(ho, ten_dem, ten), "id": row_id})
    for row_id, name, head in conn.execute(sa.text(
            "SELECT id, display_name, head_name FROM candidates "
            "WHERE display_name LIKE '%''%' OR head_name LIKE '%''%'")).all():
        names = " ".join(v or "" for v in (name, head))
        conn.execute(sa.text("UPDATE candidates SET name_search = :s WHERE id = :id"),
                     {"s": text.fold(names), "id": row_id})


def downgrade() -> None:
    op.drop_table("unit_targets")
    with op.batch_alter_table("criteria") as batch:
        batch.drop_column("subjects")
