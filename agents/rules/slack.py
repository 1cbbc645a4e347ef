"""The rules agent in Slack: `/pm automate <sentence>` (a proposal by DM, with its dry run and Enable / Edit /
Cancel), the buttons and the edit modal, and `/pm rules` (list, show, enable, disable, delete, add YAML)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import ValidationError

from agents.base import AgentContext
from agents.common.mrkdwn import Mrkdwn, mention
from agents.rules import access, builder
from agents.rules import messages as msg
from agents.rules.actions import digest
from agents.rules.config import Condition, RefusedYaml, Rule, load_rule_yaml
from agents.rules.dates import next_fire
from agents.rules.dryrun import dry_run
from agents.rules.llm_parser import parse_with_model
from agents.rules.parser import slug
from agents.rules.phrases import Vocabulary
from agents.rules.state import (
    CANCELLED,
    ENABLED,
    PENDING,
    Draft,
    RuleStatus,
    Sketch,
    delete_rule,
    save_rule,
    stored_rules,
)
from agents.rules.targets import unknown_names
from integrations.errors import IntegrationError
from integrations.events import Event

if TYPE_CHECKING:
    from agents.rules.agent import RulesAgent

SCHEDULE_KIND = "rules.schedule"


def schedule_key(name: str) -> str:
    return f"rules.schedule:{name}"


async def arm(ctx: AgentContext, rule: Rule) -> None:
    """A stored schedule rule's next firing, as a due row (YAML ones have a cron tick of their own)."""
    if rule.when.event == "schedule" and rule.when.cron:
        due = next_fire(rule.when.cron, ctx.clock.now(), ctx.team.schedules.timezone)
        await ctx.store.schedule(schedule_key(rule.name), SCHEDULE_KIND, due, {"rule": rule.name})


def problems_of(agent: RulesAgent, rule: Rule, ctx: AgentContext) -> list[str]:
    """What would stop this rule from doing its job here: people or teams nobody knows, unknown lists."""
    problems = []
    for n, action in enumerate(rule.then):
        named = (action.to or []) + (action.who if isinstance(action.who, list) else [])
        for bad in unknown_names(named, ctx.team):
            problems.append(f"then[{n}]: I don't know {bad!r} (people and `teams:` in the team file)")
        if action.do == "create_task" and action.list_ and not agent.list_known(action.list_):
            problems.append(f"then[{n}]: list {action.list_!r} is not in rules.lists (name: id) and is not an id")
    return problems + access.limits(rule, ctx.team)


async def taken_names(agent: RulesAgent, ctx: AgentContext) -> set[str]:
    return {r.name for r in agent.cfg.items} | {r.name for r, _ in await stored_rules(ctx)}


def unique(rule: Rule, taken: set[str]) -> Rule:
    name, n = rule.name, 2
    while name in taken:
        name = f"{rule.name[:44]}-{n}"
        n += 1
    return rule if name == rule.name else rule.model_copy(update={"name": name})


# -- /pm automate ----------------------------------------------------------------------------------
async def automate(agent: RulesAgent, event: Event, ctx: AgentContext, sentence: str) -> None:
    if not sentence.strip():
        await ctx.do.respond(event, msg.usage_automate(), key=f"rules.answer:{event.id}")
        return
    vocab = Vocabulary.from_team(ctx.team, asker=event.actor)
    result = await parse_with_model(sentence, vocab, ctx.llm)
    problems = result.problems if result.rule is None else problems_of(agent, result.rule, ctx)
    if result.rule is None or problems:
        understood = result.understood if result.rule is None else result.rule.data()
        sketch_id = digest(event.id)[:12]
        await ctx.state.save(Sketch(sentence=sentence, asker=event.actor, understood=understood, problems=problems),
                             sketch_id)  # before the DM: a quick click must find it
        text = msg.not_understood(sentence, problems)
        await ctx.do.dm(event.actor or "", text, key=f"rules.answer:{event.id}",
                        blocks=msg.refused_blocks(text, sketch_id))
        return
    await propose(agent, event, ctx, result.rule, sentence=sentence, parser=result.parser, note=result.note)


