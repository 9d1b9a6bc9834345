"""Accounts, roles, hash-chained audit trail, backups (issue 11)

Revision ID: 0006_accounts
Revises: 0005_villages
"""
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0006_accounts"
down_revision = "0005_villages"
branch_labels = None
depends_on = None

# Columns are added one by one (never a copy of the whole table), so later revisions
# may add their own columns to these tables freely.
USER_COLUMNS: tuple[sa.Column[Any], ...] = (
    sa.Column("password_hash", sa.String(length=255), nullable=False, server_default=""),
    sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("locked_until", sa.DateTime(), nullable=True),
    sa.Column("disabled", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("last_login_at", sa.DateTime(), nullable=True),
)
AUDIT_COLUMNS: tuple[sa.Column[Any], ...] = (
    sa.Column("unit_code", sa.String(length=20), nullable=False, server_default=""),
    sa.Column("prev_hash", sa.String(length=64), nullable=False, server_default=""),
    sa.Column("entry_hash", sa.String(length=64), nullable=False, server_default=""),
)


def upgrade() -> None:
    for column in USER_COLUMNS:
        op.add_column("users", column)
    for column in AUDIT_COLUMNS:
        op.add_column("audit_log", column)
    op.create_index("ix_audit_log_record", "audit_log", ["table_name", "row_id"])


def downgrade() -> None:
    op.drop_index("ix_audit_log_record", table_name="audit_log")
    with op.batch_alter_table("audit_log") as batch_op:
        for column in AUDIT_COLUMNS:
            batch_op.drop_column(column.name)
    with op.batch_alter_table("users") as batch_op:
        for column in USER_COLUMNS:
            batch_op.drop_column(column.name)
