"""The sandbox's demo ClickUp workspace: the team's people, one sprint list and five tasks."""

from __future__ import annotations

import secrets

from integrations.clickup.sim.api import ClickUpSimulator
from integrations.platform import Seed, Simulation

TEAM_ID = "9000"
BOT_USER = "900"
DEMO_LIST = "L100"
DEMO_STATUSES = ["to do", "in progress", "in review", "ready for testing", "in testing", "needs fix", "done", "closed"]
DEMO_TASKS = [
    # id, name, status, clickup assignee ids, tags
    ("T1", "Checkout: apply coupon codes", "in progress", ["101"], ["backend"]),
    ("T2", "Profile page redesign", "in review", ["102"], ["frontend"]),
    ("T3", "Rate-limit the public API", "to do", [], ["api"]),
    ("T4", "Fix flaky login test", "in testing", ["201"], ["backend"]),
    ("T5", "Onboarding e-mail copy", "done", ["102"], []),
]


def seed(sim: ClickUpSimulator, world: Seed) -> None:
    known = set()
    for person in world.people:
        if "clickup" in person.ids:
            sim.add_user(person.ids["clickup"], person.name, person.email)
            known.add(person.ids["clickup"])
    sim.add_list(DEMO_LIST, "Sprint board", DEMO_STATUSES)
    for task_id, name, status, assignees, tags in DEMO_TASKS:
        sim.add_task(task_id, name, DEMO_LIST, status, assignees=[a for a in assignees if a in known], tags=tags)


def simulate(world: Seed, public_url: str) -> Simulation:
    token, hook_secret = "pk_sandbox_" + secrets.token_hex(8), secrets.token_hex(16)
    sim = ClickUpSimulator(token=token, team_id=TEAM_ID, bot_user_id=BOT_USER)
    seed(sim, world)
    sim.start()
    sim.set_webhook(f"{public_url}/webhooks/clickup", hook_secret)
    return Simulation(sim, {"clickup_api_token": token, "clickup_webhook_secret": hook_secret,
                            "clickup_team_id": TEAM_ID, "clickup_api_url": sim.base_url},
                      {"CLICKUP_WEBHOOK_SECRET": hook_secret})
