"""Answering through `POST /slack/events` (signed as Slack signs): the Answer button's modal, a reply in the
prompt's thread, `/standup &lt;text&gt;`, `/standup` alone, `/standup summary`, `/pm standup skip today`, and
people the standup does not know — asserting the exact Slack Web API calls pmbot made."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from integrations.events import Event
from integrations.slack.signing import slash_command_body
from tests.agents.standup.standup_support import (
    at,
    channel_messages,
    dm,
    press_answer,
    reply_in_thread,
    standup_team,
    standup_world,
    submit,
)
from tests.support.platforms import sign_slack
from tests.support.world import SeedTask, World

MONDAY = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)
PROMPT = datetime(2026, 11, 23, 8, 30, tzinfo=UTC)  # 09:30 in Berlin
CU = "https://app.clickup.com/t"
QUESTIONS = ["What did you get done since your last standup?", "What will you do next?", "Anything blocking you?"]
ANSWERED = "Standup for Monday 23 November, Ben: :white_check_mark: answered at 09:{}. You can change it until 11:00."


def team() -> Any:
    return standup_team(members=["Ben", "Oona"])


def view(values: dict[str, str]) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = [{"type": "context", "elements": [
        {"type": "mrkdwn", "text": "Monday 23 November · you can edit until 11:00"}]}]
    for key, label in zip(("done", "next", "blockers"), QUESTIONS, strict=True):
        element: dict[str, Any] = {"type": "plain_text_input", "action_id": "text", "multiline": True}
        if values.get(key):
            element["initial_value"] = values[key]
        blocks.append({"type": "input", "block_id": f"q_{key}", "optional": True,
                       "label": {"type": "plain_text", "text": label}, "element": element})
    return {"type": "modal", "callback_id": "standup.answer:2026-11-23", "title": {"type": "plain_text",
            "text": "Standup"}, "submit": {"type": "plain_text", "text": "Save"},
            "close": {"type": "plain_text", "text": "Cancel"}, "blocks": blocks}


def opened(w: World) -> list[dict[str, Any]]:
    return [{"trigger_id": c["trigger_id"], "view": c["view"] if isinstance(c["view"], dict) else json.loads(
        c["view"])} for c in w.slack.api_calls("views.open")]


def made(w: World, since: int) -> list[str]:
    """The Web API methods pmbot called after the first `since` requests (Bolt's own auth.test left out)."""
    return [r.path for r in w.slack.calls()[since:] if r.path != "/api/auth.test"]


def updates(w: World) -> list[tuple[str, str]]:
    return [(c["ts"], c["text"]) for c in w.slack.api_calls("chat.update")]


def test_answer_button__modal_prefilled_with_the_draft__submission_saves_and_marks_the_prompt(tmp_path: Path) -> None:
    tasks = [SeedTask("T1", "Coupons", "in progress", ("112",))]
    with standup_world(tmp_path, team(), tasks=tasks, start=MONDAY) as w:
        at(w, PROMPT)
        prompt = dm(w, "U0BEN")
        trigger = f"{int(time.time())}.77.abc"
        assert press_answer(w, "U0BEN", prompt, trigger_id=trigger).status_code == 200
        assert opened(w) == [{"trigger_id": trigger, "view": view({"next": f"• Coupons — in progress {CU}/T1"})}]
        [view_id] = w.slack.views
        calls_before = len(w.slack.calls())
        submit(w, "U0BEN", opened(w)[0]["view"], {"done": "Coupons merged", "next": "Search",
                                                  "blockers": "none"}, view_id=view_id)
        assert made(w, calls_before) == ["/api/chat.update"]  # the modal closes itself; the prompt says "answered"
        assert updates(w) == [(prompt.ts, ANSWERED.format("30"))]
        assert w.kv("standup:day:Ben:2026-11-23")["answer"] == {"done": "Coupons merged", "next": "Search",
                                                                "blockers": "none"}
        # Pressed again before the cut-off: the form shows the answer given, to edit.
        press_answer(w, "U0BEN", dm(w, "U0BEN"))
        assert opened(w)[1]["view"] == view({"done": "Coupons merged", "next": "Search", "blockers": "none"})


def test_thread_reply_answers_that_days_standup(tmp_path: Path) -> None:
    with standup_world(tmp_path, team(), start=MONDAY) as w:
        at(w, PROMPT)
        prompt = dm(w, "U0BEN")
        calls_before = len(w.slack.calls())
        reply_in_thread(w, "U0BEN", "done: coupons\nnext: search\nblockers: waiting for CU-T1 review", prompt)
        posted = w.slack.api_calls("chat.postMessage")[-1]
        assert made(w, calls_before) == ["/api/chat.update", "/api/chat.postMessage"]
        assert updates(w) == [(prompt.ts, ANSWERED.format("30"))]
        assert (posted["channel"], posted["thread_ts"], posted["text"]) == (
            prompt.channel, prompt.ts, "Saved as your standup for Monday 23 November.")
        state = w.kv("standup:day:Ben:2026-11-23")
        assert state["answer"] == {"done": "coupons", "next": "search", "blockers": "waiting for CU-T1 review"}
        assert state["via"] == "thread"
        # A second reply adds to the answer (what it names replaces that part only).
        reply_in_thread(w, "U0BEN", "blockers: none", prompt)
        assert w.kv("standup:day:Ben:2026-11-23")["answer"] == {"done": "coupons", "next": "search",
                                                                "blockers": "none"}


def test_standup_text__saves_and_answers_ephemerally__edits_until_the_cutoff(tmp_path: Path) -> None:
    with standup_world(tmp_path, team(), start=MONDAY) as w:
        at(w, PROMPT)
        prompt = dm(w, "U0BEN")
        w.slash("done: coupons; next: search", "U0BEN", command="/standup")
        assert w.slack.responses()[-1] == {"text": "\n".join([
            "Saved your standup for Monday 23 November:", f"*{QUESTIONS[0]}*", "coupons", f"*{QUESTIONS[1]}*",
            "search"]), "response_type": "ephemeral"}
        assert updates(w) == [(prompt.ts, ANSWERED.format("30"))]
        w.clock.set(datetime(2026, 11, 23, 9, 55, tzinfo=UTC))  # 10:55 in Berlin: still open
        w.slash("blockers: the staging database is down", "U0BEN", command="/standup")
        assert w.kv("standup:day:Ben:2026-11-23")["answer"] == {
            "done": "coupons", "next": "search", "blockers": "the staging database is down"}
        w.clock.set(datetime(2026, 11, 23, 10, 5, tzinfo=UTC))  # 11:05: closed
        w.slash("done: something else", "U0BEN", command="/standup")
        assert w.slack.responses()[-1]["text"] == (
            "Your standup for Monday 23 November closed at 11:00 (your time) and you had answered; "
            "it stays as it was.")
        assert w.kv("standup:day:Ben:2026-11-23")["answer"]["done"] == "coupons"


def test_standup_alone_opens_the_form__summary_so_far__skip__strangers(tmp_path: Path) -> None:
    with standup_world(tmp_path, team(), start=MONDAY) as w:
        w.clock.set(datetime(2026, 11, 23, 8, 0, tzinfo=UTC))  # before the prompt
        w.slash("", "U0OONA", command="/standup")
        assert opened(w) == [{"trigger_id": opened(w)[0]["trigger_id"], "view": view({})}]
        assert w.slack.responses() == []  # the form is the answer

        w.slash("standup skip today", "U0BEN")
        assert w.slack.responses()[-1]["text"] == "OK, no standup for you on Monday 23 November."
        at(w, PROMPT)
        assert w.slack.dms("U0BEN") == []  # skipped: not asked
        assert len(w.slack.dms("U0OONA")) == 1

        w.slash("done: search ranking blockers: CI is red", "U0OONA", command="/standup")
        w.slash("summary", "U0LEE", command="/standup")  # a lead, not a member: may look
        assert w.slack.responses()[-1]["text"] == "\n".join([
            "*Standup — Monday 23 November* · 1 of 1 answered so far", "*Blockers*", "• Oona: CI is red",
            "*Summary*", "• Oona: search ranking", "_Skipping today: Ben_"])

        w.slash("done: x", "U0LEE", command="/standup")
        assert w.slack.responses()[-1]["text"] == (
            "You are not a member of the standup (`standup.members`), so there is nothing to answer.")
        w.slash("done: x", "U0STRANGER", command="/standup")
        assert w.slack.responses()[-1]["text"] == (  # refused before the standup sees it (README, "Who may do what")
            "`/standup` is for the people of this team, and pmbot does not know you. "
            "Ask a lead to add you to `people` in pmbot's team file.")
        w.slash("standup skip tomorrow", "U0OONA")
        assert w.slack.responses()[-1]["text"] == "Usage: `/pm standup skip today`"


def test_modal_opens_within_the_trigger_window_with_5000_events_waiting(tmp_path: Path) -> None:
    """Opening the form changes no state, so it happens on the request path: the backlog does not delay it.
    The Slack simulator refuses a trigger_id older than 3 s (`expired_trigger_id`)."""
    with standup_world(tmp_path, team(), start=MONDAY) as w:
        backlog = [Event(id=f"backlog:{n}", source="slack", type="chat.event", occurred_at=w.clock.now(),
                         data={"event_type": "team_join"}) for n in range(5000)]
        assert sum(w.pmbot.call(w.pmbot.runtime.store.enqueue, backlog, timeout=120)) == 5000
        trigger = f"{int(time.time())}.5000.backlog"
        body = slash_command_body("/standup", "", "U0BEN", "C0STANDUP", trigger_id=trigger,
                                  response_url=w.slack.response_url())
        started = time.monotonic()
        answer = httpx.post(f"{w.pmbot.url}/slack/events", content=body,
                            headers=sign_slack(body, "application/x-www-form-urlencoded"), timeout=10)
        elapsed = time.monotonic() - started
        inbox = w.pmbot.runtime.store.inbox
        waiting = sum(1 for r in w.pmbot.call(lambda: inbox.rows(limit=100_000)) if r["status"] == "pending")
        assert answer.status_code == 200
        assert [c["trigger_id"] for c in w.slack.api_calls("views.open")] == [trigger]
        assert list(w.slack.views.values()) == [view({})]  # accepted: the trigger had not expired
        assert waiting > 1000, f"the backlog was worked off before the request ({waiting} left)"
        print(f"\n/standup → views.open answered in {elapsed:.3f} s with {waiting} events still waiting")


def test_late_answer_is_added_to_the_summary_thread(tmp_path: Path) -> None:
    with standup_world(tmp_path, team(), start=MONDAY) as w:
        at(w, PROMPT)
        w.slash("done: coupons", "U0BEN", command="/standup")
        at(w, datetime(2026, 11, 23, 10, 0, tzinfo=UTC), summary=True)
        [summary] = [m for m in channel_messages(w) if not m.thread_ts]
        w.clock.set(datetime(2026, 11, 23, 10, 20, tzinfo=UTC))
        reply_in_thread(w, "U0OONA", "done: profile page\nnext: avatars", dm(w, "U0OONA"))
        thread = [m.text for m in channel_messages(w) if m.thread_ts == summary.ts]
        assert thread == [f"*Ben*\n*{QUESTIONS[0]}*\ncoupons",
                          f"*Oona* (late)\n*{QUESTIONS[0]}*\nprofile page\n*{QUESTIONS[1]}*\navatars"]
