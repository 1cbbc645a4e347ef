"""Every agent's Slack text keeps outside values (task names, PR titles, comments, answers, documents, rule
template values) as text: no `<!channel>`, no mention and no link that pmbot did not build."""

from __future__ import annotations

from datetime import date, timedelta

from agents.app_home import messages as home_msg
from agents.app_home.home import Item as HomeItem
from agents.auto_answer import messages as aa_msg
from agents.auto_answer.answer import Citation
from agents.github_sync import messages as gh_msg
from agents.github_sync.links import PRLink
from agents.qa_router import messages as qa_msg
from agents.reports import messages as reports_msg
from agents.reports.facts import Item as ReportItem
from agents.rules.templates import render, render_mrkdwn
from agents.standup import messages as standup_msg
from agents.standup.state import Blocker, DraftLine

NAME = "Fix login> <!channel> <https://evil.example/sso|Re-authenticate here"
LABEL = "Fix login&gt; &lt;!channel&gt; &lt;https://evil.example/ssoRe-authenticate here"
ESCAPED = "Fix login&gt; &lt;!channel&gt; &lt;https://evil.example/sso|Re-authenticate here"
URL = "https://app.clickup.com/t/T1"


def test_qa_router__the_qa_comment_quoted_in_the_developers_dm_is_escaped_line_by_line() -> None:
    text = qa_msg.needs_fix_dm(NAME, URL, "Quinn", "Broken <!here>\nsee <https://evil.example|the fix>")
    assert text == (f"<{URL}|{LABEL}> needs a fix (tested by Quinn).\n> Broken &lt;!here&gt;\n"
                    "> see &lt;https://evil.example|the fix&gt;")


def test_qa_router__pull_request_titles_and_people_are_escaped() -> None:
    pr = PRLink(repo="demo/web", number=7, url="https://github.com/demo/web/pull/7", title="<!everyone> & more")
    assert qa_msg.qa_dm_text("Coupons", None, ["<@U0X>"], [pr]) == (
        "You have a task to test: Coupons\nBuilt by: &lt;@U0X&gt;\n"
        "Pull requests: <https://github.com/demo/web/pull/7|demo/web#7> &lt;!everyone&gt; &amp; more")


def test_github_sync__pr_title_in_a_link_label_and_task_links() -> None:
    pr = {"repo": "demo/web", "number": 7, "title": NAME, "url": "https://github.com/demo/web/pull/7",
          "author": "<!here>"}
    text = gh_msg.review_requested_dm(pr, [])
    assert text == f"Review requested: <https://github.com/demo/web/pull/7|demo/web#7 “{LABEL}”> by &lt;!here&gt;."
    assert gh_msg.ci_failed_dm(pr, "<!channel>", "javascript:alert(1)").endswith(": &lt;!channel&gt;.")


def test_standup__draft_lines_blockers_and_quoted_answers_stay_text() -> None:
    line = standup_msg.line_mrkdwn(DraftLine(label=NAME, note="moved to <!here>", url=URL))
    assert line == f"• <{URL}|{LABEL}> — moved to &lt;!here&gt;"
    blocker = Blocker(text="waiting on <!channel> & <@U0LEE>", norm="x", task_id="T1", task_name=NAME, task_url=URL,
                      since="2026-11-23")
    dm = standup_msg.escalation_dm("Dana", blocker, date(2026, 11, 24))
    assert "“waiting on &lt;!channel&gt; &amp; <@U0LEE>”" in dm and f"(<{URL}|{LABEL}>)" in dm
    answer = standup_msg.thread_answer("Dana <3", [], {}, late=False)
    assert answer == "*Dana &lt;3*"


def test_rules__template_values_are_escaped_and_only_pmbot_built_references_stay_live() -> None:
    values = {"task.name": NAME, "event.actor": "<!subteam^S1>"}
    template = "<!channel> {{task.name}} by {{event.actor}} cc <@U0LEE> <!here>"
    assert render_mrkdwn(template, values) == (
        f"&lt;!channel&gt; {ESCAPED} by &lt;!subteam^S1&gt; cc <@U0LEE> &lt;!here&gt;")
    assert render(template, values) == f"<!channel> {NAME} by <!subteam^S1> cc <@U0LEE> <!here>"  # ClickUp text


def test_app_home__task_and_pr_lines() -> None:
    view = home_msg._line(HomeItem(NAME, URL, "by <!here>"))
    assert view == f"• <{URL}|{LABEL}> — by &lt;!here&gt;"


def test_reports__the_shared_builder_escapes_task_names_and_bounds_them_before_escaping() -> None:
    item = ReportItem(id="T1", name="&" * 100, url=URL, status="open", assignees=["<!here>"])
    assert reports_msg.task_link(item) == f"<{URL}|{'&amp;' * 79}… (T1)>"
    assert reports_msg.who(item) == "&lt;!here&gt;"
    assert reports_msg.item_line("overdue", item, "UTC").endswith("— &lt;!here&gt;")


def test_auto_answer__citation_labels_and_handoff_questions() -> None:
    cited = Citation(1, "<!channel> Handbook", "docs", "a.md", "https://docs.example/a", 1.0)
    assert aa_msg.citation_line(cited) == "[1] <https://docs.example/a|&lt;!channel&gt; Handbook>"
    assert aa_msg.handoff_dm("U0DANA", "why <!here>?") == (
        "<@U0DANA> asked: “why &lt;!here&gt;?” — I couldn't answer it confidently. Could you help?")
    assert aa_msg.mentions(["U0LEE", "<!channel>"]) == "<@U0LEE> &lt;!channel&gt;"


def test_reminders_and_escalations_use_the_same_task_label() -> None:
    assert qa_msg.reminder_text(NAME, URL, timedelta(hours=49), 1).startswith(f"Reminder #1: <{URL}|{LABEL}> has")
