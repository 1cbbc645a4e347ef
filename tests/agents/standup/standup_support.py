"""A standup team in three timezones, the test world seeded for it, and people answering through signed
Slack requests into `POST /slack/events`."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from agents.team import TeamConfig
from integrations.slack.signing import block_actions_body, event_body, view_submission_body
from integrations.slack.sim.api import SimMessage
from tests.support.platforms import sign_slack
from tests.support.world import MONDAY, SeedTask, World, world

CHANNEL = "C0STANDUP"
PEOPLE: list[dict[str, Any]] = [
    {"name": "Ana", "slack": "U0ANA", "clickup": "111", "github": "ana-gh", "roles": ["developer"],
     "timezone": "America/New_York", "country": "US"},
    {"name": "Ben", "slack": "U0BEN", "clickup": "112", "github": "ben-gh", "roles": ["developer"],
     "timezone": "Europe/Berlin", "country": "DE"},
    {"name": "Kei", "slack": "U0KEI", "clickup": "113", "github": "kei-gh", "roles": ["qa"],
     "timezone": "Asia/Tokyo", "country": "JP"},
    {"name": "Oona", "slack": "U0OONA", "clickup": "114", "roles": ["developer"], "timezone": "Europe/Berlin",
     "out_of_office": [{"from": "2026-11-02", "to": "2026-11-03"}]},
    {"name": "Lee", "slack": "U0LEE", "clickup": "301", "roles": ["lead"], "timezone": "Europe/Berlin"},
]


def standup_team(*, people: list[dict[str, Any]] | None = None, **standup: Any) -> TeamConfig:
    # The auto-answerer (another agent) would also answer DMs, thread replies under a standup prompt included;
    # it is off here so the calls asserted are the standup's own.
    return TeamConfig.model_validate({
        "people": people or PEOPLE, "channels": {"standup": CHANNEL},
        "schedules": {"timezone": "Europe/Berlin"}, "standup": standup, "auto_answer": {"enabled": False},
    })


@contextmanager
def standup_world(tmp_path: Path, team: TeamConfig | None = None, *, tasks: Sequence[SeedTask] = (),
                  start: datetime = MONDAY, db_url: str | None = None, repos: Sequence[str] = (),
                  **settings: Any) -> Iterator[World]:
    with world(tmp_path, team or standup_team(), tasks=tasks, channels=(CHANNEL, "C0QA"), start=start,
               db_url=db_url, repos=repos, **settings) as w:
        yield w


def _post(w: World, body: bytes, content_type: str) -> httpx.Response:
    answer = httpx.post(f"{w.pmbot.url}/slack/events", content=body, headers=sign_slack(body, content_type))
    w.pmbot.drain()
    return answer


def at(w: World, when: datetime, *, summary: bool = False) -> None:
    """Time passes to `when`: the planner and the due sweep run as their crons would (and the summary's)."""
    w.clock.set(when)
    w.pmbot.tick("plan_daily")
    w.pmbot.drain()
    w.sweep()
    if summary:
        w.pmbot.tick("standup_summary")
        w.pmbot.drain()


def dm(w: World, user: str) -> SimMessage:
    """The latest DM pmbot sent `user` that is not a thread reply."""
    return [m for m in w.slack.dms(user) if not m.thread_ts][-1]


def reply_in_thread(w: World, user: str, text: str, parent: SimMessage) -> httpx.Response:
    """The person replies in the thread of one of pmbot's DMs (an Events API `message.im`)."""
    ts = f"{w.clock.now().timestamp():.6f}"
    event = {"type": "message", "channel_type": "im", "channel": parent.channel, "user": user, "text": text,
             "ts": ts, "thread_ts": parent.ts, "event_ts": ts}
    return _post(w, event_body(event, event_id="Ev" + uuid.uuid4().hex[:10].upper()), "application/json")


def press_answer(w: World, user: str, message: SimMessage, *, trigger_id: str | None = None) -> httpx.Response:
    value = next(e["value"] for b in message.blocks or [] if b["type"] == "actions" for e in b["elements"])
    body = block_actions_body(user, [{"action_id": "standup.answer", "block_id": "standup", "value": value}],
                              channel_id=message.channel, message_ts=message.ts, trigger_id=trigger_id)
    return _post(w, body, "application/x-www-form-urlencoded")


def submit(w: World, user: str, view: dict[str, Any], answers: dict[str, str], *, view_id: str) -> httpx.Response:
    """Submit the modal as Slack does: `state.values` per input block."""
    values = {}
    for block in view["blocks"]:
        if block["type"] == "input":
            key = block["block_id"].removeprefix("q_")
            values[block["block_id"]] = {"text": {"type": "plain_text_input", "value": answers.get(key)}}
    body = view_submission_body(user, view["callback_id"], values, view_id=view_id)
    return _post(w, body, "application/x-www-form-urlencoded")


def channel_messages(w: World) -> list[SimMessage]:
    return w.slack.messages(CHANNEL)


def dumps(value: Any) -> str:
    return json.dumps(value, indent=1, default=str)
