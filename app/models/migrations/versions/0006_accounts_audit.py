"""Accounts, roles, hash-chained audit trail, backups (issue 11)

Revision ID: 0006_accounts
Revises: 0005_villages
"""
from alembic import op  # noqa: F401

revision = "0006_accounts"
down_revision = "0005_villages"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
