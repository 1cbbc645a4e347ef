"""The sandbox's demo Jira site: the team's people (their `jira:` account ids), one project and five issues."""

from __future__ import annotations

import secrets

from integrations.jira.sim.api import JiraSimulator
from integrations.platform import Seed, Simulation

BOT_ACCOUNT = "sandbox-pmbot"
BOT_EMAIL = "pmbot@example.invalid"
DEMO_PROJECT = "DEMO"
DEMO_ISSUES = [
    # key, summary, status, index of the seeded person assigned (None: nobody), labels
    ("DEMO-1", "Checkout: apply coupon codes", "In Progress", 0, ["backend"]),
    ("DEMO-2", "Profile page redesign", "In Review", 1, ["frontend"]),
    ("DEMO-3", "Rate-limit the public API", "To Do", None, ["api"]),
    ("DEMO-4", "Fix flaky login test", "In Testing", 2, ["backend"]),
    ("DEMO-5", "Onboarding e-mail copy", "Done", 1, []),
]


def seed(sim: JiraSimulator, world: Seed) -> None:
    people = [p for p in world.people if "jira" in p.ids]
    for person in people:
        sim.add_user(person.ids["jira"], person.name, person.email, time_zone=person.timezone)
    sim.add_project(DEMO_PROJECT, "Demo")
    for key, summary, status, who, labels in DEMO_ISSUES:
        assignee = people[who].ids["jira"] if who is not None and who < len(people) else None
        sim.add_issue(key, summary, status, assignee=assignee, labels=labels)


def simulate(world: Seed, public_url: str) -> Simulation:
    token, hook_secret = "sandbox-" + secrets.token_hex(12), secrets.token_hex(16)
    sim = JiraSimulator(email=BOT_EMAIL, token=token, bot_account_id=BOT_ACCOUNT)
    seed(sim, world)
    sim.start()
    sim.set_webhook(f"{public_url}/webhooks/jira", hook_secret)
    return Simulation(sim, {"jira_base_url": sim.base_url, "jira_email": BOT_EMAIL, "jira_api_token": token,
                            "jira_webhook_secret": hook_secret}, {"JIRA_WEBHOOK_SECRET": hook_secret})
