"""`BotStore.recent_events` — what a rule's dry run replays — on SQLite and PostgreSQL: newest first, the
normalised event without its payload, optionally of some types only."""

from __future__ import annotations

import pytest

from bot.clock import FrozenClock
from bot.storage.db import Database
from bot.store import BotStore
from integrations.events import Event, Ref


def ev(n: int, kind: str = "task.status_changed") -> Event:
    return Event(id=f"clickup:w:{n}", source="clickup", type=kind, occurred_at="2026-11-23T09:00:00Z",
                 subject=Ref(kind="task", id=f"T{n}"), data={"to": "done"}, raw={"secret": "x"})


@pytest.fixture
async def store(db_url: str, clock: FrozenClock):  # noqa: ANN201
    db = Database(db_url)
    await db.migrate()
    yield BotStore(db, clock)
    await db.dispose()


async def test_recent_events_newest_first_without_payloads(store: BotStore) -> None:
    await store.enqueue([ev(1), ev(2, "task.priority_changed"), ev(3)])
    await store.enqueue([ev(4, "chat.command"), ev(3)])  # a duplicate is not stored twice
    assert [e.id for e in await store.recent_events(10)] == [f"clickup:w:{n}" for n in (4, 3, 2, 1)]
    assert [e.id for e in await store.recent_events(2)] == ["clickup:w:4", "clickup:w:3"]
    assert [e.id for e in await store.recent_events(10, types=["task.status_changed"])] == [
        "clickup:w:3", "clickup:w:1"]
    (newest,) = await store.recent_events(1, types=["task.priority_changed"])
    assert newest == ev(2, "task.priority_changed").model_copy(update={"raw": {}})
    assert await store.recent_events(0) == []
