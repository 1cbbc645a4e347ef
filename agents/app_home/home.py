"""What one person's Home tab shows, gathered from the tracker, the code host, pmbot's due items and state.
A task is shown as people know it: by its name, and on a tracker whose tasks have keys (Jira's `ENG-42`, its
`references`) by its key and name, linked to the tracker's own page of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from agents.app_home.config import AppHomeConfig
from agents.base import AgentContext
from agents.common.absence import current_or_next
from agents.common.oversight import DRY_RUN, PAUSED, Roster, Switches
from agents.common.task_refs import task_label
from agents.github_sync.reviews import REMINDER_KIND as REVIEW_REMINDER
from agents.qa_router.handoff import reminders_for
from agents.standup import status as standup_status
from agents.team import Absence, Person
from integrations.errors import IntegrationError

# Agents whose switches are the console's own plumbing, not shown (they are never held).
CONSOLE = "app_home"


@dataclass(frozen=True)
class Item:
    """One line: what, where to open it, and a note (its status, when a reminder is due)."""

    text: str
    url: str | None = None
    note: str = ""


@dataclass
class Home:
    """Everything the view is built from."""

    person: Person | None
    lead: bool = False
    to_test: list[Item] = field(default_factory=list)
    to_fix: list[Item] = field(default_factory=list)
    to_review: list[Item] = field(default_factory=list)
    reminders: list[Item] = field(default_factory=list)
    standup: str | None = None  # None: no standup agent runs here
    away: Absence | None = None  # the viewer's out of office under way or next (team file or /pm ooo)
    squads: list[str] = field(default_factory=list)  # the named squads the viewer is in (agents/common/squads.py)
    agents: list[tuple[str, str]] = field(default_factory=list)  # (name, "live" / "dry run" / "paused")
    switches: Switches = field(default_factory=Switches)
    problems: list[str] = field(default_factory=list)


def agent_states(roster: list[str], switches: Switches) -> list[tuple[str, str]]:
    states = []
    for name in roster:
        console = name == CONSOLE  # the global switches leave the console running
        if switches.effective(PAUSED, name, global_applies=not console):
            states.append((name, "paused"))
        elif switches.effective(DRY_RUN, name, global_applies=not console):
            states.append((name, "dry run"))
        else:
            states.append((name, "live"))
    return states


def _when(ctx: AgentContext, at: datetime, person: Person | None) -> str:
    local = at.astimezone(ZoneInfo(person.timezone if person else ctx.team.schedules.timezone))
    return local.strftime("%a %d %b %H:%M")


async def gather(cfg: AppHomeConfig, ctx: AgentContext, viewer: str) -> Home:
    person = ctx.people.by_chat(viewer)
    home = Home(person=person, lead=person is not None and "lead" in person.roles)
    home.switches = await ctx.state.load(Switches, "switches")
    roster = (await ctx.state.load(Roster, "roster")).root
    home.agents = agent_states(roster, home.switches)
    if person is None:
        return home
    names = await _tasks(cfg, ctx, person, home)
    await _reviews(cfg, ctx, person, home)
    await _reminders(ctx, person, home, names)
    home.squads = [name for name, people in ctx.team.squads().items() if person in people]
    if "standup" in roster:
        home.standup = await _standup(ctx, person)
    home.away = await current_or_next(ctx, person)
    return home


async def _tasks(cfg: AppHomeConfig, ctx: AgentContext, person: Person, home: Home) -> dict[str, str]:
    tracker_id = ctx.people.tracker_id(person)
    if ctx.tracker is None or not tracker_id:
        return {}
    wanted = {s.lower() for s in (*cfg.to_test, *cfg.to_fix)}
    try:
        tasks = await ctx.tracker.find_tasks(assignees=[tracker_id], statuses=[*cfg.to_test, *cfg.to_fix])
    except IntegrationError as exc:
        home.problems.append(f"The tracker did not answer ({type(exc).__name__}).")
        return {}
    fix = {s.lower() for s in cfg.to_fix}
    for task in sorted(tasks, key=lambda t: t.name.lower()):
        status = task.status.lower()
        if status not in wanted:
            continue
        target = home.to_fix if status in fix else home.to_test
        target.append(Item(task_label(ctx, task), task.url, task.status))
    home.to_test, home.to_fix = home.to_test[: cfg.max_items], home.to_fix[: cfg.max_items]
    return {t.id: task_label(ctx, t) for t in tasks}


async def _reviews(cfg: AppHomeConfig, ctx: AgentContext, person: Person, home: Home) -> None:
    login = (ctx.people.code_id(person) or "").lower()
    repos = cfg.repos if cfg.repos is not None else [str(r) for r in ctx.team.section("github_sync").get("repos")
                                                     or []]
    if ctx.code is None or not login:
        return
    for repo in repos:
        try:
            pulls = await ctx.code.open_pull_requests(repo)
        except IntegrationError as exc:
            home.problems.append(f"{repo}: the code host did not answer ({type(exc).__name__}).")
            continue
        for pr in pulls:
            if login in {r.lower() for r in pr.requested_reviewers} and not pr.draft:
                home.to_review.append(Item(f"{pr.repo}#{pr.number} {pr.title}", pr.url, f"by {pr.author}"))
    home.to_review = home.to_review[: cfg.max_items]


async def _reminders(ctx: AgentContext, person: Person, home: Home, names: dict[str, str]) -> None:
    tracker_id = ctx.people.tracker_id(person)
    if tracker_id:
        for task, due_at in await reminders_for(ctx, tracker_id):
            home.reminders.append(Item(f"Test {names.get(task, 'task ' + task)}", None,
                                       f"next reminder {_when(ctx, due_at, person)}"))
    login = (ctx.people.code_id(person) or "").lower()
    if login:
        for due in await ctx.store.pending_due(REVIEW_REMINDER, limit=200):
            if str(due.payload.get("reviewer") or "").lower() == login:
                ref = f"{due.payload.get('repo')}#{due.payload.get('number')}"
                home.reminders.append(Item(f"Review {ref}", None, f"next reminder {_when(ctx, due.due_at, person)}"))


async def _standup(ctx: AgentContext, person: Person) -> str:
    """Today's standup (each squad's, named, for someone in several)."""
    found = await standup_status.today(ctx, person)
    if not found:
        return "no standup asked of you yet today"
    if len(found) == 1 and found[0][0] is None:
        return found[0][1]
    return "; ".join(f"{name or 'standup'}: {said}" for name, said in found)
