"""The simulated workspace the auto-answerer's evaluation asks about: a bug list whose tasks carry descriptions
and comments, two project lists with live state, and a repository with documentation and pull requests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from integrations.clickup.sim.api import ClickUpSimulator
from integrations.github.sim.api import GitHubSimulator

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
HANDBOOK = Path(__file__).resolve().parent / "handbook"
STATUSES = ["to do", "in progress", "in review", "ready for testing", "in testing", "needs fix", "done", "closed"]
PEOPLE: list[dict[str, Any]] = [
    {"name": "Dana Developer", "slack": "U0DANA", "clickup": "101", "github": "dana-dev", "roles": ["developer"]},
    {"name": "Devon Builder", "slack": "U0DEVON", "clickup": "102", "github": "devon-b", "roles": ["developer"]},
    {"name": "Quinn Tester", "slack": "U0QUINN", "clickup": "201", "github": "quinn-qa", "roles": ["qa"]},
    {"name": "Lee Lead", "slack": "U0LEE", "clickup": "301", "github": "lee-lead", "roles": ["lead"]},
]
SECTION: dict[str, Any] = {
    "sources": [
        {"name": "handbook", "kind": "folder", "path": str(HANDBOOK)},
        {"name": "bugs", "kind": "clickup_list", "list": "LB"},
        {"name": "webapp", "kind": "github_repo", "repo": "demo/webapp", "paths": ["README.md", "docs/"]},
    ],
    "projects": {"Mobile": "LM", "Web": "LW"},
    "owners": ["U0LEE"],
}

# id, custom id, name, status, assignees, description, comments [(user, text)]
BUGS = [
    ("86b101", "BUG-101", "Login fails on Safari 17", "in progress", ["102"],
     "Since Safari 17.1, users land on a blank page after entering their password. Chrome and Firefox work.",
     [("201", "Reproduced on macOS 14 with Safari 17.1 and 17.2."),
      ("102", "Workaround until the fix ships: clear the site's cookies and sign in again.")]),
    ("86b102", "BUG-102", "CSV export cuts off at 10,000 rows", "to do", [],
     "Exporting a report with more than 10,000 lines silently stops at line 10,000.",
     [("301", "This is the export service's hard limit. For bigger exports use the reports API with pagination.")]),
    ("86b103", "BUG-103", "Push notifications arrive late on Android", "in testing", ["201"],
     "On some Android phones notifications show up 10-20 minutes late.",
     [("101", "Caused by battery optimisation: users can exempt the app under Settings → Battery → "
              "Unrestricted. We now ask for the exemption during onboarding.")]),
    ("86b104", "BUG-104", "Invoice PDF shows the wrong currency symbol", "done", ["101"],
     "Invoices for euro customers were rendered with a dollar sign.",
     [("101", "Fixed in release 2.4.1; invoices generated before that can be re-rendered from the admin page.")]),
    ("86b105", "BUG-105", "Search ignores accented characters", "to do", [],
     "Searching for 'cafe' does not find 'café', and the other way round.",
     [("301", "Planned for the search rewrite next quarter; no workaround yet.")]),
    ("86b106", "BUG-106", "Dark mode text unreadable in settings", "in review", ["102"],
     "Grey text on a dark grey background in the settings screens.", []),
]
# id, custom id, name, list, status, assignees, due in days from NOW (negative: past)
TASKS = [
    ("86m007", "MOB-7", "Offline mode for the shopping list", "LM", "in testing", ["201"], 3),
    ("86m008", "MOB-8", "Biometric sign-in", "LM", "in progress", ["101"], -3),
    ("86m009", "MOB-9", "App store screenshots", "LM", "to do", [], -1),
    ("86m010", "MOB-10", "Crash on rotate", "LM", "done", ["102"], -5),
    ("86w003", "WEB-3", "Checkout redesign", "LW", "in review", ["102"], 10),
    ("86w004", "WEB-4", "Coupon codes", "LW", "in progress", ["101"], 7),
]
REPO = "demo/webapp"
REPO_FILES = {
    "README.md": "# Webapp\n\nThe customer-facing shop of the demo team: catalogue, cart, checkout and invoices.\n\n"
                 "See docs/ for setup, the API and how we use feature flags.\n",
    "docs/setup.md": "# Local development\n\nInstall Docker and Node 20, then run `make dev`: it starts the app on "
                     "http://localhost:8080 with a seeded database and hot reload. `make test` runs the unit "
                     "tests, `make e2e` the browser tests.\n",
    "docs/api.md": "# Public API\n\nAuthenticate with a personal API token in the `Authorization: Bearer` header; "
                   "create tokens under Account → Developer.\n\n## Limits\n\nEach token may make 100 requests a "
                   "minute; beyond that the API answers 429 with a Retry-After header. List endpoints return at "
                   "most 100 items per page.\n",
    "docs/architecture.md": "# Architecture\n\nA Next.js front end talks to a Python (FastAPI) backend. Data lives "
                            "in PostgreSQL 15; Redis holds sessions and the job queue. Everything runs on "
                            "Kubernetes in the eu-central region.\n",
    "docs/feature-flags.md": "# Feature flags\n\nNew features ship dark behind a flag in Unleash. Turn a flag on "
                             "for your squad first, then for 10% of customers, then for everyone; remove the "
                             "flag and its code within two sprints of the full rollout.\n",
}
PULLS = [
    (11, "Add coupon validation", "dana-dev", "feature/WEB-4-coupons", ["lee-lead"], False),
    (12, "Fix Safari login redirect", "devon-b", "fix/BUG-101-safari", ["quinn-qa"], False),
    (13, "Dark mode for settings", "devon-b", "feature/dark-mode", [], True),
]


def ms(days: int) -> int:
    return int((NOW + timedelta(days=days)).timestamp() * 1000)


def seed_clickup(sim: ClickUpSimulator) -> None:
    for person in PEOPLE:
        sim.add_user(person["clickup"], person["name"])
    sim.add_list("LB", "Bugs", STATUSES)
    sim.add_list("LM", "Mobile", STATUSES)
    sim.add_list("LW", "Web", STATUSES)
    for task_id, custom, name, status, assignees, description, comments in BUGS:
        sim.add_task(task_id, name, "LB", status, assignees=assignees, custom_id=custom, description=description)
        for user, text in comments:
            sim.human_comment(task_id, user, text)
    for task_id, custom, name, list_id, status, assignees, due in TASKS:
        sim.add_task(task_id, name, list_id, status, assignees=assignees, custom_id=custom, due_date=ms(due))


def seed_github(sim: GitHubSimulator) -> None:
    sim.add_repo(REPO)
    for path, text in REPO_FILES.items():
        sim.add_file(REPO, path, text)
    for number, title, author, branch, reviewers, draft in PULLS:
        sim.add_pull(REPO, number, title, author, branch, requested_reviewers=reviewers, draft=draft)
