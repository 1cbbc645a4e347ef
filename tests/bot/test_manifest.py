"""The Slack manifest is generated from the agents' declarations, and the committed file is in sync."""

from __future__ import annotations

from agents.base import Agent, Command
from agents.registry import AGENTS
from bot.manifest import MANIFEST_PATH, manifest, render_manifest
from integrations.events import Event


def test_committed_manifest_is_what_the_agents_declare() -> None:
    assert MANIFEST_PATH.read_text() == render_manifest(AGENTS), "run `pmbot manifest` and commit the file"


class Echo(Agent):
    name = "echo"
    subscribes = frozenset({"chat.direct_message", "chat.action"})
    commands = (Command("echo", "say it back"), Command("/shout", "say it loud", usage="<text>"))

    async def run(self, event: Event, ctx: object) -> None:  # type: ignore[override]
        return None


def test_every_command_event_and_scope_comes_from_a_declaration() -> None:
    data = manifest([Echo], request_url="https://bot.example.org/")
    assert [(c["command"], c["url"]) for c in data["features"]["slash_commands"]] == [
        ("/pm", "https://bot.example.org/slack/events"), ("/shout", "https://bot.example.org/slack/events")]
    assert data["settings"]["event_subscriptions"]["bot_events"] == ["message.im"]
    assert data["settings"]["interactivity"]["is_enabled"] is True
    assert data["oauth_config"]["scopes"]["bot"] == ["channels:read", "chat:write", "commands", "files:write",
                                                     "im:history", "im:write", "users:read", "users:read.email"]
    assert "app_home" not in data["features"]


def test_socket_mode_manifest_has_no_request_urls() -> None:
    text = render_manifest(AGENTS, socket_mode=True)
    assert "socket_mode_enabled: true" in text and "request_url" not in text and "url:" not in text
    assert "app_home_opened" in text and "home_tab_enabled: true" in text


def test_the_join_offer_subscribes_to_team_join_with_the_scopes_it_reads() -> None:
    """team_join needs users:read; its `user.profile.email` (and users.info's) needs users:read.email."""
    data = manifest(AGENTS)
    assert "team_join" in data["settings"]["event_subscriptions"]["bot_events"]
    assert {"users:read", "users:read.email"} <= set(data["oauth_config"]["scopes"]["bot"])
