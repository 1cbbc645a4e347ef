"""`pmbot init` with JIRA_* set reads the team from Jira instead of ClickUp: people from /users/search (accountId; the
e-mail where the person's privacy shows it, else the display name decides, with a "check" comment), the QA router's
statuses from the projects' workflows, and writes `jira: <accountId>` handles that load."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import load_team_config, team_problems
from bot.plugins import agent_classes, build_agents
from integrations.jira.sim import JiraSimulator
from integrations.jira.sim.site import Workflow
from integrations.slack.sim import SlackSimulator
from tests.support.jira_world import JIRA
from tests.support.platforms import SECRETS, TOKENS

OPS = Workflow({"Open": "todo", "Doing": "in_progress", "Closed": "done"}, ())
# name, Jira accountId, Jira e-mail (None: hidden by the person's privacy settings), Slack id, Slack e-mail
PEOPLE = [
    ("Ana Lee", "5b10a2844c20165700ede21g", "ana@acme.test", "U01", "ana@acme.test"),
    ("Ben Okafor", "5b10ac8d82e05b22cc7d4ef5", None, "U02", "ben@acme.test"),  # hidden: by name
    ("Quinn Tester", "712020:4f7a1b2c-0d3e", None, "U03", "quinn@acme.test"),  # hidden: by name
    ("Lee Lead", "712020:9a8b7c6d-5e4f", "lee@acme.test", "U04", "lee@acme.test"),
]


@pytest.fixture
def sims() -> Iterator[tuple[JiraSimulator, SlackSimulator]]:
    jira = JiraSimulator(email=JIRA["email"], token=JIRA["token"], bot_account_id=JIRA["bot"], title="Acme Jira")
    slack = SlackSimulator(token=TOKENS["slack"])
    for name, account, email, sid, slack_email in PEOPLE:
        jira.add_user(account, name, email or f"{name.split()[0].lower()}@private.test", hidden_email=email is None)
        slack.add_user(sid, name.split()[0].lower(), name, slack_email, tz="Europe/Berlin")
    jira.add_user("557058:automation", "Automation for Jira", None, account_type="app")
    jira.add_user("5b10ffffffffffffffffffff", "Olive Only", "olive@acme.test")  # not in Slack
    jira.add_project("ENG", "Engineering")  # the QA workflow
    jira.add_project("OPS", "Operations", OPS)
    for sim in (jira, slack):
        sim.start()
    yield jira, slack
    for sim in (jira, slack):
        sim.stop()


def test_init_on_jira__account_ids_matched_by_email_or_name_and_the_projects_statuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    sims: tuple[JiraSimulator, SlackSimulator],
) -> None:
    jira, slack = sims
    monkeypatch.chdir(tmp_path)  # no .env from the checkout
    monkeypatch.delenv("CLICKUP_API_TOKEN", raising=False)  # with both configured, ClickUp is the tracker
    for name, value in {"JIRA_BASE_URL": jira.base_url, "JIRA_EMAIL": JIRA["email"], "JIRA_API_TOKEN": JIRA["token"],
                        "JIRA_WEBHOOK_SECRET": JIRA["secret"], "SLACK_BOT_TOKEN": TOKENS["slack"],
                        "SLACK_SIGNING_SECRET": SECRETS["slack"], "SLACK_API_URL": slack.web_api_url,
                        "PMBOT_AGENTS": ""}.items():
        monkeypatch.setenv(name, value)
    out = tmp_path / "team.yaml"
    assert main(["init", "--yes", "--output", str(out), "--qa", "Quinn Tester", "--lead", "Lee"]) == 0
    printed = capsys.readouterr().out.splitlines()

    classes = agent_classes("")
    team = load_team_config(out, classes)
    assert team_problems(team, build_agents(classes, team)) == []
    assert {p.name: (p.ids.get("jira"), p.ids.get("slack"), p.ids.get("clickup")) for p in team.people} == {
        name: (account, sid, None) for name, account, _, sid, _ in PEOPLE}
    text = out.read_text()
    assert text.startswith('# pmbot team configuration, written by `pmbot init` from Jira and Slack.\n'
                           '# Check it with `pmbot check`, then start with `pmbot serve` (README: "Your team in five '
                           'steps").\nteam: "Acme Jira"\n')
    assert '    jira: "5b10ac8d82e05b22cc7d4ef5"\n    slack: "U02"  # by name, 100% alike: check\n' in text
    assert '    jira: "5b10a2844c20165700ede21g"\n    slack: "U01"\n' in text
    qa = team.section("qa_router")
    assert qa["lists"] == ["ENG"] and qa["escalate_to"] == ["U04"]
    assert qa["statuses"] == {"ready": "ready for testing", "testing": "in testing", "failed": "needs fix",
                              "passed": ["done", "closed"]}
    assert '    - "ENG"  # Engineering (ENG)' in text
    assert printed[0] == f"wrote {out}: 4 people matched on Jira and Slack, 0 with GitHub"
    assert "  lists: only the 1 with 'ready for testing' (not Operations (OPS))" in printed
    assert "  Olive Only (Jira 5b10ffffffffffffffffffff, olive@acme.test): only in Jira: no Slack user with this " \
           "e-mail or a like name" in printed
    assert [(r.path, sorted(r.query.items())) for r in jira.calls("GET")] == [
        ("/rest/api/3/myself", []),
        ("/rest/api/3/users/search", [("maxResults", ["100"]), ("startAt", ["0"])]),
        ("/rest/api/3/project/search", [("maxResults", ["100"]), ("orderBy", ["key"]), ("startAt", ["0"])]),
        ("/rest/api/3/project/ENG/statuses", []),
        ("/rest/api/3/project/OPS/statuses", []),
        ("/rest/api/3/serverInfo", []),
    ]
    assert jira.writes() == []  # init only reads
