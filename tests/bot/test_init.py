"""`pmbot init` against a 30-person world on the three simulators: the file it writes loads, maps everyone who
can be mapped, names everyone else with the reason, and the QA router hands a task over from it unedited."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from bot.clock import FrozenClock
from bot.config import load_team_config, team_problems
from bot.init_match import email_key, loose_email_key
from bot.init_statuses import ListStatuses, propose_statuses
from bot.plugins import agent_classes, build_agents
from integrations.clickup.sim import ClickUpSimulator
from integrations.github.sim import GitHubSimulator
from integrations.slack.sim import SlackSimulator
from tests.support.platforms import SECRETS, TOKENS, dm_texts, put_bodies
from tests.support.world import MONDAY, World

WEB_STATUSES = ["backlog", "in progress", "code review", "ready for qa", "qa in progress", "reopened", "shipped"]
# name, ClickUp id and e-mail, Slack id and e-mail, Slack timezone, GitHub login and the e-mail on its commits
REGULARS = [
    ("Ana Lee", "1001", "ana.lee@acme.test", "U01", "Ana.Lee@Acme.test", "Europe/Berlin", "ana-lee",
     "ana.lee@acme.test"),
    ("Ben Okafor", "1002", "ben@acme.test", "U02", "ben+slack@acme.test", "Africa/Lagos", "bokafor", "BEN@acme.test"),
    ("Cara Diaz", "1003", "Cara@Acme.Test", "U03", "cara@acme.test", "America/Mexico_City", "cdiaz",
     "cara+git@acme.test"),
    ("Dev Patel", "1004", "dev@acme.test", "U04", "dev@acme.test", "Asia/Kolkata", "devp", "dev@acme.test"),
    ("Eva Novak", "1005", "eva@acme.test", "U05", "eva@acme.test", "Europe/Prague", "evan", "eva@acme.test"),
    ("Finn Berg", "1006", "finn@acme.test", "U06", "FINN@acme.test", "Europe/Oslo", "finnb", "finn@acme.test"),
    ("Gia Russo", "1007", "gia@acme.test", "U07", "gia@acme.test", "Europe/Rome", "giar", "gia@acme.test"),
    ("Hugo Silva", "1008", "hugo@acme.test", "U08", "hugo@acme.test", "America/Sao_Paulo", "hugos", "hugo@acme.test"),
    ("Ines Moreau", "1009", "ines@acme.test", "U09", "ines@acme.test", "Europe/Paris", "inesm", "ines@acme.test"),
    ("Jon Park", "1010", "jon@acme.test", "U10", "jon@acme.test", "Asia/Seoul", "jonp", "jon@acme.test"),
    ("Kim Tran", "1011", "kim@acme.test", "U11", "kim@acme.test", "Asia/Ho_Chi_Minh", "kimt", "kim@acme.test"),
    ("Liam Walsh", "1012", "liam@acme.test", "U12", "liam@acme.test", "Europe/Dublin", "liamw", "liam@acme.test"),
    ("Mia Schulz", "1013", "mia@acme.test", "U13", "mia@acme.test", "Europe/Berlin", "mias", "mia@acme.test"),
    ("Nia Brown", "1014", "nia@acme.test", "U14", "nia@acme.test", "America/New_York", "niab", "nia@acme.test"),
    ("Omar Haddad", "1015", "omar@acme.test", "U15", "omar@acme.test", "Asia/Dubai", "omarh", "omar@acme.test"),
    ("Pia Keller", "1016", "pia@acme.test", "U16", "pia@acme.test", "Europe/Zurich", "piak", "pia@acme.test"),
    ("Quinn Tester", "1017", "quinn@acme.test", "U17", "quinn+qa@acme.test", "Europe/Berlin", None, None),
    ("Rae Checker", "1018", "rae@acme.test", "U18", "rae@acme.test", "America/Chicago", None, None),
    ("Sol Vega", "1019", "sol@acme.test", "U19", "sol@acme.test", "America/Bogota", "solv", "sol@acme.test"),
    ("Tom Reed", "1020", "tom@acme.test", "U20", "tom@acme.test", "Europe/London", "tomr", "tom@acme.test"),
    ("Uma Iyer", "1021", "uma@acme.test", "U21", "uma@acme.test", "Asia/Kolkata", "umai", "uma@acme.test"),
    ("Vic Lund", "1022", "vic@acme.test", "U22", "vic@acme.test", "Europe/Stockholm", "vicl", "vic@acme.test"),
    ("Lee Lead", "1023", "lee@acme.test", "U23", "lee@acme.test", "Europe/Berlin", None, None),
    ("Wes Cole", "1024", "wes@acme.test", "U24", "wes@acme.test", "", None, None),  # no timezone in Slack
    # matched on the weaker key only: the same address without the dot in its name part
    ("Mo Reyes", "1025", "mo.reyes@acme.test", "U25", "moreyes@acme.test", "America/Lima", "mreyes",
     "mo.reyes@acme.test"),
]


@pytest.fixture
def sims() -> Iterator[tuple[ClickUpSimulator, SlackSimulator, GitHubSimulator]]:
    """Thirty people: 25 on ClickUp and Slack, one known by name only, one only in ClickUp, one only in Slack, a
    Slack bot and a deactivated Slack user; GitHub's org members hide their e-mails but their commits carry them."""
    clickup = ClickUpSimulator(token=TOKENS["clickup"], team_id="9000", bot_user_id="900", team_name="Acme")
    slack = SlackSimulator(token=TOKENS["slack"])
    github = GitHubSimulator(token=TOKENS["github"])
    clickup.add_space("S1", "Engineering")
    clickup.add_folder("F1", "Product", "S1")
    clickup.add_list("L1", "Web app", WEB_STATUSES)
    clickup.place_list("L1", "S1", "F1")
    clickup.add_list("L2", "Ops", ["to do", "doing", "done"])
    clickup.place_list("L2", "S1")
    github.add_repo("acme/web")
    for n, (name, cu, cu_mail, sl, sl_mail, tz, login, commit_mail) in enumerate(REGULARS):
        clickup.add_user(cu, name, cu_mail)
        slack.add_user(sl, name.split()[0].lower(), name, sl_mail, tz=tz or None)
        if not tz:
            slack.users[sl].tz = ""
        if login:
            github.add_member("acme", login)
            github.add_commit("acme/web", f"{n:040x}", f"work by {name}", login, "2026-11-20T10:00:00Z",
                              email=commit_mail, name=name)
    clickup.add_user("1026", "Kai Nakamura", "kai@oldmail.test")
    slack.add_user("U26", "kai", "Kai Nakamura-Ito", "kai.n@acme.test", tz="Asia/Tokyo")  # alike names only
    clickup.add_user("1030", "Olive Only", "olive@acme.test")
    slack.add_user("U30", "sam", "Sam Solo", "sam@acme.test")
    slack.add_user("U31", "deploybot", "Deploy Bot", "", is_bot=True)
    slack.add_user("U32", "old", "Old Timer", "old@acme.test").deleted = True
    github.add_member("acme", "ghost-coder")  # a member with no commits
    github.add_member("acme", "hidden-hank")  # commits only under GitHub's noreply address
    github.add_commit("acme/web", "f" * 40, "private", "hidden-hank", "2026-11-20T11:00:00Z",
                      email="4242+hidden-hank@users.noreply.github.com")
    for sim in (clickup, slack, github):
        sim.start()
    yield clickup, slack, github
    for sim in (clickup, slack, github):
        sim.stop()


