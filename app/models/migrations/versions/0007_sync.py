"""Sync: installation keys, enrolled offices, row versions, packages, conflicts (issue 12)

Revision ID: 0007_sync
Revises: 0006_accounts

The version columns are added to every table that has a ``deleted`` column (the travelling
rows), found by inspecting the file, so tables other revisions add get them too.
"""
import sqlalchemy as sa
from alembic import op

revision = "0007_sync"
down_revision = "0006_accounts"
branch_labels = None
depends_on = None

VERSION_COLUMNS = (
    ("row_version", sa.Integer(), "1"),
    ("version_site", sa.String(length=36), ""),
    ("base_version", sa.Integer(), "0"),
    ("base_site", sa.String(length=36), ""),
    ("change_seq", sa.Integer(), "0"),
)


def _travelling_tables() -> list[str]:
    """Tables of the file with a deletion marker that the program's models version (a
    table with a ``deleted`` column of its own that does not travel is left alone)."""
    import app.models  # noqa: F401 - registers every table
    from app.models.base import Base

    versioned = {name for name, t in Base.metadata.tables.items() if "row_version" in t.c}
    inspector = sa.inspect(op.get_bind())
    return sorted(t for t in inspector.get_table_names()
                  if t in versioned
                  and any(c["name"] == "deleted" for c in inspector.get_columns(t)))


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    for table in _travelling_tables():
        have = {c["name"] for c in inspector.get_columns(table)}
        missing = [c for c in VERSION_COLUMNS if c[0] not in have]
        if missing:
            with op.batch_alter_table(table, recreate="never") as batch:
                for name, type_, default in missing:
                    batch.add_column(sa.Column(name, type_, nullable=False, server_default=default))
        indexes = {i["name"] for i in inspector.get_indexes(table)}
        if f"ix_{table}_change_seq" not in indexes:
            op.create_index(f"ix_{table}_change_seq", table, ["change_seq"])

    op.create_table(
        "sync_installation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.String(length=36), nullable=False),
        sa.Column("unit_code", sa.String(length=20), nullable=True),
        sa.Column("key_id", sa.String(length=32), nullable=True),
        sa.Column("sign_private", sa.LargeBinary(), nullable=True),
        sa.Column("box_private", sa.LargeBinary(), nullable=True),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sync_installation"),
    )
    op.create_table(
        "sync_offices",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("unit_code", sa.String(length=20), nullable=False),
        sa.Column("site_id", sa.String(length=36), nullable=False),
        sa.Column("key_id", sa.String(length=32), nullable=False),
        sa.Column("sign_public", sa.LargeBinary(), nullable=False),
        sa.Column("box_public", sa.LargeBinary(), nullable=False),
        sa.Column("fingerprint", sa.String(length=40), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(), nullable=False),
        sa.Column("enrolled_by", sa.String(length=80), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_reason", sa.Text(), nullable=False),
        sa.Column("replaced_by", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_sync_offices"),
    )
    op.create_index("ix_sync_offices_unit_code", "sync_offices", ["unit_code"])
    op.create_index("ix_sync_offices_key_id", "sync_offices", ["key_id"])
    op.create_table(
        "sync_packages",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("package_id", sa.String(length=36), nullable=False),
        sa.Column("direction", sa.String(length=3), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("sender_unit", sa.String(length=20), nullable=False),
        sa.Column("recipient_unit", sa.String(length=20), nullable=False),
        sa.Column("key_id", sa.String(length=32), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("manifest_hash", sa.String(length=64), nullable=False),
        sa.Column("file_hash", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=260), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=True),
        sa.Column("processed_at", sa.DateTime(), nullable=False),
        sa.Column("user_name", sa.String(length=80), nullable=False),
        sa.Column("full", sa.Integer(), nullable=False),
        sa.Column("change_high", sa.Integer(), nullable=False),
        sa.Column("acked_sequence", sa.Integer(), nullable=False),
        sa.Column("acknowledged", sa.Integer(), nullable=False),
        sa.Column("forced", sa.Integer(), nullable=False),
        sa.Column("counts", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sync_packages"),
        sa.UniqueConstraint("direction", "package_id", name="uq_sync_packages_direction"),
    )
    op.create_index("ix_sync_packages_pair", "sync_packages",
                    ["direction", "sender_unit", "recipient_unit", "sequence"])
    op.create_table(
        "sync_held",
        sa.Column("package_id", sa.String(length=36), nullable=False),
        sa.Column("sender_unit", sa.String(length=20), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("missing_sequence", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=260), nullable=False),
        sa.Column("file_hash", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("package_id", name="pk_sync_held"),
    )
    op.create_table(
        "sync_conflicts",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("table_name", sa.String(length=60), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("package_id", sa.String(length=36), nullable=False),
        sa.Column("sender_unit", sa.String(length=20), nullable=False),
        sa.Column("local_values", sa.Text(), nullable=False),
        sa.Column("incoming_values", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("settled_at", sa.DateTime(), nullable=True),
        sa.Column("settled_by", sa.String(length=80), nullable=False),
        sa.Column("resolution", sa.String(length=12), nullable=False),
        sa.Column("merged_values", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sync_conflicts"),
    )
    op.create_index("ix_sync_conflicts_row_id", "sync_conflicts", ["row_id"])


def downgrade() -> None:
    for table in ("sync_conflicts", "sync_held", "sync_packages", "sync_offices",
                  "sync_installation"):
        op.drop_table(table)
    for table in _travelling_tables():
        op.drop_index(f"ix_{table}_change_seq", table)
        with op.batch_alter_table(table) as batch:
            for name, _type, _default in VERSION_COLUMNS:
                batch.drop_column(name)
