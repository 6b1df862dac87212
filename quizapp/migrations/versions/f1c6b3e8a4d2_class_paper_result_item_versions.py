"""Class papers keep the item versions each candidate saw: class_paper_result.item_versions

Revision ID: f1c6b3e8a4d2
Revises: e5c2a7d1b9f3
Create Date: 2026-12-02 11:30:00

A class paper's online sittings are practice attempts, whose responses already
record ``item_version``; the stored result row is what the results page reads,
so it now carries those numbers too, aligned with ``choices``. Results then
mark each answer against the key of the version the candidate answered, not
today's key. Rows stored before this revision have NULL (read as "current").
"""
import sqlalchemy as sa
from alembic import op

revision = "f1c6b3e8a4d2"
down_revision = "e5c2a7d1b9f3"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("class_paper_result") as batch:
        batch.add_column(sa.Column("item_versions", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("class_paper_result") as batch:
        batch.drop_column("item_versions")
