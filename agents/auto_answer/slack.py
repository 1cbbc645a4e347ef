"""The auto-answerer in Slack: questions in channels (by mode), mentions, DMs and `/ask` answered in place;
👍 / 👎 feedback (last click per user wins) and the "Ask a human" hand-off."""

from __future__ import annotations

import re

from agents.auto_answer import messages as msg
from agents.auto_answer.answer import Scope, ask
from agents.auto_answer.config import AutoAnswerConfig, ChannelConfig
from agents.auto_answer.state import CHANNEL, COMMAND, DM, AnswerRecord, answer_id
from agents.base import AgentContext
from agents.team import OUTSIDER
from integrations.events import Event

_QUESTION_START = re.compile(
    r"^\s*(how|what|what's|whats|where|where's|when|who|who's|whos|why|which|can|could|does|do|did|is|are|should|"
    r"will|would|has|have|anyone|any|is there|are there)\b", re.I)
UNCONFIGURED = ChannelConfig(mode="mention", sources=(), live=True)


def looks_like_question(text: str) -> bool:
    return "?" in text or bool(_QUESTION_START.match(text))


def visible_sources(cfg: AutoAnswerConfig, ctx: AgentContext, asker: str | None) -> tuple[str, ...]:
    """The sources a person may see: unrestricted ones, and those whose `visible_to` names them or their role."""
    person = ctx.people.by_chat(asker)
    mine = {asker or ""} | ({person.name, *person.roles} if person else set())
    return tuple(s.name for s in cfg.sources if not s.visible_to or mine & set(s.visible_to))


def for_asker(cfg: AutoAnswerConfig, ctx: AgentContext, asker: str | None, scope: Scope) -> Scope | None:
    """What an outsider (not in `people`) may be answered from (`access.outsider_answers`): nothing (None),
    documents only (folder sources: no tracker or code-host data, no live state), or all a member gets."""
    if ctx.people.level(asker) != OUTSIDER or ctx.team.access.outsider_answers == "all":
        return scope
    if ctx.team.access.outsider_answers == "none":
        return None
    folders = {s.name for s in cfg.sources if s.kind == "folder"}
    return Scope(tuple(n for n in scope.sources if n in folders), live=False)


def channel_scope(cfg: AutoAnswerConfig, channel: str | None, ctx: AgentContext | None = None,
                  asker: str | None = None) -> tuple[ChannelConfig, Scope]:
    """A channel's sources, less those with `visible_to` (unless the channel is `private`, where they answer an
    asker they name): everyone in the channel reads the answer."""
    conf = cfg.channels.get(channel or "", UNCONFIGURED)
    restricted = {s.name for s in cfg.sources if s.visible_to}
    sources = tuple(n for n in conf.sources if n not in restricted)
    if conf.private and ctx is not None:
        mine = set(visible_sources(cfg, ctx, asker))
        sources = tuple(n for n in conf.sources if n not in restricted or n in mine)
    return conf, Scope(sources, conf.live)


async def on_question(cfg: AutoAnswerConfig, ctx: AgentContext, event: Event) -> None:
    """A channel message, a mention or a DM that asks something."""
    data = event.data
    text, channel, ts = str(data.get("text") or ""), data.get("channel"), data.get("ts")
    if event.type == "chat.direct_message":
        scope = Scope(visible_sources(cfg, ctx, event.actor), cfg.live)
        origin, silent, thread = DM, False, None
    else:
        conf, scope = channel_scope(cfg, channel, ctx, event.actor)
        if event.type == "chat.message":
            bot = ctx.identities.get("chat")
            if bot and f"<@{bot}>" in text:
                return  # the mention event answers it
            silent = conf.mode == "confident_only"
        else:
            silent = False
        origin, thread = CHANNEL, data.get("thread_ts") or ts
    allowed = for_asker(cfg, ctx, event.actor, scope)
    if allowed is None:
        ctx.log.info("not answered: the asker is not in people (access.outsider_answers: none)")
        return
    scope = allowed
    key = answer_id(channel, ts)
    record = await ctx.state.load(AnswerRecord, key)
    if record.ts:
        return  # answered already (a mention also arrives as a message)
    answer = await ask(ctx, cfg, ctx.search, text, scope, event.actor)
    if silent and not answer.confident:
        ctx.log.info("not confident: staying silent in %s", channel, extra={"answer": key})
        return
    record = AnswerRecord.of(answer, question=text, asker=event.actor, origin=origin, channel=channel,
                             thread_ts=thread)
    await ctx.state.save(record, key)
    blocks = msg.answer_blocks(answer, key)
    if origin == DM and event.actor:
        posted = await ctx.do.dm(event.actor, msg.answer_text(answer), key=f"auto_answer.post:{key}", blocks=blocks)
    elif channel:
        posted = await ctx.do.post(channel, msg.answer_text(answer), key=f"auto_answer.post:{key}", thread_ts=thread,
                                   blocks=blocks)
    else:
        return
    if posted is not None:
        record.channel, record.ts = posted.channel, posted.ts
        await ctx.state.save(record, key)


