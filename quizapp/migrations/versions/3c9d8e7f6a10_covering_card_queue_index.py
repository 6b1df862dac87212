"""covering card queue index, partial index of retired items

Revision ID: 3c9d8e7f6a10
Revises: f2fcd5be9c49
Create Date: 2026-11-22 07:20:00

"""
import sqlalchemy as sa
from alembic import op

# The stored value, spelt once (a StrEnum's value is what the rows hold; it never changes in place).
from quizapp.enums import ItemStatus

revision = "3c9d8e7f6a10"
down_revision = "f2fcd5be9c49"
branch_labels = None
depends_on = None

OLD = ["user_id", "suspended", "state", "due"]
NEW = OLD + ["buried_until", "last_review", "item_id"]


def upgrade():
    # Plain index DDL, not batch mode: nothing here needs SQLite's table copy.
    op.drop_index("ix_card_queue", table_name="card")
    op.create_index("ix_card_queue", "card", NEW, unique=False)
    retired = sa.text(f"status = '{ItemStatus.RETIRED.value}'")
    op.create_index("ix_item_retired", "item", ["id"], unique=False, sqlite_where=retired, postgresql_where=retired)


def downgrade():
    op.drop_index("ix_item_retired", table_name="item")
    op.drop_index("ix_card_queue", table_name="card")
    op.create_index("ix_card_queue", "card", OLD, unique=False)
