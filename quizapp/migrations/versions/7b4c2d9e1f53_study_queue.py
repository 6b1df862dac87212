"""study_queue: today's queue per user and filter, invalidated by triggers

Revision ID: 7b4c2d9e1f53
Revises: 6a2e1b8d3c42
Create Date: 2026-11-22 09:20:00

Every change to a card's queue columns, or to a user's study settings, adds
one to ``study_queue.version`` for that user, whichever code or process makes
it. A queue is used only while its ``clean_version`` equals ``version``.
"""
import sqlalchemy as sa
from alembic import op

import quizapp.timeutil

revision = "7b4c2d9e1f53"
down_revision = "6a2e1b8d3c42"
branch_labels = None
depends_on = None

CARD_COLUMNS = "user_id, item_id, state, due, suspended, buried_until"
BUMP = "UPDATE study_queue SET version = version + 1 WHERE user_id = {who}.user_id"

SQLITE = [
    f"CREATE TRIGGER trg_card_ins_queue AFTER INSERT ON card BEGIN {BUMP.format(who='NEW')}; END",
    f"CREATE TRIGGER trg_card_upd_queue AFTER UPDATE OF {CARD_COLUMNS} ON card BEGIN "
    "UPDATE study_queue SET version = version + 1 WHERE user_id IN (OLD.user_id, NEW.user_id); END",
    f"CREATE TRIGGER trg_card_del_queue AFTER DELETE ON card BEGIN {BUMP.format(who='OLD')}; END",
    f"CREATE TRIGGER trg_settings_ins_queue AFTER INSERT ON study_settings BEGIN {BUMP.format(who='NEW')}; END",
    f"CREATE TRIGGER trg_settings_upd_queue AFTER UPDATE ON study_settings BEGIN {BUMP.format(who='NEW')}; END",
]
SQLITE_DROP = ["trg_card_ins_queue", "trg_card_upd_queue", "trg_card_del_queue", "trg_settings_ins_queue",
               "trg_settings_upd_queue"]

POSTGRES = [
    # One bump per changed row, as on SQLite, so the answer path can count its own.
    """CREATE FUNCTION study_queue_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE study_queue SET version = version + 1 WHERE user_id = OLD.user_id;
  ELSIF TG_OP = 'UPDATE' AND OLD.user_id <> NEW.user_id THEN
    UPDATE study_queue SET version = version + 1 WHERE user_id IN (OLD.user_id, NEW.user_id);
  ELSE
    UPDATE study_queue SET version = version + 1 WHERE user_id = NEW.user_id;
  END IF;
  RETURN NULL;
END $$""",
    f"CREATE TRIGGER trg_card_queue AFTER INSERT OR DELETE OR UPDATE OF {CARD_COLUMNS} ON card "
    "FOR EACH ROW EXECUTE FUNCTION study_queue_bump()",
    "CREATE TRIGGER trg_settings_queue AFTER INSERT OR UPDATE ON study_settings "
    "FOR EACH ROW EXECUTE FUNCTION study_queue_bump()",
]
POSTGRES_DROP = ["DROP TRIGGER IF EXISTS trg_card_queue ON card",
                 "DROP TRIGGER IF EXISTS trg_settings_queue ON study_settings",
                 "DROP FUNCTION IF EXISTS study_queue_bump()"]


def upgrade():
    op.create_table(
        "study_queue",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("filter_key", sa.String(length=400), nullable=False),
        sa.Column("day_start", quizapp.timeutil.UTCDateTime(timezone=True), nullable=False),
        sa.Column("built_at", quizapp.timeutil.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("clean_version", sa.Integer(), nullable=False),
        sa.Column("lists", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_study_queue_user_id_user"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "filter_key", name=op.f("pk_study_queue")),
    )
    dialect = op.get_bind().dialect.name
    for statement in SQLITE if dialect == "sqlite" else POSTGRES:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        for name in SQLITE_DROP:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        for statement in POSTGRES_DROP:
            op.execute(statement)
    op.drop_table("study_queue")
