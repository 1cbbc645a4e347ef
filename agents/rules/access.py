"""Who may make and enable rules in Slack, and what a rule made there may do (the team file's `access.rules`).

A rule in the team file is the team's own; a rule made in Slack is someone's proposal: it is proposed by a
member (by default), enabled by a lead (by default), posts only to `channels` when the team file lists them,
DMs at most `max_recipients` people per action, and one person keeps at most `per_person` of them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agents.base import AgentContext
from agents.common.mrkdwn import Mrkdwn, mention
from agents.rules.config import Rule
from agents.team import LEAD, RANK, TeamConfig

if TYPE_CHECKING:
    from agents.rules.state import StoredRule


def may(ctx: AgentContext, user: str | None, level: str) -> bool:
    return RANK[ctx.people.level(user)] >= RANK[level]


def may_propose(ctx: AgentContext, user: str | None) -> bool:
    return may(ctx, user, ctx.team.access.rules.propose)


def may_enable(ctx: AgentContext, user: str | None) -> bool:
    return may(ctx, user, ctx.team.access.rules.enable)


def post_channels(team: TeamConfig) -> set[str] | None:
    """Where a Slack-made rule may post (`access.rules.channels`); None: anywhere pmbot is."""
    allowed = team.access.rules.channels
    return None if allowed is None else {c.lstrip("#") for c in allowed}


def recipients(team: TeamConfig, targets: list[str]) -> int | None:
    """How many people `targets` name at most, or None when it depends on the event (author, assignees)."""
    names: set[str] = set()
    for target in targets:
        kind, _, rest = target.partition(":")
        if target in ("author", "assignees"):
            return None
        if target == "all":
            names |= {p.name for p in team.people}
        elif kind == "role":
            names |= {p.name for p in team.people if rest.lower() in p.roles}
        elif kind == "team":
            names |= {p.name for p in team.team_members(rest)}
        elif kind == "squad":
            names |= {p.name for p in team.squad_members(rest)}
        else:
            names.add(target)
    return len(names)


def limits(rule: Rule, team: TeamConfig) -> list[str]:
    """What a rule made in Slack may not do here, in words for its maker."""
    problems = []
    cfg = team.access.rules
    allowed = post_channels(team)
    for n, action in enumerate(rule.then):
        if allowed is not None and action.do == "post" and action.channel and action.channel.lstrip("#") not in allowed:
            shown = ", ".join(sorted(allowed)) or "none"
            problems.append(f"then[{n}]: a rule made in Slack posts only to the team's channels ({shown}); "
                            f"ask a lead to put {action.channel!r} in the team file")
        if action.do == "dm":
            count = recipients(team, list(action.to or []))
            if count is not None and count > cfg.max_recipients:
                problems.append(f"then[{n}]: a rule made in Slack DMs at most {cfg.max_recipients} people; "
                                f"this one names {count}")
    return problems


def over_cap(team: TeamConfig, user: str | None, stored: list[tuple[Rule, StoredRule]]) -> str | None:
    cap = team.access.rules.per_person
    mine = sum(1 for _, record in stored if record.created_by == user)
    if mine >= cap:
        return (f"You already have {mine} rules (the limit is {cap} a person): delete one with "
                "`/pm rules delete NAME`, or ask a lead to add yours to the team file.")
    return None


# -- words -----------------------------------------------------------------------------------------------
def not_allowed_to_propose() -> str:
    return "Only the people of this team can make rules. Ask a lead to add you to `people` in pmbot's team file."


def lead_enables(level: str) -> str:
    who = "a lead" if level == LEAD else "a member of the team"
    return f"Rules made in Slack are enabled by {who}. I sent this proposal to them; you'll hear when it is answered."


def nobody_enables(level: str) -> str:
    who = "a lead" if level == LEAD else "a member of the team"
    return (f"Rules made in Slack are enabled by {who}, and nobody in pmbot's team file is one with a Slack id; "
            "nothing was enabled. Ask whoever runs pmbot to add one to `people`.")


def review_text(asker: str, proposal: str) -> str:
    # `proposal` is the proposal DM's own text, already built for Slack by the rules' messages.
    return f"{mention(asker)} proposes a rule and asks you to enable it.\n\n{proposal}"


def only_enablers(level: str) -> str:
    who = "a lead" if level == LEAD else "a member of the team"
    return f"Only {who} can enable a rule."


def answered_for_asker(rule_name: str, by: str, enabled: bool) -> str:
    verb = "enabled" if enabled else "declined"
    return Mrkdwn("{} {} your rule `{}`.").format(mention(by), verb, rule_name)
