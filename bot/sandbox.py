"""Sandbox mode: with no platform credentials, pmbot talks to in-process simulators of ClickUp,
Slack and GitHub (real HTTP on loopback), seeded with a demo workspace from the team config."""

from __future__ import annotations

import secrets
from typing import Any

from agents.team import TeamConfig
from bot.settings import Settings
from integrations.clickup.sim.api import ClickUpSimulator
from integrations.github.sim.api import GitHubSimulator
from integrations.slack.sim.api import SlackSimulator

CLICKUP_TEAM = "9000"
CLICKUP_BOT_USER = "900"
DEMO_LIST = "L100"
DEMO_STATUSES = ["to do", "in progress", "in review", "ready for testing", "in testing", "needs fix", "done", "closed"]
DEMO_TASKS = [
    # id, name, status, clickup assignee ids, tags
    ("T1", "Checkout: apply coupon codes", "in progress", ["101"], ["backend"]),
    ("T2", "Profile page redesign", "in review", ["102"], ["frontend"]),
    ("T3", "Rate-limit the public API", "to do", [], ["api"]),
    ("T4", "Fix flaky login test", "in testing", ["201"], ["backend"]),
    ("T5", "Onboarding e-mail copy", "done", ["102"], []),
]


class Sandbox:
    """The simulators for the platforms that have no credentials."""

    def __init__(self, simulate: list[str]) -> None:
        self.simulated = list(simulate)
        self.clickup: ClickUpSimulator | None = None
        self.slack: SlackSimulator | None = None
        self.github: GitHubSimulator | None = None
        self.tokens: dict[str, str] = {}

    def start(self, settings: Settings, team: TeamConfig, *, public_url: str | None = None) -> Settings:
        """Start and seed the simulators; return settings pointing pmbot's clients at them."""
        url = public_url or f"http://{settings.pmbot_host}:{settings.pmbot_port}"
        update: dict[str, Any] = {"pmbot_sandbox": True}
        if "clickup" in self.simulated:
            token, hook_secret = "pk_sandbox_" + secrets.token_hex(8), secrets.token_hex(16)
            self.clickup = ClickUpSimulator(token=token, team_id=CLICKUP_TEAM, bot_user_id=CLICKUP_BOT_USER)
            seed_clickup(self.clickup, team)
            self.clickup.start()
            self.clickup.set_webhook(f"{url}/webhooks/clickup", hook_secret)
            update.update(
                clickup_api_token=token,
                clickup_webhook_secret=hook_secret,
                clickup_team_id=CLICKUP_TEAM,
                clickup_api_url=self.clickup.base_url,
            )
        if "slack" in self.simulated:
            token, signing = "xoxb-sandbox-" + secrets.token_hex(8), secrets.token_hex(16)
            self.slack = SlackSimulator(token=token)
            seed_slack(self.slack, team)
            self.slack.start()
            update.update(slack_bot_token=token, slack_signing_secret=signing, slack_api_url=self.slack.web_api_url)
        if "github" in self.simulated:
            token, hook_secret = "ghp_sandbox_" + secrets.token_hex(8), secrets.token_hex(16)
            self.github = GitHubSimulator(token=token)
            seed_github(self.github, team)
            self.github.start()
            update.update(github_token=token, github_webhook_secret=hook_secret, github_api_url=self.github.base_url)
        return settings.updated(**update)

    def stop(self) -> None:
        for sim in (self.clickup, self.slack, self.github):
            if sim is not None:
                sim.stop()


def seed_clickup(sim: ClickUpSimulator, team: TeamConfig) -> None:
    for person in team.people:
        if person.clickup:
            sim.add_user(person.clickup, person.name, person.email)
    sim.add_list(DEMO_LIST, "Sprint board", DEMO_STATUSES)
    known = {p.clickup for p in team.people}
    for task_id, name, status, assignees, tags in DEMO_TASKS:
        sim.add_task(task_id, name, DEMO_LIST, status, assignees=[a for a in assignees if a in known], tags=tags)


def seed_slack(sim: SlackSimulator, team: TeamConfig) -> None:
    for person in team.people:
        if person.slack:
            sim.add_user(person.slack, person.name.split()[0].lower(), person.name, person.email or "",
                         tz=person.timezone)
    channels = {"C0QA": "qa", "C0REPORTS": "reports", "C0STANDUP": "standup"}
    for attr in ("qa", "reports", "standup", "alerts"):
        channel = getattr(team.channels, attr)
        if channel:
            channels[channel] = attr
    if team.qa_router.channel:
        channels.setdefault(team.qa_router.channel, "qa")
    for channel_id, name in channels.items():
        sim.add_channel(channel_id, name)


def seed_github(sim: GitHubSimulator, team: TeamConfig) -> None:
    repos = team.github_sync.repos or ["demo/webapp"]
    developers = [p.github for p in team.people if p.github and "developer" in p.roles] or ["octocat"]
    reviewers = [p.github for p in team.people if p.github and "lead" in p.roles]
    repo = repos[0]
    for name in repos:
        sim.add_repo(name)
    sim.add_pull(repo, 1, "CU-T1 Apply coupon codes at checkout", developers[0], "feature/CU-T1-coupons",
                 body="Implements coupon codes.")
    sim.add_pull(repo, 2, "Profile page redesign", developers[-1], "feature/profile-redesign",
                 body="Closes CU-T2", requested_reviewers=reviewers[:1])


def banner(settings: Settings, sandbox: Sandbox | None) -> str:
    base = f"http://{settings.pmbot_host}:{settings.pmbot_port}"
    lines = [f"pmbot serving on {base}  (dashboard {base}/ · health {base}/healthz · metrics {base}/metrics)"]
    db = settings.pmbot_database_url.split("://", 1)[0]
    lines.append(f"  database: {db} ({'embedded SQLite' if db.startswith('sqlite') else 'server'})")
    if sandbox:
        lines.append("  SANDBOX MODE: no platform credentials found, so these platforms are simulated on loopback:")
        for name, sim in (("clickup", sandbox.clickup), ("slack", sandbox.slack), ("github", sandbox.github)):
            if sim is not None:
                lines.append(f"    {name:<8} simulated at {sim.base_url}")
        lines.append("  Try `pmbot demo` (or `make demo`) to watch a scripted scenario.")
    webhooks = {"clickup": "/webhooks/clickup", "github": "/webhooks/github", "slack": "/slack/events"}
    for name, path in webhooks.items():
        state = "simulated" if sandbox and name in sandbox.simulated else (
            "connected" if name not in settings.missing_platforms() else "not configured")
        lines.append(f"  {name:<8} {state:<15} webhook {base}{path}")
    no_model = "no OPENAI_API_KEY: running without a model"
    llm = f"model {settings.pmbot_llm_model}" if settings.openai_api_key else no_model
    lines.append(f"  llm      {llm}")
    return "\n".join(lines)