# -- the rule builder: a form for what the sentence did not say clearly ------------------------------------------
def sketch_refusal(ctx: AgentContext, sketch: Sketch, actor: str) -> str | None:
    """Why this person may not finish the sketch (it is closed, not theirs, or they may not propose), or None."""
    if not sketch.asker or sketch.state != PENDING:
        return msg.stale_draft()
    if actor != sketch.asker:
        return msg.not_your_sketch()
    if not access.may_propose(ctx, actor):
        return access.not_allowed_to_propose()
    return None


async def _sketch_for(event: Event, ctx: AgentContext, sketch_id: str, key: str) -> Sketch | None:
    """The sketch, when it is still open and this person may finish it (its asker, still allowed to propose)."""
    sketch = await ctx.state.load(Sketch, sketch_id)
    actor = event.actor or ""
    if (refusal := sketch_refusal(ctx, sketch, actor)) is not None:
        await ctx.do.dm(actor, refusal, key=key)
        return None
    return sketch


async def on_build_button(event: Event, ctx: AgentContext) -> None:
    """"Finish in a form" (after the request path tried to open it): refusals said, the form opened if it was not."""
    sketch_id = str(event.data.get("value") or "")
    sketch = await _sketch_for(event, ctx, sketch_id, f"rules.build_button:{event.id}")
    if sketch is not None:
        await open_builder(event, ctx, sketch_id, sketch, fallback=True)


async def open_builder(event: Event, ctx: AgentContext, sketch_id: str, sketch: Sketch, *, fallback: bool) -> None:
    """The form, pre-filled with what was read (on the request path, within the click's 3 s); later, a hint."""
    initial = builder.prefill(sketch.understood, ctx.people, ctx.team)
    kept = [Condition.model_validate(c) for c in initial["kept"]]
    said = [str(v).lower() for c in sketch.understood.get("if") or [] if c.get("field") == "status"
            for v in (c["value"] if isinstance(c.get("value"), list) else [c.get("value")])]
    statuses = sorted(set(Vocabulary.from_team(ctx.team).statuses + said))
    view = msg.build_view(sketch_id, msg.build_intro(sketch.sentence, sketch.problems, kept), initial, statuses,
                          builder.group_choices(ctx.team))
    trigger, view_id = event.data.get("trigger_id"), None
    if trigger:
        try:
            view_id = await ctx.do.open_modal(str(trigger), view, key=f"rules.build:{event.id}")
        except IntegrationError as exc:
            ctx.log.info("rule builder not opened: %s", type(exc).__name__)
    if view_id is None and fallback:
        await ctx.do.dm(event.actor or "", msg.build_hint(), key=f"rules.build_hint:{event.id}")


async def on_build(agent: RulesAgent, event: Event, ctx: AgentContext) -> None:
    """The form was submitted: a rule that validates becomes a proposal, exactly like one read from a sentence."""
    sketch_id = str(event.data.get("callback_id") or "").partition(":")[2]
    key = f"rules.built:{event.id}"
    sketch = await _sketch_for(event, ctx, sketch_id, key)
    if sketch is None:
        return
    kept = builder.prefill(sketch.understood, ctx.people, ctx.team)["kept"]
    data, problems = builder.read_form(event.data.get("values") or {}, kept, ctx.people, ctx.team)
    rule = None
    if not problems:
        rule, problems = read_rule({"name": slug(sketch.sentence), **data})
    if rule is not None:
        problems = problems_of(agent, rule, ctx)
    if rule is None or problems:
        sketch.understood = data  # the next form starts from what was chosen
        await ctx.state.save(sketch, sketch_id)
        text = msg.build_invalid(problems)
        await ctx.do.dm(event.actor or "", text, key=key, blocks=msg.refused_blocks(text, sketch_id))
        return
    sketch.state = ENABLED
    await ctx.state.save(sketch, sketch_id)
    await propose(agent, event, ctx, rule, sentence=sketch.sentence, parser="builder", note=None)


