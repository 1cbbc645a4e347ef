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
