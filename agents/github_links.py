"""Task ↔ pull request links: the per-PR record, the per-task link list shared with the QA router, and the
one ClickUp comment per task and pull request.

kv keys:
- `gh:pr:{repo}#{n}`: the PR record — repo, number, url, title, author, head_ref, head_sha, tasks (linked
  task ids), reviewers (logins asked for a review) and `tried` (reference token → task id or None, so a
  later event on the same PR does not look the same reference up again).
- `links:task:{task_id}`: list of {"repo", "number", "url", "author", "title"}, one entry per PR, updated in
  place (read by the QA router: linked PRs, and the PR author as developer).
- `gh:branch:{repo}:{branch}`: tasks referenced by commits pushed to a branch before its PR was seen.
- `gh:head:{repo}:{branch}` / `gh:sha:{repo}@{sha}`: which PR a branch / head commit belongs to.
"""

from __future__ import annotations

from typing import Any

from agents import github_messages as msg
from agents.base import AgentContext
from agents.task_refs import find_candidates, resolve
from agents.team import GitHubSyncConfig

LINK_FIELDS = ("repo", "number", "url", "author", "title")


def pr_key(repo: str, number: int) -> str:
    return f"gh:pr:{repo}#{number}"


def links_key(task_id: str) -> str:
    return f"links:task:{task_id}"


def branch_key(repo: str, branch: str) -> str:
    return f"gh:branch:{repo}:{branch}"


def head_key(repo: str, branch: str) -> str:
    return f"gh:head:{repo}:{branch}"


def sha_key(repo: str, sha: str) -> str:
    return f"gh:sha:{repo}@{sha}"


def pr_id(record: dict[str, Any]) -> str:
    return f"{record['repo']}#{record['number']}"


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


async def load_pr(ctx: AgentContext, repo: str, number: int) -> dict[str, Any]:
    return dict(await ctx.store.get(pr_key(repo, number), {}) or {})


async def save_pr(ctx: AgentContext, record: dict[str, Any]) -> None:
    await ctx.store.put(pr_key(record["repo"], int(record["number"])), record)


async def link_pull_request(ctx: AgentContext, cfg: GitHubSyncConfig, data: dict[str, Any]) -> dict[str, Any]:
    """Update the PR record from an event's data, find the tasks it references, and link each of them."""
    repo, number = str(data["repo"]), int(data["number"])
    record = await load_pr(ctx, repo, number)
    record.update(repo=repo, number=number)
    for field in ("url", "title", "author", "head_ref", "head_sha"):
        if data.get(field):
            record[field] = data[field]
    tried: dict[str, str | None] = dict(record.get("tried") or {})
    head_ref = str(data.get("head_ref") or record.get("head_ref") or "")
    candidates = find_candidates(branch=head_ref, texts=[data.get("title"), data.get("body")],
                                 prefixes=cfg.custom_id_prefixes)
    found = await resolve(ctx, candidates, tried)
    pushed: list[str] = []
    if head_ref:
        pushed = list((await ctx.store.get(branch_key(repo, head_ref), {}) or {}).get("tasks") or [])
        await ctx.store.put(head_key(repo, head_ref), number)
    if record.get("head_sha"):
        await ctx.store.put(sha_key(repo, str(record["head_sha"])), number)
    record.update(tried=tried, tasks=_unique(list(record.get("tasks") or []) + found + pushed))
    await save_pr(ctx, record)
    for task_id in record["tasks"]:
        await link_task(ctx, task_id, record)
    return record


async def link_task(ctx: AgentContext, task_id: str, record: dict[str, Any]) -> None:
    """Keep the task's link entry for this PR current; comment on the task once per PR."""
    entry = {field: record.get(field) for field in LINK_FIELDS}
    links = [dict(link) for link in await ctx.store.get(links_key(task_id), []) or []]
    same = [i for i, link in enumerate(links) if link.get("repo") == entry["repo"]
            and int(link.get("number") or 0) == int(record["number"])]
    if not same:
        links.append(entry)
        await ctx.store.put(links_key(task_id), links)
    else:
        updated = {**links[same[0]], **{k: v for k, v in entry.items() if v is not None}}
        if updated != links[same[0]]:
            links[same[0]] = updated
            await ctx.store.put(links_key(task_id), links)
    if ctx.tracker is None:
        return
    tracker, text = ctx.tracker, msg.linked_comment(entry)
    await ctx.act(f"gh.link:{task_id}:{pr_id(record)}", "clickup.comment",
                  lambda: tracker.comment(task_id, text), target=task_id)


async def remember_push(ctx: AgentContext, cfg: GitHubSyncConfig, data: dict[str, Any]) -> None:
    """Tasks referenced by a branch's commits: kept for the branch, and linked to its PR if one is known."""
    repo, branch = data.get("repo"), data.get("branch")
    if not repo or not branch:
        return  # a tag push, or a payload without a repository
    messages = [str(c.get("message") or "") for c in data.get("commits") or [] if isinstance(c, dict)]
    candidates = find_candidates(branch=branch, texts=messages, prefixes=cfg.custom_id_prefixes)
    if not candidates:
        return
    key = branch_key(repo, branch)
    state = dict(await ctx.store.get(key, {}) or {})
    tried: dict[str, str | None] = dict(state.get("tried") or {})
    found = await resolve(ctx, candidates, tried)
    tasks = _unique(list(state.get("tasks") or []) + found)
    await ctx.store.put(key, {"tasks": tasks, "tried": tried})
    number = await ctx.store.get(head_key(repo, branch))
    if number is None or not found:
        return
    record = await load_pr(ctx, repo, int(number))
    if not record or record.get("state") in ("merged", "closed"):
        return
    record["tasks"] = _unique(list(record.get("tasks") or []) + found)
    await save_pr(ctx, record)
    for task_id in found:
        await link_task(ctx, task_id, record)
