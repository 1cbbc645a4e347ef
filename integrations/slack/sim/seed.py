"""The sandbox's demo Slack workspace: the team's people and channels."""

from __future__ import annotations

import secrets

from integrations.platform import Seed, Simulation
from integrations.slack.sim.api import SlackSimulator

DEMO_CHANNELS = {"C0QA": "qa", "C0REPORTS": "reports", "C0STANDUP": "standup", "C0HELP": "help"}


def seed(sim: SlackSimulator, world: Seed) -> None:
    for person in world.people:
        if "slack" in person.ids:
            sim.add_user(person.ids["slack"], person.name.split()[0].lower(), person.name, person.email or "",
                         tz=person.timezone)
    for channel_id, name in {**DEMO_CHANNELS, **world.channels}.items():
        sim.add_channel(channel_id, name)


def simulate(world: Seed, public_url: str) -> Simulation:
    token, signing = "xoxb-sandbox-" + secrets.token_hex(8), secrets.token_hex(16)
    sim = SlackSimulator(token=token)
    seed(sim, world)
    sim.start()
    return Simulation(sim, {"slack_bot_token": token, "slack_signing_secret": signing,
                            "slack_api_url": sim.web_api_url}, {"SLACK_SIGNING_SECRET": signing})
