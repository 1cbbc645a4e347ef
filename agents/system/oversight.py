"""The switches' buttons in Slack (App Home): a lead's click sets a dry run or a pause, through pmbot."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from agents.base import Agent, AgentContext
from agents.common.oversight import is_switch_action, parse_switch_value
from integrations.events import Event

# (switch, agent or None for all, on, by, via, event_key) -> changed; pmbot's Oversight.change, passed in
# so agents stay free of bot imports.
Apply = Callable[..., Awaitable[bool]]


class OversightSwitch(Agent):
    """Turns a lead's switch button into a change of the switches (audited by pmbot); others are ignored."""

    name = "oversight"
    reads_raw = False
    subscribes = frozenset({"chat.action"})

    def __init__(self, apply: Apply) -> None:
        super().__init__()
        self._apply = apply

    def handles(self, event: Event) -> bool:
        return is_switch_action(event.data.get("action_id"))

    async def run(self, event: Event, ctx: AgentContext) -> None:
        parsed = parse_switch_value(str(event.data.get("value") or ""))
        if parsed is None:
            return
        person = ctx.people.by_chat(event.actor)
        if person is None or "lead" not in person.roles:
            ctx.log.warning("switch refused: not a lead", extra={"actor": event.actor})
            return
        switch, agent, on = parsed
        await self._apply(switch, agent, on, by=person.name, via="slack", event_key=event.id)
