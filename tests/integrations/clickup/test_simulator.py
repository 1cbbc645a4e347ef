"""ClickUpSimulator: ClickUp-shaped answers and signed webhook emission."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from integrations.clickup.client import ClickUpTracker
from integrations.clickup.schemas import ApiTask, TaskPage
from integrations.clickup.sim.api import (
    DEFAULT_TOKEN,
    ClickUpSimulator,
    signed_delivery,
    webhook_payloads,
)
from integrations.clickup.webhook import ClickUpWebhook
from integrations.sim_base import RecordedRequest, Simulator

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "clickup"
SECRET = "sim-webhook-secret"
HOOK_ID = "11111111-2222-3333-4444-555555555555"
ANN, BOB = "101", "102"


class Receiver(Simulator):
    """A stand-in for pmbot's webhook endpoint: records what arrives, answers 200."""

    name = "receiver"

    def routes(self) -> None:
        @self.app.post("/webhooks/clickup")
        async def receive() -> dict:
            return {"ok": True}


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as server:
        yield server  # type: ignore[misc]


@pytest.fixture
def sim(receiver: Receiver) -> Iterator[ClickUpSimulator]:
    simulator = ClickUpSimulator()
    simulator.add_user(ANN, "Ann Lee", "ann@example.com")
    simulator.add_user(BOB, "Bob Ray", "bob@example.com")
    simulator.add_list("L1", "Sprint", ["to do", "in progress", "ready for testing", "done"])
    simulator.add_task("t1", "Fix login", "L1", "to do", assignees=[ANN])
    simulator.set_webhook(f"http://127.0.0.1:{receiver.port}/webhooks/clickup", SECRET, HOOK_ID)
    with simulator:
        yield simulator


def deliveries(receiver: Receiver) -> list[RecordedRequest]:
    return receiver.calls("POST", "/webhooks/clickup")


def translate(hook: ClickUpWebhook, request: RecordedRequest) -> list[tuple[str, str, dict]]:
    hook.verify(request.headers, request.body)
    return [(e.id, e.type, e.data) for e in hook.to_events(request.headers, json.loads(request.body))]


def test_human_status_change_sends_specific_event_and_task_updated_copy(
    sim: ClickUpSimulator, receiver: Receiver
) -> None:
    [item] = sim.human_update("t1", ANN, status="In Progress")
    assert sim.wait_for_webhooks()
    arrived = deliveries(receiver)
    assert [json.loads(r.body)["event"] for r in arrived] == ["taskStatusUpdated", "taskUpdated"]
    hook = ClickUpWebhook(SECRET, self_user_ids=[sim.bot_user_id])
    expected = [
        (f"clickup:{HOOK_ID}:{item['id']}", "task.status_changed", {"from": "to do", "to": "in progress"})
    ]
    assert translate(hook, arrived[0]) == expected
    assert translate(hook, arrived[1]) == expected
    assert [(s.event, s.status) for s in sim.sent_webhooks] == [
        ("taskStatusUpdated", 200),
        ("taskUpdated", 200),
    ]


def test_payload_has_the_documented_shape(sim: ClickUpSimulator, receiver: Receiver) -> None:
    sim.human_update("t1", BOB, add_assignees=[BOB])
    assert sim.wait_for_webhooks()
    payload = json.loads(deliveries(receiver)[0].body)
    documented = json.loads((FIXTURES / "webhook.taskAssigneeUpdated.json").read_text())
    assert payload.keys() == documented.keys()
    assert payload["history_items"][0].keys() == documented["history_items"][0].keys()
    assert payload["history_items"][0]["after"]["id"] == int(BOB)
    assert payload["task_id"] == "t1" and payload["webhook_id"] == HOOK_ID


def test_one_change_of_several_fields_groups_by_event(sim: ClickUpSimulator, receiver: Receiver) -> None:
    sim.human_update("t1", ANN, status="ready for testing", add_assignees=[BOB], remove_assignees=[ANN])
    assert sim.wait_for_webhooks()
    arrived = deliveries(receiver)
    assert [json.loads(r.body)["event"] for r in arrived] == [
        "taskStatusUpdated",
        "taskUpdated",
        "taskAssigneeUpdated",
        "taskUpdated",
    ]
    hook = ClickUpWebhook(SECRET)
    events = [event for r in arrived for event in translate(hook, r)]
    assert [(kind, data) for _, kind, data in events[:1] + events[2:4]] == [
        ("task.status_changed", {"from": "to do", "to": "ready for testing"}),
        ("task.assignee_changed", {"added": [BOB], "removed": []}),
        ("task.assignee_changed", {"added": [], "removed": [ANN]}),
    ]
    assert len({event_id for event_id, _, _ in events}) == 3  # the copies dedupe


