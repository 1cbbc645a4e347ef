"""The QA router's part of `pmbot demo`: one full cycle of task T1 through the real pipeline, printing what
the ClickUp and Slack simulators recorded at each step."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from agents.qa_router.handoff import REMINDER_KIND
from bot.demo_time import next_working_morning, qa_people
from bot.scheduler import tick_event

TASK = "T1"


def qa_cycle(demo: Any, say: Callable[[str], Any]) -> None:
    """ready → QA assigned → 48 h later a reminder → needs fix → developer → ready → same QA → done."""
    clickup, slack = demo.sandbox.sims["clickup"], demo.sandbox.sims["slack"]
    runtime = demo.app.state.runtime
    team = demo.team
    qa_ids = {p.handle("clickup") for p in team.people if "qa" in p.roles}
    dev = team.person(clickup="101")
    dev_name = dev.name if dev else "101"
    seen_puts = [0]
    seen_dms: set[str] = set()

    def puts() -> list[Any]:
        return [r.json for r in clickup.calls("PUT", f"/api/v2/task/{TASK}")]

    def dms() -> list[tuple[str, str]]:
        people = [(p.name, p.handle("slack")) for p in team.people if p.handle("slack")]
        found = [(m.ts, name, m.text) for name, sid in people for m in slack.dms(sid)]
        return [(f"{ts} {name}", text) for ts, name, text in sorted(found)]

    def report(wait_for: Callable[[], bool]) -> None:
        demo.wait_until(wait_for)
        clickup.wait_for_webhooks()
        for body in puts()[seen_puts[0]:]:
            say(f"   ClickUp recorded PUT /task/{TASK} {body}")
        seen_puts[0] = len(puts())
        for key, text in dms():
            if key not in seen_dms:
                seen_dms.add(key)
                say(f"   Slack DM to {key.split(' ', 1)[1]}: {text.splitlines()[0]}")

    def human(user: str, status: str) -> None:
        before = len(clickup.sent_webhooks)
        clickup.human_update(TASK, user, status=status)
        clickup.wait_for_webhooks()
        mine = [w for w in clickup.sent_webhooks[before:]
                if str(w.payload["history_items"][0]["user"]["id"]) == str(user)]
        say(f"   ClickUp sent {len(mine)} signed webhooks ({', '.join(w.payload['event'] for w in mine)});"
            f" pmbot answered {', '.join(str(w.status) for w in mine)}.")

    clock = runtime.clock
    # A Monday morning: the reminder 48 h later and the hand-offs after it all fall inside everyone's week.
    clock.advance(next_working_morning(clock.now(), qa_people(team), weekday=0) - clock.now())
    say(f"QA router — the sandbox clock is moved to {clock.now():%A %Y-%m-%d %H:%M} UTC so everyone is at work.")

    say(f"1. {dev_name} moves ClickUp task {TASK} to 'ready for testing'.")
    human("101", "ready for testing")
    report(lambda: len(puts()) >= 1 and len(dms()) >= 1)
    assignee = next((a["id"] for a in clickup.task(TASK)["assignees"] if str(a["id"]) in qa_ids), None)
    qa = team.person(clickup=str(assignee)) if assignee is not None else None
    qa_name, qa_id = (qa.name, qa.handle("clickup") or "") if qa else ("nobody", "")
    if qa is None:
        say("   → nobody who tests works today: pmbot left the task in 'ready for testing' and said so in the QA "
            "channel.")
    else:
        say(f"   → in one write pmbot set 'in testing', assigned {qa_name} and removed {dev_name}.")

    # The hand-off schedules its reminder after the DM: wait for it before the clock moves past it.
    demo.wait_until(lambda: bool(asyncio.run_coroutine_threadsafe(
        runtime.store.pending_due(REMINDER_KIND), demo.app.state.loop).result(timeout=15)))
    after = next(a.cfg.remind_after for a in runtime.agents if a.name == "qa_router")
    say(f"2. Nobody touches it; the clock moves on {after.total_seconds() / 3600:g} h and the due-sweep tick fires.")
    clock.advance(after)
    asyncio.run_coroutine_threadsafe(runtime.store.enqueue([tick_event("due_sweep", clock)]),
                                     demo.app.state.loop).result(timeout=15)
    report(lambda: any(text.startswith("Reminder") for _, text in dms()))

    say(f"3. {qa_name} comments and moves {TASK} to 'needs fix'.")
    if qa_id:
        clickup.human_comment(TASK, qa_id, "Coupon code is accepted twice")
        human(qa_id, "needs fix")
    report(lambda: len(puts()) >= 2 and len(dms()) >= 3)
    say(f"   → back to {dev_name}; the pending reminder is cancelled.")

    say(f"4. {dev_name} fixes it and moves {TASK} to 'ready for testing' again.")
    human("101", "ready for testing")
    report(lambda: len(puts()) >= 3)
    again = next((a["id"] for a in clickup.task(TASK)["assignees"] if str(a["id"]) in qa_ids), None)
    same = "the same QA engineer" if str(again) == qa_id else "another QA engineer (the first is away)"
    say(f"   → {same} gets it back.")

    say(f"5. {qa_name} passes it: '{TASK}' → 'done'.")
    human(qa_id or "101", "done")
    demo.wait_until(lambda: (runtime_state(demo) or {}).get("phase") == "passed")
    state = runtime_state(demo) or {}
    hours = int(state.get("testing_seconds", 0)) / 3600
    say(f"   → reminders cancelled; time in testing recorded: {hours:.1f} h.")
    say(f"   ClickUp writes for the whole cycle: {len(puts())} PUTs (one per hand-off).\n")


def runtime_state(demo: Any) -> dict[str, Any] | None:
    runtime = demo.app.state.runtime
    future = asyncio.run_coroutine_threadsafe(runtime.store.get(f"qa:task:{TASK}"), demo.app.state.loop)
    return future.result(timeout=15)
