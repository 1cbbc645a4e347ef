"""`pmbot init`'s matching: one person from their ClickUp member, Slack user and GitHub login, by e-mail first.

A pure function from what the platforms listed to people and to plain reasons for everyone left over."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from agents.common.members import email_key
from integrations.models import Member

NAME_MATCH = 0.85  # two names at least this alike (0..1) are the same person, when nobody else comes as close
RIVAL_GAP = 0.05  # ... and no other candidate is within this of the best
SLACKBOT = "USLACKBOT"  # Slack lists Slackbot as a member with is_bot false
NOREPLY = re.compile(r"@users\.noreply\.", re.IGNORECASE)  # GitHub's stand-in for a hidden e-mail


@dataclass(frozen=True)
class ChatPerson:
    """A Slack user as `users.list` describes them."""

    id: str
    real_name: str | None = None
    display_name: str | None = None
    email: str | None = None
    tz: str | None = None
    is_bot: bool = False
    deleted: bool = False

    @property
    def name(self) -> str:
        return self.real_name or self.display_name or self.id


@dataclass(frozen=True)
class CommitIdentity:
    """A commit's author: the login GitHub links it to, and the git name and e-mail."""

    login: str | None
    name: str
    email: str


@dataclass
class Person:
    """Someone found on one or more platforms, and how each link was made."""

    name: str
    clickup: Member | None = None  # the tracker's member (ClickUp's, or Jira's account)
    slack: ChatPerson | None = None
    github: str | None = None
    how: dict[str, str] = field(default_factory=dict)  # platform → "e-mail", "name 91% alike" ...

    @property
    def emails(self) -> list[str]:
        found = [m.email for m in (self.clickup, self.slack) if m is not None and m.email]
        return list(dict.fromkeys(found))

    @property
    def names(self) -> list[str]:
        names = [self.slack.real_name, self.slack.display_name] if self.slack else []
        names += [self.clickup.username] if self.clickup else []
        return [n for n in names if n]


@dataclass
class Matching:
    """People on both ClickUp and Slack (with GitHub where found), and a reason for everyone else."""

    people: list[Person]
    unmatched: list[tuple[Person | None, str]]  # the partial person (None for a bare GitHub login), the reason


def loose_email_key(email: str) -> str:
    """A weaker key: also without dots in the name part (the same mailbox at Gmail, not everywhere)."""
    local, _, domain = email_key(email).rpartition("@")
    return f"{local.replace('.', '')}@{domain}"


def name_key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def name_likeness(a: str, b: str) -> float:
    """0..1: how alike two names are, in either word order ("Lee, Ana" and "Ana Lee" are alike)."""
    x, y = name_key(a), name_key(b)
    if not x or not y:
        return 0.0
    in_order = SequenceMatcher(None, x, y).ratio()
    sorted_words = SequenceMatcher(None, " ".join(sorted(x.split())), " ".join(sorted(y.split()))).ratio()
    return max(in_order, sorted_words)


def _best_likeness(names: Iterable[str], others: Iterable[str]) -> float:
    return max((name_likeness(a, b) for a in names for b in others), default=0.0)


def _pair_by_key(left: list[Person], right: list[Person], key: str) -> None:
    """Join pairs of partial people (one from each side) whose e-mails share a key, when the key is unique on
    both sides; the joined person stays in `left`, the other leaves `right`."""
    keyed = email_key if key == "e-mail" else loose_email_key

    def index(people: list[Person]) -> dict[str, list[Person]]:
        found: dict[str, list[Person]] = {}
        for p in people:
            for k in {keyed(e) for e in p.emails}:
                found.setdefault(k, []).append(p)
        return found

    rights = index(right)
    for k, lefts in index([p for p in left if p.slack is None]).items():
        if len(lefts) == 1 and len(rights.get(k, [])) == 1:
            other = rights[k][0]
            if other in right and lefts[0].slack is None:
                _join(lefts[0], other, key)
                right.remove(other)


def _join(person: Person, other: Person, how: str) -> None:
    person.slack, person.name = other.slack, other.name  # Slack's name: the one people see in chat
    person.how["slack"] = how


