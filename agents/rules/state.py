"""What the rules agent keeps in the key-value table: rules created at run time, their on/off and loop flags,
drafts awaiting Enable, recent runs (the rate limit) and round-robin turns."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from pydantic import Field

from agents.base import AgentContext
from agents.common.state import AgentState, ListState
from agents.rules.config import Rule

PENDING, ENABLED, CANCELLED = "pending", "enabled", "cancelled"
PICKS_KEPT = 100


class StoredRule(AgentState):
    """A rule made with `/pm automate` (or the edit modal), as enabled."""

    namespace: ClassVar[str] = "rules:rule"
    rule: dict[str, Any] = Field(default_factory=dict)
    created_by: str | None = None
    created_at: datetime | None = None
    sentence: str | None = None


class RuleIndex(ListState):
    """The names of the stored rules (the key-value table has no prefix scan)."""

    namespace: ClassVar[str] = "rules:index"
    root: list[str] = Field(default_factory=list)


class RuleStatus(AgentState):
    """On/off and the loop guard's flag, for YAML and stored rules alike."""

    namespace: ClassVar[str] = "rules:status"
    enabled: bool = True
    flagged: str | None = None  # why the rule was stopped (a loop); cleared by `/pm rules enable`
    flagged_at: datetime | None = None


class Draft(AgentState):
    """A parsed sentence waiting for Enable / Edit / Cancel."""

    namespace: ClassVar[str] = "rules:draft"
    rule: dict[str, Any] = Field(default_factory=dict)
    sentence: str = ""
    asker: str | None = None
    parser: str = "rules"
    note: str | None = None
    state: str = PENDING
    answered_by: str | None = None  # the click that enabled or cancelled it (its retry may finish the job)
    channel: str | None = None
    ts: str | None = None


class Sketch(AgentState):
    """A sentence the parser could not read fully: what it read, for the rule builder's form to start from."""

    namespace: ClassVar[str] = "rules:sketch"
    sentence: str = ""
    asker: str | None = None
    understood: dict[str, Any] = Field(default_factory=dict)  # {when, if, then}: read, or chosen in the form
    problems: list[str] = Field(default_factory=list)
    state: str = PENDING  # ENABLED once its form became a proposal


class RuleRuns(AgentState):
    """Recent firings of one rule (event id → when), for the per-rule rate limit."""

    namespace: ClassVar[str] = "rules:runs"
    runs: dict[str, datetime] = Field(default_factory=dict)


class Turn(AgentState):
    """Round-robin position of one assign action, and whom the latest firings picked (by event), so a retried
    event assigns the same person; bounded to the last PICKS_KEPT firings."""

    namespace: ClassVar[str] = "rules:turn"
    next: int = 0
    picks: dict[str, str] = Field(default_factory=dict)


async def stored_rules(ctx: AgentContext) -> list[tuple[Rule, StoredRule]]:
    """Every stored rule that still validates (one that does not is logged and left out)."""
    found = []
    for name in (await ctx.state.load(RuleIndex)).root:
        record = await ctx.state.load(StoredRule, name)
        if not record.rule:
            continue
        try:
            found.append((Rule.model_validate(record.rule), record))
        except ValueError as exc:
            ctx.log.warning("stored rule %s no longer validates: %s", name, exc)
    return found


async def save_rule(ctx: AgentContext, rule: Rule, *, by: str | None, sentence: str | None) -> None:
    record = StoredRule(rule=rule.data(), created_by=by, created_at=ctx.clock.now(), sentence=sentence)
    await ctx.state.save(record, rule.name)
    index = await ctx.state.load(RuleIndex)
    if rule.name not in index.root:
        index.root = [*index.root, rule.name]
        await ctx.state.save(index)
    await ctx.state.save(RuleStatus(), rule.name)


async def delete_rule(ctx: AgentContext, name: str) -> None:
    index = await ctx.state.load(RuleIndex)
    index.root = [n for n in index.root if n != name]
    await ctx.state.save(index)
    await ctx.state.save(StoredRule(), name)
    await ctx.state.save(RuleStatus(), name)