def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, clickup: ClickUpSimulator, slack: SlackSimulator,
         github: GitHubSimulator) -> None:
    monkeypatch.chdir(tmp_path)  # no .env from the checkout
    for name, value in {
        "CLICKUP_API_TOKEN": TOKENS["clickup"], "CLICKUP_WEBHOOK_SECRET": SECRETS["clickup"],
        "CLICKUP_TEAM_ID": "9000", "CLICKUP_API_URL": clickup.base_url, "SLACK_BOT_TOKEN": TOKENS["slack"],
        "SLACK_SIGNING_SECRET": SECRETS["slack"], "SLACK_API_URL": slack.web_api_url,
        "GITHUB_TOKEN": TOKENS["github"], "GITHUB_WEBHOOK_SECRET": SECRETS["github"],
        "GITHUB_API_URL": github.base_url, "PMBOT_AGENTS": "",
    }.items():
        monkeypatch.setenv(name, value)


NOT_MATCHED = [
    "Deploy Bot (Slack U31): a bot",
    "Old Timer (Slack U32, old@acme.test): deactivated in Slack",
    "ghost-coder (GitHub): a GitHub login with no commit e-mail (add github: ghost-coder to the right person)",
    "hidden-hank (GitHub): a GitHub login with no commit e-mail (add github: hidden-hank to the right person)",
    "Olive Only (ClickUp 1030, olive@acme.test): only in ClickUp: no Slack user with this e-mail or a like name",
    "Sam Solo (Slack U30, sam@acme.test): only in Slack: no ClickUp member with this e-mail or a like name",
]


