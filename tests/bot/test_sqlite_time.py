"""The raw sqlite3 road and SQLAlchemy write the same text for a datetime, character for character.

Both roads write the same SQLite columns and compare them as text (`received_at >= ?`, `available_at <= ?`,
`locked_until < ?`): one extra or missing character (a zone suffix, microseconds left off) and a row written by
one road sorts wrongly against a bound parameter of the other.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, create_engine, insert, select
from sqlalchemy.dialects import sqlite as sqlite_dialect

from bot.storage.lite import prepare, read_time, sqlite_time
from bot.storage.tables import UTCDateTime, kv, metadata

DIALECT = sqlite_dialect.dialect()
# What the engine runs on a SQLite connection: UTCDateTime's own step, then SQLite DATETIME's.
ENCODE = UTCDateTime().dialect_impl(DIALECT).bind_processor(DIALECT)
DECODE = UTCDateTime().dialect_impl(DIALECT).result_processor(DIALECT, None)

fixed_offsets = st.timedeltas(min_value=-timedelta(hours=23, minutes=59), max_value=timedelta(hours=23, minutes=59))
zones = st.one_of(st.none(), st.just(UTC), st.timezones(), st.builds(timezone, fixed_offsets))
# Kept a day inside datetime's range: converting to UTC must not leave it.
moments = st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=zones)


def sqlalchemy_text(when: datetime) -> str:
    assert ENCODE is not None
    return str(ENCODE(when))


@given(moments)
@settings(max_examples=2000, deadline=None)  # a loaded CI machine: correctness, not speed
def test_the_raw_road_writes_what_sqlalchemy_writes(when: datetime) -> None:
    assert sqlite_time(when) == sqlalchemy_text(when)


@given(moments)
@settings(max_examples=500, deadline=None)
def test_both_roads_read_back_the_same_instant(when: datetime) -> None:
    assert DECODE is not None
    stored = sqlite_time(when)
    expected = (when if when.tzinfo is not None else when.replace(tzinfo=UTC)).astimezone(UTC)
    assert read_time(stored) == DECODE(stored) == expected


@given(st.lists(moments, min_size=2, max_size=8))
def test_text_order_is_time_order(moments_: list[datetime]) -> None:
    """SQLite compares the stored text: its order must be the instants' order."""

    def instant(when: datetime) -> datetime:
        return when if when.tzinfo is not None else when.replace(tzinfo=UTC)

    assert sorted(moments_, key=sqlite_time) == sorted(moments_, key=lambda m: (instant(m), sqlite_time(m)))


@pytest.fixture(scope="module")
def sqlite_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, str]]:
    path = str(tmp_path_factory.mktemp("sqlite_time") / "kv.db")
    engine = create_engine(f"sqlite:///{path}")
    metadata.create_all(engine, tables=[kv])
    yield engine, path
    engine.dispose()


@given(when=moments)
@settings(max_examples=200, deadline=None)  # each example writes a SQLite file
def test_a_prepared_statement_binds_what_the_engine_binds(sqlite_file: tuple[Engine, str], when: datetime) -> None:
    """End to end on one SQLite file: a row written through a SQLAlchemy engine and a row written through a
    statement `prepare`d for the raw road hold the same text, and each road finds the other's row."""
    engine, path = sqlite_file
    with engine.begin() as conn:
        conn.execute(kv.delete())
        conn.execute(insert(kv).values(key="engine", value="", updated_at=when))
    raw = sqlite3.connect(path)
    try:
        statement = prepare(insert(kv).values(key="raw", value="", updated_at=when))
        raw.execute(statement.sql, statement.params({}))
        raw.commit()
        stored = dict(raw.execute("SELECT key, updated_at FROM kv").fetchall())
    finally:
        raw.close()
    assert stored == {"engine": sqlite_time(when), "raw": sqlite_time(when)}
    with engine.connect() as conn:
        assert conn.execute(select(kv.c.key).where(kv.c.updated_at == when).order_by(kv.c.key)).scalars().all() == [
            "engine", "raw"]
        assert conn.execute(select(kv.c.updated_at).where(kv.c.key == "raw")).scalar() == read_time(stored["raw"])
