"""Review, versions and flags: item_version, Item.version, the version a log or test response saw, flag resolutions

Revision ID: e5c2a7d1b9f3
Revises: d7b1e4a9c2f6
Create Date: 2026-12-02 04:30:00

Every change to an item writes an item_version row (its whole wording), and
review logs and test responses record the number they saw. A learner's flag
on an item is an item_flag row (kind "learner"); resolving one records what
was done and by whom.
"""
import sqlalchemy as sa
from alembic import op

from quizapp.timeutil import UTCDateTime

revision = "e5c2a7d1b9f3"
down_revision = "d7b1e4a9c2f6"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "item_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(40), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("stem", sa.Text(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("answer", sa.JSON(), nullable=True),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("hold_reasons", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"], name=op.f("fk_item_version_item_id_item"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_item_version_user_id_user"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item_version")),
        sa.UniqueConstraint("item_id", "number", name="uq_item_version_item_number"),
    )
    with op.batch_alter_table("item") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    with op.batch_alter_table("review_log") as batch:
        batch.add_column(sa.Column("item_version", sa.Integer(), nullable=True))
    with op.batch_alter_table("practice_response") as batch:
        batch.add_column(sa.Column("item_version", sa.Integer(), nullable=True))
    with op.batch_alter_table("item_flag") as batch:
        batch.add_column(sa.Column("resolution", sa.Text(), nullable=True))
        batch.add_column(sa.Column("resolved_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("resolved_at", UTCDateTime(timezone=True), nullable=True))
        batch.create_foreign_key("fk_item_flag_resolved_by_id_user", "user", ["resolved_by_id"], ["id"],
                                 ondelete="SET NULL")


def downgrade() -> None:
    with op.batch_alter_table("item_flag") as batch:
        batch.drop_constraint("fk_item_flag_resolved_by_id_user", type_="foreignkey")
        batch.drop_column("resolved_at")
        batch.drop_column("resolved_by_id")
        batch.drop_column("resolution")
    with op.batch_alter_table("practice_response") as batch:
        batch.drop_column("item_version")
    with op.batch_alter_table("review_log") as batch:
        batch.drop_column("item_version")
    with op.batch_alter_table("item") as batch:
        batch.drop_column("version")
    op.drop_table("item_version")
