"""The auto-answerer's test team, a small handbook folder, and contexts on a real SQLite passage index."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from agents.auto_answer.config import AutoAnswerConfig
from agents.base import AgentContext
from agents.team import TeamConfig
from bot.clock import FrozenClock
from bot.storage.db import Database
from bot.storage.search import SqlSearchIndex
from integrations.fakes import FakeChat, FakeCodeHost, FakeLLM, FakeTracker
from tests.support.unit import MemoryStore, unit_context

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
PEOPLE: list[dict[str, Any]] = [
    {"name": "Dana Developer", "slack": "U0DANA", "clickup": "101", "github": "dana-dev", "roles": ["developer"]},
    {"name": "Quinn Tester", "slack": "U0QUINN", "clickup": "201", "github": "quinn-qa", "roles": ["qa"]},
    {"name": "Lee Lead", "slack": "U0LEE", "clickup": "301", "github": "lee-lead", "roles": ["lead"]},
]
HANDBOOK = {
    "time-off.md": "# Time off\n\n## Vacation\nEveryone gets 28 days of paid vacation a year. Request it in the "
                   "HR portal two weeks ahead and tell your lead.\n\n## Sick leave\nIf you are sick, message your "
                   "lead before 10:00. From the fourth day of illness we need a doctor's note.\n",
    "releases.md": "# Releases\n\nWe deploy to production on Tuesdays and Thursdays after 14:00. Never deploy on "
                   "a Friday. The release captain runs `make release` and watches the dashboards.\n",
    "guides/laptop.md": "# Laptops\n\nNew joiners get a 14-inch laptop on their first day. Broken hardware goes "
                        "to it-help@example.com.\n",
}
SECRETS = {"salaries.md": "# Salary bands\n\nSalary bands are reviewed every April by the leads.\n"}


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def section(tmp_path: Path, **extra: Any) -> dict[str, Any]:
    write(tmp_path / "handbook", HANDBOOK)
    write(tmp_path / "leads", SECRETS)
    base: dict[str, Any] = {
        "sources": [{"name": "handbook", "kind": "folder", "path": "handbook"},
                    {"name": "leads", "kind": "folder", "path": "leads", "visible_to": ["lead"]}],
        "channels": {"C0HELP": {"mode": "questions", "sources": ["handbook"]},
                     "C0SURE": {"mode": "confident_only", "sources": ["handbook"]},
                     "C0MENTION": {"mode": "mention", "sources": ["handbook"]}},
        "owners": ["U0LEE"],
        "projects": {"Mobile": "L2"},
        "repos": ["demo/webapp"],
    }
    base.update(extra)
    return base


def team(tmp_path: Path, **extra: Any) -> TeamConfig:
    return TeamConfig.model_validate({"people": PEOPLE, "auto_answer": section(tmp_path, **extra)})


def config(t: TeamConfig) -> AutoAnswerConfig:
    return AutoAnswerConfig.model_validate(t.section("auto_answer"))


@asynccontextmanager
async def unit(tmp_path: Path, t: TeamConfig | None = None, *, tracker: FakeTracker | None = None,
               code: FakeCodeHost | None = None, llm: FakeLLM | None = None,
               chat: FakeChat | None = None) -> AsyncIterator[AgentContext]:
    """A unit context over the fakes, with a real passage index in a SQLite file and the YAML folder set."""
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'unit.db'}")
    await db.migrate()
    clock = FrozenClock(MONDAY)
    ctx = unit_context(t or team(tmp_path), clock, tracker=tracker, code=code, chat=chat or FakeChat(),
                       store=MemoryStore(), agent="auto_answer")
    ctx = dataclasses.replace(ctx, search=SqlSearchIndex(db, clock), config_dir=tmp_path,
                              llm=llm or FakeLLM(available=False))
    try:
        yield ctx
    finally:
        await db.dispose()
