"""card browser indexes: one per card-state search, each ending in item_id for keyset pages

Revision ID: d7b1e4a9c2f6
Revises: d7a3f0c9e2b4
Create Date: 2026-12-01 22:40:00

The card browser pages through a user's cards ordered by item id (or by due
date for "due in N days"), 50 at a time, after the last row shown. Each
search on a card column then is one index range scan that stops after a page,
whatever the number of cards, instead of a walk over all of them.
"""
from alembic import op

revision = "d7b1e4a9c2f6"
down_revision = "d7a3f0c9e2b4"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_card_browse_state": ["user_id", "state", "item_id"],
    "ix_card_browse_suspended": ["user_id", "suspended", "item_id"],
    "ix_card_browse_flagged": ["user_id", "flagged", "item_id"],
    "ix_card_browse_due": ["user_id", "due", "item_id"],
}


def upgrade():
    for name, columns in INDEXES.items():
        op.create_index(name, "card", columns, unique=False)


def downgrade():
    for name in INDEXES:
        op.drop_index(name, table_name="card")
