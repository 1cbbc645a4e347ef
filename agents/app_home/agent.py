"""App Home: publishes a person's Home tab when they open it, and again after a lead flips a switch there."""

from __future__ import annotations

from agents.app_home import messages as msg
from agents.app_home.config import AppHomeConfig
from agents.app_home.home import gather
from agents.base import Agent, AgentContext
from agents.common.oversight import is_switch_action
from integrations.events import Event


class AppHome(Agent):
    """Each person's pmbot tab in Slack: what waits for them, their reminders, today's standup, the agents."""

    name = "app_home"
    reads_raw = False
    Config = AppHomeConfig
    subscribes = frozenset({"chat.home_opened", "chat.action"})
    cfg: AppHomeConfig

    def handles(self, event: Event) -> bool:
        if event.type == "chat.action":
            return is_switch_action(event.data.get("action_id"))  # redraw after the switch changed
        return True

    async def run(self, event: Event, ctx: AgentContext) -> None:
        viewer = str(event.data.get("user") or event.actor or "")
        if not viewer or ctx.chat is None:
            return
        home = await gather(self.cfg, ctx, viewer)
        await ctx.do.publish_home(viewer, msg.home_view(home), key=f"app_home.publish:{event.id}:{viewer}")
