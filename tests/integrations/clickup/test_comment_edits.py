"""A comment edited in ClickUp: its taskCommentUpdated delivery (the comment's own history item with the new
text) is stored as an edit, not dropped as the comment again and not announced as a new comment."""

from __future__ import annotations

from pathlib import Path

from tests.agents.rules.rules_support import rules_team
from tests.support.platforms import comment_texts
from tests.support.world import SeedTask, world

ON_COMMENT = [{"name": "echo", "when": {"event": "task.commented"},
               "then": [{"do": "comment", "text": "seen a comment"}]}]


def test_an_edit_is_its_own_event_and_a_comment_rule_fires_once(tmp_path: Path) -> None:
    with world(tmp_path, rules_team(ON_COMMENT), tasks=[SeedTask("T1", "Coupons", "in progress", ("101",))]) as w:
        comment = w.clickup.human_comment("T1", "101", "Works on Safari")
        w.settle()
        w.clickup.human_edit_comment("T1", comment, "Works on Safari 17 only")
        w.settle()
        events = w.pmbot.call(w.pmbot.runtime.store.recent_events, 50)
        mine = sorted((e.type, e.data.get("text")) for e in events if e.type.startswith("task.comment"))
        assert mine == [("task.comment_edited", "Works on Safari 17 only"), ("task.commented", "Works on Safari")]
        assert comment_texts(w.clickup, "T1").count("seen a comment") == 1
