"""Typed agent state: `load_many` reads many keys in one batch where the store can, one by one otherwise."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from agents.common.state import AgentState, ListState, StateStore
from tests.support.unit import MemoryStore


class Seen(AgentState):
    namespace = "test:seen"
    count: int = 0


class Names(ListState):
    namespace = "test:names"
    root: list[str] = Field(default_factory=list)


class OneByOne:
    """A store without `get_many`."""

    def __init__(self, kv: dict[str, Any]) -> None:
        self.kv, self.gets = kv, 0

    async def get(self, key: str, default: Any = None) -> Any:
        self.gets += 1
        return self.kv.get(key, default)


async def test_load_many_in_order_with_defaults_for_what_is_missing() -> None:
    store = MemoryStore()
    state = StateStore(store)
    await state.save(Seen(count=2), "a", 1)
    await state.save(Names(["x"]), "b")
    assert await state.load_many(Seen, [("a", 1), ("z", 9), ("a", 1)]) == [Seen(count=2), Seen(), Seen(count=2)]
    assert await state.load_many(Names, [("b",), ("c",)]) == [Names(["x"]), Names([])]
    assert await state.load_many(Seen, []) == []


async def test_a_store_without_get_many_is_read_key_by_key() -> None:
    store = OneByOne({"test:seen:a": {"count": 3}})
    assert await StateStore(store).load_many(Seen, [("a",), ("b",)]) == [Seen(count=3), Seen()]
    assert store.gets == 2
