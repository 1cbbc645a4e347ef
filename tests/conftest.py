"""Shared fixtures: databases (SQLite and PostgreSQL), a frozen clock, running pmbot servers."""

from __future__ import annotations

import os
import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import FrozenClock

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PG_URL = os.environ.get("PMBOT_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
_pg_state: dict[str, str | None] = {}


async def postgres_unavailable() -> str | None:
    """None when the PostgreSQL server answers, else why not (checked once per run)."""
    if "reason" not in _pg_state:
        reason = None
        try:
            with socket.create_connection(("127.0.0.1", 5432), timeout=1):
                pass
            import asyncpg

            conn = await asyncpg.connect(PG_URL.replace("+asyncpg", ""), timeout=3)
            await conn.close()
        except Exception as exc:  # noqa: BLE001 - any failure means "skip the PostgreSQL half"
            reason = f"PostgreSQL half skipped: no server answers at {PG_URL.split('@')[-1]} ({type(exc).__name__})"
        _pg_state["reason"] = reason
    return _pg_state["reason"]


async def reset_postgres() -> None:
    import asyncpg

    conn = await asyncpg.connect(PG_URL.replace("+asyncpg", ""))
    try:
        await conn.execute("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;")
    finally:
        await conn.close()


@pytest.fixture(params=["sqlite", "postgresql"])
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """The storage suite runs once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'pmbot.db'}"
        return
    reason = await postgres_unavailable()
    if reason:
        pytest.skip(reason)
    await reset_postgres()
    yield PG_URL


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'pmbot.db'}"


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))  # a Monday


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # type: ignore[no-untyped-def]
    reason = _pg_state.get("reason")
    if reason:
        terminalreporter.write_line(f"NOTE: {reason}", yellow=True)
    elif "reason" in _pg_state:
        terminalreporter.write_line("PostgreSQL half ran against " + PG_URL.split("@")[-1], green=True)
