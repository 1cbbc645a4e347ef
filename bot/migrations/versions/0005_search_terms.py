"""Per-word passage counts for PostgreSQL's full-text index (SQLite reads them from FTS5's vocabulary table).

Counting a word's passages through the GIN index costs a heap visit per match; the auto-answerer asks for a
dozen words per question, so pmbot keeps the counts itself, updated with every indexed document.

Revision ID: 0005_search_terms
Revises: 0002_search
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_search_terms"
down_revision = "0002_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.create_table(
        "search_terms",
        sa.Column("term", sa.String(64), primary_key=True),
        sa.Column("passages", sa.Integer, nullable=False),
    )
    # What is indexed already (ts_stat's ndoc: in how many passages each word occurs).
    op.execute("INSERT INTO search_terms (term, passages) SELECT word, ndoc FROM ts_stat("
               "'SELECT tsv FROM search_passages') WHERE length(word) <= 64")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_table("search_terms")
