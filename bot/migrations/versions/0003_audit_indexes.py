"""Indexes for the dashboard's audit log (filter by agent, kind, target, event; keyset pages) and charts.

Revision ID: 0003_audit
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0003_audit"
down_revision = "0001"
branch_labels = None
depends_on = None

# Every audit index ends in (created_at, key): a filtered page is read in index order, newest first, and the
# keyset cursor (created_at, key) continues exactly where the last page stopped.
ACTIONS = {
    "ix_actions_created_key": ["created_at", "key"],
    "ix_actions_agent_created": ["agent", "created_at", "key"],
    "ix_actions_kind_created": ["kind", "created_at", "key"],
    "ix_actions_target_created": ["target", "created_at", "key"],
    "ix_actions_status_created": ["status", "created_at", "key"],
    "ix_actions_event": ["event_key"],
}
INBOX = {
    "ix_inbox_received": ["received_at"],
}


def upgrade() -> None:
    for name, columns in ACTIONS.items():
        op.create_index(name, "actions", columns)
    for name, columns in INBOX.items():
        op.create_index(name, "inbox", columns)


def downgrade() -> None:
    for name in INBOX:
        op.drop_index(name, table_name="inbox")
    for name in ACTIONS:
        op.drop_index(name, table_name="actions")
