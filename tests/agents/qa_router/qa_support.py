"""The QA team, and the one test world seeded for it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from agents.team import TeamConfig
from integrations.slack.sim import SlackSimulator
from tests.support.world import MONDAY, SeedTask, World, world

QAWorld = World
PEOPLE: list[dict[str, Any]] = [
    {"name": "Dana", "slack": "U0DANA", "clickup": "101", "github": "dana-dev", "roles": ["developer"],
     "timezone": "Europe/Berlin"},
    {"name": "Devon", "slack": "U0DEVON", "clickup": "102", "github": "devon-b", "roles": ["developer"]},
    {"name": "Quinn", "slack": "U0QUINN", "clickup": "201", "roles": ["qa"], "timezone": "Europe/Berlin",
     "skills": ["backend"]},
    {"name": "Rae", "slack": "U0RAE", "clickup": "202", "roles": ["qa"], "timezone": "America/New_York"},
    {"name": "Lee", "slack": "U0LEE", "clickup": "301", "roles": ["lead"]},
]


def qa_team(*, people: list[dict[str, Any]] | None = None, **router: Any) -> TeamConfig:
    config = {"channel": "C0QA", "escalate_to": ["U0LEE"], **router}
    return TeamConfig.model_validate({"people": people or PEOPLE, "qa_router": config})


def channel_texts(slack: SlackSimulator, channel: str = "C0QA") -> list[str]:
    return [m.text for m in slack.messages(channel)]


@contextmanager
def qa_world(tmp_path: Path, team: TeamConfig | None = None, *, db_url: str | None = None,
             start: datetime = MONDAY, tags: tuple[str, ...] = ()) -> Iterator[World]:
    tasks = [SeedTask("T1", "Coupons", "in progress", ("101",), tags)]
    with world(tmp_path, team or qa_team(), tasks=tasks, db_url=db_url, start=start) as w:
        yield w
