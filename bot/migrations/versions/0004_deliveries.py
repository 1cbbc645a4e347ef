"""Raw deliveries (verified webhook bodies, translated by the worker) and per-subject order in the inbox.

Revision ID: 0004_deliveries
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.storage.tables import UTCDateTime

revision = "0004_deliveries"
down_revision = "0001"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer, "sqlite")


def upgrade() -> None:
    op.create_table(
        "deliveries",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(255), nullable=False, unique=True),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("headers", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("received_at", UTCDateTime, nullable=False),
        sa.Column("translated_at", UTCDateTime, nullable=True),
        sa.Column("events", sa.Integer, nullable=True),
        sa.Column("error", sa.Text, nullable=True),
    )
    op.create_index("ix_deliveries_status", "deliveries", ["status", "id"])
    op.create_index("ix_deliveries_received", "deliveries", ["received_at"])
    # What an event is about ("task:86a1b2c3"): events of one subject are processed one at a time, in order.
    op.add_column("inbox", sa.Column("subject", sa.String(255), nullable=True))
    # The delivery an event was translated from: its payload is read from there, not stored twice.
    op.add_column("inbox", sa.Column("delivery_id", Id, nullable=True))
    op.create_index("ix_inbox_subject", "inbox", ["subject", "status"])


def downgrade() -> None:
    op.drop_index("ix_inbox_subject", "inbox")
    with op.batch_alter_table("inbox") as batch:
        batch.drop_column("delivery_id")
        batch.drop_column("subject")
    op.drop_table("deliveries")
