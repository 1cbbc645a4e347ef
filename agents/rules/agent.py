"""Custom agents: trigger → condition → action rules, from the team file or made at run time from a sentence.

Rules in the team YAML (`rules:`) and rules made with `/pm automate` (stored in the key-value table) run as this
one agent. A sentence becomes a proposal shown to its author with a dry run over the stored events; nothing is
enabled without the author (or a lead) pressing Enable.
"""

from __future__ import annotations

from agents.base import Agent, AgentContext, Command, Cron, Schedule
from agents.rules import messages as msg
from agents.rules import slack
from agents.rules.cli import COMMANDS
from agents.rules.conditions import SCHEDULE_DUE, SCHEDULE_TICK, scheduled_rule, trigger_of
from agents.rules.config import SQUAD, Rule, RulesConfig
from agents.rules.engine import Active, run_rules
from agents.rules.state import Draft, RuleStatus, Sketch, stored_rules
from agents.rules.targets import named_squads, unknown_names
from agents.team import TeamConfig
from integrations.events import Event

BUTTONS = frozenset({msg.ENABLE, msg.EDIT, msg.CANCEL, msg.BUILD})
VIEWS = (f"{msg.EDIT_VIEW}:", f"{msg.BUILD}:")  # callback_id prefixes of the edit modal and the rule builder


class RulesAgent(Agent):
    """Runs the team's rules on every event they name; turns sentences into rules after a dry run."""

    name = "rules"
    reads_raw = False
    Config = RulesConfig
    subscribes = frozenset({"task.*", "pr.opened", "pr.merged", "ci.completed", f"{SCHEDULE_TICK}*", SCHEDULE_DUE,
                            "chat.action", "chat.view_submitted"})
    commands = (
        Command("automate", "turn a sentence into a rule; you see it and its dry run before you enable it",
                usage="<sentence>", dm=True),
        Command("rules", "the rules: list, show, enable, disable, delete, or add one as YAML",
                usage="[show|enable|disable|delete NAME | add YAML]"),
    )
    cli = COMMANDS
    cfg: RulesConfig

    def schedules(self) -> list[Schedule]:
        return [Cron(f"rules.{r.name}", r.when.cron) for r in self.cfg.items if r.when.cron]

    def required_level(self, command: Command, team: TeamConfig) -> str:
        # `/pm automate` proposes a rule; `/pm rules` lists and shows to members, and checks its verbs itself.
        return team.access.rules.propose if command.name == "automate" else command.level()

    def check(self, team: TeamConfig) -> list[str]:
        problems = []
        no_squad = f"is no squad in standup or qa_router (squads: {', '.join(sorted(team.squads())) or 'none'})"
        for rule in self.cfg.items:
            for bad in unknown_names(named_squads(rule.if_), team):
                problems.append(f"rules[{rule.name}].if: {bad!r} {no_squad}")
            for n, action in enumerate(rule.then):
                named = (action.to or []) + (action.who if isinstance(action.who, list) else [])
                for bad in unknown_names(named, team):
                    why = no_squad if bad.startswith(SQUAD) else "is nobody in people or teams"
                    problems.append(f"rules[{rule.name}].then[{n}]: {bad!r} {why}")
                if action.do == "create_task" and action.list_ and not self.list_known(action.list_):
                    problems.append(f"rules[{rule.name}].then[{n}].list: {action.list_!r} is not in rules.lists "
                                    "(name: id) and is not an id")
        return problems

    def list_known(self, value: str) -> bool:
        lists = {k.lower() for k in self.cfg.lists} | set(self.cfg.lists.values())
        return value.lower() in lists or value in lists or value.isdigit()

    def handles(self, event: Event) -> bool:
        if event.type == "chat.action":
            return event.data.get("action_id") in BUTTONS
        if event.type == "chat.view_submitted":
            return str(event.data.get("callback_id") or "").startswith(VIEWS)
        if event.type == "chat.command":
            return True
        return trigger_of(event) is not None

    async def on_request(self, event: Event, ctx: AgentContext) -> None:
        if event.type == "chat.action" and event.data.get("action_id") == msg.EDIT:
            draft_id = str(event.data.get("value") or "")
            draft = await ctx.state.load(Draft, draft_id)
            if draft.rule and (event.actor == draft.asker):
                await slack.open_editor(event, ctx, draft_id, Rule.model_validate(draft.rule), fallback=False)
        elif event.type == "chat.action" and event.data.get("action_id") == msg.BUILD:
            sketch_id = str(event.data.get("value") or "")
            sketch = await ctx.state.load(Sketch, sketch_id)
            if slack.sketch_refusal(ctx, sketch, event.actor or "") is None:
                await slack.open_builder(event, ctx, sketch_id, sketch, fallback=False)

    async def run(self, event: Event, ctx: AgentContext) -> None:
        if event.type == "chat.command":
            words = str(event.data.get("text") or "").strip()
            verb, _, rest = words.partition(" ")
            if verb.lower() == "automate":
                await slack.automate(self, event, ctx, rest.strip())
            else:
                await slack.rules_command(self, event, ctx, rest.strip())
        elif event.type == "chat.action" and event.data.get("action_id") == msg.BUILD:
            await slack.on_build_button(event, ctx)
        elif event.type == "chat.action":
            await slack.on_button(self, event, ctx)
        elif event.type == "chat.view_submitted" and str(event.data.get("callback_id")).startswith(f"{msg.BUILD}:"):
            await slack.on_build(self, event, ctx)
        elif event.type == "chat.view_submitted":
            await slack.on_edit(self, event, ctx)
        else:
            active = await self.active(ctx)
            await run_rules(event, ctx, self.cfg, active)
            if event.type == SCHEDULE_DUE:
                await self._rearm(ctx, active, scheduled_rule(event))

    async def active(self, ctx: AgentContext) -> list[Active]:
        """The team file's rules, then the stored ones."""
        found = [Active(rule) for rule in self.cfg.items]
        yaml_names = {r.name for r in self.cfg.items}
        found += [Active(rule, "stored", record.created_by) for rule, record in await stored_rules(ctx)
                  if rule.name not in yaml_names]
        return found

    async def _rearm(self, ctx: AgentContext, active: list[Active], name: str | None) -> None:
        rule = next((a.rule for a in active if a.rule.name == name and a.origin == "stored"), None)
        if rule is not None and (await ctx.state.load(RuleStatus, rule.name)).enabled:
            await slack.arm(ctx, rule)
