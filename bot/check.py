"""`pmbot check`: the config is valid and every configured platform answers."""

from __future__ import annotations

from agents.team import TeamConfig
from bot.runtime import Clients
from bot.settings import Settings
from bot.storage.db import Database
from integrations.errors import IntegrationError


async def check(settings: Settings, team: TeamConfig) -> int:
    """Print one line per component; exit 1 when something configured does not work."""
    failures = 0
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
    probes = [
        ("clickup", clients.tracker, settings.clickup_api_url),
        ("slack", clients.chat, settings.slack_api_url),
        ("github", clients.code, settings.github_api_url),
    ]
    for name, client, url in probes:
        if client is None:
            print(f"{name:<9} skipped  no credentials configured")
            continue
        try:
            me = await client.whoami()  # type: ignore[union-attr]
            who = me if isinstance(me, str) else (getattr(me, "username", None) or getattr(me, "name", None) or me.id)
            print(f"{name:<9} ok       {url} as {who}")
        except IntegrationError as exc:
            failures += 1
            print(f"{name:<9} FAILED   {url}: {type(exc).__name__}: {exc}")
    llm = "model " + settings.pmbot_llm_model if clients.llm.available else "no key: running without a model"
    print(f"llm       ok       {llm}")
    await clients.aclose()
    return 1 if failures else 0
