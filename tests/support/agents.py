"""Agents used by the road tests (loaded into `pmbot serve` processes through PMBOT_AGENTS)."""

from __future__ import annotations

from agents.base import Agent, AgentContext
from integrations.events import Event


class CommentOnEveryTaskEvent(Agent):
    """Comments once on the task for every ClickUp event: an effect the simulator can count."""

    name = "test_commenter"
    subscribes = frozenset({"task.*"})

    def handles(self, event: Event) -> bool:
        return event.source == "clickup" and event.subject is not None and event.type != "task.commented"

    async def run(self, event: Event, ctx: AgentContext) -> None:
        assert ctx.tracker is not None and event.subject is not None
        task_id = event.subject.id
        await ctx.do.comment(task_id, f"saw {event.id}", key=f"test.comment:{event.id}")


class Crashes(Agent):
    """Always fails with a bug: must not stop the other agents or the worker."""

    name = "test_crasher"
    subscribes = frozenset({"*"})

    def handles(self, event: Event) -> bool:
        return True

    async def run(self, event: Event, ctx: AgentContext) -> None:
        raise ZeroDivisionError("bug in an agent")
