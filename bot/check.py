"""`pmbot check`: the config is valid and every configured platform answers."""

from __future__ import annotations

from agents.team import TeamConfig
from bot.config import team_problems
from bot.plugins import agent_classes, build_agents
from bot.runtime import Clients
from bot.settings import Settings
from bot.storage.db import Database
from integrations.errors import IntegrationError
from integrations.registry import PLATFORMS


async def check(settings: Settings, team: TeamConfig) -> int:
    """Print one line per component; exit 1 when something configured does not work."""
    failures = 0
    problems = team_problems(team, build_agents(agent_classes(settings.pmbot_agents), team))
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
    llm = "model " + settings.pmbot_llm_model if clients.llm.available else "no key: running without a model"
    print(f"llm       ok       {llm}")
    await clients.aclose()
    return 1 if failures else 0
