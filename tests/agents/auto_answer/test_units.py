"""Small pieces on their own: the section's validation, cross-section checks, chunking, words, the live-state
matcher and the model's tool choice (a FakeLLM), event routing."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from agents.auto_answer import AutoAnswer
from agents.auto_answer.answer import Scope, ask
from agents.auto_answer.chunking import RawDocument, chunk
from agents.auto_answer.config import AutoAnswerConfig
from agents.auto_answer.live import ToolCall, match
from agents.auto_answer.sources import index_source
from agents.auto_answer.text import Thesaurus, terms
from agents.team import TeamConfig
from integrations.events import Event
from integrations.fakes import FakeLLM, FakeTracker
from integrations.models import Member, Task
from tests.agents.auto_answer.aa_support import PEOPLE, config, team, unit

ENG42 = Task(id="T1", name="Coupons", status="in testing", custom_id="ENG-42", url="https://app.clickup.com/t/T1",
             assignees=[Member(id="201")], list_id="L1")


@pytest.mark.parametrize(("section", "problem"), [
    ({"sources": [{"name": "h", "kind": "folder"}]}, "a folder source needs `path`"),
    ({"sources": [{"name": "h", "kind": "folder", "path": "x", "list": "9"}]}, "`list` does not apply"),
    ({"sources": [{"name": "r", "kind": "github_repo", "repo": "webapp"}]}, "repo must be owner/name"),
    ({"sources": [{"name": "j", "kind": "jira_project"}]}, "a jira_project source needs `project`"),
    ({"sources": [{"name": "j", "kind": "jira_project", "project": "ENG", "list": "9"}]}, "`list` does not apply"),
    ({"sources": [{"name": "j", "kind": "jira_project", "project": "eng-1"}]}, "String should match pattern"),
    ({"sources": [{"name": "h", "kind": "folder", "path": "a"}, {"name": "h", "kind": "folder", "path": "b"}]},
     "two sources are named ['h']"),
    ({"channels": {"C1": {"sources": ["wiki"]}}}, "channel C1 names unknown source(s) ['wiki']"),
    ({"channels": {"C1": {"mode": "always"}}}, "Input should be 'questions', 'mention' or 'confident_only'"),
    ({"min_confidence": 2}, "less than or equal to 1"),
    ({"sources": [], "colour": "red"}, "Extra inputs are not permitted"),
])
def test_the_section_is_validated(section: dict, problem: str) -> None:
    with pytest.raises(ValidationError, match=problem.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")):
        AutoAnswerConfig.model_validate(section)


def test_check_names_unknown_owners_and_audiences() -> None:
    t = TeamConfig.model_validate({"people": PEOPLE})
    agent = AutoAnswer(AutoAnswerConfig.model_validate({
        "owners": ["U0LEE", "U0NOBODY"],
        "sources": [{"name": "h", "kind": "folder", "path": "h", "visible_to": ["lead", "Quinn Tester", "ceo"]}]}))
    assert agent.check(t) == ["auto_answer.owners: 'U0NOBODY' is nobody's chat id in people",
                              "auto_answer.sources[h].visible_to: 'ceo' is no person, chat id or role"]
    assert [s.name for s in agent.schedules()] == ["auto_answer_index"]
    assert AutoAnswer(AutoAnswerConfig()).schedules() == []


def event(kind: str, **data: object) -> Event:
    return Event(id=f"e-{kind}", source="slack", type=kind, occurred_at=datetime(2026, 11, 23, tzinfo=UTC),
                 actor="U0DANA", data=dict(data))


def test_which_events_the_agent_takes(tmp_path: Path) -> None:
    agent = AutoAnswer(config(team(tmp_path)))
    question = {"text": "how do I deploy?", "ts": "1.1"}
    assert agent.wants(event("chat.message", channel="C0HELP", **question))
    assert agent.wants(event("chat.message", channel="C0SURE", **question))
    assert not agent.wants(event("chat.message", channel="C0MENTION", **question))  # mention mode
    assert not agent.wants(event("chat.message", channel="C0OTHER", **question))  # not configured
    assert not agent.wants(event("chat.message", channel="C0HELP", text="deploying now", ts="1.1"))
    assert not agent.wants(event("chat.message", channel="C0HELP", thread_ts="0.9", **question))
    assert agent.wants(event("chat.mention", channel="C0OTHER", **question))
    assert agent.wants(event("chat.direct_message", channel="D1", **question))
    # A reply in the thread of one of pmbot's DMs (a standup prompt) answers that DM: not a question for us.
    assert not agent.wants(event("chat.direct_message", channel="D1", thread_ts="0.9", **question))
    assert agent.wants(event("chat.action", action_id="auto_answer.up"))
    assert not agent.wants(event("chat.action", action_id="qa.start"))
    task = Event(id="c1", source="clickup", type="task.commented", occurred_at=datetime(2026, 11, 23, tzinfo=UTC),
                 subject={"kind": "task", "id": "T1"})  # type: ignore[arg-type]
    assert not agent.wants(task)  # no clickup_list source configured
    with_list = AutoAnswer(AutoAnswerConfig.model_validate({"sources": [{"name": "b", "kind": "clickup_list",
                                                                          "list": "L1"}]}))
    assert with_list.wants(task)
    assert not with_list.wants(task.model_copy(update={"type": "task.status_changed"}))


def test_markdown_is_cut_at_headings_and_titled_with_its_section() -> None:
    text = ("---\nlayout: page\n---\n# Guide\n\nIntro words here.\n\n## Setup\n\n```sh\n# not a heading\nmake\n```\n\n"
            "### Linux\n\nUse apt.\n")
    document = chunk(RawDocument("h", "docs/guide.md", "Guide", None, text))
    assert [(p.title, p.text) for p in document.passages] == [
        ("Guide", "Intro words here."), ("Guide › Setup", "```sh\n# not a heading\nmake\n```"),
        ("Guide › Setup › Linux", "Use apt.")]
    assert document.passages[2].title_terms == "guid setup linux guid"


def test_words_phrases_and_the_thesaurus() -> None:
    assert terms("I'm on-call next week; can I work from home? What's the PTO policy?") == [
        "oncal", "next", "week", "wfh", "pto", "polici"]
    assert {"vacat", "holiday", "leav", "timeoff"} <= Thesaurus().variants("pto")
    assert Thesaurus([["sev1", "p1"]]).variants("p1") == {"sev1", "p1"}


@pytest.mark.parametrize(("question", "call"), [
    ("who is testing ENG-42?", ToolCall("task_status", {"task": "ENG-42"})),
    ("what's the status of task T4?", ToolCall("task_status", {"task": "T4"})),
    ("anything overdue in Mobile?", ToolCall("overdue_tasks", {"project": "Mobile"})),
    ("what is overdue?", ToolCall("overdue_tasks", {"project": None})),
    ("which PRs are waiting for my review?", ToolCall("review_requests", {"person": "me"})),
    ("what pull requests does Quinn need to review?", ToolCall("review_requests", {"person": "Quinn Tester"})),
    ("are there any open pull requests?", ToolCall("open_pull_requests", {"repo": None})),
    ("what's in testing right now?", ToolCall("tasks_in_status", {"status": "in testing", "project": None})),
    ("what is Dana working on?", ToolCall("assigned_tasks", {"person": "Dana Developer"})),
    ("what's on my plate?", ToolCall("assigned_tasks", {"person": "me"})),
    ("how do I request time off?", None),
    ("do we do code review?", None),
    ("my notifications arrive late", None),
])
async def test_the_matcher_recognises_live_state_questions(tmp_path: Path, question: str,
                                                          call: ToolCall | None) -> None:
    t = team(tmp_path)
    async with unit(tmp_path, t) as ctx:
        assert match(question, config(t), ctx) == call


async def test_the_model_chooses_the_tool_and_its_arguments(tmp_path: Path) -> None:
    t = team(tmp_path)
    llm = FakeLLM([json.dumps({"tool": "task_status", "arguments": {"task": "ENG-42"}}),
                   json.dumps({"tool": "task_status", "arguments": {"task": 42}})])  # an argument of the wrong type
    async with unit(tmp_path, t, tracker=FakeTracker([ENG42]), llm=llm) as ctx:
        answer = await ask(ctx, config(t), ctx.search, "who has the coupon ticket in QA?", Scope((), True), "U0DANA")
        wrong = await ask(ctx, config(t), ctx.search, "who has the coupon ticket in QA?", Scope((), True), "U0DANA")
    prompt = llm.prompts[0]
    assert prompt[1]["content"] == ("The person asking is Dana Developer. Project names: Mobile.\n"
                                    "Question: who has the coupon ticket in QA?")
    assert '- task_status: Status, assignees and due date of one task' in prompt[0]["content"]
    assert '"required": ["task"]' in prompt[0]["content"]
    assert answer.kind == "live" and answer.text == (
        "Right now in the tracker:\n• <https://app.clickup.com/t/T1|ENG-42 Coupons> — *in testing*, "
        "Quinn Tester [1]")
    assert wrong.kind == "declined"  # no tool, and no document sources in this scope


class CountingTracker(FakeTracker):
    """Counts the comment reads a crawl makes."""

    reads = 0

    async def comments(self, task_id: str) -> list:  # type: ignore[type-arg]
        self.reads += 1
        return await super().comments(task_id)


async def test_a_list_crawl_reads_comments_only_of_tasks_whose_listing_changed(tmp_path: Path) -> None:
    stamp = datetime(2026, 11, 20, tzinfo=UTC)
    tasks = [Task(id=f"T{i}", name=f"Bug {i}", status="to do", list_id="LB", description="login fails",
                  date_updated=stamp) for i in range(3)]
    tracker = CountingTracker(tasks)
    cfg = AutoAnswerConfig.model_validate({"sources": [{"name": "bugs", "kind": "clickup_list", "list": "LB"}]})
    async with unit(tmp_path, team(tmp_path), tracker=tracker) as ctx:
        assert ctx.search is not None
        first = await index_source(ctx, ctx.search, cfg.sources[0], full=True)
        again = await index_source(ctx, ctx.search, cfg.sources[0], full=True)  # e.g. a crawl retried after a cut
        tracker.tasks["T1"].date_updated = datetime(2026, 11, 22, tzinfo=UTC)  # a comment moved it
        later = await index_source(ctx, ctx.search, cfg.sources[0], full=True)
    assert [(r.read, r.changed) for r in (first, again, later)] == [(3, 3), (3, 0), (3, 1)]
    assert tracker.reads == 4


async def test_a_jira_project_source_is_skipped_on_a_clickup_deployment_without_a_tracker_call(tmp_path: Path) -> None:
    tracker = CountingTracker([Task(id="10001", name="Coupons", status="to do", custom_id="ENG-42", list_id="ENG")])
    cfg = AutoAnswerConfig.model_validate({"sources": [{"name": "eng", "kind": "jira_project", "project": "ENG"}]})
    async with unit(tmp_path, team(tmp_path), tracker=tracker) as ctx:  # the unit context's tracker is ClickUp
        assert ctx.search is not None
        report = await index_source(ctx, ctx.search, cfg.sources[0], full=True)
    assert report.skipped == "a jira_project source needs jira as the tracker, not clickup"
    assert (report.read, tracker.reads) == (0, 0)  # on a Jira deployment: (1, 1)
