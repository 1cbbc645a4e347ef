"""Agents are plug-ins: a tiny agent from a package outside the tree, loaded through PMBOT_AGENTS, gets its
config section validated, its `/pm` subcommand routed and answered, and its schedule run — with no edit to
bot/ or agents/registry.py. And the one `/pm` router: help, unknown, lead-only, through /slack/events."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from agents.registry import AGENTS
from agents.team import TeamConfig
from bot.config import ConfigError, load_team_config
from bot.plugins import agent_classes
from tests.support.world import SeedTask, World, world

PEOPLE = [{"name": "Ana", "slack": "U0ANA", "clickup": "101", "roles": ["lead"]},
          {"name": "Bo", "slack": "U0BO", "clickup": "102", "roles": ["developer"]}]

PLUGIN = '''
"""A tiny agent that lives outside pmbot's tree."""

from agents.base import Agent, AgentConfig, Command, Cron


class NudgerConfig(AgentConfig):
    greeting: str = "hello"
    channel: str = "C0QA"


class Nudger(Agent):
    name = "nudger"
    Config = NudgerConfig
    subscribes = frozenset({"tick.nudge"})
    commands = (Command("nudge", "say the greeting here", usage="[name]"),
                Command("purge", "forget every nudge", lead_only=True))

    def schedules(self):
        return [Cron("nudge", "0 10 * * mon-fri")]

    async def run(self, event, ctx):
        if event.type == "chat.command":
            words = str(event.data.get("text") or "").split()
            await ctx.do.respond(event, f"{self.cfg.greeting}, {' '.join(words[1:]) or 'team'}")
        else:
            await ctx.do.post(self.cfg.channel, f"{self.cfg.greeting} from the schedule", key=f"nudge:{event.id}")
'''


@pytest.fixture
def plugin_path(tmp_path: Path) -> Iterator[Path]:
    package = tmp_path / "plugins" / "acme_nudger"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(textwrap.dedent(PLUGIN))
    sys.path.insert(0, str(package.parent))
    try:
        yield package.parent
    finally:
        sys.path.remove(str(package.parent))
        sys.modules.pop("acme_nudger", None)


def nudger_world(tmp_path: Path) -> World:
    # Only the QA router's command besides the plug-in's, however many product agents the registry gains.
    others = {cls.name: {"enabled": False} for cls in AGENTS if cls.name != "qa_router"}
    team = TeamConfig.model_validate({"people": PEOPLE, "nudger": {"greeting": "moin"},
                                      "schedules": {"nudge": "30 9 * * *"}, **others})
    return world(tmp_path, team, tasks=[SeedTask("T1", "Coupons", "to do")], pmbot_agents="acme_nudger:Nudger",
                 pmbot_scheduler=True)  # type: ignore[return-value]


def test_its_config_section_is_validated_with_file_key_and_problem(tmp_path: Path, plugin_path: Path) -> None:
    bad = tmp_path / "team.yaml"
    bad.write_text("nudger:\n  greting: hi\n")
    with pytest.raises(ConfigError) as err:
        load_team_config(bad, agent_classes("acme_nudger:Nudger"))
    assert str(err.value) == f"{bad}: nudger.greting: unknown key"
    bad.write_text("schedules:\n  nudge: every day\n")
    with pytest.raises(ConfigError) as err:
        load_team_config(bad, agent_classes("acme_nudger:Nudger"))
    expected = "schedules.nudge: 'every day' is not a 5-field cron expression like '0 9 * * mon-fri'"
    assert str(err.value) == f"{bad}: {expected}"
    bad.write_text("nudger:\n  greeting: hi\n")
    with pytest.raises(ConfigError):
        load_team_config(bad)  # without the plug-in loaded, its section is unknown
    assert load_team_config(bad, agent_classes("acme_nudger:Nudger")).section("nudger") == {"greeting": "hi"}


def test_its_command_and_its_schedule_work(tmp_path: Path, plugin_path: Path) -> None:
    with nudger_world(tmp_path) as w:  # type: ignore[attr-defined]
        assert w.slash("nudge Ana", "U0BO").text == ""  # acknowledged at once; the answer follows
        assert w.slack.responses() == [{"text": "moin, Ana", "response_type": "ephemeral"}]
        scheduler = w.pmbot.runtime.scheduler
        assert "nudge" in scheduler.jobs()
        assert str(scheduler.scheduler.get_job("nudge").trigger) == "cron[month='*', day='*', day_of_week='*', " \
                                                                    "hour='9', minute='30']"
        w.pmbot.tick("nudge")
        w.pmbot.drain()
        assert [m.text for m in w.slack.messages("C0QA")] == ["moin from the schedule"]


HELP = ("*pmbot commands*\n"
        "• `/pm help` — this list\n"
        "• `/pm qa` — the QA queue: tasks waiting for QA and in testing, with their age (answers by DM)\n"
        "• `/pm nudge [name]` — say the greeting here\n"
        "• `/pm purge` — forget every nudge (leads only)")


def test_pm_help_unknown_and_lead_only_answer_through_response_url(tmp_path: Path, plugin_path: Path) -> None:
    with nudger_world(tmp_path) as w:  # type: ignore[attr-defined]
        for text, user in (("help", "U0BO"), ("", "U0BO"), ("deploy prod", "U0BO"), ("purge", "U0BO")):
            answer = w.slash(text, user)
            assert (answer.status_code, answer.text) == (200, "")
        w.slash("purge", "U0ANA")  # a lead may: the agent runs it
        assert w.slack.responses() == [
            {"text": HELP, "response_type": "ephemeral"},
            {"text": HELP, "response_type": "ephemeral"},
            {"text": "I don't know `deploy`.\n" + HELP, "response_type": "ephemeral"},
            {"text": "Only a lead can use `/pm purge`. Ask one of the leads on your team.",
             "response_type": "ephemeral"},
            {"text": "moin, team", "response_type": "ephemeral"},
        ]
        answer = w.slash("qa", "U0BO")
        assert (answer.status_code, answer.text) == (200, "I'll send you the answer in a DM.")
