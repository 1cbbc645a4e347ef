"""Full-text passage index for the auto-answerer (SQLite FTS5 / PostgreSQL tsvector) and answer feedback.

Revision ID: 0002_search
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.storage.tables import UTCDateTime

revision = "0002_search"
down_revision = "0001"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer, "sqlite")

# Columns hold words already normalised by the agent (lower-case stems): the 'simple' configuration and the
# unicode61 tokenizer only split them, so both backends index exactly the same tokens.
SQLITE = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(title_terms, terms, content='search_passages', "
    "content_rowid='id', tokenize='unicode61')",
    "CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_fts, 'row')",
    "CREATE TRIGGER search_passages_ai AFTER INSERT ON search_passages BEGIN "
    "INSERT INTO search_fts(rowid, title_terms, terms) VALUES (new.id, new.title_terms, new.terms); END",
    "CREATE TRIGGER search_passages_ad AFTER DELETE ON search_passages BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title_terms, terms) "
    "VALUES ('delete', old.id, old.title_terms, old.terms); END",
]
POSTGRES = [
    "ALTER TABLE search_passages ADD COLUMN tsv tsvector GENERATED ALWAYS AS "
    "(setweight(to_tsvector('simple', title_terms), 'A') || setweight(to_tsvector('simple', terms), 'B')) STORED",
    "CREATE INDEX ix_search_passages_tsv ON search_passages USING gin (tsv)",
]


def upgrade() -> None:
    op.create_table(
        "search_documents",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("ref", sa.String(512), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("url", sa.Text, nullable=True),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("indexed_at", UTCDateTime, nullable=False),
        sa.UniqueConstraint("source", "ref", name="uq_search_documents_source_ref"),
    )
    op.create_table(
        "search_passages",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("document_id", Id, sa.ForeignKey("search_documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("title_terms", sa.Text, nullable=False),
        sa.Column("terms", sa.Text, nullable=False),
    )
    op.create_index("ix_search_passages_document", "search_passages", ["document_id"])
    op.create_index("ix_search_passages_source", "search_passages", ["source"])
    op.create_table(
        "search_votes",
        sa.Column("answer", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.String(64), primary_key=True),
        sa.Column("vote", sa.SmallInteger, nullable=False),
        sa.Column("sources", sa.Text, nullable=False),
        sa.Column("clicked_at", sa.Float, nullable=False),
    )
    for statement in SQLITE if op.get_bind().dialect.name == "sqlite" else POSTGRES:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("search_passages_ai", "search_passages_ad"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS search_vocab")
        op.execute("DROP TABLE IF EXISTS search_fts")
    for name in ("search_votes", "search_passages", "search_documents"):
        op.drop_table(name)
