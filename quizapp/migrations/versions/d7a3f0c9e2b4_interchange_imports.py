"""Imported question banks: Document.kind and owner_id, Item.provenance

Revision ID: d7a3f0c9e2b4
Revises: d7a3f1c9e2b4
Create Date: 2026-12-01 22:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = "d7a3f0c9e2b4"
down_revision = "d7a3f1c9e2b4"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("document") as batch:
        batch.add_column(sa.Column("kind", sa.String(12), nullable=False, server_default="source"))
        batch.add_column(sa.Column("owner_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_document_owner_id_user", "user", ["owner_id"], ["id"], ondelete="CASCADE")
        batch.create_index("ix_document_owner_id", ["owner_id"])
    with op.batch_alter_table("item") as batch:
        batch.add_column(sa.Column("provenance", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("item") as batch:
        batch.drop_column("provenance")
    with op.batch_alter_table("document") as batch:
        batch.drop_index("ix_document_owner_id")
        batch.drop_constraint("fk_document_owner_id_user", type_="foreignkey")
        batch.drop_column("owner_id")
        batch.drop_column("kind")
