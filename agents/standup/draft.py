"""The pre-filled draft: what the person did since their last standup (from the activity pmbot saw pass,
the tracker and the code host), and what is next (their open tasks). Every line links to its task or PR."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from agents.base import AgentContext
from agents.standup import activity
from agents.standup import messages as msg
from agents.standup.config import StandupConfig
from agents.standup.days import at, previous_working_day
from agents.standup.state import Draft, DraftLine, Entry, PersonLog
from agents.team import Person
from integrations.errors import IntegrationError, NotFound
from integrations.models import Commit, Task

MAX_WINDOW = timedelta(days=7)  # after a long absence the draft covers the last week, not the whole gap
SKEW = timedelta(minutes=5)
MAX_LOOKUPS = 10  # task names not in the tracker's listing: one read each, bounded


async def window_start(cfg: StandupConfig, ctx: AgentContext, person: Person, day: date) -> datetime:
    """The end of the person's last standup: their last answer, else their previous working day's prompt."""
    now = ctx.clock.now()
    floor = now - MAX_WINDOW
    log = await ctx.state.load(PersonLog, *cfg.parts(person.name))
    if log.last_answered_at is not None and log.last_answered_at < now:
        return max(log.last_answered_at, floor)
    previous = previous_working_day(cfg, person, day)
    start = at(person, previous, cfg.prompt_at) if previous else now - timedelta(days=1)
    return max(start, floor)


async def build(cfg: StandupConfig, ctx: AgentContext, person: Person, day: date, repos: list[str]) -> Draft:
    now = ctx.clock.now()
    start = await window_start(cfg, ctx, person, day)
    entries = await activity.since(ctx, person.name, start, now)
    updated, open_tasks = await _tasks(ctx, person, start)
    known = {t.id: t for t in [*updated, *open_tasks]}
    tracker_id = ctx.people.tracker_id(person)
    for task in updated:
        created = task.date_created
        if (task.creator and task.creator.id == tracker_id and created is not None
                and start <= created <= now + SKEW):
            entries.append(Entry(id=f"tracker:created:{task.id}", at=created, kind="created", ref=task.id))
    entries += await _commits(ctx, person, repos, start, now, entries)
    await _names(ctx, entries, known)
    done = _done_lines(cfg, entries, known)
    touched = {e.ref for e in entries}
    upcoming = _next_lines(cfg, open_tasks, touched)
    return Draft(since=start, done=_cap(done, cfg.max_draft_lines), next=upcoming[: cfg.max_draft_lines])


async def _tasks(ctx: AgentContext, person: Person, start: datetime) -> tuple[list[Task], list[Task]]:
    tracker_id = ctx.people.tracker_id(person)
    if ctx.tracker is None or not tracker_id:
        return [], []
    try:
        updated = await ctx.tracker.find_tasks(assignees=[tracker_id], updated_since=start, include_closed=True)
        open_tasks = await ctx.tracker.find_tasks(assignees=[tracker_id])
    except IntegrationError as exc:
        # The prompt goes out anyway, drafted from what pmbot saw pass.
        ctx.log.warning("tracker unavailable for the draft: %s", type(exc).__name__, extra={"person": person.name})
        return [], []
    return updated, open_tasks


async def _commits(ctx: AgentContext, person: Person, repos: list[str], start: datetime, now: datetime,
                   entries: list[Entry]) -> list[Entry]:
    """Commits the webhooks did not bring (GitHub never redelivers a push on its own)."""
    login = ctx.people.code_id(person)
    if ctx.code is None or not login or not repos:
        return []
    seen = {sha for e in entries for sha in e.shas}
    found: list[Entry] = []
    for repo in repos:
        try:
            commits: list[Commit] = await ctx.code.commits_since(repo, start)
        except IntegrationError as exc:
            ctx.log.warning("code host unavailable for the draft: %s", type(exc).__name__, extra={"repo": repo})
            continue
        mine = [c for c in commits if (c.author or "").lower() == login.lower() and c.sha not in seen
                and (c.date is None or start <= c.date <= now + SKEW)]
        if mine:
            first = mine[0].message.splitlines()[0] if mine[0].message else ""
            found.append(Entry(id=f"code:{repo}:{mine[0].sha}", at=mine[0].date or now, kind="pushed",
                               ref=f"{repo}:", title=first, detail=str(len(mine)), shas=[c.sha for c in mine]))
    return found


async def _names(ctx: AgentContext, entries: list[Entry], known: dict[str, Task]) -> None:
    """Task names and links for tracker entries whose tasks the listings did not return."""
    missing = [e.ref for e in entries if e.kind in msg.TASK_KINDS and e.ref not in known]
    if ctx.tracker is None:
        return
    for task_id in list(dict.fromkeys(missing))[:MAX_LOOKUPS]:
        try:
            known[task_id] = await ctx.tracker.get_task(task_id)
        except NotFound:
            continue
        except IntegrationError:
            break


def _done_lines(cfg: StandupConfig, entries: list[Entry], known: dict[str, Task]) -> list[DraftLine]:
    """One line per task, pull request or branch, in the order the person first touched it."""
    groups: dict[tuple[str, str], list[Entry]] = {}
    for entry in sorted(entries, key=lambda e: e.at):
        family = "task" if entry.kind in msg.TASK_KINDS else "push" if entry.kind == "pushed" else "pr"
        groups.setdefault((family, entry.ref), []).append(entry)
    lines = []
    for (family, ref), group in groups.items():
        if family == "task":
            task = known.get(ref)
            title = task.name if task else ref
            lines.append(msg.task_line(title, [msg.verb(e) for e in group], task.url if task else group[0].url))
        elif family == "pr":
            first = group[0]
            lines.append(msg.pr_line(ref, first.title, [msg.verb(e) for e in group], first.url))
        else:
            lines.append(msg.push_line(ref, sum(int(e.detail or 0) for e in group), group[0].title))
    return lines


def _next_lines(cfg: StandupConfig, open_tasks: list[Task], touched: set[str]) -> list[DraftLine]:
    done = {s.lower() for s in cfg.done_statuses}
    wanted = [s.lower() for s in cfg.next_statuses]
    chosen = [t for t in open_tasks if t.status.lower() not in done and (not wanted or t.status.lower() in wanted)]
    chosen = list({t.id: t for t in chosen}.values())

    def rank(task: Task) -> tuple[int, int, float]:
        status = wanted.index(task.status.lower()) if task.status.lower() in wanted else len(wanted)
        updated = task.date_updated.timestamp() if task.date_updated else 0.0
        return (0 if task.id in touched else 1, status, -updated)

    return [msg.next_line(t.name, t.status, t.url) for t in sorted(chosen, key=rank)]


def _cap(lines: list[DraftLine], limit: int) -> list[DraftLine]:
    if len(lines) <= limit:
        return lines
    return [*lines[: limit - 1], msg.more_lines(len(lines) - limit + 1)]
