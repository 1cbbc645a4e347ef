"""Live-state questions answered from the simulators, the bug list re-indexed after a ClickUp task webhook, a
repository's documentation as a source."""

from __future__ import annotations

from pathlib import Path

from tests.agents.auto_answer.road_support import BUG_SOURCES, answer_world, replies, say, two_days_ago_ms
from tests.support.world import STATUSES, World

ENG42 = "<https://app.clickup.com/t/T1|ENG-42 Checkout: apply coupon codes>"


def seed_state(w: World) -> None:
    w.clickup.add_list("L2", "Mobile", STATUSES)
    w.clickup.add_task("T2", "Push notifications", "L2", "in progress", assignees=["101"], due_date=two_days_ago_ms())
    w.clickup.add_task("T3", "App icon", "L2", "done", assignees=["101"], due_date=two_days_ago_ms())
    w.clickup.add_task("T4", "Dark mode", "L2", "to do", assignees=["101"])
    w.github.add_pull("demo/webapp", 3, "Faster search", "dana-dev", "feature/search", requested_reviewers=["lee-lead"])
    w.github.add_pull("demo/webapp", 4, "Typo fix", "dana-dev", "fix/typo", requested_reviewers=["quinn-qa"])


def test_live_state_questions_are_answered_from_the_tracker_and_the_code_host(tmp_path: Path) -> None:
    with answer_world(tmp_path) as w:
        seed_state(w)
        asked = say(w, "U0DANA", "C0HELP", "Who is testing ENG-42?")
        overdue = say(w, "U0DANA", "C0HELP", "what's overdue in Mobile?")
        reviews = say(w, "U0LEE", "C0HELP", "Which PRs are waiting for my review?")
        plate = say(w, "U0DANA", "C0HELP", "what's on my plate?")
        assert replies(w, "C0HELP", asked)[0].text == (
            f"Right now in the tracker:\n• {ENG42} — *in testing*, Quinn Tester [1]\n\n[1] {ENG42}")
        t2 = "<https://app.clickup.com/t/T2|T2 Push notifications>"
        assert replies(w, "C0HELP", overdue)[0].text == (
            f"1 overdue task in Mobile:\n• {t2} — *in progress*, Dana Developer, due 2026-11-21 [1]\n\n[1] {t2}")
        pr3 = f"<{w.github.shapes.web}/demo/webapp/pull/3|demo/webapp#3 Faster search>"
        assert replies(w, "C0HELP", reviews)[0].text == (
            f"1 pull request waiting for your review:\n• {pr3} — by dana-dev, review requested from lee-lead [1]"
            f"\n\n[1] {pr3}")
        t4 = "<https://app.clickup.com/t/T4|T4 Dark mode>"
        assert replies(w, "C0HELP", plate)[0].text == (
            f"You have 2 open tasks:\n• {t2} — *in progress*, Dana Developer, due 2026-11-21 [1]\n"
            f"• {t4} — *to do*, Dana Developer [2]\n\n[1] {t2}\n[2] {t4}")


def test_a_clickup_task_webhook_reindexes_that_task(tmp_path: Path) -> None:
    sources = [*({"name": "handbook", "kind": "folder", "path": "handbook"},), *BUG_SOURCES]
    with answer_world(tmp_path, sources=sources,
                      channels={"C0BUGS": {"mode": "questions", "sources": ["bugs"], "live": False}}) as w:
        w.clickup.add_task("T9", "Login fails on Safari", "L1", "to do",
                           description="Safari 17 users see a blank page after signing in.")
        first = say(w, "U0DANA", "C0BUGS", "Is there a workaround for the blank page in Safari?")
        assert replies(w, "C0BUGS", first)[0].text.startswith(
            "From *T9: Login fails on Safari* [1]:\n> Login fails on Safari")
        assert "cookies" not in replies(w, "C0BUGS", first)[0].text
        w.clickup.human_comment("T9", "201", "Workaround: clear the site cookies and sign in again.")
        w.settle()  # ClickUp's taskCommentPosted webhook → pmbot re-reads T9
        again = say(w, "U0DANA", "C0BUGS", "Is there a workaround for the blank Safari page?")
        assert "Workaround: clear the site cookies and sign in again." in replies(w, "C0BUGS", again)[0].text
        comment_reads = [r for r in w.clickup.calls("GET", "/api/v2/task/T9/comment")]
        assert len(comment_reads) == 2  # the first index, then one re-read per webhook (dupes change nothing)


def test_a_repository_documentation_source_cites_github_urls(tmp_path: Path) -> None:
    with answer_world(tmp_path, sources=BUG_SOURCES, channels={}) as w:
        w.github.add_file("demo/webapp", "README.md", "# Webapp\n\nThe shop front of the demo team.\n")
        w.github.add_file("demo/webapp", "docs/setup.md",
                          "# Local setup\n\nRun `make dev` to start the app on port 8080 with a seeded database.\n")
        w.slash("how do I run the webapp locally?", "U0DANA", channel="C0QA", command="/ask")
        url = f"{w.github.shapes.web}/demo/webapp/blob/main/docs/setup.md"
        assert w.slack.responses()[-1]["text"] == (
            "From *Local setup* [1]:\n> Run `make dev` to start the app on port 8080 with a seeded database.\n\n"
            f"[1] <{url}|Local setup>\n\n_Running without a model: the best passages, quoted._")


def test_the_hourly_tick_reindexes_changed_files(tmp_path: Path) -> None:
    with answer_world(tmp_path) as w:
        first = say(w, "U0DANA", "C0HELP", "which days do we deploy to production?")
        assert "Tuesdays and Thursdays" in replies(w, "C0HELP", first)[0].text
        (tmp_path / "handbook" / "releases.md").write_text("# Releases\n\nFrom December we deploy every weekday.\n")
        w.tick("auto_answer_index")
        again = say(w, "U0DANA", "C0HELP", "which days do we deploy to production?")
        assert replies(w, "C0HELP", again)[0].text.startswith(
            "From *Releases* [1]:\n> From December we deploy every weekday.")


def test_a_task_webhook_from_a_list_no_source_reads_costs_no_api_call(tmp_path: Path) -> None:
    with answer_world(tmp_path, sources=BUG_SOURCES,
                      channels={"C0BUGS": {"mode": "questions", "sources": ["bugs"], "live": False}}) as w:
        w.clickup.add_list("L2", "Mobile", STATUSES)
        w.clickup.add_task("T2", "Push notifications", "L2", "to do")
        w.clickup.add_task("T9", "Login fails on Safari", "L1", "to do",
                           description="Safari 17 users see a blank page after signing in.")
        first = say(w, "U0DANA", "C0BUGS", "Is there a workaround for the blank page in Safari?")  # indexes L1
        assert "Login fails on Safari" in replies(w, "C0BUGS", first)[0].text
        w.clickup.human_comment("T2", "201", "Any news on the push service?")  # L2: no source reads it
        w.clickup.human_comment("T9", "201", "Workaround: clear the site cookies.")
        w.settle()
        assert w.clickup.calls("GET", "/api/v2/task/T2") == []
        assert len(w.clickup.calls("GET", "/api/v2/task/T9")) == 1  # the bug list's task is re-read
        # Moved out of the bug list: the webhook names the new List; the indexed copy is checked and dropped.
        w.clickup.human_move("T9", "201", "L2")
        w.settle()
        assert len(w.clickup.calls("GET", "/api/v2/task/T9")) == 2
        gone = say(w, "U0DANA", "C0BUGS", "Is there a workaround for the blank Safari page after signing in?")
        assert "Login fails on Safari" not in replies(w, "C0BUGS", gone)[0].text
