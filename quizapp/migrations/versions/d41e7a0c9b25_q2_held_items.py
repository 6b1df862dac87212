"""held items: item.hold_reasons, and the queue's anti-join index covers held as well as retired

Revision ID: d41e7a0c9b25
Revises: c4e8a1d2f9b7
Create Date: 2026-12-01 21:30:00

The bank's quality gate marks items ``held`` with reasons; they are loaded
(the library and editors can see them) but never served. The study queue
excludes unserved items by an anti-join on a small partial index; it now
covers both statuses, spelled exactly as the query spells them so SQLite
sees that the index applies.
"""
import sqlalchemy as sa
from alembic import op

# The stored values, spelt once (a StrEnum's value is what the rows hold; it never changes in place).
from quizapp.enums import ItemStatus

revision = "d41e7a0c9b25"
down_revision = "c4e8a1d2f9b7"
branch_labels = None
depends_on = None

RETIRED_, HELD = ItemStatus.RETIRED.value, ItemStatus.HELD.value
UNSERVED = sa.text(f"status IN ('{RETIRED_}', '{HELD}')")  # as quizapp.models.content.UNSERVED_SQL spells it
RETIRED = sa.text(f"status = '{RETIRED_}'")


def upgrade():
    # ADD COLUMN needs no table copy on SQLite; indexes are plain DDL, as in 3c9d8e7f6a10.
    op.add_column("item", sa.Column("hold_reasons", sa.JSON(), nullable=True))
    op.drop_index("ix_item_retired", table_name="item")
    op.create_index("ix_item_unserved", "item", ["id"], unique=False, sqlite_where=UNSERVED,
                    postgresql_where=UNSERVED)


def downgrade():
    # The old code serves anything not retired: held items must not become servable.
    op.execute(f"UPDATE item SET status = '{RETIRED_}' WHERE status = '{HELD}'")
    op.drop_index("ix_item_unserved", table_name="item")
    with op.batch_alter_table("item") as batch:
        batch.drop_column("hold_reasons")
    op.create_index("ix_item_retired", "item", ["id"], unique=False, sqlite_where=RETIRED, postgresql_where=RETIRED)
