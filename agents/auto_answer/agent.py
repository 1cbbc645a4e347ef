"""Auto-answerer: cited answers in Slack from the team's documents and from live project state.

Channels choose a mode (`questions`: every question; `mention`: only when mentioned; `confident_only`: every
question, but silent unless confident) and the sources they answer from. `/ask` and DMs answer from every
source the asker may see. Documents are indexed in pmbot's own database (`ctx.search`): on first use, hourly,
with `pmbot index`, and task by task when the tracker says one changed.
"""

from __future__ import annotations

from agents.auto_answer import messages as msg
from agents.auto_answer import slack
from agents.auto_answer.cli import COMMANDS
from agents.auto_answer.config import TRACKER_KINDS, AutoAnswerConfig
from agents.auto_answer.sources import index_source, index_task
from agents.base import Agent, AgentContext, Command, Cron, Schedule
from agents.team import TeamConfig
from integrations.events import Event

INDEX_SCHEDULE = "auto_answer_index"
# Task events that change what is indexed (name, description, comments, list); a status or assignee change
# does not, and live questions read those from the tracker anyway.
CONTENT_EVENTS = frozenset({"task.created", "task.updated", "task.commented", "task.comment_edited", "task.deleted",
                            "task.moved"})


class AutoAnswer(Agent):
    """Answers questions with citations, or says it does not know and offers a person."""

    name = "auto_answer"
    reads_raw = False
    Config = AutoAnswerConfig
    subscribes = frozenset({"chat.message", "chat.mention", "chat.direct_message", "chat.action", "task.*",
                            f"tick.{INDEX_SCHEDULE}"})
    commands = (Command("/ask", "a cited answer from the team's documents and live project state",
                        usage="<question>"),)
    cli = COMMANDS
    cfg: AutoAnswerConfig

    def schedules(self) -> list[Schedule]:
        return [Cron(INDEX_SCHEDULE, "0 * * * *")] if self.cfg.sources else []

    def check(self, team: TeamConfig) -> list[str]:
        chat_ids = {h for p in team.people for h in p.ids.values()}
        known = chat_ids | {p.name for p in team.people} | {r for p in team.people for r in p.roles}
        problems = [f"auto_answer.owners: {o!r} is nobody's chat id in people" for o in self.cfg.owners
                    if o not in chat_ids]
        for src in self.cfg.sources:
            problems += [f"auto_answer.sources[{src.name}].visible_to: {v!r} is no person, chat id or role"
                         for v in src.visible_to if v not in known]
        restricted = {s.name for s in self.cfg.sources if s.visible_to}
        for channel, conf in self.cfg.channels.items():
            for name in conf.sources:
                if name in restricted and not conf.private:
                    problems.append(f"auto_answer.channels[{channel}]: source {name!r} has visible_to, so it does not "
                                    "answer in this channel (everyone there would read it); set `private: true` on "
                                    "the channel if everyone in it may see that source")
        return problems

    def scope(self) -> dict[str, list[str]]:
        return {"lists": [s.tracker_list for s in self.cfg.sources if s.tracker_list]}

    def handles(self, event: Event) -> bool:
        data = event.data
        if event.type in ("chat.message", "chat.mention", "chat.direct_message"):
            if data.get("subtype") or not str(data.get("text") or "").strip():
                return False
            top_level = data.get("thread_ts") in (None, data.get("ts"))
            if event.type == "chat.direct_message":
                # A reply in a thread of the bot's DMs answers that message (a standup, a QA hand-off), it
                # does not ask the auto-answerer anything.
                return top_level
            if event.type != "chat.message":
                return True
            conf = self.cfg.channels.get(str(data.get("channel") or ""))
            return (conf is not None and conf.mode != "mention" and top_level
                    and slack.looks_like_question(str(data.get("text"))))
        if event.type == "chat.action":
            return data.get("action_id") in msg.ACTIONS
        if event.type.startswith("task."):
            return (event.type in CONTENT_EVENTS and event.source in ("clickup", "jira", "reconcile")
                    and event.subject is not None
                    and any(s.kind in TRACKER_KINDS for s in self.cfg.sources))
        return event.type == f"tick.{INDEX_SCHEDULE}"

    async def run(self, event: Event, ctx: AgentContext) -> None:
        if event.type == "chat.command":
            await slack.on_command(self.cfg, ctx, event)
        elif event.type == "chat.action":
            await slack.on_button(self.cfg, ctx, event)
        elif event.type.startswith("chat."):
            await slack.on_question(self.cfg, ctx, event)
        elif event.type.startswith("task.") and event.subject is not None:
            index = ctx.search
            if index is not None:
                changed = await index_task(ctx, index, self.cfg.sources, event.subject.id, self.cfg.vectors(),
                                           list_id=event.subject.container)
                ctx.log.info("re-indexed task %s: %d changed", event.subject.id, changed)
        elif event.type == f"tick.{INDEX_SCHEDULE}":
            await self._reindex(ctx)

    async def _reindex(self, ctx: AgentContext) -> None:
        index = ctx.search
        if index is None:
            return
        for src in self.cfg.sources:
            report = await index_source(ctx, index, src, full=False, embeddings=self.cfg.vectors())
            ctx.log.info("indexed %s: %d read, %d changed, %d removed", src.name, report.read, report.changed,
                         report.removed)
