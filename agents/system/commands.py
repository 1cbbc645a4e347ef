"""One `/pm` command router, built from the commands the agents declare: `/pm help` lists them, an unknown
subcommand answers the help; a command refuses whoever `access:` does not let use it (outsiders: everything
but help, unless the team file says otherwise; lead-only commands: all but the leads). Answers are ephemeral."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from agents.base import Agent, AgentContext, Command, command_words
from agents.common.people import DEFAULT_PLATFORMS
from agents.team import LEAD, MEMBER, OUTSIDER, RANK, TeamConfig
from integrations.events import Event

ROOT = "/pm"
RUN, HELP, UNKNOWN, REFUSED = "run", "help", "unknown", "refused"


@dataclass(frozen=True)
class Resolution:
    """What a slash command invocation means: run an agent's command, or answer it here."""

    kind: str
    agent: Agent | None = None
    command: Command | None = None
    word: str = ""
    need: str = LEAD  # for REFUSED: the level the command asks for


def help_text(agents: Sequence[Agent]) -> str:
    lines = ["*pmbot commands*", f"• `{ROOT} help` — this list"]
    for agent in agents:
        for cmd in agent.commands:
            name = cmd.name if cmd.top_level else f"{ROOT} {cmd.name}"
            usage = f" {cmd.usage}" if cmd.usage else ""
            notes = [n for n, on in (("leads only", cmd.lead_only), ("answers by DM", cmd.dm)) if on]
            suffix = f" ({', '.join(notes)})" if notes else ""
            lines.append(f"• `{name}{usage}` — {cmd.help}{suffix}")
    # Squads are named in the team file (checked names: lower-case letters, digits, - and _); an agent that
    # runs several takes the squad's name as its first command's first word.
    squads = [f"`{_invocation(agent.commands[0])} <squad>` — {', '.join(agent.instances())}"
              for agent in agents if agent.instances() and agent.commands]
    if squads:
        lines.append(f"*Squads*: {' · '.join(squads)}")
    return "\n".join(lines)


def _invocation(cmd: Command) -> str:
    return cmd.name if cmd.top_level else f"{ROOT} {cmd.name}"


def unknown_text(word: str, agents: Sequence[Agent]) -> str:
    return f"I don't know `{word}`.\n" + help_text(agents)


def refused_text(command: Command, need: str = LEAD) -> str:
    name = command.name if command.top_level else f"{ROOT} {command.name}"
    if need == LEAD:
        return f"Only a lead can use `{name}`. Ask one of the leads on your team."
    return (f"`{name}` is for the people of this team, and pmbot does not know you. "
            "Ask a lead to add you to `people` in pmbot's team file.")


class CommandRouter(Agent):
    """Routes `chat.command` events to the agent that declared the command; answers help itself."""

    name = "commands"
    reads_raw = False
    subscribes = frozenset({"chat.command"})

    def __init__(self, agents: Sequence[Agent], team: TeamConfig, *, chat_platform: str = "") -> None:
        super().__init__()
        self.agents = [a for a in agents if a.commands]
        self.team = team
        self.chat_platform = chat_platform or DEFAULT_PLATFORMS["chat"]

    def resolve(self, event: Event) -> Resolution:
        """Pure: which agent runs this command, or which answer it gets here."""
        command = str(event.data.get("command") or "")
        if command != ROOT:
            for agent in self.agents:
                for cmd in agent.commands:
                    if cmd.top_level and cmd.name == command:
                        return self._allowed(event, agent, cmd)
            return Resolution(UNKNOWN, word=command)
        words = command_words(event)
        word = words[0].lower() if words else "help"
        if word == "help":
            return Resolution(HELP, word=word)
        for agent in self.agents:
            for cmd in agent.commands:
                if not cmd.top_level and cmd.name == word:
                    return self._allowed(event, agent, cmd)
        return Resolution(UNKNOWN, word=word)

    def _allowed(self, event: Event, agent: Agent, cmd: Command) -> Resolution:
        need = agent.required_level(cmd, self.team)
        if need == MEMBER and cmd.name in self.team.access.outsider_commands:
            need = OUTSIDER
        if RANK[self.team.level(self.chat_platform, event.actor)] < RANK[need]:
            return Resolution(REFUSED, agent, cmd, cmd.name, need=need)
        return Resolution(RUN, agent, cmd, cmd.name)

    def route(self, event: Event) -> list[Agent]:
        resolution = self.resolve(event)
        return [resolution.agent] if resolution.kind == RUN and resolution.agent else [self]

    def handles(self, event: Event) -> bool:
        return self.resolve(event).kind != RUN

    async def run(self, event: Event, ctx: AgentContext) -> None:
        resolution = self.resolve(event)
        if resolution.kind == HELP:
            text = help_text(self.agents)
        elif resolution.kind == REFUSED and resolution.command is not None:
            text = refused_text(resolution.command, resolution.need)
        else:
            text = unknown_text(resolution.word, self.agents)
        await ctx.do.respond(event, text, key=f"commands.answer:{event.id}")
