"""Every user-facing string of self-service (Slack mrkdwn: every outside value goes through agents.common.mrkdwn)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from agents.common.absence import day, stretch
from agents.common.members import AddedMember
from agents.common.mrkdwn import SECTION_TEXT, Mrkdwn, mention, truncate
from agents.team import Absence, Person

ADD_MEMBER = "self_service.add_member"  # the join offer's button (action_id)
USAGE = Mrkdwn("`/pm ooo <from> [to]` (a date like 2026-12-24, `today`, `tomorrow` or a weekday like `mon`; "
               "`to` defaults to `from`), or `/pm ooo clear`.")


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
       stored_at: datetime | None, testing: Sequence[tuple[str, datetime]], added: AddedMember | None = None) -> Mrkdwn:
    """`/pm me`: the person as pmbot reads them from the team file and its own state."""
    start, end = person.working_hours
    lines = [
        Mrkdwn("*How pmbot sees you: {}*").format(person.name),
        *([Mrkdwn("• Added to the team from Slack by {}{} (not in the team file)").format(
            mention(added.added_by), f", {added.added_at.astimezone(UTC).strftime('%Y-%m-%d')}"
            if added.added_at else "")] if added is not None else []),
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


# -- the join offer ------------------------------------------------------------------------------------------
def join_offer(chat_id: str, name: str, email: str, tracker_name: str, tracker: str) -> Mrkdwn:
    return Mrkdwn("{} ({}, {}) joined Slack. The same e-mail is a {} member ({}), and pmbot's team file does "
                  "not name them. Add them to the team? They become a member at once, stored on top of the team "
                  "file (no roles: the team file gives those).").format(mention(chat_id), name, email, tracker,
                                                                       tracker_name)


def join_offer_blocks(text: str, chat_id: str) -> list[dict[str, Any]]:
    button = {"type": "button", "action_id": ADD_MEMBER, "value": chat_id, "style": "primary",
              "text": {"type": "plain_text", "text": "Add to the team"}}
    return [*text_blocks(text), {"type": "actions", "block_id": "self_service", "elements": [button]}]


def text_blocks(text: str) -> list[dict[str, Any]]:
    return [{"type": "section", "text": {"type": "mrkdwn", "text": truncate(Mrkdwn(text), SECTION_TEXT)}}]


def added(name: str, by: str) -> Mrkdwn:
    return Mrkdwn(":white_check_mark: {} added {} to the team (stored on top of the team file; `/pm me` shows it "
                  "to them).").format(mention(by), name)


def already_on_team(name: str) -> Mrkdwn:
    return Mrkdwn("{} is on the team already; nothing to add.").format(name)


def only_leads_add() -> Mrkdwn:
    return Mrkdwn("Only a lead can add someone to the team.")


def offer_gone() -> Mrkdwn:
    return Mrkdwn("pmbot has no record of this offer any more; nothing was added.")


def members_empty() -> str:
    return "nobody has been added from Slack"


def members_note() -> str:
    return ("Added by a lead from a join offer, on top of the team file's people; writing the person into the "
            "team file makes the file's entry the one that counts.")
