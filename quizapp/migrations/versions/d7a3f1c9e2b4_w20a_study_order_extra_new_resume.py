"""First-use fixes: new-card order and extra new cards per user, and the practice question being viewed

Revision ID: d7a3f1c9e2b4
Revises: d18c1a55e5a1
Create Date: 2026-12-01 22:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = "d7a3f1c9e2b4"
down_revision = "d18c1a55e5a1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("study_settings") as batch:
        batch.add_column(sa.Column("new_order", sa.String(16), nullable=False, server_default="mixed"))
        batch.add_column(sa.Column("extra_new", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("extra_new_day", sa.Date(), nullable=True))
    with op.batch_alter_table("practice_attempt") as batch:
        batch.add_column(sa.Column("current_position", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("practice_attempt") as batch:
        batch.drop_column("current_position")
    with op.batch_alter_table("study_settings") as batch:
        batch.drop_column("extra_new_day")
        batch.drop_column("extra_new")
        batch.drop_column("new_order")