def test_human_comment_is_delivered(sim: ClickUpSimulator, receiver: Receiver) -> None:
    comment_id = sim.human_comment("t1", ANN, "Can someone test this?")
    assert sim.wait_for_webhooks()
    first = deliveries(receiver)[0]
    [(_, kind, data)] = translate(ClickUpWebhook(SECRET), first)
    assert (kind, data) == ("task.commented", {"comment_id": comment_id, "text": "Can someone test this?"})


async def test_changes_made_through_the_api_come_back_as_the_bot(
    sim: ClickUpSimulator, receiver: Receiver
) -> None:
    tracker = ClickUpTracker(DEFAULT_TOKEN, base_url=sim.base_url, team_id=sim.team["id"])
    try:
        await tracker.update_task("t1", status="done")
    finally:
        await tracker.aclose()
    assert sim.wait_for_webhooks()
    arrived = deliveries(receiver)
    assert len(arrived) == 2
    assert translate(ClickUpWebhook(SECRET, self_user_ids=[sim.bot_user_id]), arrived[0]) == []
    [(_, kind, _)] = translate(ClickUpWebhook(SECRET), arrived[1])
    assert kind == "task.status_changed"


def test_invalid_human_update_changes_nothing(sim: ClickUpSimulator) -> None:
    with pytest.raises(ValueError, match="Status does not exist"):
        sim.human_update("t1", ANN, status="teleported", add_assignees=[BOB])
    assert sim.task("t1")["status"]["status"] == "to do"
    assert [a["id"] for a in sim.task("t1")["assignees"]] == [int(ANN)]
    assert sim.wait_for_webhooks() and sim.sent_webhooks == []


def test_delivery_to_the_simulators_own_server_does_not_deadlock() -> None:
    with ClickUpSimulator() as sim:
        sim.add_list("L1", "Sprint")
        sim.add_task("t1", "Task", "L1")
        sim.set_webhook(f"http://127.0.0.1:{sim.port}/_sim/sink", SECRET)
        response = httpx.put(
            f"{sim.base_url}/task/t1",
            json={"status": "in progress"},
            headers={"Authorization": DEFAULT_TOKEN},
        )
        assert response.status_code == 200
        assert sim.wait_for_webhooks(timeout=5)
        assert [s.status for s in sim.sent_webhooks] == [404, 404]


def test_webhook_payloads_is_pure_and_signable() -> None:
    item = {"id": "9", "field": "status", "user": {"id": 1}, "before": None, "after": {"status": "open"}}
    specific, copy = webhook_payloads("t9", [item], "taskStatusUpdated", webhook_id="w1")
    assert specific == {
        "event": "taskStatusUpdated",
        "history_items": [item],
        "task_id": "t9",
        "webhook_id": "w1",
    }
    assert copy == {**specific, "event": "taskUpdated"}
    assert webhook_payloads("t9", [item], "taskUpdated", webhook_id="w1") == [copy]
    headers, body = signed_delivery(specific, SECRET)
    ClickUpWebhook(SECRET).verify(headers, body)


def test_wrong_token_gets_clickups_401(sim: ClickUpSimulator) -> None:
    response = httpx.get(f"{sim.base_url}/task/t1", headers={"Authorization": "nope"})
    assert (response.status_code, response.json()) == (401, {"err": "Token invalid", "ECODE": "OAUTH_025"})


def test_task_listing_pages_parse_like_the_documented_ones(sim: ClickUpSimulator) -> None:
    for n in range(150):
        sim.add_task(f"p{n}", f"Task {n}", "L1")
    auth = {"Authorization": DEFAULT_TOKEN}
    pages = [
        httpx.get(f"{sim.base_url}/list/L1/task", params={"page": p}, headers=auth).json() for p in (0, 1)
    ]
    assert [(len(p["tasks"]), p["last_page"]) for p in pages] == [(100, False), (51, True)]
    TaskPage.model_validate(pages[0])
    documented = json.loads((FIXTURES / "api.get_task.json").read_text())
    served = httpx.get(f"{sim.base_url}/task/t1", headers=auth).json()
    assert ApiTask.model_validate(served).status and ApiTask.model_validate(documented).status
    assert {
        "id",
        "name",
        "status",
        "assignees",
        "tags",
        "priority",
        "due_date",
        "list",
        "url",
    } <= served.keys()
