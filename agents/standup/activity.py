"""Each member's activity as it passes pmbot: tracker changes they made, pull requests they opened, merged or
reviewed, commits they pushed. Kept per person in typed state, pruned by age, for tomorrow's draft."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import quote

from agents.base import AgentContext
from agents.standup.config import StandupConfig
from agents.standup.state import Activity, Entry, Logged
from agents.team import Person
from integrations.events import Event

KEEP = timedelta(days=14)
MAX_ENTRIES = 300
TASK_EVENTS = frozenset({"task.status_changed", "task.created", "task.commented"})
CODE_EVENTS = frozenset({"pr.opened", "pr.merged", "pr.reviewed", "code.pushed"})


def entries_for(cfg: StandupConfig, ctx: AgentContext, event: Event) -> list[tuple[Person, Entry]]:
    """Who did what in `event` (pure: no I/O)."""
    # Stamped when pmbot saw it: the draft's window is measured on pmbot's clock, and the platforms' timestamps
    # come from other clocks (a simulator's, a replayed file's). Live, the two differ by seconds.
    at = ctx.clock.now()
    data = event.data
    if event.type in TASK_EVENTS:
        person = ctx.people.by_tracker(event.actor)
        if person is None or event.subject is None:
            return []
        task = event.subject.id
        if event.type == "task.status_changed":
            if not data.get("from"):
                return []  # a new task's first status, reported with its creation
            to = str(data.get("to") or "")
            closed = data.get("category") == "done" or (  # where the tracker says (Jira), else by name
                to.lower() in {s.lower() for squad in cfg.instances() for s in squad.done_statuses})
            kind = "closed" if closed else "moved"
            return [(person, Entry(id=event.id, at=at, kind=kind, ref=task, url=event.subject.url, detail=to))]
        kind = "created" if event.type == "task.created" else "commented"
        return [(person, Entry(id=event.id, at=at, kind=kind, ref=task, url=event.subject.url))]
    repo, number = data.get("repo"), data.get("number")
    if event.type == "code.pushed":
        return _pushes(ctx, event, at)
    if not repo or not isinstance(number, int):
        return []
    ref, title, url = f"{repo}#{number}", str(data.get("title") or ""), data.get("url")

    def entry(kind: str, detail: str = "", suffix: str = "") -> Entry:
        return Entry(id=event.id + suffix, at=at, kind=kind, ref=ref, title=title, url=url, detail=detail)

    found: list[tuple[Person, Entry]] = []
    if event.type == "pr.opened":
        person = ctx.people.by_code(data.get("author"))
        if person:
            found.append((person, entry("pr_opened")))
    elif event.type == "pr.merged":
        author, merger = ctx.people.by_code(data.get("author")), ctx.people.by_code(event.actor)
        if author:
            found.append((author, entry("pr_merged")))
        if merger and merger != author:
            found.append((merger, entry("pr_merged", "merged by you", ":merger")))
    elif event.type == "pr.reviewed":
        reviewer = ctx.people.by_code(data.get("reviewer"))
        if reviewer:
            found.append((reviewer, entry("reviewed", str(data.get("state") or "").replace("_", " "))))
    return found


def _pushes(ctx: AgentContext, event: Event, at: datetime) -> list[tuple[Person, Entry]]:
    data = event.data
    repo, branch = data.get("repo"), data.get("branch")
    if not repo:
        return []
    by_person: dict[str, tuple[Person, list[dict[str, str]]]] = {}
    for commit in data.get("commits") or []:
        if not isinstance(commit, dict):
            continue
        person = ctx.people.by_code(commit.get("author")) or ctx.people.by_code(event.actor)
        if person is not None:
            by_person.setdefault(person.name, (person, []))[1].append(commit)
    found = []
    for name, (person, commits) in by_person.items():
        first = str(commits[0].get("message") or "").splitlines()[0] if commits else ""
        found.append((person, Entry(id=f"{event.id}:{name}", at=at, kind="pushed", ref=f"{repo}:{branch or ''}",
                                    title=first, detail=str(len(commits)),
                                    shas=[str(c.get("sha")) for c in commits if c.get("sha")])))
    return found


async def record(cfg: StandupConfig, ctx: AgentContext, event: Event, members: set[str]) -> int:
    """Add the event's entries to the logs of the members who acted; returns how many were added."""
    added = 0
    for person, entry in entries_for(cfg, ctx, event):
        if person.name in members:
            added += await _append(ctx, person.name, entry)
    return added


async def _append(ctx: AgentContext, name: str, entry: Entry) -> int:
    """Store the entry as a row of its own under the person's prefix, keyed by its id: no read-modify-write of
    a shared list (which cost a read, a write and a read-back of up to MAX_ENTRIES entries per event), and a
    retried event writes the same row again."""
    return int(await ctx.state.create(Logged(**entry.model_dump()), _person(name), entry.id))


def _person(name: str) -> str:
    return quote(name, safe="")  # no ":" inside: one person's prefix never covers another's


async def since(ctx: AgentContext, name: str, start: datetime, end: datetime) -> list[Entry]:
    """The person's entries between `start` and `end`, oldest first (at most MAX_ENTRIES, the latest);
    rows older than KEEP, or beyond the latest MAX_ENTRIES, are removed on the way."""
    rows = await ctx.state.load_all(Logged, _person(name))
    ordered = sorted(rows.items(), key=lambda item: item[1].at)
    cutoff = ctx.clock.now() - KEEP
    stale = [key for n, (key, e) in enumerate(ordered) if e.at < cutoff or n < len(ordered) - MAX_ENTRIES]
    if stale:
        await ctx.state.delete(stale)
    entries: dict[str, Entry] = {e.id: e for e in (await ctx.state.load(Activity, name)).entries}
    entries.update((e.id, e) for _, e in ordered)
    chosen = sorted((e for e in entries.values() if start <= e.at <= end and e.at >= cutoff), key=lambda e: e.at)
    return chosen[-MAX_ENTRIES:]
