"""The database-backed request budget on SQLite and PostgreSQL: replicas share one limit per token."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from bot.storage.budget import DatabaseBudget
from bot.storage.db import Database
from bot.storage.tables import kv
from integrations.ratelimit import RequestBudget

TOKEN = "pk_4753994_EXP7MPOJ7XQM5UJDV2M45MPF0YHH5YHO"
T0 = 1_800_000_000.0  # on a bucket boundary


class FakeTime:
    def __init__(self) -> None:
        self.now = T0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture
async def dbs(db_url: str) -> AsyncIterator[tuple[Database, Database]]:
    """Two replicas: two engines on one database."""
    a, b = Database(db_url), Database(db_url)
    await a.migrate()
    yield a, b
    await a.dispose()
    await b.dispose()


def replicas(dbs: tuple[Database, Database], fake: FakeTime, limit: int = 5) -> list[DatabaseBudget]:
    return [DatabaseBudget(db, TOKEN, limit=limit, clock=fake, sleep=fake.sleep) for db in dbs]


async def keys(db: Database) -> list[str]:
    async with db.connect() as conn:
        return list((await conn.execute(select(kv.c.key).order_by(kv.c.key))).scalars())


async def test_two_replicas_share_one_limit(dbs: tuple[Database, Database]) -> None:
    fake = FakeTime()
    a, b = replicas(dbs, fake)
    assert isinstance(a, RequestBudget)
    assert [await a.try_acquire(background=False) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert [await b.try_acquire(background=False) for _ in range(3)] == [0.0, 0.0, 65.0]
    assert await a.try_acquire(background=False) == 65.0
    assert (a.limit, a.used, b.used, await a.usage(), await b.usage()) == (5, 5, 5, 5, 5)
    fake.now += 65
    assert await a.try_acquire(background=False) == 0.0
    assert (await b.usage(), a.used) == (1, 1)


async def test_concurrent_replicas_never_overshoot(dbs: tuple[Database, Database]) -> None:
    fake = FakeTime()
    a, b = replicas(dbs, fake, limit=7)
    waits = await asyncio.gather(*(r.try_acquire(background=False) for _ in range(10) for r in (a, b)))
    assert sorted(waits) == [0.0] * 7 + [65.0] * 13
    assert await a.usage() == 7


async def test_background_work_leaves_agents_a_reserve(dbs: tuple[Database, Database]) -> None:
    fake = FakeTime()
    a, b = replicas(dbs, fake, limit=10)  # reconciliation may fill 8 of 10
    assert [await a.try_acquire(background=True) for _ in range(9)] == [0.0] * 8 + [65.0]
    assert [await b.try_acquire(background=False) for _ in range(3)] == [0.0, 0.0, 65.0]


async def test_acquire_sleeps_until_the_window_slides(dbs: tuple[Database, Database]) -> None:
    fake = FakeTime()
    a, b = replicas(dbs, fake, limit=2)
    await a.acquire(background=False)
    fake.now += 20
    await b.acquire(background=False)
    await a.acquire(background=False)
    # The first request (bucket of T0) leaves the window at T0 + 65; the caller slept exactly until then.
    assert (fake.slept, fake.now, a.throttled, b.throttled) == ([45.0], T0 + 65, 1, 0)


async def test_counters_are_per_token_hash_and_old_buckets_go(dbs: tuple[Database, Database]) -> None:
    fake = FakeTime()
    a, _ = replicas(dbs, fake)
    other = DatabaseBudget(dbs[1], "pk_another_token", limit=1, clock=fake)
    await a.try_acquire(background=False)
    assert await other.try_acquire(background=False) == 0.0
    assert await other.try_acquire(background=False) == 65.0
    fake.now += 600
    await a.try_acquire(background=False)
    stored = await keys(dbs[0])
    assert not any(TOKEN in key or "pk_another_token" in key for key in stored)
    mine = [key for key in stored if key.startswith(a._prefix)]
    assert mine == [a._key(a.window.bucket(fake.now))]  # the bucket of ten minutes ago was deleted
    assert len(stored) == 2  # plus the other token's single bucket


async def test_a_busy_replica_counts_ahead_and_gives_back_what_it_did_not_use(
    dbs: tuple[Database, Database],
) -> None:
    fake = FakeTime()
    a, b = replicas(dbs, fake, limit=100)  # reservations of 1, 2, 4, then at most 100 // 20 = 5 slots
    assert [await a.try_acquire(background=False) for _ in range(20)] == [0.0] * 20
    assert a.transactions == 6  # 1 + 2 + 4 + 5 + 5 + 5 = 22 slots reserved in six transactions, not twenty
    assert await b.usage() == 22  # the other replica sees the reservation: the shared limit holds
    assert await a.usage() == 20  # the replica itself reports what it used
    fake.now += a.window.width  # the next bucket: the two unused slots are given back in its first transaction
    assert await a.usage() == 20  # before that, they are still not requests it sent (the /metrics figure)
    assert await a.try_acquire(background=False) == 0.0
    assert (await b.usage(), a.transactions) == (21, 7)
    await a.try_acquire(background=False)  # reserves 2: one spare
    assert await b.usage() == 23
    await a.close()  # shutting down gives the spare back
    assert await b.usage() == 22


async def test_reservations_never_let_two_busy_replicas_overshoot(dbs: tuple[Database, Database]) -> None:
    fake = FakeTime()
    a, b = replicas(dbs, fake, limit=60)  # reservations up to 3 slots each
    waits = await asyncio.gather(*(r.try_acquire(background=False) for _ in range(20) for r in (a, b)))
    assert waits == [0.0] * 40
    assert a.transactions + b.transactions <= 16  # each replica 1 + 2 + 3 + 3 ... slots a transaction: 8 for 20
    waits = await asyncio.gather(*(r.try_acquire(background=False) for _ in range(30) for r in (a, b)))
    assert waits.count(0.0) <= 20  # 40 already counted, whatever the two replicas still had in hand
    assert await a.usage() <= 60


async def test_background_work_does_not_use_slots_reserved_for_agents(dbs: tuple[Database, Database]) -> None:
    fake = FakeTime()
    a, b = replicas(dbs, fake, limit=100)  # background may fill 80 of 100
    assert [await a.try_acquire(background=False) for _ in range(3)] == [0.0] * 3  # 3 reserved, 0 spare
    assert await a.try_acquire(background=False) == 0.0  # reserves 4: 3 spare, reserved under the agents' cap
    before = a.transactions
    assert await a.try_acquire(background=True) == 0.0
    assert a.transactions == before + 1  # background work counted on its own cap, not from the agents' spares


async def test_a_caller_cancelled_mid_reservation_leaves_the_database_free(dbs: tuple[Database, Database]) -> None:
    """A listing cancels the pages it no longer needs; one may be inside the budget's transaction. Abandoning
    that transaction held SQLite's write lock until the other replica failed with 'database is locked'."""
    a, b = (DatabaseBudget(db, TOKEN, limit=10_000) for db in dbs)
    for n in range(40):
        a._spare = 0  # every try opens a transaction
        caller = asyncio.create_task(a.try_acquire(background=False))
        await asyncio.sleep((n % 20) * 0.0002)  # cancelled at a different point of the transaction each time
        caller.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await caller
        b._spare = 0
        assert await asyncio.wait_for(b.try_acquire(background=False), 5) == 0.0
