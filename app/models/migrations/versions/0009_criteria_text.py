"""Criteria text faithful to plan III.3, new versions of the sets changed (issue 8)

Every item of every model type re-read against the plan word by word: each item is now
the plan's own clause (its subject kept: "Tập thể ...", "Hộ gia đình điển hình ...",
"Cá nhân giữ chức vụ lãnh đạo, quản lý ..."), nothing added, nothing left out. The sets
changed get a new version (``migration: 0009_criteria_text`` in
``resources/plan/criteria_revisions.json``); assessments already made keep the version
they were made with. The same function seeds a new file, so both give the same rows.

Revision ID: 0009_criteria_text
Revises: 0008_speed
"""
import sqlalchemy as sa
from alembic import op

from app.models.criteria_revisions import add_criteria_revisions, revisions, stable_id

revision = "0009_criteria_text"
down_revision = "0008_speed"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_criteria_revisions(op.get_bind())


def downgrade() -> None:
    conn = op.get_bind()
    for rev in revisions():
        if rev.get("migration") != revision:
            continue
        set_id = stable_id("criteria_set", f"{rev['model_type']}:plan:{int(rev['version'])}")
        used = conn.execute(sa.text("SELECT 1 FROM assessments WHERE criteria_set_id = :s"),
                            {"s": set_id}).first()
        if used:
            continue
        conn.execute(sa.text("DELETE FROM criteria WHERE criteria_set_id = :s"), {"s": set_id})
        conn.execute(sa.text("DELETE FROM criteria_sets WHERE id = :s"), {"s": set_id})
