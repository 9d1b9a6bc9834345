"""Sync: installation keys, enrolled offices, row versions, packages, conflicts (issue 12)

Revision ID: 0007_sync
Revises: 0006_accounts
"""
from alembic import op  # noqa: F401

revision = "0007_sync"
down_revision = "0006_accounts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