def test_init__thirty_people__writes_a_team_the_loader_accepts_and_the_qa_router_hands_over_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    sims: tuple[ClickUpSimulator, SlackSimulator, GitHubSimulator],
) -> None:
    clickup, slack, github = sims
    _env(monkeypatch, tmp_path, clickup, slack, github)
    out = tmp_path / "team.yaml"
    slack.add_channel("C0QA", "qa")
    assert main(["init", "--yes", "--output", str(out), "--qa", "Quinn Tester", "rae@acme.test",
                 "--lead", "Lee", "--github-org", "acme", "--qa-channel", "#QA"]) == 0
    printed = capsys.readouterr().out.splitlines()

    classes = agent_classes("")
    team = load_team_config(out, classes)
    assert team_problems(team, build_agents(classes, team)) == []
    got = {p.name: (p.ids.get("clickup"), p.ids.get("slack"), p.ids.get("github")) for p in team.people}
    expected = {name: (cu, sl, login) for name, cu, _, sl, _, _, login, _ in REGULARS}
    expected["Kai Nakamura-Ito"] = ("1026", "U26", None)
    assert got == expected
    assert {p.name: p.timezone for p in team.people} == {
        **{name: tz or "UTC" for name, _, _, _, _, tz, _, _ in REGULARS}, "Kai Nakamura-Ito": "Asia/Tokyo"}
    assert {p.name: p.roles for p in team.people if p.roles != ["developer"]} == {
        "Quinn Tester": ["qa"], "Rae Checker": ["qa"], "Lee Lead": ["lead"]}
    assert team.person(name="Ben Okafor").email == "ben+slack@acme.test"  # type: ignore[union-attr]
    text = out.read_text()
    assert '    slack: "U25"  # by e-mail without dots in the name part: check' in text
    assert '    slack: "U26"  # by name, 86% alike: check' in text
    assert '    timezone: "UTC"  # Slack has no timezone for them' in text
    qa = team.section("qa_router")
    assert qa["lists"] == ["L1"] and qa["escalate_to"] == ["U23"] and qa["channel"] == "C0QA"
    assert '  channel: "C0QA"   # #qa: hand-off announcements' in text
    assert qa["statuses"] == {"ready": "ready for qa", "testing": "qa in progress", "failed": "reopened",
                              "passed": ["shipped", "done"]}
    assert printed[printed.index("Not matched:") + 1:][:len(NOT_MATCHED)] == [f"  {line}" for line in NOT_MATCHED]
    assert printed[0] == f"wrote {out}: 26 people matched on ClickUp and Slack, 21 with GitHub"
    assert "  lists: only the 1 with 'ready for qa' (not Engineering / Ops)" in printed

    # The file as written: pmbot hands a task that is ready for QA to a QA engineer from it.
    clickup.add_task("T1", "Coupons", "L1", "in progress", assignees=["1001"])
    slack.add_channel("C0QA", "qa")
    w = World(tmp_path, team, FrozenClock(MONDAY), clickup, slack, github, f"sqlite+aiosqlite:///{tmp_path}/db")
    w.start()
    try:
        w.move("1001", "ready for qa")
        assert put_bodies(clickup) == [{"status": "qa in progress", "assignees": {"add": [1017], "rem": [1001]}}]
        assert dm_texts(slack, "U17") == ["You have a task to test: <https://app.clickup.com/t/T1|Coupons>\n"
                                          "Built by: Ana Lee\nPull requests: none linked"]
    finally:
        for server in list(w.servers):
            w.stop(server)


