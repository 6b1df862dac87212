"""One submitted_by vocabulary: practice attempts said "candidate" where answers say "user"

Revision ID: c4e8a1d2f9b7
Revises: c3a9e5f17d20
Create Date: 2026-12-01 21:55:00
"""
from alembic import op

revision = "c4e8a1d2f9b7"
down_revision = "c3a9e5f17d20"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE practice_attempt SET submitted_by = 'user' WHERE submitted_by = 'candidate'")


def downgrade() -> None:
    op.execute("UPDATE practice_attempt SET submitted_by = 'candidate' WHERE submitted_by = 'user'")
