"""The leads' oversight switches: a global and a per-agent dry run and pause, kept in the key-value table.

pmbot's dispatcher reads them before it runs an agent; the dashboard and the App Home change them. Dry run:
the agent decides and records its actions as `dry_run`, platforms are untouched. Pause: the agent's events
wait and run once on resume.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from agents.common.state import AgentState, ListState

DRY_RUN, PAUSED = "dry_run", "paused"
SWITCHES = (DRY_RUN, PAUSED)
ALL = "all"  # the target of a global switch
SWITCH_ACTION = "pmbot_switch"  # the App Home buttons' action_id prefix; value "<switch>:<agent|all>:<on|off>"


class AgentSwitches(BaseModel):
    """One agent's own switches."""

    dry_run: bool = False
    paused: bool = False


class Switches(AgentState):
    """`pmbot:oversight:switches`: the global switches and each agent's."""

    namespace = "pmbot:oversight"

    dry_run: bool = False
    paused: bool = False
    agents: dict[str, AgentSwitches] = Field(default_factory=dict)

    def get(self, switch: str, agent: str | None = None) -> bool:
        """The switch as set (globally when `agent` is None), not what it means for an agent."""
        holder: BaseModel = self if agent in (None, ALL) else self.agents.get(agent or "", AgentSwitches())
        return bool(getattr(holder, switch))

    def set(self, switch: str, agent: str | None, on: bool) -> None:
        if switch not in SWITCHES:
            raise ValueError(f"unknown switch {switch!r}")
        if agent in (None, ALL):
            setattr(self, switch, on)
            return
        assert agent is not None
        own = self.agents.setdefault(agent, AgentSwitches())
        setattr(own, switch, on)

    def effective(self, switch: str, agent: str, *, global_applies: bool = True) -> bool:
        """Whether `agent` runs under the switch: its own, or the global one where that applies to it."""
        return self.get(switch, agent) or (global_applies and self.get(switch))


class Roster(ListState):
    """`pmbot:oversight:roster`: the agents the switches apply to, as pmbot runs them (written at start-up)."""

    namespace = "pmbot:oversight"
    root: list[str] = Field(default_factory=list)


def is_switch_action(action_id: object) -> bool:
    return isinstance(action_id, str) and (action_id == SWITCH_ACTION or action_id.startswith(SWITCH_ACTION + "."))


def switch_value(switch: str, agent: str | None, on: bool) -> str:
    """A button's value: `paused:qa_router:on`."""
    return f"{switch}:{agent or ALL}:{'on' if on else 'off'}"


def parse_switch_value(value: str) -> tuple[str, str | None, bool] | None:
    """(switch, agent or None for global, on) from a button's value; None when it is not one."""
    parts = value.split(":")
    if len(parts) != 3 or parts[0] not in SWITCHES or parts[2] not in ("on", "off") or not parts[1]:
        return None
    return parts[0], (None if parts[1] == ALL else parts[1]), parts[2] == "on"
