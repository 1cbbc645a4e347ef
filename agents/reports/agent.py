"""Report writer: scheduled daily and weekly reports in Slack channels — counts, every at-risk item with the
reasons pmbot can show for it, a short summary (the model's when one is configured and it names nothing that
is not in the facts), and a chart for weekly reports. `/report` posts one now; `pmbot report NAME --print`
previews one in the terminal."""

from __future__ import annotations

from agents.base import Agent, AgentContext, Command, Cron, Schedule, command_words
from agents.reports import journal
from agents.reports import messages as msg
from agents.reports.cli import REPORT_CLI
from agents.reports.config import ReportsConfig, ReportSpec
from agents.reports.schedule import KIND, on_due, plan
from agents.reports.writer import build, channel_of, on_demand_window, publish, tz_of, weekly
from agents.team import TeamConfig
from integrations.events import Event

PLAN = "reports_plan"


class Reports(Agent):
    """Writes the team's reports on their cadence and on demand."""

    name = "reports"
    reads_raw = False
    Config = ReportsConfig
    subscribes = frozenset({"task.status_changed", "pr.merged", f"tick.{PLAN}", f"due.{KIND}"})
    commands = (Command("/report", "post a report here now: this channel's, or daily, weekly or one by name",
                        usage="[daily|weekly|NAME]"),)
    cli = (REPORT_CLI,)
    cfg: ReportsConfig

    def schedules(self) -> list[Schedule]:
        return [Cron(PLAN, "*/5 * * * *")] if self.cfg.reports else []

    def check(self, team: TeamConfig) -> list[str]:
        problems = [f"reports[{r.name}].channel: no channel, and channels.reports is not set either"
                    for r in self.cfg.reports if not (r.channel or team.channels.reports)]
        known = team.squads()
        for r in self.cfg.reports:
            if r.scope.squad and r.scope.squad not in known:
                problems.append(f"reports[{r.name}].scope.squad: no squad {r.scope.squad!r} in standup or qa_router "
                                f"(squads: {', '.join(sorted(known)) or 'none'})")
        return problems

    def scope(self) -> dict[str, list[str]]:
        lists = [item for r in self.cfg.reports for item in r.scope.lists]
        repos = [item for r in self.cfg.reports for item in r.scope.repos]
        return {"lists": list(dict.fromkeys(lists)), "repos": list(dict.fromkeys(repos))}

    def handles(self, event: Event) -> bool:
        if event.type == "task.status_changed":
            return event.subject is not None and bool(event.data.get("to"))
        if event.type == "pr.merged":
            return bool(event.data.get("repo")) and isinstance(event.data.get("number"), int)
        return True

    async def run(self, event: Event, ctx: AgentContext) -> None:
        if event.type == "task.status_changed":
            await journal.record_move(ctx, event)
        elif event.type == "pr.merged":
            await journal.record_merge(ctx, event)
        elif event.type == f"tick.{PLAN}":
            await plan(ctx, self.cfg)
        elif event.type == f"due.{KIND}":
            await on_due(ctx, self.cfg, event)
        elif event.type == "chat.command":
            await self._command(ctx, event)

    def pick(self, word: str | None, channel: str | None, ctx: AgentContext) -> ReportSpec | None:
        """`/report NAME` by name; `daily` / `weekly` also the first report of that cadence; no word: the report
        posted in this channel."""
        if not word:
            return next((r for r in self.cfg.reports if channel and channel_of(ctx, r) == channel), None)
        found = self.cfg.get(word)
        if found is not None or word not in ("daily", "weekly"):
            return found
        now = ctx.clock.now()
        return next((r for r in self.cfg.reports if weekly(r, tz_of(ctx, r), now) == (word == "weekly")), None)

    async def _command(self, ctx: AgentContext, event: Event) -> None:
        words = command_words(event)
        word = words[0].lower() if words else None
        channel = str(event.data.get("channel") or "") or None
        spec = self.pick(word, channel, ctx)
        names = [r.name for r in self.cfg.reports]
        if spec is None:
            text = msg.unknown_report(word, names) if word else msg.no_report_here(names)
            await ctx.do.respond(event, text, key=f"reports.answer:{event.id}")
            return
        where = channel or channel_of(ctx, spec)
        if where is None:
            return
        built = await build(ctx, spec, await on_demand_window(ctx, spec))
        await publish(ctx, spec, built, where, key=f"reports.on_demand:{event.id}")
