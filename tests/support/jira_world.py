"""The test world with Jira as the tracker: the same team, Slack and GitHub as `world.py`'s, and the Jira simulator
seeded from the same `SeedTask`s (a seed's `custom_id` is its issue key, else ENG-1, ENG-2 ...; its statuses are the
QA workflow's; its ClickUp assignees become the same people's `jira:` account ids). `tracker_world` gives either
world, so a behaviour test runs on both trackers and compares what each simulator recorded."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from agents.team import TeamConfig
from bot.clock import FrozenClock
from integrations.github.sim import GitHubSimulator
from integrations.jira.sim import JiraSimulator
from integrations.jira.sim.site import QA_WORKFLOW, Workflow
from integrations.slack.sim import SlackSimulator
from tests.support.platforms import SECRETS, TOKENS
from tests.support.server import ThreadServer, make_settings
from tests.support.world import MONDAY, SeedTask, World, seed_chat_and_code, served, world

TRACKERS = ("clickup", "jira")
JIRA = {"email": "pmbot@example.com", "token": "jira-test-token-1a2b", "secret": "jira-webhook-secret-5e6f",
        "bot": "acc-pmbot"}
PROJECT = "ENG"


@dataclass
class JiraWorld(World):
    """`World` with the Jira simulator as the tracker (`clickup` is None): pmbot is configured for Jira only."""

    jira: JiraSimulator = field(default_factory=JiraSimulator)
    keys: dict[str, str] = field(default_factory=dict)  # seed id → issue key

    def start(self, *, webhook: bool = True) -> ThreadServer:
        settings = make_settings(
            jira_base_url=self.jira.base_url, jira_email=JIRA["email"], jira_api_token=JIRA["token"],
            jira_webhook_secret=JIRA["secret"], slack_bot_token=TOKENS["slack"],
            slack_signing_secret=SECRETS["slack"], slack_api_url=self.slack.web_api_url,
            github_token=TOKENS["github"], github_webhook_secret=SECRETS["github"],
            github_api_url=self.github.base_url, pmbot_database_url=self.db_url, **self.settings)
        server = ThreadServer(settings, self.team, clock=self.clock, team_file=self.team_file).__enter__()
        self.servers.append(server)
        if webhook:
            self.jira.set_webhook(f"{server.url}/webhooks/jira", JIRA["secret"])
        return server

    def settle(self) -> None:
        for _ in range(self.settle_rounds):
            assert self.jira.wait_for_webhooks()
            for server in self.servers:
                server.drain()

    def move(self, user: str, status: str, task: str = "T1") -> list[dict[str, Any]]:
        """The person with ClickUp id `user` moves the seeded task on the board (through the workflow)."""
        person = self.team.person_on("clickup", user)
        account = person.handle("jira") if person else None
        assert account, f"nobody with clickup id {user} has a jira account id"
        self.jira.human_move(self.keys[task], account, status_name(self.jira.workflow(self.jira.find(
            self.keys[task])), status))
        self.settle()
        return []

    def issue_id(self, seed: str) -> str:
        return str(self.jira.find(self.keys[seed])["id"])


def status_name(workflow: Workflow, status: str) -> str:
    """The workflow's spelling of a status given in any case."""
    found = next((name for name in workflow.statuses if name.lower() == status.lower()), None)
    if found is None:
        raise ValueError(f"{status!r} is not a status of the workflow")
    return found


def seed_jira(sim: JiraSimulator, team: TeamConfig, tasks: Sequence[SeedTask]) -> dict[str, str]:
    """People with a `jira:` handle, project ENG with the QA workflow, and the tasks; seed id → issue key."""
    for person in team.people:
        if person.handle("jira"):
            sim.add_user(str(person.handle("jira")), person.name, f"{person.name.lower()}@example.com")
    sim.add_project(PROJECT, "Engineering")
    keys: dict[str, str] = {}
    numbered = iter(range(1, 10_000))
    for task in tasks:
        key = task.custom_id or f"{PROJECT}-{next(numbered)}"
        owners = [p.handle("jira") for a in task.assignees if (p := team.person_on("clickup", a))]
        sim.add_issue(key, task.name, status_name(QA_WORKFLOW, task.status), assignee=owners[0] if owners else None,
                      labels=list(task.tags))
        keys[task.id] = key
    return keys


@contextmanager
def jira_world(tmp_path: Path, team: TeamConfig, *, tasks: Sequence[SeedTask], repos: Sequence[str] = (),
               channels: Sequence[str] = ("C0QA",), db_url: str | None = None, start: datetime = MONDAY,
               settle_rounds: int = 2, team_file: Path | None = None, **settings: Any) -> Iterator[JiraWorld]:
    jira = JiraSimulator(email=JIRA["email"], token=JIRA["token"], bot_account_id=JIRA["bot"])
    keys = seed_jira(jira, team, tasks)
    slack = SlackSimulator(token=TOKENS["slack"])
    github = GitHubSimulator(token=TOKENS["github"])
    seed_chat_and_code(team, slack, github, channels, repos)
    for sim in (jira, slack, github):
        sim.start()
    w = JiraWorld(tmp_path, team, FrozenClock(start), None, slack, github,  # type: ignore[arg-type]
                  db_url or f"sqlite+aiosqlite:///{tmp_path / 'pmbot.db'}", settle_rounds, settings,
                  team_file=team_file, jira=jira, keys=keys)
    with served(w, (jira, slack, github)):
        yield w


@contextmanager
def tracker_world(tracker: str, tmp_path: Path, team: TeamConfig, *, tasks: Sequence[SeedTask],
                  **kwargs: Any) -> Iterator[World]:
    """`world(...)` on ClickUp or `jira_world(...)` on Jira."""
    make = world if tracker == "clickup" else jira_world
    with make(tmp_path, team, tasks=tasks, **kwargs) as w:
        yield w


def task_id(w: World, seed: str) -> str:
    """The tracker's id of a seeded task (ClickUp: the seed's id; Jira: the issue's numeric id)."""
    return w.issue_id(seed) if isinstance(w, JiraWorld) else seed


def tracker_writes(w: World) -> list[tuple[str, str, Any]]:
    """Every write the tracker's simulator received: (method, path, JSON body), in order."""
    sim = w.jira if isinstance(w, JiraWorld) else w.clickup
    return [(r.method, r.path, r.json) for r in sim.writes()]
