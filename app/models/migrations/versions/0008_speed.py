"""Speed: per-unit candidate counts kept by triggers (issue 13)

Revision ID: 0008_speed
Revises: 0007_sync
"""
from alembic import op  # noqa: F401

revision = "0008_speed"
down_revision = "0007_sync"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
