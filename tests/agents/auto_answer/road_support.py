"""The auto-answerer's test world: the simulators seeded with a handbook folder, a bug list with descriptions,
a repository with documentation and pull requests; helpers that say things in Slack as people do."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx

from agents.team import TeamConfig
from integrations.slack.signing import block_actions_body, event_body
from integrations.slack.sim.api import SimMessage
from tests.agents.auto_answer.aa_support import PEOPLE, section
from tests.support.platforms import sign_slack
from tests.support.world import MONDAY, SeedTask, World, world

CHANNELS = ("C0HELP", "C0SURE", "C0MENTION", "C0BUGS", "C0QA")


def road_team(tmp_path: Path, **extra: Any) -> TeamConfig:
    conf = section(tmp_path, **extra)
    conf["sources"] = [{**s, "path": str(tmp_path / s["path"])} if s.get("path") else s for s in conf["sources"]]
    return TeamConfig.model_validate({"people": PEOPLE, "auto_answer": conf})


BUG_SOURCES: list[dict[str, Any]] = [
    {"name": "bugs", "kind": "clickup_list", "list": "L1"},
    {"name": "webapp", "kind": "github_repo", "repo": "demo/webapp", "paths": ["README.md", "docs/"]},
]


@contextmanager
def answer_world(tmp_path: Path, settings: dict[str, Any] | None = None, **extra: Any) -> Iterator[World]:
    """The world with the answerer's team; `extra` overrides keys of its `auto_answer` section, `settings` are
    pmbot's (environment) settings."""
    team = road_team(tmp_path, **extra)
    tasks = [SeedTask("T1", "Checkout: apply coupon codes", "in testing", ("201",), custom_id="ENG-42")]
    with world(tmp_path, team, tasks=tasks, repos=["demo/webapp"], channels=CHANNELS, **(settings or {})) as w:
        w.clickup.task("T1")["url"] = "https://app.clickup.com/t/T1"
        yield w


def send_event(w: World, event: dict[str, Any]) -> httpx.Response:
    body = event_body(event)
    answer = httpx.post(f"{w.pmbot.url}/slack/events", content=body, headers=sign_slack(body, "application/json"))
    w.pmbot.drain()
    return answer


def say(w: World, user: str, channel: str, text: str, *, thread_ts: str | None = None) -> str:
    """A person posts `text` in a channel (a `message` event); returns its ts."""
    posted = w.slack.human_message(channel, user, text, thread_ts=thread_ts)
    event = {"type": "message", "channel": channel, "channel_type": "channel", "user": user, "text": text,
             "ts": posted.ts}
    if thread_ts:
        event["thread_ts"] = thread_ts
    send_event(w, event)
    return posted.ts


def mention(w: World, user: str, channel: str, text: str, *, also_message: bool = False) -> str:
    """A person mentions pmbot: Slack sends an `app_mention` event (and, in a channel pmbot reads, a `message`
    event for the same post)."""
    text = f"<@UBOT> {text}"
    posted = w.slack.human_message(channel, user, text)
    send_event(w, {"type": "app_mention", "channel": channel, "user": user, "text": text, "ts": posted.ts})
    if also_message:
        send_event(w, {"type": "message", "channel": channel, "channel_type": "channel", "user": user, "text": text,
                       "ts": posted.ts})
    return posted.ts


def dm(w: World, user: str, text: str) -> str:
    posted = w.slack.human_message(user, user, text)
    send_event(w, {"type": "message", "channel": posted.channel, "channel_type": "im", "user": user, "text": text,
                   "ts": posted.ts})
    return posted.ts


def bot_messages(w: World, channel: str) -> list[SimMessage]:
    return [m for m in w.slack.messages(channel) if m.user == "UBOT"]


def click(w: World, user: str, action_id: str, value: str, message: SimMessage | None = None) -> None:
    body = block_actions_body(user, [{"action_id": action_id, "block_id": "auto_answer", "value": value}],
                              channel_id=message.channel if message else None,
                              message_ts=message.ts if message else None)
    httpx.post(f"{w.pmbot.url}/slack/events", content=body,
               headers=sign_slack(body, "application/x-www-form-urlencoded"))
    w.pmbot.drain()
    time.sleep(0.01)  # Slack's action_ts has microseconds: two clicks are never the same instant


def buttons(message: SimMessage | dict[str, Any]) -> list[tuple[str, str, str]]:
    blocks = message.blocks if isinstance(message, SimMessage) else message.get("blocks")
    actions = [b for b in blocks or [] if b["type"] == "actions"]
    return [(e["action_id"], e["text"]["text"], e["value"]) for a in actions for e in a["elements"]]


def replies(w: World, channel: str, thread_ts: str) -> list[SimMessage]:
    return [m for m in bot_messages(w, channel) if m.thread_ts == thread_ts]


def two_days_ago_ms() -> int:
    return int((MONDAY - timedelta(days=2)).timestamp() * 1000)
