"""`pmbot init`: read the team from the tracker (ClickUp, or Jira when JIRA_* are set), Slack and GitHub and write a
team YAML that `pmbot check` accepts."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.init_match import ChatPerson, CommitIdentity, Matching, Person, match_people, name_key
from bot.init_statuses import ListStatuses, propose_statuses
from bot.init_yaml import TeamMember, render_team, unmatched_lines
from bot.settings import Settings
from integrations.errors import IntegrationError
from integrations.models import Member
from integrations.registry import PLATFORMS, platform

DEFAULT_OUTPUT = "config/pmbot.yaml"
MAX_REPOS = 50  # repositories of an organisation read for commit e-mails
Ask = Callable[[str], str]


class InitError(Exception):
    """`pmbot init` cannot go on; the message says what to do."""


@dataclass
class Facts:
    """What the platforms listed."""

    members: list[Member]
    chat: list[ChatPerson]
    logins: list[str]
    commits: list[CommitIdentity]
    lists: list[ListStatuses]
    own: list[str]  # pmbot's own accounts
    team: str
    notes: list[str] = field(default_factory=list)
    channels: list[tuple[str, str]] = field(default_factory=list)  # Slack's public channels: (id, name)
    tracker: str = "clickup"  # the tracker read: its handle key in the team file
    tracker_title: str = "ClickUp"


def tracker_of(settings: Settings) -> tuple[str, str, Any]:
    """The configured tracker (name, title, client), the one pmbot's runtime uses: the first tracker platform whose
    settings are set (ClickUp, else Jira); ClickUp's name and no client when none is."""
    for candidate in (p for p in PLATFORMS if p.role == "tracker"):
        client = candidate.make_client(settings)
        if client is not None:
            return candidate.name, candidate.title, client
    fallback = platform("clickup")
    return fallback.name, fallback.title, None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--output", default=DEFAULT_OUTPUT, help=f"the team YAML to write (default {DEFAULT_OUTPUT})")
    parser.add_argument("--yes", action="store_true", help="ask nothing: accept every match found, roles from "
                                                           "--qa and --lead only")
    parser.add_argument("--force", action="store_true", help="overwrite --output if it exists")
    parser.add_argument("--qa", nargs="+", action="extend", default=[], metavar="NAME",
                        help="who tests: names, e-mails or platform ids")
    parser.add_argument("--lead", nargs="+", action="extend", default=[], metavar="NAME", help="who leads")
    parser.add_argument("--qa-channel", metavar="CHANNEL", help="the QA router's channel for hand-off announcements: "
                                                              "a public channel's name (#qa) or id")
    parser.add_argument("--github-org", action="append", default=[], metavar="ORG",
                        help="read GitHub logins from this organisation's members (and its repositories' commits)")
    parser.add_argument("--github-repo", action="append", default=[], metavar="OWNER/NAME",
                        help="read GitHub logins from this repository's collaborators and commits")


