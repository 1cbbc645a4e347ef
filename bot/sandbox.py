"""Sandbox mode: with no platform credentials, pmbot talks to in-process simulators of ClickUp (or Jira, with
PMBOT_SANDBOX_TRACKER=jira), Slack and GitHub (real HTTP on loopback), seeded with a demo workspace from the team
config."""

from __future__ import annotations

from typing import Any

from agents.team import TeamConfig
from bot.plugins import agent_classes, build_agents, scope
from bot.settings import Settings
from integrations.platform import Seed, SeedPerson
from integrations.registry import PLATFORMS


def seed_from(team: TeamConfig, settings: Settings) -> Seed:
    """The demo workspace for the team: its people, the channels its config names, the repos and lists
    its agents watch."""
    agents = build_agents(agent_classes(settings.pmbot_agents), team)
    channels = {cid: attr for attr, cid in team.channels.model_dump().items() if cid}
    for name, section in team.sections.items():
        if isinstance(section, dict) and isinstance(section.get("channel"), str):
            channels.setdefault(section["channel"], name)
    people = tuple(SeedPerson(p.name, p.email, p.timezone, tuple(p.roles), dict(p.ids)) for p in team.people)
    return Seed(people, channels, tuple(scope(agents, "repos")), tuple(scope(agents, "lists")))


class Sandbox:
    """The simulators for the platforms that have no credentials."""

    def __init__(self, simulate: list[str]) -> None:
        self.simulated = list(simulate)
        self.sims: dict[str, Any] = {}
        self.secrets: dict[str, str] = {}

    def start(self, settings: Settings, team: TeamConfig, *, public_url: str | None = None) -> Settings:
        """Start and seed the simulators; return settings pointing pmbot's clients at them."""
        url = public_url or f"http://{settings.pmbot_host}:{settings.pmbot_port}"
        update: dict[str, Any] = {"pmbot_sandbox": True}
        world = seed_from(team, settings)
        # One simulated tracker (PMBOT_SANDBOX_TRACKER): the others stay unconfigured.
        others = {p.name for p in PLATFORMS if p.role == "tracker"} - {settings.pmbot_sandbox_tracker}
        self.simulated = [name for name in self.simulated if name not in others]
        for platform in PLATFORMS:
            if platform.name in self.simulated and platform.simulate is not None:
                simulation = platform.simulate(world, url)
                self.sims[platform.name] = simulation.simulator
                self.secrets.update(simulation.secrets)
                update.update(simulation.settings)
        return settings.updated(**update)

    def stop(self) -> None:
        for sim in self.sims.values():
            sim.stop()


def banner(settings: Settings, sandbox: Sandbox | None) -> str:
    base = f"http://{settings.pmbot_host}:{settings.pmbot_port}"
    lines = [f"pmbot serving on {base}  (dashboard {base}/ · health {base}/healthz · metrics {base}/metrics)"]
    db = settings.pmbot_database_url.split("://", 1)[0]
    lines.append(f"  database: {db} ({'embedded SQLite' if db.startswith('sqlite') else 'server'})")
    if sandbox:
        lines.append("  SANDBOX MODE: no platform credentials found, so these platforms are simulated on loopback:")
        for name, sim in sandbox.sims.items():
            lines.append(f"    {name:<8} simulated at {sim.base_url}")
        if sandbox.secrets:
            lines.append("  The simulated platforms' webhook secrets (not real; to sign your own test deliveries):")
            lines += [f"    {key}={value}" for key, value in sandbox.secrets.items()]
        lines.append("  Try `pmbot demo` (or `make demo`) to watch a scripted scenario.")
    missing = settings.missing_platforms()
    for platform in PLATFORMS:
        if not platform.route:
            continue
        name = platform.name
        state = "simulated" if sandbox and name in sandbox.simulated else (
            "connected" if name not in missing else "not configured")
        lines.append(f"  {name:<8} {state:<15} webhook {base}{platform.route}")
    no_model = "no OPENAI_API_KEY: running without a model"
    llm = f"model {settings.pmbot_llm_model}" if settings.openai_api_key else no_model
    lines.append(f"  llm      {llm}")
    return "\n".join(lines)
