"""Upgrading from the single `standup:` section to a list of squads keeps the stored state (SQLite and
PostgreSQL): the former section becomes the list's item without a name, which keeps its keys, so nobody is
asked twice on the day of the upgrade and no reminder or summary is lost; a new named squad starts fresh."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from agents.team import TeamConfig
from tests.agents.standup.standup_support import CHANNEL, PEOPLE, at, channel_messages, standup_world

MOBILE = "C0MOB"
DAY = "Monday 23 November"


def utc(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 23, hour, minute, tzinfo=UTC)


def team(standup: object) -> TeamConfig:
    return TeamConfig.model_validate({"people": PEOPLE, "channels": {"standup": CHANNEL},
                                      "schedules": {"timezone": "Europe/Berlin"}, "standup": standup,
                                      "auto_answer": {"enabled": False}})


def test_upgrade_to_a_list_keeps_the_days_prompt_reminder_and_summary(tmp_path: Path, db_url: str) -> None:
    single = team({"members": ["Ben", "Oona"]})
    with standup_world(tmp_path, single, start=utc(7), db_url=db_url) as w:
        w.slack.add_channel(MOBILE, "mob")
        at(w, utc(8, 30))  # 09:30 in Berlin: the single standup asks Ben and Oona
        w.slash("done: coupons next: search", "U0OONA", command="/standup")

        w.team = team([{"members": ["Ben", "Oona"]},  # the former section: no name
                       {"name": "mobile", "members": ["Ben"], "channel": MOBILE, "prompt_at": "10:00"}])
        w.restart()
        at(w, utc(8, 45))
        at(w, utc(9))  # 10:00: mobile's first prompt
        at(w, utc(9, 30), summary=True)  # 10:30: the reminder of the standup asked before the upgrade
        at(w, utc(10), summary=True)  # 11:00: its summary
        w.pmbot.tick("standup_summary.mobile")
        w.pmbot.drain()

        sent = [(c["channel"], c["text"].splitlines()[0]) for c in w.slack.api_calls("chat.postMessage")
                if not c.get("thread_ts")]
        ben, oona = w.slack.channel_for_dm("U0BEN"), w.slack.channel_for_dm("U0OONA")
        reminder = (f"Reminder: your{{}} standup for {DAY} closes at 11:00. Answer with the button, a reply in the "
                    "thread of this morning's message, or `/standup &lt;text&gt;`.")
        assert sorted(sent[:2]) == sorted([(ben, f"Good morning Ben — your standup for {DAY} (answer by 11:00)."),
                                           (oona, f"Good morning Oona — your standup for {DAY} (answer by 11:00).")])
        assert sent[2] == (ben, f"Good morning Ben — your *mobile* standup for {DAY} (answer by 11:00).")
        assert sorted(sent[3:5]) == sorted([(ben, reminder.format("")), (ben, reminder.format(" *mobile*"))])
        assert sent[5:] == [(CHANNEL, f"*Standup — {DAY}* · 1 of 2 answered"),
                            (MOBILE, f"*Standup mobile — {DAY}* · 0 of 1 answered")]
        assert [m.text.splitlines()[0] for m in channel_messages(w) if m.thread_ts] == ["*Oona*"]
        assert w.kv("standup:day:Oona:2026-11-23")["answer"]["done"] == "coupons"
