"""The database schema (Alembic migrations create it; this module describes it for queries)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)

from bot.storage.states import DueState, EventState


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


Id = BigInteger().with_variant(Integer, "sqlite")
metadata = MetaData()

inbox = Table(
    "inbox",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("key", String(255), nullable=False, unique=True),
    Column("source", String(32), nullable=False),
    Column("type", String(96), nullable=False),
    Column("event", Text, nullable=False),
    Column("raw", Text, nullable=True),
    Column("status", String(16), nullable=False, default=EventState.PENDING),
    Column("attempts", Integer, nullable=False, default=0),
    Column("available_at", UTCDateTime, nullable=False),
    Column("locked_until", UTCDateTime, nullable=True),
    Column("locked_by", String(64), nullable=True),
    Column("received_at", UTCDateTime, nullable=False),
    Column("processed_at", UTCDateTime, nullable=True),
    Column("last_error", Text, nullable=True),
    Column("subject", String(255), nullable=True),  # "task:<id>": one at a time per subject, in order
    Column("delivery_id", Id, nullable=True),  # the delivery it was translated from (holds the payload)
    Index("ix_inbox_subject", "subject", "status"),
    Index("ix_inbox_ready", "status", "available_at"),
    Index("ix_inbox_lease", "status", "locked_until"),
)

# Verified webhook bodies as received; the worker translates them into inbox events (and replays them).
deliveries = Table(
    "deliveries",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("key", String(255), nullable=False, unique=True),
    Column("source", String(32), nullable=False),
    Column("headers", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("received_at", UTCDateTime, nullable=False),
    Column("translated_at", UTCDateTime, nullable=True),
    Column("events", Integer, nullable=True),
    Column("error", Text, nullable=True),
    Column("digest", String(80), nullable=True, unique=True),  # a second dedupe key (see Deliveries.put)
    Index("ix_deliveries_status", "status", "id"),
    Index("ix_deliveries_received", "received_at"),
)

agent_runs = Table(
    "agent_runs",
    metadata,
    Column("event_key", String(255), primary_key=True),
    Column("agent", String(64), primary_key=True),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("error", Text, nullable=True),
    Column("finished_at", UTCDateTime, nullable=True),
)

actions = Table(
    "actions",
    metadata,
    Column("key", String(255), primary_key=True),
    Column("kind", String(64), nullable=False),
    Column("target", String(255), nullable=True),
    Column("status", String(16), nullable=False),
    Column("event_key", String(255), nullable=True),
    Column("agent", String(64), nullable=True),
    Column("owner", String(64), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("started_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime, nullable=True),
    Column("result", Text, nullable=True),
    Column("error", Text, nullable=True),
    Index("ix_actions_created", "created_at"),
)

due_items = Table(
    "due_items",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("key", String(255), nullable=False, unique=True),
    Column("kind", String(64), nullable=False),
    Column("due_at", UTCDateTime, nullable=False),
    Column("payload", Text, nullable=False),
    Column("status", String(16), nullable=False, default=DueState.PENDING),
    Column("created_at", UTCDateTime, nullable=False),
    Column("fired_at", UTCDateTime, nullable=True),
    Index("ix_due_ready", "status", "due_at"),
)

kv = Table(
    "kv",
    metadata,
    Column("key", String(255), primary_key=True),
    Column("value", Text, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)
