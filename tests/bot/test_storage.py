"""The storage layer on SQLite and PostgreSQL: inbox dedupe and leases, actions, due items, key-value."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.clock import FrozenClock
from bot.storage.actions import ActionInProgress
from bot.storage.db import Database
from bot.store import BotStore
from integrations.events import Event, Ref


def ev(n: int | str, type_: str = "task.status_changed") -> Event:
    return Event(id=f"clickup:w:{n}", source="clickup", type=type_, occurred_at="2026-11-23T09:00:00Z",
                 subject=Ref(kind="task", id=f"t{n}"), data={"from": "a", "to": "b"}, raw={"secret": "x"})


@pytest.fixture
async def store(db_url: str, clock: FrozenClock):
    db = Database(db_url)
    await db.migrate()
    await db.migrate()  # idempotent: a second replica starting runs it again
    yield BotStore(db, clock)
    await db.dispose()


async def test_inbox_dedupes_by_event_id(store: BotStore) -> None:
    assert await store.inbox.put([ev(1), ev(2)]) == [True, True]
    assert await store.inbox.put([ev(2), ev(3)]) == [False, True]
    assert await store.inbox.counts() == {"pending": 3}


async def test_claim_leases_rows_and_settles(store: BotStore, clock: FrozenClock) -> None:
    await store.inbox.put([ev(1), ev(2), ev(3)])
    first = await store.inbox.claim(2)
    assert [c.key for c in first] == ["clickup:w:1", "clickup:w:2"]
    assert first[0].event == ev(1)  # the whole event, raw included, round-trips
    second = await store.inbox.claim(10)
    assert [c.key for c in second] == ["clickup:w:3"]
    assert await store.inbox.claim(10) == []
    await store.inbox.done(first[0])
    await store.inbox.retry(first[1], after=timedelta(seconds=10), error="Unavailable")
    assert await store.inbox.claim(10) == []
    clock.advance(timedelta(seconds=11))  # within the lease on w:3, which its holder still has
    again = await store.inbox.claim(10)
    assert [(c.key, c.attempts) for c in again] == [("clickup:w:2", 2)]


async def test_expired_lease_is_reclaimed(store: BotStore, clock: FrozenClock) -> None:
    """A worker that died holding events does not strand them."""
    await store.inbox.put([ev(1)])
    assert len(await store.inbox.claim(1)) == 1
    clock.advance(store.inbox.lease + timedelta(seconds=1))
    assert [c.key for c in await store.inbox.claim(1)] == ["clickup:w:1"]


async def test_action_runs_once_per_key(store: BotStore) -> None:
    calls: list[str] = []

    async def post() -> dict:
        calls.append("post")
        return {"ts": "1.0"}

    assert await store.act("qa.assign:t1:h1", "clickup.update", post, target="t1") == (True, {"ts": "1.0"})
    assert await store.act("qa.assign:t1:h1", "clickup.update", post, target="t1") == (False, {"ts": "1.0"})
    assert calls == ["post"]
    row = await store.actions.get("qa.assign:t1:h1")
    assert row is not None and (row["status"], row["kind"], row["target"]) == ("done", "clickup.update", "t1")


async def test_failed_action_is_retried_and_running_one_is_not_doubled(
    store: BotStore, clock: FrozenClock
) -> None:
    async def boom() -> None:
        raise RuntimeError("platform down")

    with pytest.raises(RuntimeError):
        await store.act("k1", "slack.dm", boom)
    assert (await store.actions.get("k1"))["status"] == "failed"

    async def ok() -> str:
        return "sent"

    assert await store.act("k1", "slack.dm", ok) == (True, "sent")

    # A row left "running" by another worker is not taken over until it is stale.
    await store.db.engine.dispose()
    from sqlalchemy import insert

    from bot.storage.tables import actions

    async with store.db.begin() as conn:
        await conn.execute(insert(actions).values(key="k2", kind="slack.dm", status="running",
                                                  created_at=clock.now(), started_at=clock.now()))
    with pytest.raises(ActionInProgress):
        await store.act("k2", "slack.dm", ok)
    clock.advance(timedelta(minutes=6))
    assert await store.act("k2", "slack.dm", ok) == (True, "sent")


async def test_dry_run_records_without_performing(store: BotStore) -> None:
    calls = []

    async def post() -> None:
        calls.append(1)

    assert await store.act("k", "slack.dm", post, dry_run=True) == (False, None)
    assert calls == [] and (await store.actions.get("k"))["status"] == "dry_run"
    assert await store.act("k", "slack.dm", post) == (True, None)  # a real run later still happens
    assert calls == [1]


async def test_due_items_sweep_once(store: BotStore, clock: FrozenClock) -> None:
    now = clock.now()
    await store.schedule("qa.remind:t1", "qa_reminder", now + timedelta(hours=48), {"task": "t1"})
    await store.schedule("qa.remind:t2", "qa_reminder", now + timedelta(hours=1), {"task": "t2"})
    await store.schedule("qa.remind:t3", "qa_reminder", now + timedelta(hours=1), {"task": "t3"})
    assert await store.cancel("qa.remind:t3") is True
    assert await store.sweep_due() == []
    clock.advance(timedelta(hours=2))
    fired = await store.sweep_due()
    assert [(e.type, e.data) for e in fired] == [("due.qa_reminder", {"task": "t2"})]
    assert await store.sweep_due() == []
    assert [c.event.type for c in await store.inbox.claim(10)] == ["due.qa_reminder"]
    # Rescheduling the same key makes it pending again with the new time.
    await store.schedule("qa.remind:t2", "qa_reminder", clock.now() + timedelta(hours=24), {"task": "t2", "n": 2})
    assert [d.key for d in await store.due.pending()] == ["qa.remind:t2", "qa.remind:t1"]


async def test_kv_round_trips(store: BotStore) -> None:
    assert await store.get("rr:qa", 0) == 0
    await store.put("rr:qa", {"last": "U1"})
    await store.put("rr:qa", {"last": "U2"})
    assert await store.get("rr:qa") == {"last": "U2"}


async def test_kv_reads_many_keys_at_once_in_batches(store: BotStore) -> None:
    for n in range(1200):  # more than one query's batch of keys
        await store.put(f"many:{n}", {"n": n})
    keys = [f"many:{n}" for n in range(0, 1200, 2)] + ["many:missing"]
    found = await store.get_many(keys)
    assert found == {f"many:{n}": {"n": n} for n in range(0, 1200, 2)}
    assert await store.get_many([]) == {}


async def test_kv_reads_a_key_prefix_and_deletes_keys(store: BotStore) -> None:
    for key in ("log:ann:1", "log:ann:2", "log:ann%3Ab:1", "log:anna:1", "log:ann", "LOG:ann:3", "log:ann:é"):
        await store.put(key, {"k": key})
    found = await store.get_prefix("log:ann:")
    assert found == {k: {"k": k} for k in ("log:ann:1", "log:ann:2", "log:ann:é")}  # case and suffixes count
    assert await store.delete(["log:ann:1", "log:ann:é", "log:missing"]) == 2
    assert sorted(await store.get_prefix("log:ann:")) == ["log:ann:2"]
    assert await store.get("log:anna:1") == {"k": "log:anna:1"}


async def test_duplicates_inside_one_batch(store: BotStore) -> None:
    assert await store.inbox.put([ev(1), ev(1), ev(2)]) == [True, False, True]


async def test_concurrent_enqueues_share_transactions_and_each_sees_its_own_result(store: BotStore) -> None:
    import asyncio

    results = await asyncio.gather(*(store.enqueue([ev(i % 40)]) for i in range(80)))
    assert sum(r == [True] for r in results) == 40 and sum(r == [False] for r in results) == 40
    assert (await store.inbox.counts())["pending"] == 40


async def test_work_held_by_a_dead_process_is_released_at_once(store: BotStore) -> None:
    """A restart after SIGKILL does not wait for the 5-minute lease of its dead predecessor."""
    import socket
    import subprocess

    from sqlalchemy import insert, update

    from bot.storage.tables import actions, inbox

    dead = subprocess.Popen(["true"])
    dead.wait()
    ghost = f"{socket.gethostname()[:40]}:{dead.pid}"
    await store.inbox.put([ev(1)])
    assert len(await store.inbox.claim(1)) == 1
    now = store.clock.now()
    async with store.db.begin() as conn:
        await conn.execute(update(inbox).values(locked_by=ghost))
        await conn.execute(insert(actions).values(key="k", kind="slack.dm", status="running", owner=ghost,
                                                  created_at=now, started_at=now))
    assert await store.inbox.claim(1) == []
    assert await store.inbox.recover_orphans() == 1
    assert [c.key for c in await store.inbox.claim(1)] == ["clickup:w:1"]

    async def ok() -> str:
        return "sent"

    assert await store.act("k", "slack.dm", ok) == (True, "sent")


async def test_two_replicas_claiming_at_once_never_share_an_event(db_url: str, clock: FrozenClock) -> None:
    import asyncio

    from bot.storage.inbox import Inbox

    db_a, db_b = Database(db_url), Database(db_url)
    await db_a.migrate()
    a, b = Inbox(db_a, clock), Inbox(db_b, clock)
    b.me = "other-host:1"  # a second replica
    try:
        await a.put([ev(i) for i in range(200)])
        taken: list[list[str]] = [[], []]

        async def worker(inbox: Inbox, out: list[str]) -> None:
            while batch := await inbox.claim(7):
                out.extend(c.key for c in batch)
                await asyncio.sleep(0)

        await asyncio.gather(worker(a, taken[0]), worker(b, taken[1]), worker(a, taken[0]), worker(b, taken[1]))
        assert not set(taken[0]) & set(taken[1])
        assert sorted(taken[0] + taken[1]) == sorted(f"clickup:w:{i}" for i in range(200))
        assert len(taken[0] + taken[1]) == 200
    finally:
        await db_a.dispose()
        await db_b.dispose()


async def test_the_same_deliveries_sent_to_two_replicas_are_accepted_once(db_url: str, clock: FrozenClock) -> None:
    """`accepted` counts what a commit inserted: the sum over replicas is the number of unique events."""
    import asyncio

    db_a, db_b = Database(db_url), Database(db_url)
    await db_a.migrate()
    replicas = [BotStore(db_a, clock), BotStore(db_b, clock)]
    deliveries = [[ev(i) for i in range(start, start + 5)] for start in range(0, 150, 5)]
    try:
        results = await asyncio.gather(
            *(replica.enqueue(events) for events in deliveries for replica in replicas),
            *(replica.inbox.put(events) for events in deliveries[::3] for replica in replicas),
        )
        assert sum(sum(fresh) for fresh in results) == 150
        assert (await replicas[0].inbox.counts()) == {"pending": 150}
    finally:
        await db_a.dispose()
        await db_b.dispose()