def cmd_init(args: argparse.Namespace, ask: Ask = input) -> int:
    try:
        settings = Settings()
    except ValidationError as exc:
        for err in exc.errors():
            name = "_".join(str(part) for part in err["loc"]).upper()
            print(f"pmbot init: {name}: {err['msg'].removeprefix('Value error, ')}", file=sys.stderr)
        return 2
    output = Path(args.output)
    if output.exists() and not args.force:
        if args.yes:
            print(f"pmbot init: {output} exists; not overwriting it (add --force, or choose another --output)",
                  file=sys.stderr)
            return 1
        if not _yes(ask, f"{output} exists. Overwrite it? [y/N] ", default=False):
            print("pmbot init: nothing written")
            return 1
    sandbox = None
    try:
        if settings.sandbox:
            settings, sandbox = _sandbox(settings)
            print("pmbot init: no platform credentials: reading the sandbox's simulated platforms")
        facts = asyncio.run(gather(settings, args.github_org, args.github_repo))
    except InitError as exc:
        print(f"pmbot init: {exc}", file=sys.stderr)
        return 2
    except IntegrationError as exc:
        print(f"pmbot init: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    finally:
        if sandbox is not None:
            sandbox.stop()
    try:
        return write_team(facts, args, output, settings, ask)
    except InitError as exc:
        print(f"pmbot init: {exc}", file=sys.stderr)
        return 2


def _sandbox(settings: Settings) -> tuple[Settings, Any]:
    from bot.config import load_team_config
    from bot.sandbox import Sandbox

    team = load_team_config(settings.pmbot_config)
    sandbox = Sandbox(settings.missing_platforms())
    return sandbox.start(settings, team), sandbox


async def gather(settings: Settings, orgs: list[str], repos: list[str]) -> Facts:
    """Everything `pmbot init` reads, in one pass over the three platforms."""
    name, title, tracker = tracker_of(settings)
    slack = platform("slack").make_client(settings)
    github = platform("github").make_client(settings)
    if tracker is None or slack is None:
        raise InitError("set CLICKUP_API_TOKEN (or JIRA_BASE_URL, JIRA_EMAIL and JIRA_API_TOKEN) and SLACK_BOT_TOKEN "
                        "(README: \"Your team in five steps\")")
    notes: list[str] = []
    try:
        me = await tracker.whoami()
        members = await tracker.members()  # on Jira: people's accounts, e-mails often hidden (matched by name)
        lists = [ListStatuses(lst.id, lst.path, tuple(await tracker.list_statuses(lst.id)))
                 for lst in await tracker.workspace_lists()]  # ClickUp's Lists; Jira's projects
        team_name = await tracker.workspace_name() or "team"
        bot_user = await slack.whoami()
        chat = [ChatPerson(u.id, u.real_name, u.display_name, u.email, u.tz, u.is_bot, u.deleted)
                for u in await slack.users()]
        channels = await slack.channels()
        logins: list[str] = []
        commits: list[CommitIdentity] = []
        if github is None:
            notes.append("GitHub: no GITHUB_TOKEN, so no GitHub logins")
        elif not orgs and not repos:
            notes.append("GitHub: give --github-org ORG or --github-repo OWNER/NAME to match GitHub logins")
        else:
            read: list[str] = list(repos)
            for org in orgs:
                logins += await github.org_members(org)
                read += (await github.org_repos(org))[:MAX_REPOS]
            for repo in repos:
                logins += await github.collaborators(repo)
            for repo in dict.fromkeys(read):
                commits += [CommitIdentity(c.login, c.name, c.email) for c in await github.commit_authors(repo)]
            logins = list(dict.fromkeys(logins))
    finally:
        for client in (tracker, slack, github):
            if client is not None:
                await client.aclose()
    return Facts(members, chat, logins, commits, lists, [me.id, bot_user.id], team_name, notes, channels, name, title)


def _yes(ask: Ask, prompt: str, *, default: bool) -> bool:
    answer = ask(prompt).strip().lower()
    return default if not answer else answer in ("y", "yes")


def _confirm_guesses(matching: Matching, ask: Ask, tracker: str) -> None:
    """Ask about each link made by a name or a dotless e-mail; one refused leaves the people unmatched."""
    for person in list(matching.people):
        how = person.how.get("slack", "")
        if how != "e-mail" and person.clickup and person.slack:
            question = (f"{tracker}'s {person.clickup.username!r} <{person.clickup.email or 'no e-mail'}> is "
                        f"Slack's {person.slack.name!r} <{person.slack.email or 'no e-mail'}>? (by {how}) [Y/n] ")
            if not _yes(ask, question, default=True):
                matching.people.remove(person)
                why = f"you said {tracker}'s and Slack's accounts are not the same person"
                matching.unmatched.append((person, why))
                continue
        how = person.how.get("github", "")
        if person.github and how != "commit e-mail":
            if not _yes(ask, f"GitHub's {person.github!r} is {person.name!r}? (by {how}) [Y/n] ", default=True):
                matching.unmatched.append((None, f"{person.github} (GitHub): you said it is not {person.name}"))
                person.github = None


def resolve(people: list[Person], wanted: list[str], flag: str, tracker: str = "ClickUp") -> list[Person]:
    """The people named by `wanted` (a name, a first name, an e-mail or a platform id; case ignored)."""
    found = []
    for text in wanted:
        key = name_key(text)
        exact = [p for p in people if key in {name_key(p.name), *(e.lower() for e in p.emails)}
                 or text in {p.clickup.id if p.clickup else "", p.slack.id if p.slack else "", p.github or ""}
                 or text.lower() == (p.github or "").lower() or any(e.lower() == text.lower() for e in p.emails)]
        first = [p for p in people if name_key(p.name).split()[:1] == [key]]
        match = exact if len(exact) == 1 else first if len(first) == 1 else []
        if not match:
            many = len(exact) > 1 or len(first) > 1
            why = "more than one person" if many else f"nobody matched on {tracker} and Slack"
            raise InitError(f"{flag} {text!r}: {why} is called so (names: {', '.join(p.name for p in people)})")
        found.append(match[0])
    return found


def pick_channel(channels: list[tuple[str, str]], wanted: str) -> tuple[str, str]:
    """The public channel `wanted` names: its id, or its name with or without `#` (case ignored)."""
    name = wanted.strip().removeprefix("#").lower()
    for channel in channels:
        if wanted.strip() == channel[0] or name == channel[1].lower():
            return channel
    known = ", ".join(f"#{n}" for _, n in channels[:20]) + (" ..." if len(channels) > 20 else "")
    raise InitError(f"--qa-channel {wanted!r}: no public channel has that name or id (channels: {known or 'none'})")


def _ask_channel(ask: Ask, channels: list[tuple[str, str]]) -> str | None:
    if not channels:
        return None
    print("Public channels:", ", ".join(f"#{name}" for _, name in channels[:50])
          + (f" and {len(channels) - 50} more" if len(channels) > 50 else ""))
    return ask("Where should the QA router announce hand-offs? A channel name, empty for none: ").strip() or None


def _ask_names(ask: Ask, question: str) -> list[str]:
    return [n.strip() for n in ask(question).split(",") if n.strip()]


def write_team(facts: Facts, args: argparse.Namespace, output: Path, settings: Settings, ask: Ask) -> int:
    matching = match_people(facts.members, facts.chat, facts.logins, facts.commits, ignore=facts.own,
                            tracker=facts.tracker_title)
    if not args.yes:
        _confirm_guesses(matching, ask, facts.tracker_title)
    people = matching.people
    qa_names, lead_names = list(args.qa), list(args.lead)
    if not args.yes and not qa_names and not lead_names:
        print("Found:", ", ".join(p.name for p in people) or "nobody")
        lead_names = _ask_names(ask, "Who leads (escalations go to them)? Names, comma-separated, empty for none: ")
        qa_names = _ask_names(ask, "Who tests (the QA router hands tasks to them)? Names, empty for none: ")
    qa = resolve(people, qa_names, "--qa", facts.tracker_title)
    leads = resolve(people, lead_names, "--lead", facts.tracker_title)
    wanted = args.qa_channel if args.qa_channel or args.yes else _ask_channel(ask, facts.channels)
    qa_channel = pick_channel(facts.channels, wanted) if wanted else None
    members = []
    for p in people:
        roles = [r for r, who in (("qa", qa), ("lead", leads)) if any(x is p for x in who)]
        members.append(TeamMember(p, roles or ["developer"]))
    if qa or leads:
        role_note = "developer unless named with --qa / --lead (or at the prompt)."
    else:
        role_note = "nobody was named as qa or lead, so everyone is a developer; give someone roles: [qa]."
    proposal = propose_statuses(facts.lists)
    sources = f"{facts.tracker_title}, Slack and GitHub" if facts.logins else f"{facts.tracker_title} and Slack"
    text = render_team(facts.team, members, matching.unmatched, proposal, sources=sources, role_note=role_note,
                       qa_channel=qa_channel, tracker=(facts.tracker, facts.tracker_title))
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w" if output.exists() else "x", encoding="utf-8") as f:
        f.write(text)
    _report(output, members, matching, proposal.notes, facts.notes, qa_given=bool(qa), lead_given=bool(leads),
            tracker=facts.tracker_title)
    return _check_written(output, settings)


def _report(output: Path, members: list[TeamMember], matching: Matching, status_notes: list[str], notes: list[str],
            *, qa_given: bool, lead_given: bool, tracker: str) -> None:
    print(f"wrote {output}: {len(members)} people matched on {tracker} and Slack, "
          f"{sum(1 for m in members if m.person.github)} with GitHub")
    if not qa_given:
        print("  no QA engineer named (--qa): everyone is a developer, and the QA router has nobody to hand to")
    if not lead_given:
        print("  no lead named (--lead): nobody to escalate to")
    print("QA router statuses:")
    print("\n".join(f"  {n}" for n in status_notes))
    lines = unmatched_lines(matching.unmatched, tracker)
    if lines:
        print("Not matched:")
        print("\n".join(f"  {line}" for line in lines))
    for note in notes:
        print(note)


def _check_written(output: Path, settings: Settings) -> int:
    """Load the file as `pmbot check` does and show what it would say."""
    from bot.config import ConfigError, load_team_config, team_problems
    from bot.plugins import agent_classes, build_agents

    classes = agent_classes(settings.pmbot_agents)
    try:
        team = load_team_config(output, classes)
    except ConfigError as exc:
        print(f"pmbot init: the file written does not load (please report this):\n{exc}", file=sys.stderr)
        return 1
    problems = team_problems(team, build_agents(classes, team))
    for problem in problems:
        print(f"  to do: {problem}")
    print(f"next: PMBOT_CONFIG={output} pmbot check")
    return 0
