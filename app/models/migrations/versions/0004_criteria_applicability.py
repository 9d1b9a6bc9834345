"""Criteria faithful to the plan: subjects per item, not applicable, unit minimums (issue 8)

Revision ID: 0004_criteria
Revises: 0003_filter_indexes
"""
from alembic import op  # noqa: F401

revision = "0004_criteria"
down_revision = "0003_filter_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