def test_init__yes__refuses_to_overwrite_without_force(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "team.yaml"
    out.write_text("team: mine\n")
    assert main(["init", "--yes", "--output", str(out)]) == 1
    assert out.read_text() == "team: mine\n"
    assert capsys.readouterr().err == (f"pmbot init: {out} exists; not overwriting it (add --force, or choose "
                                       "another --output)\n")


def test_email_keys__case_and_plus_tags_are_the_same_mailbox_dots_only_loosely() -> None:
    assert email_key("Ana.Lee+slack@Acme.TEST") == "ana.lee@acme.test"
    assert email_key("ana.lee@acme.test") != email_key("analee@acme.test")
    assert loose_email_key("Ana.Lee+x@acme.test") == loose_email_key("analee@acme.test") == "analee@acme.test"


def test_propose_statuses__keeps_the_default_and_says_so_when_nothing_is_alike() -> None:
    proposal = propose_statuses([ListStatuses("L9", "S / Tasks", ("open", "doing", "complete"))])
    assert proposal.statuses.ready == "ready for testing"
    assert proposal.notes[0] == "ready: no status like 'ready for testing' in any list: kept the default " \
                                "'ready for testing'"
    assert proposal.statuses.passed == ["complete"]


def test_init__an_unknown_qa_channel_is_refused_naming_the_channels(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    sims: tuple[ClickUpSimulator, SlackSimulator, GitHubSimulator],
) -> None:
    _env(monkeypatch, tmp_path, *sims)
    sims[1].add_channel("C0QA", "qa")
    out = tmp_path / "team.yaml"
    assert main(["init", "--yes", "--output", str(out), "--qa-channel", "testing"]) == 2
    assert capsys.readouterr().err == ("pmbot init: --qa-channel 'testing': no public channel has that name or id "
                                       "(channels: #qa)\n")
    assert not out.exists()


def test_slack_channels__pages_through_conversations_list_of_public_channels(tmp_path: Path) -> None:
    import asyncio

    from integrations.slack.client import SlackChat

    slack = SlackSimulator(token=TOKENS["slack"])
    for n in range(5):
        slack.add_channel(f"C{n}", f"c{n}")
    slack.start()
    try:
        async def read() -> list[tuple[str, str]]:
            async with SlackChat(TOKENS["slack"], base_url=slack.web_api_url) as chat:
                return await chat.channels(page_size=2)

        assert asyncio.run(read()) == [(f"C{n}", f"c{n}") for n in range(5)]
        assert [(c.get("limit"), c.get("types"), c.get("exclude_archived")) for c in
                slack.api_calls("conversations.list")] == [("2", "public_channel", "1")] * 3
    finally:
        slack.stop()


def test_slack_users__pages_through_users_list(tmp_path: Path) -> None:
    import asyncio

    from integrations.slack.client import SlackChat

    slack = SlackSimulator(token=TOKENS["slack"])
    for n in range(5):
        slack.add_user(f"U{n}", f"u{n}", f"User {n}", f"u{n}@acme.test")
    slack.start()
    try:
        async def read() -> list[str]:
            async with SlackChat(TOKENS["slack"], base_url=slack.web_api_url) as chat:
                return [u.id for u in await chat.users(page_size=3)]

        assert asyncio.run(read()) == ["U0", "U1", "U2", "U3", "U4", "UBOT", "USLACKBOT"]
        assert [c.get("limit") for c in slack.api_calls("users.list")] == ["3", "3", "3"]
    finally:
        slack.stop()


def test_init__asks_about_weak_matches_and_roles_without_yes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    sims: tuple[ClickUpSimulator, SlackSimulator, GitHubSimulator],
) -> None:
    import argparse

    from bot.init import add_arguments, cmd_init

    _env(monkeypatch, tmp_path, *sims)
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    out = tmp_path / "team.yaml"
    answers = {"ClickUp's 'Mo Reyes'": "", "ClickUp's 'Kai Nakamura'": "n", "Who leads": "Lee Lead",
               "Who tests": "Quinn Tester", "Where should": "qa"}
    sims[1].add_channel("C0GEN", "general")
    sims[1].add_channel("C0QA", "qa")
    asked: list[str] = []

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return next(a for q, a in answers.items() if prompt.startswith(q))

    assert cmd_init(parser.parse_args(["--output", str(out), "--github-org", "acme"]), ask) == 0
    assert asked == [
        "ClickUp's 'Mo Reyes' <mo.reyes@acme.test> is Slack's 'Mo Reyes' <moreyes@acme.test>? "
        "(by e-mail without dots in the name part) [Y/n] ",
        "ClickUp's 'Kai Nakamura' <kai@oldmail.test> is Slack's 'Kai Nakamura-Ito' <kai.n@acme.test>? "
        "(by name, 86% alike) [Y/n] ",
        "Who leads (escalations go to them)? Names, comma-separated, empty for none: ",
        "Who tests (the QA router hands tasks to them)? Names, empty for none: ",
        "Where should the QA router announce hand-offs? A channel name, empty for none: ",
    ]
    printed = capsys.readouterr().out.splitlines()
    assert "Public channels: #general, #qa" in printed
    team = load_team_config(out, agent_classes(""))
    assert team.section("qa_router")["channel"] == "C0QA"
    mo = team.person(slack="U25")
    assert team.person(clickup="1026") is None and mo is not None and mo.name == "Mo Reyes"
    assert [p.name for p in team.people if p.roles != ["developer"]] == ["Quinn Tester", "Lee Lead"]
    assert ("  Kai Nakamura-Ito (ClickUp 1026, Slack U26, kai@oldmail.test, kai.n@acme.test): you said ClickUp's "
            "and Slack's accounts are not the same person") in printed
