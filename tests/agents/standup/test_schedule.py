"""The standup's clock: three members in three timezones (New York crosses the end of daylight saving time
on Sunday 1 November 2026), a weekend, a public holiday from the `holidays` package (Japan's Culture Day on
Tuesday 3 November) and someone out of office. The clock moves; nothing sleeps."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.agents.standup.standup_support import (
    PEOPLE,
    at,
    channel_messages,
    dm,
    press_answer,
    reply_in_thread,
    standup_world,
    submit,
)
from tests.support.world import World

FRIDAY = datetime(2026, 10, 30, 0, 0, tzinfo=UTC)
DAYS = [date(2026, 10, 30) + timedelta(days=n) for n in range(5)]  # Fri 30 Oct .. Tue 3 Nov
SLACK = {p["name"]: p["slack"] for p in PEOPLE}
TZ = {p["name"]: ZoneInfo(p["timezone"]) for p in PEOPLE}
MEMBERS = ["Ana", "Ben", "Kei", "Oona"]
NO_MODEL = "_Summary written without a language model._"
Q = ("*What did you get done since your last standup?*", "*What will you do next?*", "*Anything blocking you?*")


def utc(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), UTC)


def local(name: str, day: date, when: time) -> datetime:
    return datetime.combine(day, when, TZ[name]).astimezone(UTC)


def visits() -> list[datetime]:
    """A minute before and at every member's 09:30 and 10:30 on every day (weekends too, to see that nothing
    fires), and the team cut-off at 11:00 in Berlin."""
    found = set()
    for day in DAYS:
        for name in MEMBERS:
            for when in (time(9, 30), time(10, 30)):
                moment = local(name, day, when)
                found |= {moment - timedelta(minutes=1), moment}
        found.add(local("Ben", day, time(11, 0)))
    return sorted(found)


class Record:
    """Every DM each person got (not thread replies), with the local time it arrived."""

    def __init__(self, w: World) -> None:
        self.w = w
        self.seen: set[str] = set()
        self.got: dict[str, list[str]] = {name: [] for name in SLACK}

    def look(self) -> None:
        now = self.w.clock.now()
        for name, user in SLACK.items():
            for message in self.w.slack.dms(user):
                key = f"{message.channel}:{message.ts}"
                if message.thread_ts or key in self.seen:
                    continue
                self.seen.add(key)
                self.got[name].append(f"{now.astimezone(TZ[name]):%a %d %H:%M %Z} {message.text.splitlines()[0]}")


def prompt(day: str, cutoff: str = "11:00") -> str:
    return f"Good morning {{}} — your standup for {day} (answer by {cutoff})."


def test_each_member_is_asked_at_their_own_morning_once__reminded_only_if_silent__one_summary_a_day(
        tmp_path: Path) -> None:
    with standup_world(tmp_path, start=FRIDAY) as w:
        record = Record(w)
        actions: dict[datetime, list[Callable[[], object]]] = {}

        def when(moment: datetime, action: Callable[[], object]) -> None:
            actions.setdefault(moment, []).append(action)

        fri, mon, tue = DAYS[0], DAYS[3], DAYS[4]
        when(utc(fri, 0, 40), lambda: reply_in_thread(w, "U0KEI", "done: regression suite for checkout\n"
                                                      "next: exploratory testing of search", dm(w, "U0KEI")))
        when(utc(fri, 8, 45), lambda: w.slash("done: coupon codes next: search filters blockers: none", "U0BEN",
                                              command="/standup"))
        when(utc(fri, 10, 30), lambda: w.slash("profile page; next: avatars", "U0OONA", command="/standup"))
        when(utc(fri, 13, 40), lambda: w.slash("1. billing export\n2. invoices", "U0ANA", command="/standup"))
        when(utc(mon, 0, 45), lambda: modal_answer(w, "U0KEI", {"done": "retested coupons", "next": "search"}))
        when(utc(mon, 8, 50), lambda: w.slash("done: search filters next: search ranking blockers: waiting for the "
                                              "API keys from Stripe", "U0BEN", command="/standup"))
        when(utc(tue, 8, 50), lambda: w.slash("done: nothing new next: search ranking blockers: Waiting for the API "
                                              "keys from Stripe.", "U0BEN", command="/standup"))
        when(utc(tue, 14, 40), lambda: w.slash("done: billing export next: tax rules", "U0ANA", command="/standup"))
        cutoffs = {local("Ben", day, time(11, 0)) for day in DAYS}
        for moment in sorted(set(visits()) | set(actions)):
            at(w, moment, summary=moment in cutoffs)
            record.look()
            for action in actions.get(moment, []):
                action()
            record.look()

        assert record.got["Ana"] == [
            "Fri 30 09:30 EDT " + prompt("Friday 30 October").format("Ana"),
            "Mon 02 09:30 EST " + prompt("Monday 2 November").format("Ana"),  # 14:30 UTC now, 13:30 on Friday
            "Mon 02 10:30 EST Reminder: your standup for Monday 2 November closes at 11:00. Answer with the button, "
            "a reply in the thread of this morning's message, or `/standup &lt;text&gt;`.",
            "Tue 03 09:30 EST " + prompt("Tuesday 3 November").format("Ana"),
        ]
        assert record.got["Ben"] == [
            "Fri 30 09:30 CET " + prompt("Friday 30 October").format("Ben"),
            "Mon 02 09:30 CET " + prompt("Monday 2 November").format("Ben"),
            "Tue 03 09:30 CET " + prompt("Tuesday 3 November").format("Ben"),
        ]
        assert record.got["Kei"] == [  # Tuesday 3 November is Culture Day in Japan
            "Fri 30 09:30 JST " + prompt("Friday 30 October").format("Kei"),
            "Mon 02 09:30 JST " + prompt("Monday 2 November").format("Kei"),
        ]
        assert record.got["Oona"] == [  # out of office on Monday and Tuesday
            "Fri 30 09:30 CET " + prompt("Friday 30 October").format("Oona"),
            "Fri 30 10:30 CET Reminder: your standup for Friday 30 October closes at 11:00. Answer with the button, "
            "a reply in the thread of this morning's message, or `/standup &lt;text&gt;`.",
        ]
        assert record.got["Lee"] == [  # the lead: not asked; hears of a blocker reported twice in a row
            "Tue 03 09:50 CET Standup: Ben has reported the same blocker on consecutive standups "
            "(Monday 2 November → Tuesday 3 November): “Waiting for the API keys from Stripe.”.",
        ]

        posted = channel_messages(w)
        summaries = [m for m in posted if not m.thread_ts]
        assert [m.text for m in summaries] == [
            "\n".join(["*Standup — Friday 30 October* · 2 of 4 answered", "*Blockers*", "• none", "*Summary*",
                       "• Ben: coupon codes; next: search filters",
                       "• Kei: regression suite for checkout; next: exploratory testing of search", NO_MODEL,
                       "Everyone's answers are in the thread."]),
            "\n".join(["*Standup — Monday 2 November* · 2 of 3 answered", "*Blockers*",
                       "• Ben: waiting for the API keys from Stripe", "*Summary*",
                       "• Ben: search filters; next: search ranking", "• Kei: retested coupons; next: search",
                       NO_MODEL, "_Out of office: Oona_", "Everyone's answers are in the thread."]),
            "\n".join(["*Standup — Tuesday 3 November* · 1 of 2 answered", "*Blockers*",
                       "• Ben: Waiting for the API keys from Stripe.", "*Summary*",
                       "• Ben: nothing new; next: search ranking", NO_MODEL,
                       "_Out of office: Oona · Public holiday: Kei (Culture Day)_",
                       "Everyone's answers are in the thread."]),
        ]
        assert [m.ts for m in summaries] == sorted(m.ts for m in summaries)
        thread = {m.ts: [r.text for r in posted if r.thread_ts == m.ts] for m in summaries}
        friday, monday, tuesday = (thread[m.ts] for m in summaries)
        assert friday == [
            f"*Ben*\n{Q[0]}\ncoupon codes\n{Q[1]}\nsearch filters\n{Q[2]}\nnone",
            f"*Kei*\n{Q[0]}\nregression suite for checkout\n{Q[1]}\nexploratory testing of search",
            f"*Oona* (late)\n{Q[0]}\nprofile page\n{Q[1]}\navatars",  # after her 11:00: added to the thread
            f"*Ana*\n{Q[0]}\nbilling export\n{Q[1]}\ninvoices",  # her 09:40 is after Berlin's cut-off
        ]
        assert [t.split("\n")[0] for t in monday] == ["*Ben*", "*Kei*"]  # Ana did not answer: not named
        assert [t.split("\n")[0] for t in tuesday] == ["*Ben*", "*Ana*"]


def modal_answer(w: World, user: str, answers: dict[str, str]) -> None:
    press_answer(w, user, dm(w, user))
    opened = w.slack.api_calls("views.open")[-1]
    view_id = sorted(w.slack.views)[-1]
    submit(w, user, opened["view"], answers, view_id=view_id)
