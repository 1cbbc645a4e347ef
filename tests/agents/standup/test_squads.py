"""Two squads' standups in one pmbot (`standup:` as a list): web (New York and Berlin) and mobile (Berlin and
Tokyo) share Ben. Each member is asked once per squad at their own morning, `/standup` finds the right squad
(or asks which, with a button per squad), and each squad gets one summary in its own channel - all through
signed Slack requests and the Slack simulator's record of what pmbot sent."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from agents.common.mrkdwn import ELLIPSIS, MESSAGE_TEXT, Mrkdwn
from agents.standup import messages as msg
from agents.team import TeamConfig
from integrations.slack.signing import block_actions_body
from tests.agents.standup.standup_support import PEOPLE, at, dm, reply_in_thread
from tests.support.platforms import sign_slack
from tests.support.world import World, world

WEB, MOBILE = "C0WEB", "C0MOB"
SQUADS = [
    {"name": "web", "members": ["Ana", "Ben"], "channel": WEB, "prompt_at": "09:30", "cutoff_at": "11:00"},
    {"name": "mobile", "members": ["Ben", "Kei"], "channel": MOBILE, "prompt_at": "10:00", "cutoff_at": "12:00"},
]
DAY = "Tuesday 24 November"


def utc(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 24, hour, minute, tzinfo=UTC)


def squads_team() -> TeamConfig:
    return TeamConfig.model_validate({
        "people": PEOPLE, "schedules": {"timezone": "Europe/Berlin"}, "standup": SQUADS,
        "auto_answer": {"enabled": False}})


def prompts(w: World, user: str) -> list[str]:
    return [m.text.splitlines()[0] for m in w.slack.dms(user) if not m.thread_ts]


def summaries(w: World, channel: str) -> list[str]:
    return [m.text.splitlines()[0] for m in w.slack.messages(channel) if not m.thread_ts]


def thread(w: World, channel: str) -> list[str]:
    return [m.text.splitlines()[0] for m in w.slack.messages(channel) if m.thread_ts]


def press(w: World, user: str, action_id: str, value: str, trigger_id: str) -> httpx.Response:
    body = block_actions_body(user, [{"action_id": action_id, "block_id": "standup_squads", "value": value}],
                              channel_id="D0BEN", message_ts="1.0", trigger_id=trigger_id)
    answer = httpx.post(f"{w.pmbot.url}/slack/events", content=body,
                        headers=sign_slack(body, "application/x-www-form-urlencoded"))
    w.pmbot.drain()
    return answer


def visit(w: World, *moments: datetime, summary: str | None = None) -> None:
    for moment in moments:
        at(w, moment)
        at(w, moment)  # the same minute again: nothing is sent twice
    if summary:
        w.pmbot.tick(f"standup_summary.{summary}")
        w.pmbot.drain()


def test_two_squads_with_a_shared_member__asked_once_per_squad__one_summary_each_in_its_channel(
        tmp_path: Path) -> None:
    with world(tmp_path, squads_team(), tasks=[], channels=(WEB, MOBILE), start=utc(0)) as w:
        visit(w, utc(1))  # 10:00 in Tokyo: Kei's mobile standup
        assert prompts(w, "U0KEI") == [f"Good morning Kei — your *mobile* standup for {DAY} (answer by 12:00)."]
        w.slash("done: app build next: release", "U0KEI", command="/standup")  # one squad: no need to name it
        assert w.slack.responses()[-1]["text"].startswith(f"Saved your standup for {DAY}:")

        visit(w, utc(8, 30), utc(9))  # 09:30 and 10:00 in Berlin: Ben's two standups
        assert prompts(w, "U0BEN") == [
            f"Good morning Ben — your *web* standup for {DAY} (answer by 11:00).",
            f"Good morning Ben — your *mobile* standup for {DAY} (answer by 12:00).",
        ]
        blocks: Any = dm(w, "U0BEN").blocks
        assert blocks[1]["elements"][0]["value"] == "2026-11-24@mobile"

        # `/standup` alone from someone in two squads: which one, with a button per squad (no form yet).
        w.slash("", "U0BEN", command="/standup")
        asked = w.slack.responses()[-1]
        assert asked["text"] == (f"You are in 2 standups. Which one are you answering for {DAY}? "
                                 "(Or type `/standup web done: … next: …`.)")
        assert [(b["action_id"], b["value"], b["text"]["text"]) for b in asked["blocks"][1]["elements"]] == [
            ("standup.answer.0", "2026-11-24@web", "web"), ("standup.answer.1", "2026-11-24@mobile", "mobile")]
        assert w.slack.api_calls("views.open") == []
        press(w, "U0BEN", "standup.answer.1", "2026-11-24@mobile", "trig-mobile")
        opened = w.slack.api_calls("views.open")
        assert [(c["trigger_id"], c["view"]["callback_id"]) for c in opened] == [
            ("trig-mobile", "standup.answer:2026-11-24@mobile")]

        w.slash("web done: coupons API next: checkout tests", "U0BEN", command="/standup")
        assert w.slack.responses()[-1]["text"] == "\n".join([
            f"Saved your standup for {DAY}:", "*What did you get done since your last standup?*", "coupons API",
            "*What will you do next?*", "checkout tests"])
        reply_in_thread(w, "U0BEN", "done: push fix next: review", dm(w, "U0BEN"))  # the mobile prompt's thread

        visit(w, utc(9, 30), utc(10), summary="web")  # web's reminder time (Ben answered) and cut-off
        visit(w, utc(10, 30), utc(11), summary="mobile")
        visit(w, utc(14, 30))  # 09:30 in New York: Ana's web standup
        # One prompt per person and squad, each marked answered on its own (no reminder: all answered in time).
        assert prompts(w, "U0BEN") == [
            f"Standup for {DAY}, Ben: :white_check_mark: answered at 10:00. You can change it until 11:00.",
            f"Standup for {DAY}, Ben: :white_check_mark: answered at 10:00. You can change it until 12:00.",
        ]
        assert prompts(w, "U0KEI") == [
            f"Standup for {DAY}, Kei: :white_check_mark: answered at 10:00. You can change it until 12:00."]
        assert prompts(w, "U0ANA") == [f"Good morning Ana — your *web* standup for {DAY} (answer by 11:00)."]
        assert summaries(w, WEB) == [f"*Standup web — {DAY}* · 1 of 2 answered"]
        assert thread(w, WEB) == ["*Ben*"]
        assert summaries(w, MOBILE) == [f"*Standup mobile — {DAY}* · 2 of 2 answered"]
        assert sorted(thread(w, MOBILE)) == ["*Ben*", "*Kei*"]
        web_answer = [m.text for m in w.slack.messages(WEB) if m.thread_ts][0]
        mobile_answer = [m.text for m in w.slack.messages(MOBILE) if m.thread_ts and m.text.startswith("*Ben*")][0]
        assert "coupons API" in web_answer and "push fix" not in web_answer
        assert "push fix" in mobile_answer and "coupons API" not in mobile_answer

        # Each squad's state under its own name; nothing under the single-section keys.
        assert w.kv("standup:day:@web:Ben:2026-11-24")["answer"] == {"done": "coupons API",
                                                                      "next": "checkout tests"}
        assert w.kv("standup:day:@mobile:Ben:2026-11-24")["answer"] == {"done": "push fix", "next": "review"}
        assert w.kv("standup:day:Ben:2026-11-24") is None
        assert w.kv("standup:team:@web:2026-11-24")["summary"]["channel"] == WEB


def test_squad_word_and_summary_so_far(tmp_path: Path) -> None:
    with world(tmp_path, squads_team(), tasks=[], channels=(WEB, MOBILE), start=utc(8, 30)) as w:
        w.slash("nosuch done: x", "U0BEN", command="/standup")  # not a squad's name: Ben is in two, so: which?
        assert w.slack.responses()[-1]["text"].startswith("You are in 2 standups.")
        w.slash("done: x", "U0ANA", command="/standup")  # Ana has one squad
        w.slash("summary", "U0ANA", command="/standup")
        said: Any = w.slack.responses()[-1]["text"]
        assert said.splitlines()[0] == f"*Standup web — {DAY}* · 1 of 2 answered so far"
        w.slash("mobile summary", "U0ANA", command="/standup")
        assert w.slack.responses()[-1]["text"].splitlines()[0] == f"*Standup mobile — {DAY}* · 0 of 2 answered so far"


def test_summary_so_far_of_several_squads_stays_within_one_message() -> None:
    """Each squad's summary is bounded on its own; the reply naming several is bounded as a whole."""
    web, mobile = Mrkdwn("*Standup web*\n" + " a" * 1500), Mrkdwn("*Standup mobile*\n" + " b" * 1500)
    text = msg.summaries_text([web, mobile])
    assert len(text) <= MESSAGE_TEXT
    assert text.startswith(web + "\n\n*Standup mobile*\n") and text.endswith(ELLIPSIS)
    assert msg.summaries_text([web]) == web
