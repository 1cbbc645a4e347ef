"""The QA router's part of `pmbot demo`: one full cycle of the demo task through the real pipeline, printing what
the tracker (ClickUp, or Jira with PMBOT_SANDBOX_TRACKER=jira) and Slack simulators recorded at each step."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from agents.qa_router.handoff import REMINDER_KIND
from bot.demo_board import Board, board_for, person_on
from bot.demo_time import next_working_morning, qa_people
from bot.scheduler import tick_event


def qa_cycle(demo: Any, say: Callable[[str], Any]) -> None:
    """ready → QA assigned → 48 h later a reminder → needs fix → developer → ready → same QA → done."""
    board: Board = board_for(demo.sandbox.sims)
    slack = demo.sandbox.sims["slack"]
    runtime = demo.app.state.runtime
    team = demo.team
    task = board.task
    qa_ids = {p.handle(board.platform) for p in team.people if "qa" in p.roles}
    dev_id = next(iter(board.assignees()), "")  # who works on it when the demo starts
    dev = person_on(team, board, dev_id)
    dev_name = dev.name if dev else dev_id
    seen_writes = [0]
    seen_dms: set[str] = set()

    def dms() -> list[tuple[str, str]]:
        people = [(p.name, p.handle("slack")) for p in team.people if p.handle("slack")]
        found = [(m.ts, name, m.text) for name, sid in people for m in slack.dms(sid)]
        return [(f"{ts} {name}", text) for ts, name, text in sorted(found)]

    def report(wait_for: Callable[[], bool]) -> None:
        demo.wait_until(wait_for)
        for line in board.writes()[seen_writes[0]:]:
            say(f"   {board.title} recorded {line}")
        seen_writes[0] = len(board.writes())
        for key, text in dms():
            if key not in seen_dms:
                seen_dms.add(key)
                say(f"   Slack DM to {key.split(' ', 1)[1]}: {text.splitlines()[0]}")

    def human(user: str, status: str) -> None:
        say(f"   {board.move(user, status)}")

    def wrote(count: int) -> Callable[[], bool]:
        return lambda: len(board.writes()) >= count

    def qa_assignee() -> str | None:
        return next((a for a in board.assignees() if a in qa_ids), None)

    clock = runtime.clock
    # A Monday morning: the reminder 48 h later and the hand-offs after it all fall inside everyone's week.
    clock.advance(next_working_morning(clock.now(), qa_people(team), weekday=0) - clock.now())
    say(f"QA router — the sandbox clock is moved to {clock.now():%A %Y-%m-%d %H:%M} UTC so everyone is at work.")

    noun = "task" if board.title == "ClickUp" else "issue"
    say(f"1. {dev_name} moves {board.title} {noun} {task} to 'ready for testing'.")
    human(dev_id, "ready for testing")
    report(lambda: wrote(board.per_handoff)() and len(dms()) >= 1)
    qa = person_on(team, board, qa_assignee())
    qa_name, qa_id = (qa.name, qa.handle(board.platform) or "") if qa else ("nobody", "")
    if qa is None:
        say("   → nobody who tests works today: pmbot left the task in 'ready for testing' and said so in the QA "
            "channel.")
    else:
        say(f"   → {board.handed_off(qa_name, dev_name)}")

    # The hand-off schedules its reminder after the DM: wait for it before the clock moves past it.
    demo.wait_until(lambda: bool(asyncio.run_coroutine_threadsafe(
        runtime.store.pending_due(REMINDER_KIND), demo.app.state.loop).result(timeout=15)))
    after = next(a.cfg.remind_after for a in runtime.agents if a.name == "qa_router")
    say(f"2. Nobody touches it; the clock moves on {after.total_seconds() / 3600:g} h and the due-sweep tick fires.")
    clock.advance(after)
    asyncio.run_coroutine_threadsafe(runtime.store.enqueue([tick_event("due_sweep", clock)]),
                                     demo.app.state.loop).result(timeout=15)
    report(lambda: any(text.startswith("Reminder") for _, text in dms()))

    say(f"3. {qa_name} comments and moves {task} to 'needs fix'.")
    if qa_id:
        board.comment(qa_id, "Coupon code is accepted twice")
        human(qa_id, "needs fix")
    report(lambda: wrote(board.per_handoff + board.per_fix)() and len(dms()) >= 3)
    say(f"   → back to {dev_name}; the pending reminder is cancelled.")

    say(f"4. {dev_name} fixes it and moves {task} to 'ready for testing' again.")
    human(dev_id, "ready for testing")
    report(wrote(2 * board.per_handoff + board.per_fix))
    same = "the same QA engineer" if qa_assignee() == qa_id else "another QA engineer (the first is away)"
    say(f"   → {same} gets it back.")

    say(f"5. {qa_name} passes it: '{task}' → 'done'.")
    human(qa_id or dev_id, "done")
    demo.wait_until(lambda: (runtime_state(demo, board) or {}).get("phase") == "passed")
    state = runtime_state(demo, board) or {}
    hours = int(state.get("testing_seconds", 0)) / 3600
    say(f"   → reminders cancelled; time in testing recorded: {hours:.1f} h.")
    say(f"   {board.summary()}\n")


def runtime_state(demo: Any, board: Board) -> dict[str, Any] | None:
    runtime = demo.app.state.runtime
    future = asyncio.run_coroutine_threadsafe(runtime.store.get(f"qa:task:{board.id()}"), demo.app.state.loop)
    return future.result(timeout=15)
