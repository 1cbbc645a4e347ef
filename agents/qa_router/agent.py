"""QA router: "ready for testing" → a QA engineer in one write, reminders and escalation while it sits in
testing, "needs fix" → back to the developers, "passed" → reminders stop and the time in testing is kept.

Per task, `QAHandOff` holds the hand-off state: `round` (one per hand-off to QA), `phase`, `qa`,
`developers`, `plan` (the decision of the round, saved before the write so a retry after a crash finishes
the same round) and `testing_seconds`. Every platform write is keyed on the round, so a redelivered
webhook, ClickUp's `taskUpdated` copy and the reconciler's catch-up copy never double a write.

Statuses are compared by the names the team file gives (`qa_router.statuses`: on Jira, the workflow's status
names); "passed" is also any status the tracker puts in its done category (a Jira event says which). On a tracker
with one assignee per task (Jira) the QA engineer replaces the developer, who is remembered in the round's state and
gets the task back on "needs fix" (handoff.py).

`qa_router:` may be a list of routers (agents/common/squads.py), each over its own lists with its own QA
engineers, channel and statuses: a task goes to the router whose lists hold it, and everything that router
stores or writes is keyed on its name (`qa:task:@web:T1`, `qa.assign:@web:T1:1`, reminder rows that say
`squad: web`).
"""

from __future__ import annotations

from datetime import timedelta

from agents.base import Agent, AgentContext, Command
from agents.common import squads
from agents.common.absence import with_stored_absence
from agents.common.worktime import add_duration, add_working_time
from agents.github_sync.links import task_links
from agents.panels import Panel
from agents.qa_router import dashboard, slack
from agents.qa_router import messages as msg
from agents.qa_router.config import QARouterConfig
from agents.qa_router.handoff import (
    REMINDER_KIND,
    display,
    end_stint,
    hand_off,
    load,
    nobody_available,
    one_assignee,
    reminder_key,
    reminder_payload,
    save,
    squad_of,
    who,
)
from agents.qa_router.picker import pick_qa, qa_people
from agents.qa_router.state import (
    ASSIGNING,
    FAILED,
    FAILING,
    NOT_HANDED,
    PASSED,
    TESTING,
    UNASSIGNED,
    FixPlan,
    Plan,
    PreviousAssignees,
)
from agents.team import TeamConfig
from integrations.events import Event
from integrations.models import Task

DONE = "done"  # the status category (integrations.protocols.StatusCategory) of a finished task


def _unique(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(i for i in ids if i))


def _done(event: Event) -> bool:
    """The tracker says the status moved to is a done one (Jira's events carry its category; ClickUp's do not)."""
    return event.data.get("category") == DONE


