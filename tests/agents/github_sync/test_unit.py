"""The GitHub sync's decisions against the in-process fakes: link comment once, forward-only move."""

from __future__ import annotations

from datetime import UTC, datetime

from agents.github_sync import GitHubSync
from agents.github_sync.config import GitHubSyncConfig
from agents.github_sync.links import task_links
from bot.clock import FrozenClock
from integrations.events import Event, Ref
from integrations.fakes import FakeChat, FakeTracker
from integrations.models import Task
from tests.agents.github_sync.github_sync_support import REPO, gh_team
from tests.support.unit import MemoryStore, unit_context

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def opened(status_word: str = "pr.opened") -> Event:
    return Event(id="github:d1", source="github", type=status_word, occurred_at=NOW, actor="Codertocat",
                 subject=Ref(kind="pull_request", id=f"{REPO}#7"),
                 data={"repo": REPO, "number": 7, "title": "CU-T1 coupons", "url": f"https://github.com/{REPO}/pull/7",
                       "author": "Codertocat", "head_ref": "feature/x", "head_sha": "abc", "body": ""})


async def test_pr_opened__links_the_task_once_and_moves_it_forward_and_announces_the_move() -> None:
    tracker = FakeTracker([Task(id="T1", name="Coupons", status="in progress", list_id="L1")])
    store = MemoryStore()
    agent = GitHubSync(GitHubSyncConfig(repos=[REPO]))
    ctx = unit_context(gh_team(), FrozenClock(NOW), tracker=tracker, chat=FakeChat(), store=store, event=opened())
    await agent.run(opened(), ctx)
    await agent.run(opened(), ctx)  # redelivered
    url = f"https://github.com/{REPO}/pull/7"
    assert tracker.writes("comment") == [{"task": "T1", "text": f"Pull request {REPO}#7 “CU-T1 coupons” by Codertocat "
                                                                 f"is linked to this task: {url} — pmbot"}]
    assert [w["status"] for w in tracker.writes("update_task")] == ["in review"]
    assert [e.type for e in store.enqueued] == ["task.status_changed"]
    assert [link.number for link in await task_links(ctx, "T1")] == [7]


async def test_a_task_past_the_move_is_not_moved_back() -> None:
    tracker = FakeTracker([Task(id="T1", name="Coupons", status="done", list_id="L1")])
    agent = GitHubSync(GitHubSyncConfig(repos=[REPO]))
    await agent.run(opened(), unit_context(gh_team(), FrozenClock(NOW), tracker=tracker, event=opened()))
    assert tracker.writes("update_task") == [] and len(tracker.writes("comment")) == 1
