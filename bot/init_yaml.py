"""`pmbot init`'s output: the team YAML, commented with how each value was found."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.init_match import Person
from bot.init_statuses import StatusProposal


@dataclass
class TeamMember:
    """A matched person as written: their roles and timezone decided."""

    person: Person
    roles: list[str]


def q(value: str) -> str:
    """A YAML scalar that stays a string whatever it holds (JSON strings are YAML double-quoted scalars)."""
    return json.dumps(value, ensure_ascii=False)


def timezone_of(person: Person) -> tuple[str, str | None]:
    """Their Slack profile's timezone, or UTC and why."""
    tz = person.slack.tz if person.slack else None
    if not tz:
        return "UTC", "Slack has no timezone for them"
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        return "UTC", f"Slack's timezone {tz!r} is not an IANA name"
    return tz, None


def describe(person: Person, tracker: str = "ClickUp") -> str:
    """`Name (ClickUp 1030, Slack U0SAM, sam@x.test)`: who an unmatched line is about."""
    where = [f"{tracker} {person.clickup.id}" if person.clickup else "",
             f"Slack {person.slack.id}" if person.slack else "",
             f"GitHub {person.github}" if person.github else "", *person.emails]
    return f"{person.name} ({', '.join(w for w in where if w)})"


def unmatched_lines(unmatched: Sequence[tuple[Person | None, str]], tracker: str = "ClickUp") -> list[str]:
    return [reason if person is None else f"{describe(person, tracker)}: {reason}" for person, reason in unmatched]


def render_team(team: str, members: Sequence[TeamMember], unmatched: Sequence[tuple[Person | None, str]],
                proposal: StatusProposal, *, sources: str, role_note: str,
                qa_channel: tuple[str, str] | None = None, tracker: tuple[str, str] = ("clickup", "ClickUp")) -> str:
    """The whole team YAML; every value pmbot could not be sure of carries a comment that says so. `tracker`: the
    handle key people's tracker ids are written under (`jira: <accountId>`) and the tracker's title."""
    key, title = tracker
    places = "projects" if key == "jira" else "lists"
    out = [
        f"# pmbot team configuration, written by `pmbot init` from {sources}.",
        "# Check it with `pmbot check`, then start with `pmbot serve` (README: \"Your team in five steps\").",
        f"team: {q(team)}",
        "",
        "people:",
        f"  # {title} and Slack accounts are joined by e-mail (case and +tags ignored) unless a comment says",
        "  # otherwise; GitHub logins by the e-mails on their commits; timezones from Slack profiles.",
        f"  # Roles: {role_note}",
    ]
    for member in members:
        p = member.person
        assert p.clickup is not None and p.slack is not None
        tz, tz_note = timezone_of(p)
        out.append(f"  - name: {q(p.name)}")
        out.append(f"    {key}: {q(p.clickup.id)}")
        how = p.how.get("slack", "")
        out.append(f"    slack: {q(p.slack.id)}" + (f"  # by {how}: check" if how != "e-mail" else ""))
        if p.github:
            how = p.how.get("github", "")
            out.append(f"    github: {q(p.github)}" + (f"  # by {how}: check" if how != "commit e-mail" else ""))
        if p.emails:
            out.append(f"    email: {q(p.emails[-1])}")
        out.append(f"    roles: [{', '.join(member.roles)}]")
        out.append(f"    timezone: {q(tz)}" + (f"  # {tz_note}" if tz_note else ""))
    if unmatched:
        out.append("  # Not matched (add them by hand if they belong to the team):")
        out += [f"  #   {line}" for line in unmatched_lines(unmatched, title)]
    out += ["", "qa_router:", f"  # Statuses chosen from the statuses your {title} {places} have (by name):"]
    out += [f"  #   {note}" for note in proposal.notes]
    if proposal.watched_all:
        out.append(f"  lists: []                       # every {places[:-1]}")
    else:
        out.append("  lists:")
        out += [f"    - {q(lst.id)}  # {lst.path}" for lst in proposal.lists]
    s = proposal.statuses
    out += [
        "  statuses:",
        f"    ready: {q(s.ready)}",
        f"    testing: {q(s.testing)}",
        f"    failed: {q(s.failed)}",
        f"    passed: [{', '.join(q(x) for x in s.passed)}]",
    ]
    leads = [m.person.slack.id for m in members if "lead" in m.roles and m.person.slack]
    if leads:
        out.append(f"  escalate_to: [{', '.join(q(x) for x in leads)}]   # the leads' Slack ids")
    else:
        out.append("  escalate_to: []                 # Slack ids to tell when a task waits too long (no lead given)")
    if qa_channel is not None:
        out.append(f"  channel: {q(qa_channel[0])}   # #{qa_channel[1]}: hand-off announcements")
    else:
        out.append("  # channel: C0123ABCD            # a channel id for hand-off announcements (init --qa-channel)")
    return "\n".join(out) + "\n"
