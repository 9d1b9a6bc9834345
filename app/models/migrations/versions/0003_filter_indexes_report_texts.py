"""Filter indexes ending in the sort key, a duplicate-check index; edited report paragraphs

Revision ID: 0003_filter_indexes
Revises: 0002_candidate_search
"""
import sqlalchemy as sa
from alembic import op

from app.models.register import FILTER_COLUMNS

revision = "0003_filter_indexes"
down_revision = "0002_candidate_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for column in FILTER_COLUMNS:
        op.execute(f"DROP INDEX IF EXISTS ix_candidates_{column}")
        op.create_index(f"ix_candidates_{column}_sorted", "candidates",
                        [column, "deleted", "sort_key"])
    op.create_index("ix_candidates_duplicates", "candidates", ["name_search", "unit_code"])
    op.create_table(
        "report_texts",
        sa.Column("unit_code", sa.String(length=20), sa.ForeignKey("admin_units.code"), nullable=False),
        sa.Column("report_kind", sa.String(length=20), nullable=False),
        sa.Column("section", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("owner_unit_code", sa.String(length=20), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("unit_code", "report_kind", "section"),
    )
    op.create_index("ix_report_texts_updated_at", "report_texts", ["updated_at"])
    op.create_index("ix_report_texts_owner_unit_code", "report_texts", ["owner_unit_code"])
    op.execute("ANALYZE")


def downgrade() -> None:
    op.drop_table("report_texts")
    op.drop_index("ix_candidates_duplicates", "candidates")
    for column in FILTER_COLUMNS:
        op.drop_index(f"ix_candidates_{column}_sorted", "candidates")
        op.create_index(f"ix_candidates_{column}", "candidates", [column])