def _pair_by_name(left: list[Person], right: list[Person]) -> None:
    scored = sorted(((_best_likeness(a.names, b.names), n, m) for n, a in enumerate(left) if a.slack is None
                     for m, b in enumerate(right)), key=lambda t: -t[0])
    taken_left: set[int] = set()
    taken_right: set[int] = set()
    for score, n, m in scored:
        if score < NAME_MATCH or n in taken_left or m in taken_right:
            continue
        rivals = [s for s, n2, m2 in scored if (n2 == n) != (m2 == m) and s > score - RIVAL_GAP]
        if rivals:  # another candidate comes as close: leave it to a person
            continue
        taken_left.add(n)
        taken_right.add(m)
        _join(left[n], right[m], f"name, {round(score * 100)}% alike")
    for m in sorted(taken_right, reverse=True):
        del right[m]


def match_people(
    members: Sequence[Member], chat: Sequence[ChatPerson], logins: Sequence[str], commits: Sequence[CommitIdentity],
    *, ignore: Iterable[str] = (), tracker: str = "ClickUp",
) -> Matching:
    """Match ClickUp members with Slack users (e-mail, then e-mail without dots, then name), then GitHub logins
    with both (by their commits' e-mails, then the commits' author names). `ignore`: pmbot's own accounts; `tracker`:
    the tracker's title in the reasons (the members are its people: ClickUp's, or Jira's, whose e-mails are often
    hidden, so the name decides)."""
    skip = set(ignore) | {SLACKBOT}
    unmatched: list[tuple[Person | None, str]] = []
    in_tracker = [Person(m.username or m.email or m.id, clickup=m) for m in members if m.id not in skip]
    in_chat: list[Person] = []
    for user in chat:
        if user.id in skip:
            continue
        if user.is_bot:
            unmatched.append((Person(user.name, slack=user), "a bot"))
        elif user.deleted:
            unmatched.append((Person(user.name, slack=user), "deactivated in Slack"))
        else:
            in_chat.append(Person(user.name, slack=user))
    _pair_by_key(in_tracker, in_chat, "e-mail")
    _pair_by_key(in_tracker, in_chat, "e-mail without dots in the name part")
    _pair_by_name(in_tracker, in_chat)
    everyone = in_tracker + in_chat
    _match_logins(everyone, logins, commits, unmatched, tracker)
    people = [p for p in everyone if p.clickup is not None and p.slack is not None]
    for p in everyone:
        if p.clickup is None or p.slack is None:
            unmatched.append((p, _missing(p, tracker)))
    return Matching(people, unmatched)


def _missing(person: Person, tracker: str) -> str:
    found = [name for name, ok in ((tracker, person.clickup), ("Slack", person.slack), ("GitHub", person.github))
             if ok]
    lacking = "Slack user" if person.slack is None else f"{tracker} member"
    return f"only in {' and '.join(found)}: no {lacking} with this e-mail or a like name"


def _match_logins(people: list[Person], logins: Sequence[str], commits: Sequence[CommitIdentity],
                  unmatched: list[tuple[Person | None, str]], tracker: str) -> None:
    emails: dict[str, list[str]] = {}
    names: dict[str, list[str]] = {}
    for c in commits:
        if c.login and not NOREPLY.search(c.email):
            emails.setdefault(c.login.lower(), []).append(c.email)
            names.setdefault(c.login.lower(), []).append(c.name)
    for login in logins:
        mine = list(dict.fromkeys(emails.get(login.lower(), [])))
        if not mine:
            unmatched.append((None, f"{login} (GitHub): a GitHub login with no commit e-mail "
                                    f"(add github: {login} to the right person)"))
            continue
        person, how = _owner(people, mine, names.get(login.lower(), []))
        if person is None:
            unmatched.append((None, f"{login} (GitHub, {', '.join(mine)}): only in GitHub: its commit e-mails "
                                    f"match nobody in {tracker} or Slack"))
        else:
            person.github, person.how["github"] = login, how


def _owner(people: list[Person], emails: list[str], names: list[str]) -> tuple[Person | None, str]:
    for how, keyed in (("commit e-mail", email_key), ("commit e-mail without dots in the name part", loose_email_key)):
        wanted = {keyed(e) for e in emails}
        found = [p for p in people if p.github is None and wanted & {keyed(e) for e in p.emails}]
        if len(found) == 1:
            return found[0], how
    scored = sorted(((_best_likeness(p.names, names), n) for n, p in enumerate(people) if p.github is None),
                    reverse=True)
    if scored and scored[0][0] >= NAME_MATCH and (len(scored) == 1 or scored[1][0] <= scored[0][0] - RIVAL_GAP):
        return people[scored[0][1]], f"commit author name, {round(scored[0][0] * 100)}% alike"
    return None, ""