async def propose(agent: RulesAgent, event: Event, ctx: AgentContext, rule: Rule, *, sentence: str, parser: str,
                  note: str | None) -> None:
    """DM the asker the rule, its dry run and the buttons; nothing is enabled yet."""
    refused = access.over_cap(ctx.team, event.actor, await stored_rules(ctx))
    if refused:
        await ctx.do.dm(event.actor or "", refused, key=f"rules.answer:{event.id}")
        return
    draft_id = digest(event.id)[:12]
    rule = unique(rule, await taken_names(agent, ctx))
    draft = Draft(rule=rule.data(), sentence=sentence, asker=event.actor, parser=parser, note=note)
    await ctx.state.save(draft, draft_id)  # before the DM: a quick click must find it
    tried = await dry_run(ctx, agent.cfg, rule)
    text = msg.proposal_text(rule, tried.text(rule, agent.cfg.dry_run_events), note)
    posted = await ctx.do.dm(event.actor or "", text, key=f"rules.proposal:{draft_id}",
                             blocks=msg.proposal_blocks(text, draft_id))
    if posted is not None:
        draft.channel, draft.ts = posted.channel, posted.ts
        await ctx.state.save(draft, draft_id)


# -- the buttons and the edit modal ------------------------------------------------------------------
def _is_lead(ctx: AgentContext, user: str | None) -> bool:
    person = ctx.people.by_chat(user)
    return person is not None and "lead" in person.roles


async def on_button(agent: RulesAgent, event: Event, ctx: AgentContext) -> None:
    draft_id, actor, action = str(event.data.get("value") or ""), event.actor or "", event.data.get("action_id")
    draft = await ctx.state.load(Draft, draft_id)
    key = f"rules.button:{event.id}"
    if not draft.rule or (draft.state != PENDING and draft.answered_by != event.id):
        await ctx.do.dm(actor, msg.stale_draft(), key=key)
        return
    if actor != draft.asker and not _is_lead(ctx, actor):
        await ctx.do.dm(actor, msg.not_your_draft(), key=key)
        return
    rule = Rule.model_validate(draft.rule)
    channel = event.data.get("channel") or draft.channel
    ts = event.data.get("message_ts") or draft.ts
    if action == msg.EDIT:
        await open_editor(event, ctx, draft_id, rule, fallback=True)
        return
    if action == msg.ENABLE and not access.may_enable(ctx, actor):
        await ask_enablers(agent, event, ctx, draft_id, draft, rule)
        return
    if action == msg.ENABLE:
        if draft.state == PENDING:
            rule = unique(rule, await taken_names(agent, ctx))
            await save_rule(ctx, rule, by=draft.asker, sentence=draft.sentence)
            await arm(ctx, rule)
            draft.rule, draft.state, draft.answered_by = rule.data(), ENABLED, event.id
            await ctx.state.save(draft, draft_id)
        text = msg.enabled_text(rule, actor)
    else:
        draft.state, draft.answered_by = CANCELLED, event.id
        await ctx.state.save(draft, draft_id)
        text = msg.cancelled_text(draft.sentence, actor)
    if channel and ts:
        await ctx.do.update_message(str(channel), str(ts), text, key=f"rules.answered:{draft_id}",
                                    blocks=msg.text_blocks(text), target=actor)
    if actor != draft.asker and draft.asker:  # a lead answered someone's proposal: tell its maker
        await ctx.do.dm(draft.asker, access.answered_for_asker(rule.name, actor, action == msg.ENABLE),
                        key=f"rules.answered_asker:{draft_id}")