class QARouter(Agent):
    """Routes tasks between developers and QA engineers on tracker status changes."""

    name = "qa_router"
    reads_raw = False
    Config = QARouterConfig
    subscribes = frozenset({"task.status_changed", "task.assignee_changed", f"due.{REMINDER_KIND}", "chat.action"})
    commands = (Command("qa", "the QA queue: tasks waiting for QA and in testing, with their age", dm=True),)
    cfg: QARouterConfig

    def __init__(self, config: QARouterConfig | None = None) -> None:
        super().__init__(config)
        routers = self.cfg.instances()
        # Which statuses matter is decided before the task is read (which router's it is needs the task).
        self.ready = {r.statuses.ready.lower() for r in routers}
        self.failed = {r.statuses.failed.lower() for r in routers}
        self.passed = {p.lower() for r in routers for p in r.statuses.passed}

    def instances(self) -> list[str]:
        return [str(r.name) for r in self.cfg.squads]

    def check(self, team: TeamConfig) -> list[str]:
        problems = []
        if not any("qa" in p.roles for p in team.people) and all(r.qa is None for r in self.cfg.instances()):
            problems.append("qa_router: no person has the role qa, so no task can be handed to QA "
                            "(add roles: [qa] to someone, or set qa_router.enabled: false)")
        handles = {h for p in team.people for h in p.ids.values()}
        names = {p.name.lower() for p in team.people}
        for cfg in self.cfg.instances():
            where = f"qa_router[{cfg.name}]" if cfg.name else "qa_router"
            for user in cfg.escalate_to:
                if user not in handles:
                    problems.append(f"{where}.escalate_to: {user!r} is nobody's chat id in people")
            for name in cfg.qa or []:
                if name.lower() not in names:
                    problems.append(f"{where}.qa: {name!r} is not a name in people")
            if cfg.qa == []:
                problems.append(f"{where}.qa: nobody, so no task of its lists can be handed to QA")
        return problems

    def scope(self) -> dict[str, list[str]]:
        """Its lists (Jira projects), and each router's ready, testing and failed statuses where `pmbot check` looks
        for them in the workflows: under `statuses:<list>` for each of a squad's own lists, under `statuses` (every
        project) for a router over every list. "passed" is left out: its names are alternatives, and a status in the
        tracker's done category counts as passed anyway."""
        routers = self.cfg.instances()
        found: dict[str, list[str]] = {}
        for r in routers:
            for where in [f"statuses:{i}" for i in r.lists] or ["statuses"]:
                found[where] = list(dict.fromkeys([*found.get(where, []), r.statuses.ready, r.statuses.testing,
                                                   r.statuses.failed]))
        if any(not r.lists for r in routers):
            return {"lists": [], **found}  # a router over every list: the reconciler reads it all
        return {"lists": list(dict.fromkeys(i for r in routers for i in r.lists)), **found}

    async def dashboard(self, ctx: AgentContext) -> list[Panel]:
        if self.cfg.squads:
            return [Panel("Squads", ("squad", "lists", "QA engineers"),
                          tuple((squads.label(r.name, self.name), ", ".join(r.lists) or "every other list",
                                 ", ".join(p.name for p in qa_people(ctx, r))) for r in self.cfg.squads),
                          notes=("Each squad has its own page.",))]
        return await dashboard.panels(self.cfg, ctx)

    async def instance_dashboard(self, ctx: AgentContext, instance: str) -> list[Panel]:
        found = squads.by_name(self.cfg.squads, instance)
        return await dashboard.panels(found, ctx) if found is not None else []

    # -- which events -------------------------------------------------------------------------------
    def handles(self, event: Event) -> bool:
        if event.type == "task.status_changed":
            to = str(event.data.get("to") or "").lower()
            return event.subject is not None and (to in {*self.ready, *self.failed, *self.passed} or _done(event))
        if event.type == "task.assignee_changed":
            # A person's change on the tracker (a rule's change is pmbot's own, and says nothing of who built it).
            return event.source != "pmbot" and event.subject is not None and bool(event.data.get("removed"))
        if event.type == "chat.action":
            return event.data.get("action_id") in (msg.START_ACTION, msg.REASSIGN_ACTION)
        return True

    async def run(self, event: Event, ctx: AgentContext) -> None:
        if event.type == "task.status_changed" and event.subject is not None:
            if ctx.tracker is None:
                return
            to = str(event.data.get("to")).lower()
            if to in self.passed or _done(event):
                for cfg in self.cfg.instances():
                    if to in {p.lower() for p in cfg.statuses.passed} or _done(event):
                        await self._on_passed(cfg, ctx, event.subject.id)
                return
            task = await ctx.tracker.get_task(event.subject.id)
            owner = self.cfg.owner(task.lists)
            if owner is None:
                return
            if to == owner.statuses.ready.lower():
                await self._on_ready(owner, ctx, task)
            elif to == owner.statuses.failed.lower():
                await self._on_failed(owner, ctx, task)
        elif event.type == "task.assignee_changed" and event.subject is not None:
            await self._remember_removed(ctx, event.subject.id, list(event.data.get("removed") or []))
        elif event.type == f"due.{REMINDER_KIND}":
            await self._on_reminder(ctx, event)
        elif event.type == "chat.command":
            await slack.show_queues(self.cfg, ctx, event)
        elif event.type == "chat.action":
            await slack.on_button(self.cfg, ctx, event)

    def _is_qa(self, cfg: QARouterConfig, ctx: AgentContext, tracker_id: str) -> bool:
        person = who(ctx, tracker_id)
        return person is not None and ("qa" in person.roles or person in qa_people(ctx, cfg))

    # -- ready for testing → QA -------------------------------------------------------------------------
    async def _on_ready(self, cfg: QARouterConfig, ctx: AgentContext, task: Task) -> None:
        state = await load(ctx, cfg, task.id)
        phase, live = state.phase, task.status.lower()
        ready, testing = cfg.statuses.ready.lower(), cfg.statuses.testing.lower()
        if live == ready and phase not in NOT_HANDED:
            state.round, state.phase, state.plan = state.round + 1, ASSIGNING, None
            await save(ctx, cfg, task.id, state)
        elif not (live == ready or (live == testing and phase == ASSIGNING and state.plan)):
            ctx.log.info("qa hand-off skipped: task is %s", live, extra={"task": task.id})
            return
        if not state.plan:
            current = [m.id for m in task.assignees]
            qa = await pick_qa(ctx, cfg, task, exclude=set(current), prefer=state.qa)
            if qa is None:
                state.phase = UNASSIGNED
                await save(ctx, cfg, task.id, state)
                await nobody_available(ctx, cfg, task, state.round)
                return
            qa_id = ctx.people.tracker_id(qa) or ""
            developers = _unique([c for c in current if c != qa_id]) or list(state.developers)
            state.phase = ASSIGNING
            state.plan = Plan(qa=qa_id, developers=developers, remove=[c for c in current if c != qa_id],
                              at=ctx.clock.now())
            await save(ctx, cfg, task.id, state)
        await hand_off(ctx, cfg, task, state)

    # -- needs fix → developers -------------------------------------------------------------------------
    async def _on_failed(self, cfg: QARouterConfig, ctx: AgentContext, task: Task) -> None:
        assert ctx.tracker is not None
        state = await load(ctx, cfg, task.id)
        if task.status.lower() != cfg.statuses.failed.lower() or state.phase == FAILED:
            return
        current = [m.id for m in task.assignees]
        if state.phase != FAILING:
            developers = await self.developers(cfg, ctx, task, state.developers)
            remove = [c for c in current if (c == state.qa or self._is_qa(cfg, ctx, c)) and c not in developers]
            end_stint(ctx, state)
            state.phase, state.fixes = FAILING, state.fixes + 1
            back = developers[:1] if one_assignee(ctx) else developers  # one assignee: the first who built it
            state.fix = FixPlan(developers=developers, remove=remove, add=[d for d in back if d not in current])
            await save(ctx, cfg, task.id, state)
        assert state.fix is not None
        fix, k = state.fix, state.fixes
        await ctx.store.cancel(reminder_key(cfg, task.id))
        if fix.add or fix.remove:
            await ctx.do.update_task(task.id, key=cfg.key("qa.fix", task.id, k), add_assignees=fix.add,
                                     remove_assignees=fix.remove)
        qa_id = state.qa or next(iter(fix.remove), None)
        qa = who(ctx, qa_id)
        qa_name = qa.name if qa else None
        latest = None
        if qa_id:
            said = [c for c in await ctx.tracker.comments(task.id) if c.author and c.author.id == qa_id]
            latest = said[-1].text if said else None
        text = msg.needs_fix_comment(display(ctx, fix.developers), qa_name, latest)
        await ctx.do.comment(task.id, text, key=cfg.key("qa.fix_comment", task.id, k))
        dm_text = msg.needs_fix_dm(task.name, task.url, qa_name, latest)
        for dev in fix.developers:
            chat_id = ctx.people.chat_id(who(ctx, dev))
            if chat_id:
                await ctx.do.dm(chat_id, dm_text, key=cfg.key("qa.fix_dm", task.id, k, dev))
        state.phase, state.developers = FAILED, list(fix.developers)
        await save(ctx, cfg, task.id, state)

    async def developers(self, cfg: QARouterConfig, ctx: AgentContext, task: Task, known: list[str]) -> list[str]:
        """Who built it: remembered at the hand-off, else a linked PR's author, else earlier assignees, else
        the creator."""
        if known:
            return list(known)
        authors = [ctx.people.tracker_id(p) for link in await task_links(ctx, task.id)
                   if (p := ctx.people.by_code(link.author))]
        if any(authors):
            return _unique([a for a in authors if a])
        earlier = [a for a in (await ctx.state.load(PreviousAssignees, task.id)).root
                   if not self._is_qa(cfg, ctx, a)]
        if earlier:
            return _unique(earlier)
        creator = task.creator.id if task.creator else None
        if creator and not self._is_qa(cfg, ctx, creator) and creator != ctx.identities.get("tracker"):
            return [creator]
        return []

    async def _remember_removed(self, ctx: AgentContext, task_id: str, removed: list[str]) -> None:
        known = await ctx.state.load(PreviousAssignees, task_id)
        fresh = [r for r in removed if r and r not in known.root]
        if fresh:
            known.root = (known.root + fresh)[-10:]
            await ctx.state.save(known, task_id)

    # -- passed ---------------------------------------------------------------------------------------
    async def _on_passed(self, cfg: QARouterConfig, ctx: AgentContext, task_id: str) -> None:
        await ctx.store.cancel(reminder_key(cfg, task_id))
        state = await load(ctx, cfg, task_id)
        if state.phase != TESTING:
            return
        end_stint(ctx, state)
        state.phase, state.passed_at = PASSED, ctx.clock.now()
        await save(ctx, cfg, task_id, state)
        ctx.log.info("qa passed", extra={"task": task_id, "testing_seconds": state.testing_seconds})

    # -- reminders ------------------------------------------------------------------------------------
    async def _on_reminder(self, ctx: AgentContext, event: Event) -> None:
        cfg = squads.by_name(self.cfg.instances(), squad_of(event.data))
        if cfg is None:
            return  # a router that is no longer configured
        task_id = str(event.data.get("task"))
        n, count = int(event.data.get("round", 0)), int(event.data.get("count", 0))
        state = await load(ctx, cfg, task_id)
        if state.round != n or state.phase != TESTING or ctx.tracker is None or state.assigned_at is None:
            return
        task = await ctx.tracker.get_task(task_id)
        if task.status.lower() != cfg.statuses.testing.lower():
            return  # left testing without us hearing of it: no reminder
        qa = who(ctx, state.qa)
        hours = await with_stored_absence(ctx, qa) if qa is not None else None
        now = ctx.clock.now()
        if cfg.business_hours and hours is not None and not hours.works_on(now.astimezone(hours.tz).date()):
            # Out of office since this reminder was planned (`/pm ooo`): it waits, uncounted, for their return.
            back = add_working_time(now, timedelta(0), hours)
            if back > now:
                await ctx.store.schedule(reminder_key(cfg, task_id), REMINDER_KIND, back,
                                         reminder_payload(cfg, task_id, n, count))
                return
        count += 1
        waited = now - state.assigned_at
        if ctx.chat is not None:
            qa_chat = ctx.people.chat_id(qa)
            if qa_chat:
                await ctx.do.dm(qa_chat, msg.reminder_text(task.name, task.url, waited, count),
                                key=cfg.key("qa.remind", task_id, n, count))
            if cfg.escalate_after_reminders and count == cfg.escalate_after_reminders:
                await self._escalate(cfg, ctx, task, qa.name if qa else str(state.qa), waited, n, count)
        due = add_duration(now, cfg.remind_every, hours, business_hours=cfg.business_hours)
        await ctx.store.schedule(reminder_key(cfg, task_id), REMINDER_KIND, due,
                                 reminder_payload(cfg, task_id, n, count))

    async def _escalate(self, cfg: QARouterConfig, ctx: AgentContext, task: Task, qa: str, waited: timedelta,
                        n: int, count: int) -> None:
        text = msg.escalation_text(task.name, task.url, qa, waited, count)
        for user in cfg.escalate_to:
            await ctx.do.dm(user, text, key=cfg.key("qa.escalate", task.id, n, user))
        if cfg.channel:
            await ctx.do.post(cfg.channel, text, key=cfg.key("qa.escalate", task.id, n, "channel"))

