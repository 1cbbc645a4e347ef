"""JiraTracker against the Jira simulator over real HTTP: the exact requests it recorded, transitions (and the one
the workflow does not offer), nextPageToken paging, 429 with Retry-After, ADF, one assignee."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from integrations.errors import AuthFailed, NoTransition, PlatformRejected, RateLimited
from integrations.jira.client import FIELDS, JiraTracker
from integrations.jira.sim import JiraSimulator
from integrations.protocols import TaskTracker, WorkflowTracker

EMAIL, TOKEN = "pmbot@example.com", "jira-test-token"
DEV, QA = "acc-dev-1", "acc-qa-1"
ISSUE_PARAMS = {"fields": [",".join(FIELDS)]}
API = "/rest/api/3"


@pytest.fixture
def sim() -> Iterator[JiraSimulator]:
    sim = JiraSimulator(email=EMAIL, token=TOKEN, bot_account_id="acc-pmbot", time_zone="Europe/Berlin")
    sim.add_user(DEV, "Dana Dev", "dana@example.com")
    sim.add_user(QA, "Quinn Tester", None, hidden_email=True)
    sim.add_project("ENG", "Engineering")
    sim.add_issue("ENG-1", "Coupon codes", "To Do", assignee=DEV, labels=["backend"])
    sim.add_issue("ENG-2", "Flaky login test", "In Testing", assignee=QA)
    sim.start()
    yield sim
    sim.stop()


class Sleeps(list[float]):
    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


def run(sim: JiraSimulator, work: Any, token: str = TOKEN, **kwargs: Any) -> Any:
    async def go() -> Any:
        tracker = JiraTracker(sim.base_url, EMAIL, token, **kwargs)
        try:
            return await work(tracker)
        finally:
            await tracker.aclose()

    return asyncio.run(go())


def summary(sim: JiraSimulator) -> list[tuple[str, str, dict[str, list[str]], Any]]:
    return [(r.method, r.path, r.query, r.json) for r in sim.requests]


def test_it_is_a_task_tracker_with_a_workflow(sim: JiraSimulator) -> None:
    tracker = JiraTracker(sim.base_url, EMAIL, TOKEN)
    assert isinstance(tracker, TaskTracker) and isinstance(tracker, WorkflowTracker) and tracker.single_assignee


def test_get_task__basic_auth_and_the_issue_as_a_task(sim: JiraSimulator) -> None:
    task = run(sim, lambda t: t.get_task("ENG-1", custom_id=True))
    issue = sim.find("ENG-1")
    assert (task.id, task.custom_id, task.name, task.status, task.status_category, task.list_id) == (
        issue["id"], "ENG-1", "Coupon codes", "to do", "todo", "ENG")
    assert [(a.id, a.username, a.email) for a in task.assignees] == [(DEV, "Dana Dev", "dana@example.com")]
    assert task.tags == ["backend"] and task.url == f"{sim.base_url}/browse/ENG-1"
    [request] = sim.requests
    assert (request.method, request.path, request.query) == ("GET", f"{API}/issue/ENG-1", ISSUE_PARAMS)
    assert request.headers["authorization"] == "Basic " + base64.b64encode(f"{EMAIL}:{TOKEN}".encode()).decode()


def test_a_refused_token_is_auth_failed(sim: JiraSimulator) -> None:
    with pytest.raises(AuthFailed, match="Client must be authenticated"):
        run(sim, lambda t: t.whoami(), token="wrong")
    assert run(sim, lambda t: t.whoami()).id == "acc-pmbot"


def test_move__through_the_transition_the_workflow_offers(sim: JiraSimulator) -> None:
    task = run(sim, lambda t: t.move("ENG-1", "in progress"))
    assert (task.status, task.status_category) == ("in progress", "in_progress")
    assert summary(sim) == [
        ("GET", f"{API}/issue/ENG-1", {**ISSUE_PARAMS, "expand": ["transitions"]}, None),
        ("POST", f"{API}/issue/ENG-1/transitions", {}, {"transition": {"id": "11"}}),
        ("GET", f"{API}/issue/ENG-1", ISSUE_PARAMS, None),
    ]


def test_move__no_transition_from_here__a_clear_error_and_nothing_written(sim: JiraSimulator) -> None:
    with pytest.raises(NoTransition) as caught:
        run(sim, lambda t: t.move("ENG-1", "Done"))
    assert (caught.value.task_id, caught.value.current, caught.value.available) == ("ENG-1", "To Do", ["In Progress"])
    assert str(caught.value) == "ENG-1 cannot move from 'To Do' to 'Done' (reachable: In Progress)"
    assert sim.writes() == [] and sim.find("ENG-1")["status"] == "To Do"


def test_move__already_there__no_transition_asked(sim: JiraSimulator) -> None:
    assert run(sim, lambda t: t.move("ENG-2", "IN TESTING")).status == "in testing"
    assert sim.writes() == []


def test_the_simulator_refuses_a_transition_not_offered__jiras_error_body(sim: JiraSimulator) -> None:
    auth = {"Authorization": "Basic " + base64.b64encode(f"{EMAIL}:{TOKEN}".encode()).decode()}
    offered = httpx.get(f"{sim.base_url}{API}/issue/ENG-1/transitions", headers=auth).json()
    assert [(t["id"], t["to"]["name"], t["to"]["statusCategory"]["key"]) for t in offered["transitions"]] == [
        ("11", "In Progress", "indeterminate")]
    answer = httpx.post(f"{sim.base_url}{API}/issue/ENG-1/transitions", headers=auth,
                        json={"transition": {"id": "61"}})
    assert answer.status_code == 400
    assert answer.json() == {"errorMessages": ["Transition id '61' is not valid for this issue."], "errors": {}}


def test_find_tasks__every_page_through_next_page_token(sim: JiraSimulator) -> None:
    for n in range(3, 8):
        sim.add_issue(f"ENG-{n}", f"Issue {n}", "In Progress", assignee=DEV)
    tasks = run(sim, lambda t: t.find_tasks(list_id="ENG", assignees=[DEV]), page_size=2)
    assert [t.custom_id for t in tasks] == ["ENG-1", "ENG-3", "ENG-4", "ENG-5", "ENG-6", "ENG-7"]
    searches = sim.calls("POST", f"{API}/search/jql")
    jql = f'project = "ENG" AND assignee in ("{DEV}") AND statusCategory != Done ORDER BY created ASC'
    assert [r.json["jql"] for r in searches] == [jql] * 3
    assert [r.json["maxResults"] for r in searches] == [2, 2, 2] and searches[0].json["fields"] == list(FIELDS)
    assert "nextPageToken" not in searches[0].json
    tokens = [r.json.get("nextPageToken") for r in searches[1:]]
    assert all(tokens) and tokens[0] != tokens[1]


def test_find_tasks__updated_since_in_the_users_time_zone_and_closed_left_out(sim: JiraSimulator) -> None:
    old = sim.add_issue("ENG-3", "Old", "To Do", updated=datetime(2024, 5, 1, 8, 0, tzinfo=UTC))
    sim.add_issue("ENG-4", "Recent", "To Do", updated=datetime(2024, 5, 1, 10, 30, tzinfo=UTC))
    for record in sim.issues.values():
        if record["key"] in ("ENG-1", "ENG-2"):
            record["updated"] = old["updated"]
    since = datetime(2024, 5, 1, 10, 15, 42, tzinfo=UTC)
    tasks = run(sim, lambda t: t.find_tasks(updated_since=since, include_closed=True, subtasks=False))
    assert [t.custom_id for t in tasks] == ["ENG-4"]
    # pmbot's user is in Europe/Berlin: JQL reads "12:15" there as 10:15 UTC.
    assert sim.calls("POST", f"{API}/search/jql")[0].json["jql"] == (
        'updated >= "2024-05-01 12:15" AND issuetype not in subTaskIssueTypes() ORDER BY created ASC')


def test_search__the_page_size_is_capped_as_documented(sim: JiraSimulator) -> None:
    for n in range(3, 133):
        sim.add_issue(f"ENG-{n}", f"Issue {n}", "To Do")
    auth = {"Authorization": "Basic " + base64.b64encode(f"{EMAIL}:{TOKEN}".encode()).decode()}
    url = f"{sim.base_url}{API}/search/jql"
    with_fields = httpx.post(url, headers=auth, json={"jql": "project = ENG", "fields": ["summary"],
                                                      "maxResults": 500}).json()
    ids_only = httpx.post(url, headers=auth, json={"jql": "project = ENG", "maxResults": 500}).json()
    assert (len(with_fields["issues"]), with_fields["isLast"], "nextPageToken" in with_fields) == (100, False, True)
    assert (len(ids_only["issues"]), ids_only["isLast"], "nextPageToken" in ids_only) == (132, True, False)
    assert set(ids_only["issues"][0]["fields"]) == set()
    unbounded = httpx.post(url, headers=auth, json={"jql": "ORDER BY key DESC"})
    assert unbounded.status_code == 400 and unbounded.json()["errorMessages"] == [
        "Unbounded JQL queries are not allowed here. Please add a search restriction to your query."]


def test_429__waits_as_retry_after_says_then_succeeds(sim: JiraSimulator) -> None:
    sim.fail_next(f"{API}/issue/ENG-1", 429, headers={"Retry-After": "7"},
                  body={"errorMessages": ["Rate limit exceeded."], "errors": {}})
    sleeps = Sleeps()
    assert run(sim, lambda t: t.get_task("ENG-1"), sleep=sleeps).custom_id == "ENG-1"
    assert sleeps == [7.0] and [r.path for r in sim.requests] == [f"{API}/issue/ENG-1"] * 2


def test_429__a_wait_past_max_wait_is_rate_limited_for_the_caller(sim: JiraSimulator) -> None:
    sim.fail_next(f"{API}/issue/ENG-1", 429, headers={"Retry-After": "120"}, body={"errorMessages": []})
    with pytest.raises(RateLimited) as caught:
        run(sim, lambda t: t.get_task("ENG-1"), sleep=Sleeps())
    assert caught.value.retry_after == 120.0 and len(sim.requests) == 1


def test_one_assignee__set_replaces__two_are_refused_before_asking(sim: JiraSimulator) -> None:
    task = run(sim, lambda t: t.set_assignee("ENG-1", QA))
    assert [(a.id, a.email) for a in task.assignees] == [(QA, None)]  # Quinn hides their e-mail
    assert sim.calls("PUT", f"{API}/issue/ENG-1/assignee")[0].json == {"accountId": QA}
    with pytest.raises(PlatformRejected, match="one assignee"):
        run(sim, lambda t: t.update_task("ENG-1", add_assignees=[DEV, QA]))
    assert len(sim.writes()) == 1


def test_update_task__fields_in_one_edit_then_the_transition(sim: JiraSimulator) -> None:
    due = datetime(2024, 6, 3, 17, 0, tzinfo=UTC)
    task = run(sim, lambda t: t.update_task("ENG-2", status="Needs Fix", priority=2, due_date=due,
                                            remove_assignees=[QA]))
    assert (task.status, task.priority, task.due_date, task.assignees) == (
        "needs fix", "high", datetime(2024, 6, 3, tzinfo=UTC), [])
    assert [(r.method, r.path, r.json) for r in sim.writes()] == [
        ("PUT", f"{API}/issue/ENG-2", {"fields": {"duedate": "2024-06-03", "priority": {"name": "High"}}}),
        ("PUT", f"{API}/issue/ENG-2/assignee", {"accountId": None}),
        ("POST", f"{API}/issue/ENG-2/transitions", {"transition": {"id": "51"}}),
    ]


def test_comments_are_adf_both_ways(sim: JiraSimulator) -> None:
    async def work(tracker: JiraTracker) -> Any:
        comment_id = await tracker.comment("ENG-1", "Ready for QA\n\nsee the PR")
        return comment_id, await tracker.comments("ENG-1")

    comment_id, comments = run(sim, work)
    assert sim.writes()[0].json == {"body": {"type": "doc", "version": 1, "content": [
        {"type": "paragraph", "content": [{"type": "text", "text": "Ready for QA"}]},
        {"type": "paragraph", "content": []},
        {"type": "paragraph", "content": [{"type": "text", "text": "see the PR"}]}]}}
    assert [(c.id, c.text, c.author.id if c.author else None) for c in comments] == [
        (comment_id, "Ready for QA\n\nsee the PR", "acc-pmbot")]


def test_tags_are_labels__spaces_become_dashes__jira_refuses_spaces(sim: JiraSimulator) -> None:
    run(sim, lambda t: t.add_tag("ENG-1", "needs qa"))
    assert sim.writes()[0].json == {"update": {"labels": [{"add": "needs-qa"}]}}
    assert sim.find("ENG-1")["labels"] == ["backend", "needs-qa"]
    auth = {"Authorization": "Basic " + base64.b64encode(f"{EMAIL}:{TOKEN}".encode()).decode()}
    refused = httpx.put(f"{sim.base_url}{API}/issue/ENG-1", headers=auth,
                        json={"update": {"labels": [{"add": "needs qa"}]}})
    assert refused.status_code == 400
    assert refused.json() == {"errorMessages": [], "errors": {"labels": "The label 'needs qa' contains spaces which "
                                                                        "is invalid."}}


def test_status_categories_members_and_create(sim: JiraSimulator) -> None:
    async def work(tracker: JiraTracker) -> Any:
        return (await tracker.status_categories("ENG"), await tracker.members(),
                await tracker.create_task("ENG", "New", description="Why", assignees=[DEV], tags=["a b"]))

    categories, members, created = run(sim, work)
    assert categories == {"to do": "todo", "in progress": "in_progress", "in review": "in_progress",
                          "ready for testing": "in_progress", "in testing": "in_progress",
                          "needs fix": "in_progress", "done": "done"}
    assert [m.id for m in members] == [DEV, QA]  # pmbot's own app account is not a person
    assert (created.custom_id, created.description, created.tags, [a.id for a in created.assignees]) == (
        "ENG-3", "Why", ["a-b"], [DEV])
    assert sim.calls("POST", f"{API}/issue")[0].json == {"fields": {
        "project": {"key": "ENG"}, "summary": "New", "issuetype": {"name": "Task"},
        "description": {"type": "doc", "version": 1, "content": [
            {"type": "paragraph", "content": [{"type": "text", "text": "Why"}]}]},
        "assignee": {"accountId": DEV}, "labels": ["a-b"]}}


def test_references_are_issue_keys(sim: JiraSimulator) -> None:
    tracker = JiraTracker(sim.base_url, EMAIL, TOKEN)
    assert tracker.references("feature/eng-42-coupons: fixes ENG-42, see OPS_2-7") == ["ENG-42", "OPS_2-7"]