async def ask_enablers(agent: RulesAgent, event: Event, ctx: AgentContext, draft_id: str, draft: Draft,
                       rule: Rule) -> None:
    """The maker may not enable their own rule: the proposal goes to those who may, with the same buttons."""
    actor, level = event.actor or "", ctx.team.access.rules.enable
    if actor != draft.asker or draft.state != PENDING:
        await ctx.do.dm(actor, access.only_enablers(level), key=f"rules.button:{event.id}")
        return
    tried = await dry_run(ctx, agent.cfg, rule)
    proposal = msg.proposal_text(rule, tried.text(rule, agent.cfg.dry_run_events), draft.note)
    text = access.review_text(draft.asker, proposal)
    chat_ids = [c for p in ctx.team.people if (c := ctx.people.chat_id(p)) and c != actor and access.may(ctx, c, level)]
    for chat_id in chat_ids:
        await ctx.do.dm(chat_id, text, key=f"rules.review:{draft_id}:{chat_id}",
                        blocks=msg.proposal_blocks(text, draft_id))
    answer = access.lead_enables(level) if chat_ids else access.nobody_enables(level)
    await ctx.do.dm(actor, answer, key=f"rules.review_sent:{draft_id}")


async def open_editor(event: Event, ctx: AgentContext, draft_id: str, rule: Rule, *, fallback: bool) -> None:
    """The edit modal (on the request path, within the click's 3 s); later, without a trigger, a DM instead."""
    trigger = event.data.get("trigger_id")  # Slack's translation keeps it in the event's data
    view_id = None
    if trigger:
        try:
            view_id = await ctx.do.open_modal(str(trigger), msg.edit_view(draft_id, msg.rule_yaml(rule)),
                                              key=f"rules.edit:{event.id}")
        except IntegrationError as exc:
            ctx.log.info("edit modal not opened: %s", type(exc).__name__)
    if view_id is None and fallback:
        await ctx.do.dm(event.actor or "", msg.edit_hint(msg.rule_yaml(rule)), key=f"rules.edit_hint:{event.id}")


async def on_edit(agent: RulesAgent, event: Event, ctx: AgentContext) -> None:
    """The edit modal was submitted: check the YAML, and show the proposal again with a fresh dry run."""
    draft_id = str(event.data.get("callback_id") or "").partition(":")[2]
    draft = await ctx.state.load(Draft, draft_id)
    actor = event.actor or ""
    if not draft.rule or draft.state != PENDING:
        await ctx.do.dm(actor, msg.stale_draft(), key=f"rules.edited:{event.id}")
        return
    if actor != draft.asker and not _is_lead(ctx, actor):
        await ctx.do.dm(actor, msg.not_your_draft(), key=f"rules.edited:{event.id}")
        return
    values: dict[str, Any] = event.data.get("values") or {}
    rule, problems = await asyncio.to_thread(read_yaml, str(values.get(f"{msg.EDIT_BLOCK}.{msg.EDIT_INPUT}") or ""))
    if rule is not None:
        problems = problems_of(agent, rule, ctx)
    if rule is None or problems:
        await ctx.do.dm(actor, msg.edit_invalid(problems), key=f"rules.edited:{event.id}")
        return
    rule = unique(rule, await taken_names(agent, ctx))
    draft.rule, draft.parser, draft.note = rule.data(), "edit", None
    await ctx.state.save(draft, draft_id)
    tried = await dry_run(ctx, agent.cfg, rule)
    text = msg.proposal_text(rule, tried.text(rule, agent.cfg.dry_run_events), None)
    if draft.channel and draft.ts:
        await ctx.do.update_message(draft.channel, draft.ts, text, key=f"rules.edited:{event.id}",
                                    blocks=msg.proposal_blocks(text, draft_id), target=actor)


