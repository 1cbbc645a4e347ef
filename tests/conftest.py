"""Shared fixtures: databases (SQLite and PostgreSQL), a frozen clock, running pmbot servers."""

from __future__ import annotations

import asyncio
import gc
import itertools
import logging
import os
import secrets
import socket
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from agents.auto_answer.reader import SWITCH as READER_SWITCH
from bot.clock import FrozenClock

# The auto-answerer's reader (agents/auto_answer/reader.py), which `make test` installs, reads every question for
# a second of CPU and decides differently from the confidence the other tests pin: it is off here except in the
# tests of the reader itself, which turn it on (monkeypatch.setenv).
os.environ[READER_SWITCH] = "off"

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The server's shared database: the tests only connect to it to create and drop their own.
PG_SERVER_URL = os.environ.get("PMBOT_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
RUN_DATABASE = f"pmbot_test_{os.getpid()}_{secrets.token_hex(3)}"
_pg_state: dict[str, str | None] = {}
_created: set[str] = set()
_numbers = itertools.count(1)


def _url(database: str, *, driver: bool = True) -> str:
    url = make_url(PG_SERVER_URL).set(database=database)
    if not driver:
        url = url.set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


# This run's own database, for tests that take a URL and call `reset_postgres()` first.
PG_URL = _url(RUN_DATABASE)


async def postgres_unavailable() -> str | None:
    """None when the PostgreSQL server answers, else why not (checked once per run)."""
    if "reason" not in _pg_state:
        reason = None
        server = make_url(PG_SERVER_URL)
        try:
            with socket.create_connection((server.host or "127.0.0.1", server.port or 5432), timeout=1):
                pass
            import asyncpg

            conn = await asyncpg.connect(_url(server.database or "postgres", driver=False), timeout=3)
            await conn.close()
        except Exception as exc:  # noqa: BLE001 - any failure means "skip the PostgreSQL half"
            where = f"{server.host}:{server.port or 5432}/{server.database}"
            reason = f"PostgreSQL half skipped: no server answers at {where} ({type(exc).__name__})"
        _pg_state["reason"] = reason
    return _pg_state["reason"]


async def _on_server(*statements: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(_url(make_url(PG_SERVER_URL).database or "postgres", driver=False), timeout=10)
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


async def fresh_database(name: str) -> str:
    """(Re)create `name`, a database of this run's own, and return its URL."""
    assert name.startswith(RUN_DATABASE), "tests drop only databases they created"
    _created.add(name)
    # FORCE ends connections a previous test left open, which would block the drop.
    await _on_server(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
    return _url(name)


async def drop_database(name: str) -> None:
    assert name.startswith(RUN_DATABASE), "tests drop only databases they created"
    await _on_server(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _created.discard(name)


async def reset_postgres() -> None:
    """Give `PG_URL` (this run's database) a clean state."""
    await fresh_database(RUN_DATABASE)


@pytest.fixture(params=["sqlite", "postgresql"])
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """The storage suite runs once on SQLite and once on PostgreSQL (a new database per test)."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'pmbot.db'}"
        return
    reason = await postgres_unavailable()
    if reason:
        pytest.skip(reason)
    name = f"{RUN_DATABASE}_{next(_numbers)}"
    yield await fresh_database(name)
    await drop_database(name)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'pmbot.db'}"


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))  # a Monday


class _Unclosed(logging.Handler):
    """Records the HTTP sessions a test left open. asyncio reports one when the garbage collector finds it,
    which can be in the middle of another test - once inside Python 3.11's own parser, which then failed a
    hypothesis test with a SystemError. A leak fails the run instead, naming the test that was running."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.found: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith(("Unclosed client session", "Unclosed connector")):
            running = os.environ.get("PYTEST_CURRENT_TEST", "between tests")
            self.found.append(f"{message.splitlines()[0]} (found during {running})")


_unclosed = _Unclosed()
logging.getLogger("asyncio").addHandler(_unclosed)


@pytest.fixture(autouse=True)
def _pmbot_log_handler_removed() -> Iterator[None]:
    """A test that runs a CLI command leaves pmbot's JSON handler on the root logger, writing to the stream pytest
    captured for that test; a server thread of a later test logging through it then hit a closed file ("--- Logging
    error ---"). The handler goes with the test that added it."""
    yield
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_pmbot", False):
            root.removeHandler(handler)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Drop the databases this run created and a test left behind (a failed teardown, `PG_URL`); fail the run
    if a test left an HTTP session open."""
    left = sorted(_created)
    if left:
        asyncio.run(_on_server(*(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)' for name in left)))
        _created.clear()
    gc.collect()
    if _unclosed.found and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # type: ignore[no-untyped-def]
    for leak in _unclosed.found:
        terminalreporter.write_line(f"FAILED: a test left an HTTP session open: {leak}", red=True)
    reason = _pg_state.get("reason")
    if reason:
        terminalreporter.write_line(f"NOTE: {reason}", yellow=True)
    elif "reason" in _pg_state:
        server = make_url(PG_SERVER_URL)
        terminalreporter.write_line(
            f"PostgreSQL half ran at {server.host}:{server.port or 5432} in databases {RUN_DATABASE}*, "
            "dropped afterwards", green=True)
