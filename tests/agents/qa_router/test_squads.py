"""Two QA routers (`qa_router:` as a list) over different ClickUp lists: web's tasks go to web's QA engineer,
mobile's to mobile's, each announced in its own channel, with reminders of their own; `/pm qa [squad]` shows
one squad's queue - through signed webhooks and slash commands, asserting what the simulators recorded."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from agents.common.mrkdwn import MESSAGE_TEXT
from agents.qa_router import messages as qa_msg
from agents.team import TeamConfig
from bot.web.auth import hash_password
from tests.agents.qa_router.qa_support import PEOPLE
from tests.bot.test_dashboard_auth import sign_in
from tests.support.platforms import dm_texts
from tests.support.world import STATUSES, SeedTask, World, world

WEB_QA, MOBILE_QA = "C0QAWEB", "C0QAMOB"
ROUTERS = [
    {"name": "web", "lists": ["L1"], "qa": ["Quinn"], "channel": WEB_QA, "escalate_to": ["U0LEE"],
     "escalate_after_reminders": 2},
    {"name": "mobile", "lists": ["L2"], "qa": ["Rae"], "channel": MOBILE_QA, "escalate_to": ["U0LEE"],
     "escalate_after_reminders": 1},
]
T1 = "<https://app.clickup.com/t/T1|Coupons>"
T2 = "<https://app.clickup.com/t/T2|Push opt-in>"


def routers_team() -> TeamConfig:
    return TeamConfig.model_validate({"people": PEOPLE, "qa_router": ROUTERS, "standup": {"enabled": False},
                                      "auto_answer": {"enabled": False}})


def reminders(w: World, user: str) -> list[str]:
    return [t for t in dm_texts(w.slack, user) if t.startswith("Reminder")]


def assignees(w: World, task: str) -> list[str]:
    return sorted(str(a["id"]) for a in w.clickup.tasks[task]["assignees"])


def test_each_task_goes_to_its_own_squads_qa__reminders_separate(tmp_path: Path) -> None:
    tasks = [SeedTask("T1", "Coupons", "in progress", ("101",))]
    with world(tmp_path, routers_team(), tasks=tasks, channels=(WEB_QA, MOBILE_QA),
               pmbot_admin_password_hash=hash_password("pw for squads")) as w:
        w.clickup.add_list("L2", "App", STATUSES)
        w.clickup.add_task("T2", "Push opt-in", "L2", "in progress", assignees=["102"])
        w.move("101", "ready for testing", "T1")
        w.move("102", "ready for testing", "T2")

        # Rae is in no squad of L1 and Quinn in none of L2, though both have the role qa.
        assert assignees(w, "T1") == ["201"] and assignees(w, "T2") == ["202"]
        assert [m.text for m in w.slack.messages(WEB_QA)] == [f"QA: {T1} → Quinn (built by Dana)"]
        assert [m.text for m in w.slack.messages(MOBILE_QA)] == [f"QA: {T2} → Rae (built by Devon)"]
        quinn_dm, rae_dm = w.slack.dms("U0QUINN")[-1], w.slack.dms("U0RAE")[-1]
        assert {e["value"] for b in quinn_dm.blocks or [] if b["type"] == "actions" for e in b["elements"]} == {
            "T1:1@web"}
        assert {e["value"] for b in rae_dm.blocks or [] if b["type"] == "actions" for e in b["elements"]} == {
            "T2:1@mobile"}
        due = w.pmbot.call(w.pmbot.runtime.store.pending_due, "qa_reminder")
        assert sorted((d.key, dict(d.payload)) for d in due) == [
            ("qa_reminder:@mobile:T2", {"task": "T2", "round": 1, "count": 0, "squad": "mobile"}),
            ("qa_reminder:@web:T1", {"task": "T1", "round": 1, "count": 0, "squad": "web"}),
        ]
        assert w.kv("qa:task:@web:T1")["qa"] == "201" and w.kv("qa:task:T1") is None

        # Quinn passes T1 before its reminder; T2's keeps running and escalates after mobile's one reminder.
        w.move("201", "done", "T1")
        w.clock.advance(timedelta(hours=48))
        w.sweep()
        w.sweep()
        assert reminders(w, "U0QUINN") == []
        assert reminders(w, "U0RAE") == [f"Reminder #1: {T2} has been waiting for testing for 2d."]
        escalation = f"QA escalation: {T2} has been in testing with Rae for 2d after 1 reminder."
        assert dm_texts(w.slack, "U0LEE") == [escalation]
        assert [m.text for m in w.slack.messages(MOBILE_QA)][1:] == [escalation]
        assert [m.text for m in w.slack.messages(WEB_QA)] == [f"QA: {T1} → Quinn (built by Dana)"]

        # `/pm qa mobile`: that squad's queue only; Rae's "Start testing" button is mobile's.
        w.slash("qa mobile", "U0LEE")
        queue = dm_texts(w.slack, "U0LEE")[-1]
        assert queue.splitlines()[0] == "*QA queue — mobile*"
        assert "Push opt-in" in queue and "Coupons" not in queue
        w.slash("qa nosuch", "U0LEE")
        assert dm_texts(w.slack, "U0LEE")[-1] == "There is no QA router called `nosuch` (squads: web, mobile)."
        w.click("U0RAE", "qa.start", "T2:1@mobile", rae_dm.channel, rae_dm.ts)
        assert w.slack.api_calls("chat.update")[-1]["ts"] == rae_dm.ts
        assert w.kv("qa:task:@mobile:T2")["started_at"] is not None

        # The dashboard: each router its own page, with its own queue, reminders and actions.
        client, _ = sign_in(w.pmbot.url, "pw for squads")
        listing = client.get("/agents").text
        assert '<a href="/agents/qa_router/web">qa_router · web</a>' in listing
        assert '<a href="/agents/qa_router/mobile">qa_router · mobile</a>' in listing
        mobile = client.get("/agents/qa_router/mobile")
        assert mobile.status_code == 200 and "<h1>qa_router · mobile</h1>" in mobile.text
        assert "Push opt-in" in mobile.text and "Coupons" not in mobile.text
        assert "<td>T2</td>" in mobile.text and "<td>T1</td>" not in mobile.text  # recent actions: mobile's only
        web = client.get("/agents/qa_router/web").text
        assert "nothing waiting for QA" in web and "no reminder pending" in web  # T1 passed: its reminder is gone
        assert "<td>T1</td>" in web and "<td>T2</td>" not in web
        assert client.get("/agents/qa_router/nosuch").status_code == 404


def test_queues_of_several_squads_stay_within_one_message() -> None:
    """Each router's queue is bounded on its own; the DM naming several is bounded as a whole."""
    rows = [qa_msg.queue_row(f"Task {n} <b>", None, ["Quinn"], timedelta(hours=n)) for n in range(200)]
    web, mobile = qa_msg.queue_text(rows, rows, "web"), qa_msg.queue_text(rows, rows, "mobile")
    text = qa_msg.queues_text([web, mobile])
    assert len(text) <= MESSAGE_TEXT
    assert text.startswith(web + "\n\n*QA queue — mobile*") and "&lt;b&gt;" in text and "<b>" not in text
    assert qa_msg.queues_text([web]) == web