def read_yaml(text: str) -> tuple[Rule | None, list[str]]:
    """One rule from YAML: a mapping, a one-item list, or `rules: [one]`."""
    try:
        data = load_rule_yaml(text)
    except RefusedYaml as exc:
        return None, [str(exc)]
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: e.g. an integer past Python's 4,300 digits
        return None, [f"not valid YAML: {getattr(exc, 'problem', exc)}"]
    if isinstance(data, dict) and isinstance(data.get("rules"), list):
        data = data["rules"]
    if isinstance(data, list) and len(data) == 1:
        data = data[0]
    if not isinstance(data, dict):
        return None, ["give one rule: name, when, if, then"]
    return read_rule(data)


def read_rule(data: dict[str, Any]) -> tuple[Rule | None, list[str]]:
    """One rule from its data, or what is wrong with it (each problem with where it is)."""
    try:
        return Rule.model_validate(data), []
    except ValidationError as exc:
        return None, [f"{'.'.join(map(str, e['loc'])) or 'rule'}: {e['msg'].removeprefix('Value error, ')}"
                      for e in exc.errors()]


# -- /pm rules -----------------------------------------------------------------------------------------
async def rules_command(agent: RulesAgent, event: Event, ctx: AgentContext, text: str) -> None:
    words = text.split()
    verb, name = (words[0].lower() if words else ""), (words[1] if len(words) > 1 else "")
    answer = await _rules_answer(agent, event, ctx, verb, name, text)
    if answer is not None:
        await ctx.do.respond(event, answer, key=f"rules.answer:{event.id}")


async def _rules_answer(agent: RulesAgent, event: Event, ctx: AgentContext, verb: str, name: str,
                        text: str) -> str | None:
    yaml_rules = {r.name: r for r in agent.cfg.items}
    stored = {r.name: (r, record) for r, record in await stored_rules(ctx)}
    if verb in ("", "list"):
        rows = []
        made = [(n, Mrkdwn("made by {}").format(mention(rec.created_by))) for n, (_, rec) in stored.items()]
        for rule_name, origin in [*((n, "team file") for n in yaml_rules), *made]:
            status = await ctx.state.load(RuleStatus, rule_name)
            rows.append((rule_name, origin, msg.state_text(status.enabled, status.flagged)))
        return msg.rules_list(rows)
    if verb == "add" and not access.may_propose(ctx, event.actor):
        return access.not_allowed_to_propose()
    if verb == "enable" and not access.may_enable(ctx, event.actor):
        return access.only_enablers(ctx.team.access.rules.enable)
    if verb == "add":
        # Off the event loop: parsing and validating a person's YAML is CPU work, bounded but not free.
        given = text.split(None, 1)[1] if len(text.split(None, 1)) > 1 else ""
        rule, problems = await asyncio.to_thread(read_yaml, given)
        if rule is not None:
            problems = problems_of(agent, rule, ctx)
        if rule is None or problems:
            return msg.edit_invalid(problems)
        await propose(agent, event, ctx, rule, sentence="(YAML)", parser="yaml", note=None)
        return None
    if verb not in ("show", "enable", "disable", "delete") or not name:
        return msg.rules_usage()
    rule = yaml_rules.get(name) or (stored[name][0] if name in stored else None)
    if rule is None:
        return msg.no_such_rule(name)
    if verb == "show":
        return Mrkdwn("{}\n```\n{}\n```").format(msg.rule_text(rule), msg.rule_yaml(rule))
    maker = stored[name][1].created_by if name in stored else None
    if event.actor != maker and not _is_lead(ctx, event.actor):
        return msg.only_creator_or_lead(name)
    if verb == "delete":
        if name in yaml_rules:
            return msg.yaml_rule_not_deletable(name)
        await delete_rule(ctx, name)
        await ctx.store.cancel(schedule_key(name))
        return msg.deleted(name)
    status = await ctx.state.load(RuleStatus, name)
    status.enabled = verb == "enable"
    if status.enabled:
        status.flagged, status.flagged_at = None, None
    await ctx.state.save(status, name)
    if name in stored and status.enabled:
        await arm(ctx, rule)
    elif name in stored:
        await ctx.store.cancel(schedule_key(name))
    return msg.switched(name, status.enabled)

