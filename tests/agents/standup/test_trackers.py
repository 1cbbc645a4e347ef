"""The standup's draft on either tracker: the member's own tracker activity since their last standup and their open
tasks, read with each tracker's own requests (ClickUp's team task listing, Jira's enhanced JQL search by accountId),
and the same DM, each line linked to the task on that tracker."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.agents.standup.standup_support import CHANNEL, PEOPLE, at, dm, standup_team
from tests.support.jira_world import TRACKERS, JiraWorld, tracker_world
from tests.support.world import SeedTask, World

FRIDAY = datetime(2026, 11, 20, 13, 0, tzinfo=UTC)
MONDAY_PROMPT = datetime(2026, 11, 23, 8, 30, tzinfo=UTC)  # 09:30 in Berlin
TASKS = [SeedTask("T1", "Coupons", "in progress", ("112",)), SeedTask("T2", "Search", "in progress", ("112",)),
         SeedTask("T3", "Billing", "in progress", ("111",))]
TEAM = standup_team(people=[{**p, "jira": f"acc-{p['clickup']}"} for p in PEOPLE], members=["Ana", "Ben"])


def link(w: World, seed: str) -> str:
    if isinstance(w, JiraWorld):
        return f"{w.jira.base_url}/browse/{w.keys[seed]}"
    return f"https://app.clickup.com/t/{seed}"


def reads(w: World) -> list[Any]:
    """Ben's task reads (the search for his account), in each tracker's own terms."""
    if isinstance(w, JiraWorld):
        return [r.json["jql"] for r in w.jira.calls("POST", "/rest/api/3/search/jql") if "acc-112" in r.json["jql"]]
    return [sorted(r.query.items()) for r in w.clickup.calls("GET")
            if r.path == "/api/v2/team/9000/task" and r.query.get("assignees[]") == ["112"]]


@pytest.mark.parametrize("tracker", TRACKERS)
def test_the_draft_reads_the_members_tasks_on_either_tracker(tmp_path: Path, tracker: str,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    with tracker_world(tracker, tmp_path, TEAM, tasks=TASKS, channels=(CHANNEL, "C0QA"), start=FRIDAY) as w:
        # Each simulator stamps changes with the test's clock.
        monkeypatch.setattr("integrations.jira.sim.site._now", w.clock.now)
        monkeypatch.setattr("integrations.clickup.sim.api.now_ms", lambda: int(w.clock.now().timestamp() * 1000))
        w.clock.set(FRIDAY + timedelta(hours=1))
        w.move("112", "in review", "T1")  # Ben's, after his Friday standup
        at(w, MONDAY_PROMPT)
        text = dm(w, "U0BEN").text
        searched = reads(w)
    assert text == "\n".join([
        "Good morning Ben — your standup for Monday 23 November (answer by 11:00).",
        "_Drafted from your activity since Fri 09:30:_",
        "*What did you get done since your last standup?*",
        f"• <{link(w, 'T1')}|Coupons> — moved to in review",
        "*What will you do next?*",
        f"• <{link(w, 'T1')}|Coupons> — in review",
        f"• <{link(w, 'T2')}|Search> — in progress",
        "*Anything blocking you?*",
        "Answer with the button (the draft is filled in), a reply in this thread, or `/standup &lt;text&gt;`.",
    ])
    if tracker == "jira":  # the site's user reads JQL dates in UTC: Fri 09:30 in Berlin is 08:30
        assert searched == ['assignee in ("acc-112") AND updated >= "2026-11-20 08:30" ORDER BY created ASC',
                            'assignee in ("acc-112") AND statusCategory != Done ORDER BY created ASC']
    else:
        since = str(int(datetime(2026, 11, 20, 8, 30, tzinfo=UTC).timestamp() * 1000))
        assert searched == [
            [("assignees[]", ["112"]), ("date_updated_gt", [since]), ("include_closed", ["true"]), ("page", ["0"]),
             ("subtasks", ["true"])],
            [("assignees[]", ["112"]), ("include_closed", ["false"]), ("page", ["0"]), ("subtasks", ["true"])],
        ]
