"""Every user-facing string of self-service (Slack mrkdwn: every outside value goes through agents.common.mrkdwn)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

from agents.common.mrkdwn import Mrkdwn
from agents.team import Absence, Person

USAGE = Mrkdwn("`/pm ooo <from> [to]` (a date like 2026-12-24, `today`, `tomorrow` or a weekday like `mon`; "
               "`to` defaults to `from`), or `/pm ooo clear`.")


def day(value: date) -> str:
    return value.strftime("%a %Y-%m-%d")


def stretch(start: date, end: date) -> str:
    return day(start) if start == end else f"{day(start)} to {day(end)}"


def stranger() -> Mrkdwn:
    return Mrkdwn("pmbot does not know you, so there is nothing of yours to show or set. "
                  "Ask a lead to add you to `people` in pmbot's team file.")


def ooo_usage() -> Mrkdwn:
    return Mrkdwn("Usage: ") + USAGE


def not_a_day(word: str) -> Mrkdwn:
    return Mrkdwn("I can't read “{}” as a day. Usage: ").format(word) + USAGE


def ends_before_start(start: date, end: date) -> Mrkdwn:
    return Mrkdwn("The out of office would end ({}) before it starts ({}).").format(day(end), day(start))


def in_the_past(end: date, today: date) -> Mrkdwn:
    return Mrkdwn("{} is in the past (today is {} where you are).").format(day(end), day(today))


def too_long(days: int, most: int) -> Mrkdwn:
    return Mrkdwn("That is {} days; in Slack you can set at most {} at a time. "
                  "For longer, ask a lead to put it in the team file.").format(days, most)


def ooo_set(start: date, end: date, replaced: Absence | None) -> Mrkdwn:
    text = Mrkdwn("Out of office: {}. The QA router and the standup leave you out on those days; "
                  "`/pm ooo clear` removes it.").format(stretch(start, end))
    if replaced is not None:
        text += Mrkdwn(" (It replaces {}.)").format(stretch(replaced.from_, replaced.to))
    return text


def ooo_cleared(was: Absence, kept_in_file: bool) -> Mrkdwn:
    text = Mrkdwn("Out of office cleared (it was {}).").format(stretch(was.from_, was.to))
    if kept_in_file:
        text += Mrkdwn(" The team file's out of office stays; a lead changes that one.")
    return text


def nothing_to_clear(kept_in_file: bool) -> Mrkdwn:
    text = Mrkdwn("You have no out of office set in Slack; nothing to clear.")
    if kept_in_file:
        text += Mrkdwn(" The team file's out of office stays; a lead changes that one.")
    return text


def _stretches(absences: Sequence[Absence]) -> str:
    return ", ".join(stretch(a.from_, a.to) for a in absences) or "none"


def me(person: Person, handles: Sequence[tuple[str, str]], in_file: Sequence[Absence], stored: Absence | None,
       stored_at: datetime | None, testing: Sequence[tuple[str, datetime]]) -> Mrkdwn:
    """`/pm me`: the person as pmbot reads them from the team file and its own state."""
    start, end = person.working_hours
    lines = [
        Mrkdwn("*How pmbot sees you: {}*").format(person.name),
        Mrkdwn("• Handles: {}").format(", ".join(f"{platform} {handle}" for platform, handle in handles) or "none"),
        Mrkdwn("• Roles: {}").format(", ".join(person.roles) or "none"),
        Mrkdwn("• Timezone: {}").format(person.timezone),
        Mrkdwn("• Works: {}, {}–{}").format(", ".join(person.working_days) or "no day",
                                           start.strftime("%H:%M"), end.strftime("%H:%M")),
        Mrkdwn("• Out of office in the team file: {}").format(_stretches(in_file)),
    ]
    if stored is None:
        lines.append(Mrkdwn("• Out of office set in Slack: none (`/pm ooo <from> [to]` sets one)"))
    else:
        when = f", set {stored_at.astimezone(UTC).strftime('%Y-%m-%d %H:%M UTC')}" if stored_at else ""
        lines.append(Mrkdwn("• Out of office set in Slack: {}{} (`/pm ooo clear` removes it)").format(
            stretch(stored.from_, stored.to), when))
    shown = ", ".join(f"{task} (next reminder {at.astimezone(UTC).strftime('%a %d %b %H:%M UTC')})"
                      for task, at in testing)
    lines.append(Mrkdwn("• Testing, with QA reminders pending: {}").format(shown or "nothing"))
    return Mrkdwn("\n").join(lines)


def panel_empty() -> str:
    return "nobody has set an out of office in Slack"


def panel_state(absence: Absence, today: date) -> str:
    if absence.to < today:
        return "over"
    return "away now" if absence.from_ <= today else "coming"
