"""Sync: audit head and drift counts in packages (issue 12)

Revision ID: 0011_sync_more
Revises: 0010_speed_more
"""

revision = "0011_sync_more"
down_revision = "0010_speed_more"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
