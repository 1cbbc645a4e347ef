"""The sandbox's demo GitHub repository: two open pull requests, one referencing a demo task."""

from __future__ import annotations

import secrets

from integrations.github.sim.api import GitHubSimulator
from integrations.platform import Seed, Simulation

DEMO_REPO = "demo/webapp"


def seed(sim: GitHubSimulator, world: Seed) -> None:
    repos = list(world.repos) or [DEMO_REPO]
    logins = [(p.ids["github"], p.roles) for p in world.people if "github" in p.ids]
    developers = [login for login, roles in logins if "developer" in roles] or ["octocat"]
    reviewers = [login for login, roles in logins if "lead" in roles]
    for name in repos:
        sim.add_repo(name)
    repo = repos[0]
    sim.add_pull(repo, 1, "CU-T1 Apply coupon codes at checkout", developers[0], "feature/CU-T1-coupons",
                 body="Implements coupon codes.")
    sim.add_pull(repo, 2, "Profile page redesign", developers[-1], "feature/profile-redesign",
                 body="Closes CU-T2", requested_reviewers=reviewers[:1])


def simulate(world: Seed, public_url: str) -> Simulation:
    token, hook_secret = "ghp_sandbox_" + secrets.token_hex(8), secrets.token_hex(16)
    sim = GitHubSimulator(token=token)
    seed(sim, world)
    sim.start()
    return Simulation(sim, {"github_token": token, "github_webhook_secret": hook_secret,
                            "github_api_url": sim.base_url}, {"GITHUB_WEBHOOK_SECRET": hook_secret})
