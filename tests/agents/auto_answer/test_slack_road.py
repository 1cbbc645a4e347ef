"""Questions through signed requests into `POST /slack/events`: each channel mode, mentions, DMs, `/ask`, the
hand-off and feedback buttons; asserted on what the Slack simulator recorded."""

from __future__ import annotations

from pathlib import Path

from tests.agents.auto_answer.aa_support import write
from tests.agents.auto_answer.road_support import (
    answer_world,
    bot_messages,
    buttons,
    click,
    dm,
    mention,
    replies,
    say,
)

VACATION = ("From *Time off › Vacation* [1]:\n> Everyone gets 28 days of paid vacation a year. Request it in the HR "
            "portal two weeks ahead and tell your lead.\n\n[1] Time off › Vacation (`time-off.md`)\n\n"
            "_Running without a model: the best passages, quoted._")
DONT_KNOW = "I don't know — nothing in the sources I can use here answers that confidently."


def test_questions_mode__a_question_gets_a_threaded_cited_answer(tmp_path: Path) -> None:
    with answer_world(tmp_path) as w:
        ts = say(w, "U0DANA", "C0HELP", "How many vacation days do we get?")
        say(w, "U0DANA", "C0HELP", "Thanks, see you at lunch.")  # not a question: no answer
        (answer,) = bot_messages(w, "C0HELP")
        assert (answer.thread_ts, answer.text) == (ts, VACATION)
        value = buttons(answer)[0][2]
        assert buttons(answer) == [("auto_answer.up", "👍", value), ("auto_answer.down", "👎", value)]
        say(w, "U0DANA", "C0HELP", "how about sick days?", thread_ts=ts)  # a reply in a thread is a conversation
        assert len(bot_messages(w, "C0HELP")) == 1


def test_questions_mode__unknown_answers_say_so_and_offer_a_human(tmp_path: Path) -> None:
    with answer_world(tmp_path) as w:
        ts = say(w, "U0DANA", "C0HELP", "Where can I park my bike?")
        (answer,) = replies(w, "C0HELP", ts)
        assert answer.text == DONT_KNOW
        assert [b[:2] for b in buttons(answer)] == [("auto_answer.handoff", "Ask a human")]
        click(w, "U0DANA", "auto_answer.handoff", buttons(answer)[0][2], answer)
        click(w, "U0DANA", "auto_answer.handoff", buttons(answer)[0][2], answer)  # a double click
        assert [m.text for m in replies(w, "C0HELP", ts)] == [
            DONT_KNOW, "<@U0LEE> — could you take <@U0DANA>'s question? I couldn't answer it confidently."]


def test_mention_mode__answers_only_when_mentioned(tmp_path: Path) -> None:
    with answer_world(tmp_path) as w:
        say(w, "U0DANA", "C0MENTION", "How many vacation days do we get?")
        assert bot_messages(w, "C0MENTION") == []
        ts = mention(w, "U0DANA", "C0MENTION", "how many vacation days do we get?")
        assert [m.text for m in replies(w, "C0MENTION", ts)] == [VACATION]


def test_confident_only__silent_when_unsure_answers_when_sure(tmp_path: Path) -> None:
    with answer_world(tmp_path) as w:
        say(w, "U0DANA", "C0SURE", "Where can I park my bike?")
        assert bot_messages(w, "C0SURE") == []
        ts = say(w, "U0DANA", "C0SURE", "how many vacation days do we get?")
        assert [m.text for m in replies(w, "C0SURE", ts)] == [VACATION]
        asked = mention(w, "U0DANA", "C0SURE", "where can I park my bike?")  # a mention always gets an answer
        assert [m.text for m in replies(w, "C0SURE", asked)] == [DONT_KNOW]


def test_a_mention_in_a_questions_channel_is_answered_once(tmp_path: Path) -> None:
    with answer_world(tmp_path) as w:
        ts = mention(w, "U0DANA", "C0HELP", "how many vacation days do we get?", also_message=True)
        assert [m.text for m in replies(w, "C0HELP", ts)] == [VACATION]
        assert len(w.slack.api_calls("chat.postMessage")) == 1


def test_dm__answers_from_every_source_the_asker_may_see(tmp_path: Path) -> None:
    with answer_world(tmp_path) as w:
        dm(w, "U0LEE", "When are salary bands reviewed?")
        dm(w, "U0DANA", "When are salary bands reviewed?")
        assert [m.text for m in w.slack.dms("U0LEE") if m.user == "UBOT"] == [
            "From *Salary bands* [1]:\n> Salary bands are reviewed every April by the leads.\n\n"
            "[1] Salary bands (`salaries.md`)\n\n_Running without a model: the best passages, quoted._"]
        assert [m.text for m in w.slack.dms("U0DANA") if m.user == "UBOT"] == [DONT_KNOW]


def test_ask_command__answers_the_asker_alone(tmp_path: Path) -> None:
    with answer_world(tmp_path) as w:
        w.slash("how many vacation days do we get?", "U0DANA", channel="C0QA", command="/ask")
        w.slash("", "U0DANA", channel="C0QA", command="/ask")
        assert [r["text"] for r in w.slack.responses()] == [
            VACATION, "Ask me a question, e.g. `/ask how do I request time off?`"]
        assert w.slack.api_calls("chat.postMessage") == []  # nothing in the channel


def test_feedback__last_click_per_user_wins_and_a_thumbs_down_offers_a_human(tmp_path: Path) -> None:
    with answer_world(tmp_path) as w:
        ts = say(w, "U0DANA", "C0HELP", "How many vacation days do we get?")
        (answer,) = replies(w, "C0HELP", ts)
        value = buttons(answer)[0][2]
        click(w, "U0DANA", "auto_answer.up", value, answer)
        assert [b[1] for b in buttons(replies(w, "C0HELP", ts)[0])] == ["👍 1", "👎"]
        click(w, "U0DANA", "auto_answer.down", value, answer)  # changes her mind
        assert buttons(replies(w, "C0HELP", ts)[0]) == [
            ("auto_answer.up", "👍", value), ("auto_answer.down", "👎 1", value),
            ("auto_answer.handoff", "Ask a human", value)]
        click(w, "U0QUINN", "auto_answer.up", value, answer)
        assert [b[1] for b in buttons(replies(w, "C0HELP", ts)[0])] == ["👍 1", "👎 1", "Ask a human"]
        assert replies(w, "C0HELP", ts)[0].text == VACATION
        assert w.pmbot.call(w.pmbot.runtime.search.votes) == {"handbook": (1, 1)}


def test_ten_citations_without_a_model_fit_slacks_ten_element_context(tmp_path: Path) -> None:
    """Ten cited documents and the "no model" note were 11 context elements; Slack takes 10 (`invalid_blocks`)."""
    write(tmp_path / "handbook", {f"parking-{n}.md": f"# Parking {n}\n\nParking permits for the garage are "
                                  "requested at the front desk every month." for n in range(1, 11)})
    with answer_world(tmp_path, max_citations=10) as w:
        ts = say(w, "U0DANA", "C0HELP", "How are parking permits for the garage requested?")
        (answer,) = bot_messages(w, "C0HELP")
        assert answer.thread_ts == ts
        (context,) = [b for b in answer.blocks or [] if b["type"] == "context"]
        texts = [e["text"] for e in context["elements"]]
        assert len(texts) == 10
        assert texts[-1].startswith("[10] Parking") and texts[-1].endswith(
            "  _Running without a model: the best passages, quoted._")
