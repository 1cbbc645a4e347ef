"""The tests keep to databases of their own: the server's shared `test` database is never written."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from bot.clock import FrozenClock
from bot.storage.db import Database
from bot.store import BotStore
from integrations.events import Event
from integrations.sim_base import free_port
from tests.conftest import PG_SERVER_URL, ROOT, postgres_unavailable, reset_postgres

INNER = '''
import os

import asyncpg
import pytest

from tests.conftest import PG_URL, reset_postgres


def record(url):
    with open(os.environ["INNER_OUT"], "a") as out:
        out.write(url.rsplit("/", 1)[-1] + "\\n")


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
async def test_own_database(db_url):
    record(db_url)
    conn = await asyncpg.connect(db_url.replace("+asyncpg", ""))
    await conn.execute("CREATE TABLE left_behind (x int)")
    await conn.close()


async def test_run_database():
    await reset_postgres()
    record(PG_URL)
'''


def server_dsn(database: str | None = None) -> str:
    url = make_url(PG_SERVER_URL).set(drivername="postgresql")
    if database:
        url = url.set(database=database)
    return url.render_as_string(hide_password=False)


@pytest.fixture
async def sentinel() -> AsyncIterator[str]:
    """A table in the shared database that the tests did not create and must leave alone."""
    reason = await postgres_unavailable()
    if reason:
        pytest.skip(reason)
    name = f"pmbot_sentinel_{secrets.token_hex(4)}"
    conn = await asyncpg.connect(server_dsn())
    try:
        await conn.execute(f"CREATE TABLE public.{name} (note text); INSERT INTO public.{name} VALUES ('keep')")
        yield name
    finally:
        await conn.execute(f"DROP TABLE IF EXISTS public.{name}")
        await conn.close()


# `sentinel` comes first, so it exists before `db_url` prepares the storage test's database.
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
async def test_storage_tests_leave_the_shared_database_untouched(
    sentinel: str, db_url: str, clock: FrozenClock
) -> None:
    db = Database(db_url)
    try:
        await db.migrate()
        event = Event(id="e1", source="clickup", type="task.created", occurred_at=clock.now())
        assert await BotStore(db, clock).enqueue([event]) == [True]
    finally:
        await db.dispose()
    await reset_postgres()  # the older helper, used by tests that take `PG_URL`
    conn = await asyncpg.connect(server_dsn())
    try:
        assert await conn.fetch(f"SELECT note FROM public.{sentinel}") == [("keep",)]
    finally:
        await conn.close()
    assert make_url(db_url).database != make_url(PG_SERVER_URL).database


def run_inner(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_inner.py").write_text(INNER)
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "tests.conftest",
           "-c", str(ROOT / "pyproject.toml"), "--rootdir", str(tmp_path), str(tmp_path / "test_inner.py"), *args]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "INNER_OUT": str(tmp_path / "names.txt"), **(env or {})})


async def test_a_run_drops_every_database_it_created(tmp_path: Path) -> None:
    reason = await postgres_unavailable()
    if reason:
        pytest.skip(reason)
    result = run_inner(tmp_path)
    assert "2 passed" in result.stdout, result.stdout + result.stderr
    names = (tmp_path / "names.txt").read_text().split()
    assert len(names) == 2 and all(name.startswith("pmbot_test_") for name in names)
    conn = await asyncpg.connect(server_dsn())
    try:
        prefix = os.path.commonprefix(names)
        left = await conn.fetch("SELECT datname FROM pg_database WHERE datname LIKE $1", prefix + "%")
    finally:
        await conn.close()
    assert left == []


def test_without_a_server_the_postgresql_half_is_skipped_and_says_so(tmp_path: Path) -> None:
    nowhere = make_url(PG_SERVER_URL).set(host="127.0.0.1", port=free_port()).render_as_string(hide_password=False)
    result = run_inner(tmp_path, "-k", "own_database", env={"PMBOT_TEST_POSTGRES_URL": nowhere})
    assert "1 skipped" in result.stdout, result.stdout + result.stderr
    assert f"PostgreSQL half skipped: no server answers at 127.0.0.1:{make_url(nowhere).port}/" in result.stdout
