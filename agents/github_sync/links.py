"""Task ↔ pull request links — the one module that owns them: the per-PR record, the per-task link list
(read by other agents through `task_links()`), and the one tracker comment per task and pull request.

State (typed, in the key-value table):
- `PRRecord` `gh:pr:{repo}#{n}`: what pmbot knows of a PR, the tasks it references, the reviewers asked, and
  `tried` (reference token → task id or None, so a later event on the same PR does not look it up again).
- `TaskLinks` `links:task:{task_id}`: one `PRLink` per PR, updated in place.
- `BranchRefs` `gh:branch:{repo}:{branch}`: tasks referenced by commits pushed before the PR was seen.
- `BranchHead` / `CommitPR`: which PR a branch / head commit belongs to.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from agents.base import AgentContext
from agents.common.state import AgentState, ListState
from agents.common.task_refs import candidates_in, resolve
from agents.github_sync import messages as msg
from agents.github_sync.config import GitHubSyncConfig


class PRLink(BaseModel):
    """A pull request as a task sees it."""

    repo: str
    number: int
    url: str | None = None
    author: str | None = None
    title: str | None = None


class TaskLinks(ListState):
    namespace = "links:task"
    root: list[PRLink] = Field(default_factory=list)


class PRRecord(AgentState):
    namespace = "gh:pr"

    repo: str = ""
    number: int = 0
    url: str | None = None
    title: str | None = None
    author: str | None = None
    head_ref: str | None = None
    head_sha: str | None = None
    state: str | None = None  # open / merged / closed
    tasks: list[str] = Field(default_factory=list)
    reviewers: list[str] = Field(default_factory=list)
    tried: dict[str, str | None] = Field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.repo}#{self.number}"

    def view(self) -> dict[str, Any]:
        """The fields messages show."""
        return self.model_dump(include={"repo", "number", "url", "title", "author"})


class BranchRefs(AgentState):
    namespace = "gh:branch"

    tasks: list[str] = Field(default_factory=list)
    tried: dict[str, str | None] = Field(default_factory=dict)


class BranchHead(AgentState):
    namespace = "gh:head"
    number: int | None = None


class CommitPR(AgentState):
    namespace = "gh:sha"
    number: int | None = None


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


async def task_links(ctx: AgentContext, task_id: str) -> list[PRLink]:
    """The pull requests linked to a task (the API other agents use)."""
    return list((await ctx.state.load(TaskLinks, task_id)).root)


async def load_pr(ctx: AgentContext, repo: str, number: int) -> PRRecord:
    return await ctx.state.load(PRRecord, f"{repo}#{number}")


async def save_pr(ctx: AgentContext, record: PRRecord) -> None:
    await ctx.state.save(record, record.id)


async def pr_for_commit(ctx: AgentContext, repo: str, sha: str) -> int | None:
    return (await ctx.state.load(CommitPR, f"{repo}@{sha}")).number


async def link_pull_request(ctx: AgentContext, cfg: GitHubSyncConfig, data: dict[str, Any]) -> PRRecord:
    """Update the PR record from an event's data, find the tasks it references, and link each of them."""
    repo, number = str(data["repo"]), int(data["number"])
    record = await load_pr(ctx, repo, number)
    record.repo, record.number = repo, number
    for name in ("url", "title", "author", "head_ref", "head_sha"):
        if data.get(name):
            setattr(record, name, data[name])
    head_ref = str(data.get("head_ref") or record.head_ref or "")
    candidates = candidates_in(ctx, branch=head_ref, texts=[data.get("title"), data.get("body")],
                               prefixes=cfg.custom_id_prefixes)
    found = await resolve(ctx, candidates, record.tried)
    pushed: list[str] = []
    if head_ref:
        pushed = list((await ctx.state.load(BranchRefs, repo, head_ref)).tasks)
        await ctx.state.save(BranchHead(number=number), repo, head_ref)
    if record.head_sha:
        await ctx.state.save(CommitPR(number=number), f"{repo}@{record.head_sha}")
    record.tasks = _unique(record.tasks + found + pushed)
    await save_pr(ctx, record)
    for task_id in record.tasks:
        await link_task(ctx, task_id, record)
    return record


async def link_task(ctx: AgentContext, task_id: str, record: PRRecord) -> None:
    """Keep the task's link entry for this PR current; comment on the task once per PR."""
    entry = PRLink(repo=record.repo, number=record.number, url=record.url, author=record.author, title=record.title)
    links = await ctx.state.load(TaskLinks, task_id)
    same = [i for i, link in enumerate(links.root) if link.repo == entry.repo and link.number == entry.number]
    if not same:
        links.root.append(entry)
        await ctx.state.save(links, task_id)
    else:
        old = links.root[same[0]]
        updated = old.model_copy(update={k: v for k, v in entry.model_dump().items() if v is not None})
        if updated != old:
            links.root[same[0]] = updated
            await ctx.state.save(links, task_id)
    await ctx.do.comment(task_id, msg.linked_comment(entry.model_dump()), key=f"gh.link:{task_id}:{record.id}")


async def remember_push(ctx: AgentContext, cfg: GitHubSyncConfig, data: dict[str, Any]) -> None:
    """Tasks referenced by a branch's commits: kept for the branch, and linked to its PR if one is known."""
    repo, branch = data.get("repo"), data.get("branch")
    if not repo or not branch:
        return  # a tag push, or a payload without a repository
    messages = [str(c.get("message") or "") for c in data.get("commits") or [] if isinstance(c, dict)]
    candidates = candidates_in(ctx, branch=branch, texts=messages, prefixes=cfg.custom_id_prefixes)
    if not candidates:
        return
    refs = await ctx.state.load(BranchRefs, repo, branch)
    found = await resolve(ctx, candidates, refs.tried)
    refs.tasks = _unique(refs.tasks + found)
    await ctx.state.save(refs, repo, branch)
    number = (await ctx.state.load(BranchHead, repo, branch)).number
    if number is None or not found:
        return
    record = await load_pr(ctx, repo, number)
    if not record.repo or record.state in ("merged", "closed"):
        return
    record.tasks = _unique(record.tasks + found)
    await save_pr(ctx, record)
    for task_id in found:
        await link_task(ctx, task_id, record)
