"""Optional embedding vectors of the auto-answerer's passages (`auto_answer.embeddings`), one per passage: the
model that made it, a digest of the text it was made from (a re-indexed passage whose text did not change keeps
its vector), and the vector as little-endian float32, unit length.

Revision ID: 0006_search_vectors
Revises: 0005_search_terms
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_search_vectors"
down_revision = "0005_search_terms"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer, "sqlite")


def upgrade() -> None:
    op.create_table(
        "search_vectors",
        sa.Column("passage_id", Id, primary_key=True),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("model", sa.String(128), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("vector", sa.LargeBinary, nullable=False),
    )
    op.create_index("ix_search_vectors_source_model", "search_vectors", ["source", "model"])


def downgrade() -> None:
    op.drop_index("ix_search_vectors_source_model", table_name="search_vectors")
    op.drop_table("search_vectors")
