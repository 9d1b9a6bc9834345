"""Village scoring reshaped: versioned schemes, items by kind, yearly procedure (issue 10)

Revision ID: 0005_villages
Revises: 0004_criteria

Existing files hold 100-point scores of the Decree 122 kind (a scheme whose rows are the
five standards with their maximum points, and each village's yearly totals). They become
a points-mode scheme whose standards each get one points item of the same maximum (so the
scheme can be scored in the grid), scores keep their stored totals and results, and each
commune-year with scores gets its procedure row in the state its scores were in.
Only columns are added (SQLite ADD COLUMN), so the later migrations' columns are untouched.
"""
import uuid

import sqlalchemy as sa
from alembic import op

revision = "0005_villages"
down_revision = "0004_criteria"
branch_labels = None
depends_on = None

def _sync_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("owner_unit_code", sa.String(length=20), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
    ]


def _sync_indexes(table: str) -> None:
    op.create_index(f"ix_{table}_updated_at", table, ["updated_at"])
    op.create_index(f"ix_{table}_owner_unit_code", table, ["owner_unit_code"])


def upgrade() -> None:
    op.add_column("scoring_schemes", sa.Column("mode", sa.String(length=20), nullable=False,
                                               server_default="points"))
    op.add_column("scoring_schemes", sa.Column("replaces_id", sa.String(length=36), nullable=True))
    op.add_column("scoring_criteria", sa.Column("kind", sa.String(length=20), nullable=False,
                                                server_default="standard"))
    op.add_column("scoring_criteria", sa.Column("thresholds", sa.Text(), nullable=False,
                                                server_default="{}"))
    op.add_column("scoring_criteria", sa.Column("stat_key", sa.String(length=40), nullable=True))
    op.add_column("scoring_criteria", sa.Column("base_key", sa.String(length=40), nullable=True))
    for name in ("households", "poor_households", "near_poor_households", "cultural_households",
                 "working_age", "employed", "votes_for"):
        op.add_column("village_scores", sa.Column(name, sa.Integer(), nullable=True))
    op.add_column("village_scores", sa.Column("extra_stats", sa.Text(), nullable=False,
                                              server_default="{}"))
    op.add_column("village_scores", sa.Column("self_passed", sa.Boolean(), nullable=True))
    op.add_column("village_scores", sa.Column("failed", sa.Text(), nullable=False,
                                              server_default="[]"))
    op.add_column("village_scores", sa.Column("area_class", sa.String(length=30), nullable=True))
    op.add_column("village_score_items", sa.Column("assessor", sa.String(length=10),
                                                   nullable=False, server_default="council"))
    op.add_column("village_score_items", sa.Column("value", sa.Float(), nullable=True))
    op.create_index("ix_village_score_items_entry", "village_score_items",
                    ["score_id", "criterion_id", "assessor"], unique=True)

    op.create_table(
        "village_reviews",
        sa.Column("commune_code", sa.String(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("meeting_on", sa.Date(), nullable=True),
        sa.Column("meeting_place", sa.String(length=300), nullable=False),
        sa.Column("chair", sa.String(length=120), nullable=False),
        sa.Column("secretary", sa.String(length=120), nullable=False),
        sa.Column("invited", sa.Integer(), nullable=True),
        sa.Column("present", sa.Integer(), nullable=True),
        sa.Column("voting_method", sa.String(length=60), nullable=False),
        sa.Column("posted_place", sa.String(length=300), nullable=False),
        sa.Column("posted_from", sa.Date(), nullable=True),
        sa.Column("posted_to", sa.Date(), nullable=True),
        sa.Column("objections", sa.Text(), nullable=False),
        sa.Column("decision_number", sa.String(length=60), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("authority", sa.String(length=200), nullable=False),
        *_sync_columns(),
        sa.ForeignKeyConstraint(["commune_code"], ["admin_units.code"],
                                name="fk_village_reviews_commune_code_admin_units"),
        sa.PrimaryKeyConstraint("id", name="pk_village_reviews"),
        sa.UniqueConstraint("commune_code", "year", name="uq_village_reviews_commune_code"),
    )
    op.create_index("ix_village_reviews_commune_code", "village_reviews", ["commune_code"])
    _sync_indexes("village_reviews")
    op.create_table(
        "village_review_events",
        sa.Column("review_id", sa.String(length=36), nullable=False),
        sa.Column("from_state", sa.String(length=20), nullable=True),
        sa.Column("to_state", sa.String(length=20), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_name", sa.String(length=80), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        *_sync_columns(),
        sa.ForeignKeyConstraint(["review_id"], ["village_reviews.id"],
                                name="fk_village_review_events_review_id_village_reviews"),
        sa.PrimaryKeyConstraint("id", name="pk_village_review_events"),
    )
    op.create_index("ix_village_review_events_review_id", "village_review_events", ["review_id"])
    _sync_indexes("village_review_events")
    _convert_existing_data()


def _convert_existing_data() -> None:
    conn = op.get_bind()
    conn.execute(sa.text("UPDATE scoring_schemes SET mode = CASE WHEN max_points IS NULL "
                         "THEN 'pass_fail' ELSE 'points' END"))
    # A points standard without items gets one points item with the standard's maximum.
    lonely = conn.execute(sa.text(
        "SELECT s.id, s.scheme_id, s.code, s.text, s.max_points, s.position, s.owner_unit_code "
        "FROM scoring_criteria s JOIN scoring_schemes h ON h.id = s.scheme_id "
        "WHERE h.mode = 'points' AND s.parent_id IS NULL AND NOT EXISTS "
        "(SELECT 1 FROM scoring_criteria c WHERE c.parent_id = s.id)")).all()
    for row in lonely:
        conn.execute(sa.text(
            "INSERT INTO scoring_criteria (id, scheme_id, parent_id, position, code, text, "
            "max_points, kind, thresholds, stat_key, base_key, created_at, updated_at, "
            "owner_unit_code, deleted) VALUES (:id, :scheme, :parent, :pos, :code, :text, "
            ":max, 'points', '{}', NULL, NULL, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, :owner, 0)"),
            {"id": str(uuid.uuid4()), "scheme": row[1], "parent": row[0],
             "pos": row[5] * 100 + 1, "code": f"{row[2]}.1", "text": row[3], "max": row[4],
             "owner": row[6]})
    conn.execute(sa.text("UPDATE village_scores SET stage = 'nhap' WHERE stage = 'tu_danh_gia'"))
    conn.execute(sa.text(
        "UPDATE village_scores SET "
        "area_class = (SELECT u.area_type FROM admin_units u WHERE u.code = village_code), "
        "households = (SELECT u.households FROM admin_units u WHERE u.code = village_code)"))
    groups = conn.execute(sa.text(
        "SELECT u.parent_code, s.year, GROUP_CONCAT(DISTINCT s.stage), MAX(s.decision_number), "
        "MAX(s.decided_on), MAX(s.reviewed_on) FROM village_scores s "
        "JOIN admin_units u ON u.code = s.village_code "
        "WHERE s.deleted = 0 AND u.parent_code IS NOT NULL GROUP BY u.parent_code, s.year")).all()
    order = ["nhap", "binh_xet", "cong_khai", "quyet_dinh", "khoa"]
    for commune, year, stages, number, decided, reviewed in groups:
        # The commune-year stands where its least advanced village stands.
        known = [order.index(s) for s in str(stages).split(",") if s in order] or [0]
        state = order[min(known)]
        conn.execute(sa.text(
            "INSERT INTO village_reviews (id, commune_code, year, state, meeting_on, "
            "meeting_place, chair, secretary, invited, present, voting_method, posted_place, "
            "posted_from, posted_to, objections, decision_number, decided_on, authority, "
            "created_at, updated_at, owner_unit_code, deleted) VALUES (:id, :commune, :year, "
            ":state, :meeting, '', '', '', NULL, NULL, '', '', NULL, NULL, '', :number, "
            ":decided, '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, :commune, 0)"),
            {"id": str(uuid.uuid4()), "commune": commune, "year": year, "state": state,
             "meeting": reviewed, "number": number or "", "decided": decided})


def downgrade() -> None:
    op.drop_table("village_review_events")
    op.drop_table("village_reviews")
    op.drop_index("ix_village_score_items_entry", "village_score_items")
    with op.batch_alter_table("village_score_items") as batch:
        batch.drop_column("value")
        batch.drop_column("assessor")
    with op.batch_alter_table("village_scores") as batch:
        for name in ("area_class", "failed", "self_passed", "extra_stats", "votes_for",
                     "employed", "working_age", "cultural_households", "near_poor_households",
                     "poor_households", "households"):
            batch.drop_column(name)
    with op.batch_alter_table("scoring_criteria") as batch:
        for name in ("base_key", "stat_key", "thresholds", "kind"):
            batch.drop_column(name)
    with op.batch_alter_table("scoring_schemes") as batch:
        batch.drop_column("replaces_id")
        batch.drop_column("mode")
