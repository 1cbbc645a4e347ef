"""A team, the three simulators seeded for the GitHub sync, and signed GitHub deliveries of the real
payloads in tests/fixtures/github (copies rewritten to reference the seeded tasks)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from agents.team import TeamConfig
from tests.conftest import FIXTURES
from tests.support.world import SeedTask, World, world

MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
REPO = "Codertocat/Hello-World"  # the repository of most octokit example payloads
GitHubWorld = World
PEOPLE: list[dict[str, Any]] = [
    {"name": "Dana", "slack": "U0DANA", "clickup": "101", "github": "Codertocat", "roles": ["developer"]},
    {"name": "Olly", "slack": "U0OLLY", "clickup": "103", "github": "octocat", "roles": ["lead"]},
    {"name": "Quinn", "slack": "U0QUINN", "clickup": "201", "roles": ["qa"]},
]


def gh_team(**sync: Any) -> TeamConfig:
    return TeamConfig.model_validate({"people": PEOPLE, "github_sync": {"repos": [REPO], **sync}})


def fixture(name: str, **pull_request: Any) -> dict[str, Any]:
    """A copy of a real payload; keyword arguments overwrite fields of its `pull_request`."""
    payload = copy.deepcopy(json.loads((FIXTURES / "github" / f"{name}.json").read_text()))
    pr = payload.get("pull_request")
    for key, value in pull_request.items():
        if key == "head_ref":
            pr["head"]["ref"] = value
        elif key == "head_sha":
            pr["head"]["sha"] = value
        elif key == "author":
            pr["user"]["login"] = value
        else:
            pr[key] = value
    return payload


@contextmanager
def github_world(tmp_path: Path, team: TeamConfig | None = None, *, t1_status: str = "in progress",
                 start: datetime = MONDAY) -> Iterator[World]:
    tasks = [SeedTask("T1", "Coupons", t1_status, ("101",)),
             SeedTask("86a1b2c3", "Search", "to do", ("101",), custom_id="ENG-42")]
    with world(tmp_path, team or gh_team(), tasks=tasks, repos=[REPO], channels=(), start=start,
               settle_rounds=3) as w:
        yield w
