"""The team's summary at the cut-off: blockers first, then a short summary (the model's, when one is
configured and answers in time; else a plain digest), who is away, and everyone's answer in the thread."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import date

from agents.base import AgentContext
from agents.common.mrkdwn import Mrkdwn, esc
from agents.standup import messages as msg
from agents.standup.answers import sync_thread
from agents.standup.config import StandupConfig
from agents.standup.days import HOLIDAY, OUT_OF_OFFICE, WORKING, availability
from agents.standup.state import Blocker, Sent, StandupDay, TeamDay
from agents.team import Person

# The model sees at most this much of the answers (~2,000 tokens at the usual ~4 characters a token; no
# tokenizer is downloaded), however many people answer and however long they write.
PROMPT_CHARS = 8000
PER_PERSON_CHARS = 600


@dataclass
class Round:
    """One day's standup across the team, as it stands."""

    day: date
    answered: list[tuple[Person, StandupDay]] = field(default_factory=list)
    expected: int = 0
    away: dict[str, list[str]] = field(default_factory=lambda: {v: [] for v in msg.AWAY_LABELS.values()})

    @property
    def blockers(self) -> list[tuple[str, Blocker]]:
        return [(p.name, b) for p, s in self.answered for b in s.blockers]


async def gather(cfg: StandupConfig, ctx: AgentContext, day: date, members: list[Person]) -> Round:
    found = Round(day)
    for person in members:
        state = await ctx.state.load(StandupDay, *cfg.parts(person.name, day.isoformat()))
        if state.answered:
            found.answered.append((person, state))
            found.expected += 1
            continue
        seen = availability(cfg, person, day)
        if seen.status == OUT_OF_OFFICE:
            found.away[msg.AWAY_LABELS["out of office"]].append(person.name)
        elif seen.status == HOLIDAY:
            found.away[msg.AWAY_LABELS["holiday"]].append(f"{person.name} ({seen.holiday})")
        elif seen.status == WORKING and state.skipped:
            found.away[msg.AWAY_LABELS["skipped"]].append(person.name)
        elif seen.status == WORKING:
            found.expected += 1
    found.answered.sort(key=lambda row: row[0].name)
    return found


def digest(cfg: StandupConfig, found: Round) -> Mrkdwn:
    return msg.digest([(p.name, s.answer) for p, s in found.answered], cfg.questions)


def llm_messages(cfg: StandupConfig, found: Round) -> list[dict[str, str]]:
    """The model's prompt: every answer cut to an equal share of a fixed budget."""
    share = min(PER_PERSON_CHARS, PROMPT_CHARS // max(1, len(found.answered)))
    rows = []
    for person, state in found.answered:
        said = "\n".join(f"{q.text} {state.answer[q.key]}" for q in cfg.questions
                         if q.key != "blockers" and state.answer.get(q.key))
        rows.append(f"{person.name}:\n{said[:share]}")
    return [{"role": "system", "content": msg.LLM_SYSTEM}, {"role": "user", "content": msg.llm_prompt(found.day, rows)}]


async def body(cfg: StandupConfig, ctx: AgentContext, found: Round) -> Mrkdwn:
    """The summary's body as Slack text: the digest, or the model's words escaped."""
    plain = digest(cfg, found)
    if not found.answered:
        return Mrkdwn("")
    if not ctx.llm.available:
        return plain + Mrkdwn(f"\n{msg.NO_MODEL}")
    try:
        text = await asyncio.wait_for(ctx.llm.complete(llm_messages(cfg, found)),
                                      timeout=cfg.llm_timeout.total_seconds())
    except Exception as exc:  # noqa: BLE001 - a model error or timeout posts the digest, never nothing
        ctx.log.warning("standup summary without the model: %s", type(exc).__name__)
        return plain + Mrkdwn(f"\n{msg.MODEL_FAILED}")
    return esc(text.strip()) or plain + Mrkdwn(f"\n{msg.MODEL_FAILED}")


async def post(cfg: StandupConfig, ctx: AgentContext, day: date, members: list[Person], channel: str) -> bool:
    """Post the day's summary once (keyed on the day), then everyone's answer in its thread."""
    team = await ctx.state.load(TeamDay, *cfg.parts(day.isoformat()))
    if team.summary is None:
        found = await gather(cfg, ctx, day, members)
        if not found.answered and not found.expected:
            return False  # nobody works today: no summary
        text = msg.summary_text(day, len(found.answered), found.expected, found.blockers,
                                await body(cfg, ctx, found), found.away, squad=cfg.name)
        posted = await ctx.do.post(channel, text, key=cfg.key("standup.summary", day.isoformat()))
        if posted is None:
            return False
        team.summary, team.posted_at = Sent(channel=posted.channel, ts=posted.ts), ctx.clock.now()
        await ctx.state.save(team, *cfg.parts(day.isoformat()))
    for person in members:
        await sync_thread(cfg, ctx, person, day, team.summary)
    return True


async def so_far(cfg: StandupConfig, ctx: AgentContext, day: date, members: list[Person]) -> Mrkdwn:
    """Today's summary as it stands (for `/standup summary`): the digest, no model call."""
    found = await gather(cfg, ctx, day, members)
    return msg.summary_text(day, len(found.answered), found.expected, found.blockers, digest(cfg, found),
                            found.away, so_far=True, squad=cfg.name)
