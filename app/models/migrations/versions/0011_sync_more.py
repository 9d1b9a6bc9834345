"""Sync: audit head and drift counts in packages (issue 12)

Revision ID: 0011_sync_more
Revises: 0010_speed_more
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_sync_more"
down_revision = "0010_speed_more"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_packages") as batch:
        batch.add_column(sa.Column("audit_head", sa.String(length=100), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("audit_check", sa.String(length=10), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("held_declared", sa.Text(), nullable=False,
                                   server_default="{}"))
        batch.add_column(sa.Column("held_here", sa.Text(), nullable=False, server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("sync_packages") as batch:
        for name in ("held_here", "held_declared", "audit_check", "audit_head"):
            batch.drop_column(name)
