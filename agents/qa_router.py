"""QA router: "ready for testing" → a QA engineer in one write, reminders and escalation while it sits in
testing, "needs fix" → back to the developers, "passed" → reminders stop and the time in testing is kept.

Per task, kv `qa:task:{id}` holds the hand-off state: `round` (one per hand-off to QA), `phase`, `qa`,
`developers`, `plan` (the decision of the round, saved before the write so a retry after a crash finishes
the same round) and `testing_seconds`. Every platform write is keyed on the round, so a redelivered
webhook, ClickUp's `taskUpdated` copy and the reconciler's catch-up copy never double a write.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from agents import qa_messages as msg
from agents.base import Agent, AgentContext
from agents.qa_picker import pick_qa, remember_assignment
from agents.team import Person, QARouterConfig
from agents.worktime import add_duration
from integrations.events import Event
from integrations.models import Task

REMINDER_KIND = "qa_reminder"
ASSIGNING, UNASSIGNED, TESTING, FAILING, FAILED, PASSED = (
    "assigning", "unassigned", "testing", "failing", "failed", "passed")


def state_key(task_id: str) -> str:
    return f"qa:task:{task_id}"


def reminder_key(task_id: str) -> str:
    return f"{REMINDER_KIND}:{task_id}"


def _unique(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(i for i in ids if i))


class QARouter(Agent):
    """Routes tasks between developers and QA engineers on ClickUp status changes."""

    name = "qa_router"

    def __init__(self, config: QARouterConfig) -> None:
        self.cfg = config
        s = config.statuses
        self.ready, self.testing, self.failed = s.ready.lower(), s.testing.lower(), s.failed.lower()
        self.passed = {p.lower() for p in s.passed}

    # -- which events -------------------------------------------------------------------------------
    def handles(self, event: Event) -> bool:
        if event.type == "task.status_changed":
            to = str(event.data.get("to") or "").lower()
            return (event.source in ("clickup", "reconcile", "pmbot") and event.subject is not None
                    and to in {self.ready, self.failed, *self.passed})
        if event.type == "task.assignee_changed":
            return event.source == "clickup" and event.subject is not None and bool(event.data.get("removed"))
        if event.type == f"due.{REMINDER_KIND}":
            return True
        if event.type == "chat.command":
            words = str(event.data.get("text") or "").split()
            return event.data.get("command") == "/pm" and bool(words) and words[0].lower() == "qa"
        if event.type == "chat.action":
            return event.data.get("action_id") in (msg.START_ACTION, msg.REASSIGN_ACTION)
        return False

    async def run(self, event: Event, ctx: AgentContext) -> None:
        from agents import qa_slack

        if event.type == "task.status_changed" and event.subject is not None:
            if ctx.tracker is None:
                return
            to = str(event.data.get("to")).lower()
            if to in self.passed:
                await self._on_passed(ctx, event.subject.id)
                return
            task = await ctx.tracker.get_task(event.subject.id)
            if self.cfg.lists and task.list_id not in self.cfg.lists:
                return
            if to == self.ready:
                await self._on_ready(ctx, task)
            else:
                await self._on_failed(ctx, task)
        elif event.type == "task.assignee_changed" and event.subject is not None:
            await self._remember_removed(ctx, event.subject.id, list(event.data.get("removed") or []))
        elif event.type == f"due.{REMINDER_KIND}":
            await self._on_reminder(ctx, event)
        elif event.type == "chat.command":
            await qa_slack.show_queue(self, ctx, event)
        elif event.type == "chat.action":
            await qa_slack.on_button(self, ctx, event)

    # -- state ----------------------------------------------------------------------------------------
    @staticmethod
    async def load(ctx: AgentContext, task_id: str) -> dict[str, Any]:
        return dict(await ctx.store.get(state_key(task_id), {}) or {})

    @staticmethod
    async def save(ctx: AgentContext, task_id: str, state: dict[str, Any]) -> None:
        await ctx.store.put(state_key(task_id), state)

    @staticmethod
    def who(ctx: AgentContext, clickup_id: str | None) -> Person | None:
        return ctx.team.person(clickup=clickup_id)

    def display(self, ctx: AgentContext, ids: list[str]) -> list[str]:
        return [p.name if (p := self.who(ctx, i)) else i for i in ids]

    def _is_qa(self, ctx: AgentContext, clickup_id: str) -> bool:
        person = self.who(ctx, clickup_id)
        return person is not None and "qa" in person.roles

    # -- ready for testing → QA -------------------------------------------------------------------------
    async def _on_ready(self, ctx: AgentContext, task: Task) -> None:
        state = await self.load(ctx, task.id)
        phase, live = state.get("phase"), task.status.lower()
        if live == self.ready and phase not in (ASSIGNING, UNASSIGNED):
            state.update(round=int(state.get("round", 0)) + 1, phase=ASSIGNING, plan=None)
            await self.save(ctx, task.id, state)
        elif not (live == self.ready or (live == self.testing and phase == ASSIGNING and state.get("plan"))):
            ctx.log.info("qa hand-off skipped: task is %s", live, extra={"task": task.id})
            return
        if not state.get("plan"):
            current = [m.id for m in task.assignees]
            qa = await pick_qa(ctx, self.cfg, task, exclude=set(current), prefer=state.get("qa"))
            if qa is None:
                state["phase"] = UNASSIGNED
                await self.save(ctx, task.id, state)
                await self.nobody_available(ctx, task, int(state["round"]))
                return
            developers = _unique([c for c in current if c != qa.clickup]) or list(state.get("developers") or [])
            state.update(phase=ASSIGNING, plan={"qa": qa.clickup, "developers": developers,
                                                "remove": [c for c in current if c != qa.clickup],
                                                "at": ctx.clock.now().isoformat(), "from": None})
            await self.save(ctx, task.id, state)
        await self.hand_off(ctx, task, state)

    async def hand_off(self, ctx: AgentContext, task: Task, state: dict[str, Any]) -> None:
        """Carry out the saved plan of this round: one ClickUp write, then comment, DM, channel, reminder."""
        assert ctx.tracker is not None
        tracker, n, plan = ctx.tracker, int(state["round"]), dict(state["plan"])

        async def write() -> dict[str, Any]:
            await tracker.update_task(task.id, status=self.cfg.statuses.testing,
                                      add_assignees=[plan["qa"]], remove_assignees=plan["remove"])
            return plan

        _, result = await ctx.act(f"qa.assign:{task.id}:{n}", "clickup.update_task", write, target=task.id)
        plan = result or plan  # a replica that lost the race follows the plan the winner wrote
        qa = self.who(ctx, plan["qa"])
        qa_name = qa.name if qa else plan["qa"]
        developers = list(plan["developers"])
        dev_names = self.display(ctx, developers)
        previous = self.who(ctx, plan.get("from"))
        text = (msg.reassigned_comment(qa_name, previous.name) if previous else msg.assigned_comment(qa_name))
        await ctx.act(f"qa.comment:{task.id}:{n}", "clickup.comment",
                      lambda: tracker.comment(task.id, text), target=task.id)
        if ctx.chat is not None and qa is not None and qa.slack:
            chat, slack_id = ctx.chat, qa.slack
            links = list(await ctx.store.get(f"links:task:{task.id}", []) or [])
            dm_text = msg.qa_dm_text(task.name, task.url, dev_names, links)
            blocks = msg.qa_dm_blocks(dm_text, f"{task.id}:{n}")

            async def dm() -> dict[str, str]:
                posted = await chat.dm(slack_id, dm_text, blocks=blocks)
                return {"channel": posted.channel, "ts": posted.ts, "text": dm_text}

            _, posted = await ctx.act(f"qa.dm:{task.id}:{n}", "slack.dm", dm, target=slack_id)
            state["dm"] = posted
        if ctx.chat is not None and self.cfg.channel and not previous:
            chat, channel = ctx.chat, self.cfg.channel
            line = msg.channel_assigned(task.name, task.url, qa_name, dev_names)
            await ctx.act(f"qa.channel:{task.id}:{n}", "slack.post", lambda: chat.post(channel, line), target=channel)
        assigned_at = datetime.fromisoformat(plan["at"])
        due = add_duration(assigned_at, self.cfg.remind_after, qa, business_hours=self.cfg.business_hours)
        await ctx.store.schedule(reminder_key(task.id), REMINDER_KIND, due, {"task": task.id, "round": n, "count": 0})
        if qa is not None:
            await remember_assignment(ctx, qa)
        state.update(phase=TESTING, qa=plan["qa"], developers=developers, assigned_at=plan["at"])
        await self.save(ctx, task.id, state)

    async def nobody_available(self, ctx: AgentContext, task: Task, n: int) -> None:
        """Leave the task where it is and tell people: the channel and the escalation contacts."""
        if ctx.chat is None:
            ctx.log.warning("no QA engineer available and no chat configured", extra={"task": task.id})
            return
        chat, text = ctx.chat, msg.nobody_available(task.name, task.url, self.cfg.statuses.ready)
        if self.cfg.channel:
            channel = self.cfg.channel
            await ctx.act(f"qa.nobody:{task.id}:{n}:channel", "slack.post",
                          lambda: chat.post(channel, text), target=channel)
        for user in self.cfg.escalate_to:
            await ctx.act(f"qa.nobody:{task.id}:{n}:{user}", "slack.dm",
                          lambda user=user: chat.dm(user, text), target=user)  # type: ignore[misc]

    # -- needs fix → developers -------------------------------------------------------------------------
    async def _on_failed(self, ctx: AgentContext, task: Task) -> None:
        assert ctx.tracker is not None
        tracker = ctx.tracker
        state = await self.load(ctx, task.id)
        if task.status.lower() != self.failed or state.get("phase") == FAILED:
            return
        current = [m.id for m in task.assignees]
        if state.get("phase") != FAILING:
            developers = await self.developers(ctx, task, state)
            remove = [c for c in current if (c == state.get("qa") or self._is_qa(ctx, c)) and c not in developers]
            self.end_stint(ctx, state)
            state.update(phase=FAILING, fixes=int(state.get("fixes", 0)) + 1,
                         fix={"developers": developers, "remove": remove,
                              "add": [d for d in developers if d not in current]})
            await self.save(ctx, task.id, state)
        fix, k = dict(state["fix"]), int(state["fixes"])
        await ctx.store.cancel(reminder_key(task.id))
        if fix["add"] or fix["remove"]:
            await ctx.act(f"qa.fix:{task.id}:{k}", "clickup.update_task",
                          lambda: tracker.update_task(task.id, add_assignees=fix["add"],
                                                      remove_assignees=fix["remove"]), target=task.id)
        qa_id = state.get("qa") or next(iter(fix["remove"]), None)
        qa = self.who(ctx, qa_id)
        qa_name = qa.name if qa else None
        latest = None
        if qa_id:
            said = [c for c in await tracker.comments(task.id) if c.author and c.author.id == qa_id]
            latest = said[-1].text if said else None
        dev_names = self.display(ctx, fix["developers"])
        text = msg.needs_fix_comment(dev_names, qa_name, latest)
        await ctx.act(f"qa.fix_comment:{task.id}:{k}", "clickup.comment",
                      lambda: tracker.comment(task.id, text), target=task.id)
        if ctx.chat is not None:
            chat, dm_text = ctx.chat, msg.needs_fix_dm(task.name, task.url, qa_name, latest)
            for dev in fix["developers"]:
                person = self.who(ctx, dev)
                if person and person.slack:
                    slack_id = person.slack
                    await ctx.act(f"qa.fix_dm:{task.id}:{k}:{dev}", "slack.dm",
                                  lambda slack_id=slack_id: chat.dm(slack_id, dm_text),  # type: ignore[misc]
                                  target=slack_id)
        state.update(phase=FAILED, developers=fix["developers"])
        await self.save(ctx, task.id, state)

    async def developers(self, ctx: AgentContext, task: Task, state: dict[str, Any]) -> list[str]:
        """Who built it: remembered at the hand-off, else a linked PR's author, else earlier assignees, else
        the creator."""
        if state.get("developers"):
            return list(state["developers"])
        links = await ctx.store.get(f"links:task:{task.id}", []) or []
        authors = [p.clickup for link in links if (p := ctx.team.person(github=link.get("author"))) and p.clickup]
        if authors:
            return _unique(authors)
        earlier = [a for a in await ctx.store.get(f"qa:prev_assignees:{task.id}", []) or [] if not self._is_qa(ctx, a)]
        if earlier:
            return _unique(earlier)
        creator = task.creator.id if task.creator else None
        if creator and not self._is_qa(ctx, creator) and creator != ctx.team.identities.clickup_user_id:
            return [creator]
        return []

    async def _remember_removed(self, ctx: AgentContext, task_id: str, removed: list[str]) -> None:
        key = f"qa:prev_assignees:{task_id}"
        known = list(await ctx.store.get(key, []) or [])
        fresh = [r for r in removed if r and r not in known]
        if fresh:
            await ctx.store.put(key, (known + fresh)[-10:])

    # -- passed ---------------------------------------------------------------------------------------
    async def _on_passed(self, ctx: AgentContext, task_id: str) -> None:
        await ctx.store.cancel(reminder_key(task_id))
        state = await self.load(ctx, task_id)
        if state.get("phase") != TESTING:
            return
        self.end_stint(ctx, state)
        state.update(phase=PASSED, passed_at=ctx.clock.now().isoformat())
        await self.save(ctx, task_id, state)
        ctx.log.info("qa passed", extra={"task": task_id, "testing_seconds": state["testing_seconds"]})

    @staticmethod
    def end_stint(ctx: AgentContext, state: dict[str, Any]) -> None:
        if state.get("phase") == TESTING and state.get("assigned_at"):
            stint = ctx.clock.now() - datetime.fromisoformat(state["assigned_at"])
            state["testing_seconds"] = int(state.get("testing_seconds", 0)) + int(stint.total_seconds())

    # -- reminders ------------------------------------------------------------------------------------
    async def _on_reminder(self, ctx: AgentContext, event: Event) -> None:
        task_id = str(event.data.get("task"))
        n, count = int(event.data.get("round", 0)), int(event.data.get("count", 0))
        state = await self.load(ctx, task_id)
        if state.get("round") != n or state.get("phase") != TESTING or ctx.tracker is None:
            return
        task = await ctx.tracker.get_task(task_id)
        if task.status.lower() != self.testing:
            return  # left testing without us hearing of it: no reminder
        count += 1
        qa = self.who(ctx, state.get("qa"))
        waited = ctx.clock.now() - datetime.fromisoformat(state["assigned_at"])
        if ctx.chat is not None:
            chat = ctx.chat
            if qa is not None and qa.slack:
                slack_id, text = qa.slack, msg.reminder_text(task.name, task.url, waited, count)
                await ctx.act(f"qa.remind:{task_id}:{n}:{count}", "slack.dm",
                              lambda: chat.dm(slack_id, text), target=slack_id)
            if self.cfg.escalate_after_reminders and count == self.cfg.escalate_after_reminders:
                await self._escalate(ctx, task, qa.name if qa else str(state.get("qa")), waited, n, count)
        due = add_duration(ctx.clock.now(), self.cfg.remind_every, qa, business_hours=self.cfg.business_hours)
        payload = {"task": task_id, "round": n, "count": count}
        await ctx.store.schedule(reminder_key(task_id), REMINDER_KIND, due, payload)

    async def _escalate(self, ctx: AgentContext, task: Task, qa: str, waited: timedelta, n: int, count: int) -> None:
        assert ctx.chat is not None
        chat, text = ctx.chat, msg.escalation_text(task.name, task.url, qa, waited, count)
        for user in self.cfg.escalate_to:
            await ctx.act(f"qa.escalate:{task.id}:{n}:{user}", "slack.dm",
                          lambda user=user: chat.dm(user, text), target=user)  # type: ignore[misc]
        if self.cfg.channel:
            channel = self.cfg.channel
            await ctx.act(f"qa.escalate:{task.id}:{n}:channel", "slack.post",
                          lambda: chat.post(channel, text), target=channel)
