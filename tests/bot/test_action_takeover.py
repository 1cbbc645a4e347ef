"""An action left "running" by a holder that died on another host is taken over after one lease, as its
event is, not after minutes; a live holder's slow action, renewed by the heartbeat, is never taken."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import insert

from bot.clock import FrozenClock
from bot.storage.actions import ActionInProgress
from bot.storage.db import Database
from bot.storage.tables import actions
from bot.store import BotStore


async def ok() -> str:
    return "sent"


async def test_a_dead_holders_action_is_taken_over_after_one_lease(db_url: str, clock: FrozenClock) -> None:
    db = Database(db_url)
    await db.migrate()
    store = BotStore(db, clock)
    lease = store.inbox.lease
    try:
        async with db.begin() as conn:
            await conn.execute(insert(actions).values(key="k", kind="slack.dm", status="running",
                                                      owner="elsewhere/1:4242:1", created_at=clock.now(),
                                                      started_at=clock.now()))
        clock.advance(lease - timedelta(seconds=1))
        with pytest.raises(ActionInProgress):  # its holder's lease is still good
            await store.act("k", "slack.dm", ok)
        clock.advance(timedelta(seconds=2))
        assert await store.act("k", "slack.dm", ok) == (True, "sent")
    finally:
        await db.dispose()


async def test_a_live_holders_renewed_action_is_not_taken(db_url: str, clock: FrozenClock) -> None:
    db = Database(db_url)
    await db.migrate()
    holder, other = BotStore(db, clock), BotStore(db, clock)
    other.actions.me = "elsewhere/1:4242:1"
    try:
        async with db.begin() as conn:
            await conn.execute(insert(actions).values(key="k", kind="slack.dm", status="running",
                                                      owner=holder.actions.me, created_at=clock.now(),
                                                      started_at=clock.now()))
        for _ in range(5):  # the heartbeat beats three times per lease
            clock.advance(holder.inbox.lease / 3)
            assert await holder.actions.renew() == 1
        with pytest.raises(ActionInProgress):
            await other.act("k", "slack.dm", ok)
    finally:
        await db.dispose()


async def test_an_abandoned_write_that_landed_is_recorded_not_sent_again(db_url: str, clock: FrozenClock) -> None:
    """A holder killed between the platform's answer and its own record: the taker looks first (`verify`)."""
    db = Database(db_url)
    await db.migrate()
    store = BotStore(db, clock)
    sent: list[str] = []

    async def send() -> str:
        sent.append("again")
        return "c2"

    async def landed() -> str | None:
        return "c1"

    async def not_there() -> str | None:
        return None

    try:
        async with db.begin() as conn:
            for key in ("landed", "lost"):
                await conn.execute(insert(actions).values(key=key, kind="clickup.comment", status="running",
                                                          owner="elsewhere/1:4242:1", created_at=clock.now(),
                                                          started_at=clock.now()))
        clock.advance(store.inbox.lease + timedelta(seconds=1))
        assert await store.act("landed", "clickup.comment", send, verify=landed) == (False, "c1")
        assert await store.act("lost", "clickup.comment", send, verify=not_there) == (True, "c2")
        assert sent == ["again"]  # only the write that had not landed
        assert (await store.actions.get("landed"))["status"] == "done"
        assert await store.act("fresh", "clickup.comment", send, verify=landed) == (True, "c2")  # never asked
    finally:
        await db.dispose()
