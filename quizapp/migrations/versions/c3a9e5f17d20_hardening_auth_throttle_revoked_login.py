"""auth_throttle (failed logins and name probes, shared by all workers) and revoked_login (logged-out devices)

Revision ID: c3a9e5f17d20
Revises: 7b4c2d9e1f53
Create Date: 2026-12-01 21:30:00
"""
import sqlalchemy as sa
from alembic import op

import quizapp.timeutil

revision = "c3a9e5f17d20"
down_revision = "7b4c2d9e1f53"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "auth_throttle",
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", quizapp.timeutil.UTCDateTime(timezone=True), nullable=False),
        sa.Column("locked_until", quizapp.timeutil.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_auth_throttle")),
    )
    op.create_table(
        "revoked_login",
        sa.Column("device", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("revoked_at", quizapp.timeutil.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_revoked_login_user_id_user"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("device", name=op.f("pk_revoked_login")),
    )
    with op.batch_alter_table("revoked_login") as batch:
        batch.create_index(batch.f("ix_revoked_login_user_id"), ["user_id"], unique=False)
        batch.create_index(batch.f("ix_revoked_login_revoked_at"), ["revoked_at"], unique=False)


def downgrade():
    with op.batch_alter_table("revoked_login") as batch:
        batch.drop_index(batch.f("ix_revoked_login_revoked_at"))
        batch.drop_index(batch.f("ix_revoked_login_user_id"))
    op.drop_table("revoked_login")
    op.drop_table("auth_throttle")
