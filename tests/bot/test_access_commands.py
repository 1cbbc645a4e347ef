"""Someone in Slack who is not in `people` (a guest, another team) gets `/pm help` and nothing that reads or
writes the tracker or the code host, unless `access.outsider_commands` names the command."""

from __future__ import annotations

from pathlib import Path

from agents.team import TeamConfig
from tests.agents.qa_router.qa_support import PEOPLE
from tests.support.world import SeedTask, world

TASKS = [SeedTask("T1", "Coupons", "ready for testing", ("101",))]


def refused(name: str) -> str:
    return (f"`{name}` is for the people of this team, and pmbot does not know you. "
            "Ask a lead to add you to `people` in pmbot's team file.")


def test_an_outsider_is_refused_every_command_but_help(tmp_path: Path) -> None:
    team = TeamConfig.model_validate({"people": PEOPLE, "qa_router": {"channel": "C0QA"},
                                      "reports": [{"name": "daily", "cadence": "daily 17:00", "channel": "C0QA"}]})
    with world(tmp_path, team, tasks=TASKS) as w:
        w.slack.add_user("U0GUEST", "guest", "Gus Guest", "gus@partner.example")
        reads = len(w.clickup.calls("GET"))
        w.slash("qa", "U0GUEST")
        w.slash("daily", "U0GUEST", command="/report")
        w.slash("", "U0GUEST", command="/standup")
        w.slash("automate when a task moves, close it", "U0GUEST")
        w.slash("help", "U0GUEST")
        texts = [r["text"] for r in w.slack.responses()]
        assert texts[:4] == [refused("/pm qa"), refused("/report"), refused("/standup"), refused("/pm automate")]
        assert texts[4].startswith("*pmbot commands*\n")
        assert [m.text for m in w.slack.dms("U0GUEST")] == [] and w.slack.messages("C0QA") == []
        assert len(w.clickup.calls("GET")) == reads  # nothing was read from the tracker for them


def test_a_team_may_open_a_command_to_outsiders(tmp_path: Path) -> None:
    team = TeamConfig.model_validate({"people": PEOPLE, "qa_router": {"channel": "C0QA"},
                                      "access": {"outsider_commands": ["qa"]}})
    with world(tmp_path, team, tasks=TASKS) as w:
        w.slack.add_user("U0GUEST", "guest", "Gus Guest", "gus@partner.example")
        w.slash("qa", "U0GUEST")
        assert w.slack.responses() == []
        assert w.slack.dms("U0GUEST")[0].text.startswith("*QA queue*")
