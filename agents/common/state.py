"""Typed agent state in the key-value table: one pydantic model per kind of state, one helper to read and
write it. The key is the model's `namespace` plus the parts that name the thing (`qa:task:T1`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, RootModel

S = TypeVar("S", bound=BaseModel)


class AgentState(BaseModel):
    """Base of an agent's stored state; `namespace` prefixes its keys."""

    model_config = ConfigDict(extra="ignore")
    namespace: ClassVar[str] = ""


class ListState(RootModel[list[Any]]):
    """Base for state stored as a plain list (subclasses narrow the item type)."""

    namespace: ClassVar[str] = ""


def state_key(model: type[BaseModel], parts: tuple[object, ...]) -> str:
    namespace = getattr(model, "namespace", "")
    if not namespace:
        raise TypeError(f"{model.__name__} has no namespace")
    return ":".join([namespace, *(str(p) for p in parts)])


def _made(model: type[S], raw: Any) -> S:
    if raw is None:
        return model.model_validate([]) if issubclass(model, RootModel) else model()
    return model.model_validate(raw)


class StateStore:
    """`ctx.state`: load a model (a fresh default when nothing is stored) and save it back."""

    def __init__(self, store: Any) -> None:
        self.store = store

    async def load(self, model: type[S], *parts: object) -> S:
        return _made(model, await self.store.get(state_key(model, parts)))

    async def load_many(self, model: type[S], keys: Sequence[tuple[object, ...]]) -> list[S]:
        """`load` for many things at once: one round trip where the store reads keys in a batch (`get_many`)."""
        names = [state_key(model, parts) for parts in keys]
        batch = getattr(self.store, "get_many", None)
        raw = await batch(names) if batch is not None else {n: await self.store.get(n) for n in names}
        return [_made(model, raw.get(n)) for n in names]

    async def save(self, value: BaseModel, *parts: object) -> None:
        await self.store.put(state_key(type(value), parts), value.model_dump(mode="json"))

    async def create(self, value: BaseModel, *parts: object) -> bool:
        """Save `value` unless something is stored under its key already (a row of an append-only log heard
        again keeps its first version); True when saved."""
        if await self.store.get(state_key(type(value), parts)) is not None:
            return False
        await self.save(value, *parts)
        return True

    async def load_all(self, model: type[S], *parts: object) -> dict[str, S]:
        """Every stored `model` whose key extends `parts` (an append-only log, one row per item), by key."""
        prefix = state_key(model, parts) + ":"
        return {key: _made(model, raw) for key, raw in (await self.store.get_prefix(prefix)).items()}

    async def delete(self, keys: Sequence[str]) -> int:
        """Remove stored state by full key (as `load_all` returns them)."""
        return int(await self.store.delete(keys))
