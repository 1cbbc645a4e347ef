"""`pmbot check`: the config is valid and every configured platform answers; on a tracker with workflows (Jira), the
statuses agents name exist in the projects they work in: `scope()["statuses"]` in every project an agent's `lists`
name, `scope()["statuses:<project>"]` in that project (a QA squad's statuses in the squad's own projects)."""

from __future__ import annotations

from agents.base import Agent
from agents.team import TeamConfig
from bot.config import team_problems
from bot.plugins import agent_classes, build_agents
from bot.runtime import Clients
from bot.settings import Settings
from bot.storage.db import Database
from integrations.errors import IntegrationError
from integrations.protocols import TaskTracker, WorkflowTracker
from integrations.registry import PLATFORMS

STATUSES = "statuses"  # an agent's scope() key: statuses looked for in every project; `statuses:<project>`: in one


async def check(settings: Settings, team: TeamConfig) -> int:
    """Print one line per component; exit 1 when something configured does not work."""
    failures = 0
    agents = build_agents(agent_classes(settings.pmbot_agents), team)
    problems = team_problems(team, agents)
    if problems:
        failures += 1
        print(f"config    FAILED   {settings.pmbot_config}:")
        for problem in problems:
            print(f"            {problem}")
    else:
        print(f"config    ok       {settings.pmbot_config} ({len(team.people)} people)")
    db = Database(settings.pmbot_database_url)
    try:
        await db.migrate()
        print(f"database  ok       {db.dialect}")
    except Exception as exc:  # noqa: BLE001 - report, do not crash
        failures += 1
        print(f"database  FAILED   {db.dialect}: {type(exc).__name__}: {exc}")
    finally:
        await db.dispose()
    clients = Clients.from_settings(settings)
    for platform in PLATFORMS:
        if platform.whoami is None:
            continue
        name, client = platform.name, clients.by_platform.get(platform.name)
        url = getattr(settings, platform.api_url_setting or "", "")
        if client is None:
            print(f"{name:<9} skipped  no credentials configured")
            continue
        try:
            me = await platform.whoami(client)
            print(f"{name:<9} ok       {url} as {me.display or me.user}")
        except IntegrationError as exc:
            failures += 1
            print(f"{name:<9} FAILED   {url}: {type(exc).__name__}: {exc}")
            continue
        if isinstance(client, WorkflowTracker):  # a tracker with workflows (the same client, as a TaskTracker)
            failures += await _workflow_statuses(name, clients.by_platform[name], agents)
    llm = "model " + settings.pmbot_llm_model if clients.llm.available else "no key: running without a model"
    print(f"llm       ok       {llm}")
    await clients.aclose()
    return 1 if failures else 0


async def _workflow_statuses(name: str, tracker: TaskTracker, agents: list[Agent]) -> int:
    """One line per project: the statuses agents move tasks to are in its workflow (a transition cannot reach a
    status the workflow lacks). An agent's `scope()["statuses"]` are looked for in every project the team file
    names, its `scope()["statuses:<project>"]` in that project only (a QA squad's in its own lists). The number of
    projects that fail."""
    everywhere: dict[str, list[str]] = {}
    only: dict[str, dict[str, list[str]]] = {}
    projects: list[str] = []
    for agent in agents:
        scope = agent.scope()
        projects += scope.get("lists", [])
        for key, statuses in scope.items():
            head, _, project = key.partition(":")
            if head != STATUSES:
                continue
            if project:
                projects.append(project)
            _want(only.setdefault(project, {}) if project else everywhere, statuses, agent.name)
    projects = list(dict.fromkeys(projects))
    if not everywhere and not only:
        return 0
    if not projects:
        print(f"{name:<9} skipped  statuses: no project named in the team file (an agent's `lists:`)")
        return 0
    failed = 0
    for project in projects:
        wanted = {s: list(who) for s, who in everywhere.items()}
        for status, who in only.get(project, {}).items():
            _want(wanted, [status], *who)
        if not wanted:
            continue
        try:
            have = {s.lower() for s in await tracker.list_statuses(project)}
        except IntegrationError as exc:
            failed += 1
            print(f"{name:<9} FAILED   project {project}: {type(exc).__name__}: {exc}")
            continue
        missing = [f"{s!r} ({', '.join(who)})" for s, who in wanted.items() if s not in have]
        if missing:
            failed += 1
            print(f"{name:<9} FAILED   project {project} has no status {', '.join(missing)}")
        else:
            print(f"{name:<9} ok       project {project} has the {len(wanted)} statuses the team file names")
    return failed


def _want(wanted: dict[str, list[str]], statuses: list[str], *agents: str) -> None:
    """Add `statuses` (any case) to `wanted`, each naming the agents that want it once."""
    for status in statuses:
        who = wanted.setdefault(status.lower(), [])
        who += [a for a in agents if a not in who]