async def on_command(cfg: AutoAnswerConfig, ctx: AgentContext, event: Event) -> None:
    """`/ask <question>`: answered to the asker alone, from every source they may see."""
    text = str(event.data.get("text") or "").strip()
    key = answer_id(event.id)
    if not text:
        await ctx.do.respond(event, msg.EMPTY, key=f"auto_answer.post:{key}")
        return
    scope = for_asker(cfg, ctx, event.actor, Scope(visible_sources(cfg, ctx, event.actor), cfg.live))
    if scope is None:
        return  # the command router lets an outsider use /ask only where access.outsider_commands names it
    answer = await ask(ctx, cfg, ctx.search, text, scope, event.actor)
    record = AnswerRecord.of(answer, question=text, asker=event.actor, origin=COMMAND,
                             channel=event.data.get("channel"))
    await ctx.state.save(record, key)
    await ctx.do.respond(event, msg.answer_text(answer), key=f"auto_answer.post:{key}",
                         blocks=msg.answer_blocks(answer, key))


async def on_button(cfg: AutoAnswerConfig, ctx: AgentContext, event: Event) -> None:
    action, key, actor = event.data.get("action_id"), str(event.data.get("value") or ""), event.actor or ""
    record = await ctx.state.load(AnswerRecord, key)
    if not record.question:
        ctx.log.info("button for an unknown answer", extra={"answer": key})
        return
    if action == msg.HANDOFF_ACTION:
        await hand_off(cfg, ctx, key, record, actor)
        return
    index = ctx.search
    if index is None:
        return
    vote = 1 if action == msg.UP_ACTION else -1
    await index.vote(key, actor, vote, record.sources, at=event.occurred_at.timestamp())
    up, down = (await index.votes(key)).get("", (0, 0))
    if record.origin != COMMAND and record.channel and record.ts:
        answer = record.answer()
        await ctx.do.update_message(record.channel, record.ts, msg.answer_text(answer),
                                    key=f"auto_answer.votes:{event.id}", target=actor,
                                    blocks=msg.answer_blocks(answer, key, up=up, down=down, offer_handoff=down > 0))
    elif vote < 0:  # an ephemeral answer cannot be redrawn: the offer goes to the person by DM
        await ctx.do.dm(actor, msg.handoff_offer(), key=f"auto_answer.offer:{key}:{actor}",
                        blocks=msg.handoff_offer_blocks(key))


async def hand_off(cfg: AutoAnswerConfig, ctx: AgentContext, key: str, record: AnswerRecord, actor: str) -> None:
    """"Ask a human": the owners are mentioned in the question's thread, or asked by DM when it was private."""
    if record.origin == CHANNEL and record.channel:
        await ctx.do.post(record.channel, msg.handoff_thread(cfg.owners, record.asker),
                          key=f"auto_answer.handoff:{key}", thread_ts=record.thread_ts)
        return
    for owner in cfg.owners:
        await ctx.do.dm(owner, msg.handoff_dm(record.asker, record.question), key=f"auto_answer.handoff:{key}:{owner}")
    await ctx.do.dm(actor, msg.handoff_done(cfg.owners), key=f"auto_answer.handoff_done:{key}:{actor}")
