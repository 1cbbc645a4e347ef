"""Deliveries get a second dedupe key, a digest of the signed body (GitHub's X-GitHub-Delivery is not signed:
the same body under a new id was accepted again), and lose the signature and auth headers stored beside
their bodies (with them, a copy of the database was a set of deliveries ready to be replayed).

Revision ID: 0007_delivery_digest
Revises: 0004_deliveries
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0007_delivery_digest"
down_revision = "0004_deliveries"
branch_labels = None
depends_on = None


def _credential(name: str) -> bool:  # the rule of bot.routes.webhooks.kept_headers, frozen at this revision
    return any(part in name.lower() for part in ("signature", "authorization", "token", "secret", "cookie",
                                                        "api-key", "apikey"))


def upgrade() -> None:
    op.add_column("deliveries", sa.Column("digest", sa.String(80), nullable=True))
    op.create_index("ux_deliveries_digest", "deliveries", ["digest"], unique=True)
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, headers FROM deliveries WHERE lower(headers) LIKE '%signature%' "
                                "OR lower(headers) LIKE '%authorization%' OR lower(headers) LIKE '%token%' "
                                "OR lower(headers) LIKE '%secret%' OR lower(headers) LIKE '%cookie%'")).all()
    for row_id, text in rows:
        headers = json.loads(text)
        kept = {k: v for k, v in headers.items() if not _credential(k)} if isinstance(headers, dict) else {}
        conn.execute(sa.text("UPDATE deliveries SET headers = :h WHERE id = :i"), {"h": json.dumps(kept), "i": row_id})


def downgrade() -> None:
    op.drop_index("ux_deliveries_digest", "deliveries")
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_column("digest")
