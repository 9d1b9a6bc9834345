"""Criteria text faithful to plan III.3, new versions of the sets changed (issue 8)

Revision ID: 0009_criteria_text
Revises: 0008_speed
"""

revision = "0009_criteria_text"
down_revision = "0008_speed"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
