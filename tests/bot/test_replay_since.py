"""`pmbot replay --since`: after a parser change, the stored deliveries are translated again and their new
events processed once; a second replay finds duplicates; --force processes them again under new ids."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import ClassVar

import httpx
import pytest

from agents.base import Agent, AgentContext
from agents.team import TeamConfig
from bot.replay import parse_since, replay_since
from integrations.events import Event
from integrations.github import webhook as github_webhook
from tests.conftest import FIXTURES
from tests.support.platforms import platforms, sign_github


class SeesLabels(Agent):
    """Records the `pr.labeled` events it ran for (the event the changed parser starts to produce)."""

    name = "sees_labels"
    subscribes = frozenset({"pr.labeled"})
    seen: ClassVar[list[str]] = []

    def handles(self, event: Event) -> bool:
        return True

    async def run(self, event: Event, ctx: AgentContext) -> None:
        SeesLabels.seen.append(event.id)


def labeled() -> bytes:
    payload = json.loads((FIXTURES / "github" / "pull_request.opened.json").read_text())
    payload["action"] = "labeled"
    payload["label"] = {"name": "needs-qa"}
    return json.dumps(payload).encode()


def test_replay_since_translates_stored_deliveries_again_after_a_parser_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    SeesLabels.seen.clear()
    agents = "tests.bot.test_replay_since:SeesLabels"
    with platforms(tmp_path, pmbot_worker=False, pmbot_agents=agents) as p:
        body = labeled()
        answer = httpx.post(p.pmbot.url + "/webhooks/github", content=body,
                            headers=sign_github(body, "pull_request", "d-label-1"))
        assert answer.json() == {"ok": True, "accepted": 1, "duplicates": 0}
        p.pmbot.drain()
        [row] = p.pmbot.call(p.pmbot.runtime.deliveries.rows)
        assert (row["status"], row["events"]) == ("translated", 0)  # today's parser ignores `labeled`
        assert SeesLabels.seen == []
        settings, team = p.pmbot.runtime.settings, TeamConfig()

        monkeypatch.setitem(github_webhook._PR_ACTIONS, "labeled", "pr.labeled")  # the parser fix
        capsys.readouterr()
        assert asyncio.run(replay_since(settings, team, "1h")) == 0
        out = capsys.readouterr().out.splitlines()
        assert out[0].startswith("pmbot replay: 1 stored deliveries since ")
        assert out[1].startswith("github:d-label-1  (github, received ") and out[1].endswith(": 1 event(s)")
        assert out[2].split() == ["pr.labeled", "github:d-label-1", "sees_labels:", "no", "action"]
        assert SeesLabels.seen == ["github:d-label-1"]
        [row] = p.pmbot.call(p.pmbot.runtime.deliveries.rows)
        assert (row["status"], row["events"]) == ("translated", 1)
        assert [(r["key"], r["type"], r["status"]) for r in p.pmbot.call(p.pmbot.runtime.store.inbox.rows)] == [
            ("github:d-label-1", "pr.labeled", "done")]

        assert asyncio.run(replay_since(settings, team, "1h")) == 0  # again: nothing new
        assert "duplicate: already received, skipped" in capsys.readouterr().out
        assert SeesLabels.seen == ["github:d-label-1"]

        assert asyncio.run(replay_since(settings, team, "1h", force=True)) == 0
        assert len(SeesLabels.seen) == 2 and SeesLabels.seen[1].startswith("replay:")
        assert SeesLabels.seen[1].endswith(":github:d-label-1")
        capsys.readouterr()

        assert asyncio.run(replay_since(settings, team, "1h", source="clickup")) == 0
        assert capsys.readouterr().out.startswith("pmbot replay: 0 stored deliveries since ")


def test_since_reads_dates_times_and_ages() -> None:
    from datetime import UTC, datetime

    now = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
    assert parse_since("6h", now) == datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
    assert parse_since("2d", now) == datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    assert parse_since("90m", now) == datetime(2026, 11, 24, 10, 30, tzinfo=UTC)
    assert parse_since("2026-11-23T09:00", now) == datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    assert parse_since("2026-11-23T10:00+01:00", now) == datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    with pytest.raises(ValueError):
        parse_since("yesterday", now)
