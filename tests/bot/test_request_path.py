"""Request-path work (an agent's `on_request`, e.g. opening a modal within Slack's 3 s) never holds the
acknowledgement back for long, and work that takes longer is finished, not cancelled: cancelling a database
write mid-statement can leave SQLite's write lock held for every other writer."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

from agents.base import Agent, AgentContext
from bot.slack_app import REQUEST_PATH
from integrations.events import Event
from integrations.slack.signing import block_actions_body
from tests.support.platforms import platforms, sign_slack
from tests.support.server import wait_until


class SlowOnRequest(Agent):
    name = "slow_on_request"
    subscribes = frozenset({"chat.action"})

    def __init__(self) -> None:
        super().__init__()
        self.finished: list[str] = []
        self.order: list[str] = []

    async def on_request(self, event: Event, ctx: AgentContext) -> None:
        await asyncio.sleep(REQUEST_PATH + 0.7)
        self.finished.append(event.id)
        self.order.append("on_request")

    async def run(self, event: Event, ctx: AgentContext) -> None:
        self.order.append("run")


def test_slow_request_path_work_is_finished_after_the_ack_not_cancelled(tmp_path: Path) -> None:
    agent = SlowOnRequest()
    with platforms(tmp_path, agents=[agent]) as p:
        body = block_actions_body("U0LEE", [{"action_id": "slow.click", "block_id": "b", "value": "v"}],
                                  channel_id="C0QA", message_ts="1764000000.000100")
        answer = httpx.post(f"{p.pmbot.url}/slack/events", content=body,
                            headers=sign_slack(body, "application/x-www-form-urlencoded"))
        assert answer.status_code == 200
        assert agent.finished == []  # the ack did not wait for it
        wait_until(lambda: len(agent.finished) == 1, timeout=10)  # and it was not cancelled
        p.pmbot.drain()
        # The worker took the same event meanwhile; the agent's run of it waited for its request-path work
        # (which may hold the event's actions half-done) instead of racing it.
        assert agent.order == ["on_request", "run"]
