"""Full-text index on candidates' folded names (fast diacritic-insensitive search)

Revision ID: 0002_candidate_search
Revises: 0001_initial
"""
from alembic import op

from app.models import search_index

revision = "0002_candidate_search"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    search_index.create(op.get_bind())


def downgrade() -> None:
    search_index.drop(op.get_bind())
