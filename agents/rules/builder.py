"""The rule builder: a sentence the parser could not read fully becomes a Slack form — selects for the trigger,
the conditions and the actions — pre-filled with what it did read; the submitted form becomes a rule, which then
goes through the same proposal (dry run, Enable by whoever may) as a rule read from a sentence.

The form's answers are keyed `block_id.action_id` (the Slack webhook's flattened `state.values`); every input's
action_id is `v`. Conditions the form has no input for (`not`, the previous status, the name…) are kept as read and
shown above the form."""

from __future__ import annotations

import re
from typing import Any

from agents.common.people import People
from agents.rules.config import EVENTS
from agents.rules.templates import DEFAULT_TEXT
from agents.team import TeamConfig

SLOTS = 3  # actions the form offers (a sentence rarely asks for more; the YAML editor takes any number)
FORM_FIELDS = ("status", "priority", "tags", "list", "assignee", "author", "repo")
DAYS = {"*": "every day", "mon-fri": "every weekday", "mon": "every Monday", "tue": "every Tuesday",
        "wed": "every Wednesday", "thu": "every Thursday", "fri": "every Friday", "sat": "every Saturday",
        "sun": "every Sunday"}
DOS = {"assign:add": "assign (add to the assignees)", "assign:round_robin": "assign in turns (round robin)",
       "assign:replace": "reassign (replace the assignees)", "unassign": "unassign", "dm": "DM",
       "post": "post in a channel", "set_status": "set the status", "set_priority": "set the priority",
       "set_due_date": "set the due date", "add_tag": "add a tag", "comment": "comment",
       "create_task": "create a task"}
VALUE_KEY = {"post": "channel", "set_status": "status", "set_priority": "priority", "set_due_date": "date",
             "add_tag": "tag", "create_task": "list"}  # what the action's "value" input holds
TEXT_KEY = {"dm": "text", "post": "text", "comment": "text", "create_task": "name"}  # and its "text" input


def group_choices(team: TeamConfig) -> dict[str, str]:
    """Whom an action may name besides people: teams, squads, roles, the author, the assignees, everyone."""
    groups = {f"team:{name}": f"the {name} team" for name in sorted(team.teams)}
    groups.update({f"squad:{name}": f"the {name} squad" for name in sorted(team.squads())})
    groups.update({"role:lead": "the leads", "role:developer": "the developers", "role:qa": "the testers",
                   "author": "the author", "assignees": "the assignees", "all": "everyone (to unassign)"})
    return groups


# -- what was read → the form's initial values -------------------------------------------------------------
def prefill(understood: dict[str, Any], people: People, team: TeamConfig) -> dict[str, Any]:
    """The form's initial values by block id, from a partial rule `{when, if, then}`; `kept` lists the conditions
    the form has no input for."""
    when = understood.get("when") or {}
    initial: dict[str, Any] = {"when": when.get("event"), "kept": []}
    cron = str(when.get("cron") or "").split()
    if len(cron) == 5 and cron[0].isdigit() and cron[1].isdigit():
        initial["time"] = f"{int(cron[1]):02d}:{int(cron[0]):02d}"
        initial["days"] = cron[4] if cron[4] in DAYS else None
    else:  # a schedule half chosen in an earlier form (see read_form)
        initial.update({k: when[k] for k in ("days", "time") if when.get(k)})
    for condition in understood.get("if") or []:
        field = condition.get("field")
        if field not in FORM_FIELDS or condition.get("op") not in ("eq", "in", "contains"):
            initial["kept"].append(condition)
            continue
        values = condition["value"] if isinstance(condition["value"], list) else [condition["value"]]
        if field in ("assignee", "author"):
            ids = [_chat_id(str(v), people, team) for v in values]
            if None in ids:  # someone with no Slack id cannot be shown in a user select: keep it as read
                initial["kept"].append(condition)
                continue
            initial[field] = ids
        elif field in ("status", "priority"):
            initial[field] = [str(v).lower() for v in values]
        else:
            initial[field] = ", ".join(map(str, values))
    for n, action in enumerate((understood.get("then") or [])[:SLOTS]):
        initial.update(_action_prefill(n, action, people, team))
    return initial


def _action_prefill(n: int, action: dict[str, Any], people: People, team: TeamConfig) -> dict[str, Any]:
    do = str(action.get("do"))
    out: dict[str, Any] = {f"do{n}": f"assign:{action.get('mode') or 'add'}" if do == "assign" else do}
    named = action.get("to") or action.get("who") or []
    named = ["all"] if named == "all" else list(named)
    groups = group_choices(team)
    out[f"group{n}"] = [t for t in named if t in groups]
    out[f"people{n}"] = [c for t in named if t not in groups and (c := _chat_id(t, people, team))]
    if do in VALUE_KEY and action.get(VALUE_KEY[do]):
        out[f"value{n}"] = str(action[VALUE_KEY[do]])
    if do in TEXT_KEY and action.get(TEXT_KEY[do]) and action[TEXT_KEY[do]] != DEFAULT_TEXT:
        out[f"text{n}"] = str(action[TEXT_KEY[do]])
    return out


def _chat_id(name: str, people: People, team: TeamConfig) -> str | None:
    person = next((p for p in team.people if p.name == name), None)
    return people.chat_id(person) if person is not None else None


# -- the submitted form → a rule's data ------------------------------------------------------------------
def read_form(values: dict[str, Any], kept: list[dict[str, Any]], people: People,
              team: TeamConfig) -> tuple[dict[str, Any], list[str]]:
    """The rule's `{when, if, then}` from the form's answers, and what stops it being one (in words); with
    problems, `when` may hold a half-chosen schedule's `days` / `time`, for the next form only."""
    problems: list[str] = []
    event = _one(values, "when")
    when: dict[str, Any] = {"event": event} if event in EVENTS else {}
    if not when:
        problems.append("choose what sets the rule off")
    elif event == "schedule":
        days, time = _one(values, "days"), _one(values, "time")
        if days not in DAYS or not re.fullmatch(r"\d{2}:\d{2}", time or ""):
            problems.append("a schedule needs its days and its time")
            when.update({k: v for k, v in (("days", days), ("time", time)) if v})  # kept for the next form
        else:
            hour, minute = (int(x) for x in str(time).split(":"))
            when["cron"] = f"{minute} {hour} * * {days}"
    conditions = list(kept)
    for field in FORM_FIELDS:
        chosen = _many(values, field, people, problems) if field in ("assignee", "author") else _list(values, field)
        if chosen:
            op = "contains" if field == "tags" and len(chosen) == 1 else "eq" if len(chosen) == 1 else "in"
            conditions.append({"field": field, "op": op, "value": chosen[0] if len(chosen) == 1 else chosen})
    actions = [a for n in range(SLOTS) if (a := _action(values, n, people, problems))]
    if not actions:
        problems.append("choose at least one thing for the rule to do")
    return {"when": when, "if": conditions, "then": actions}, problems


def _action(values: dict[str, Any], n: int, people: People, problems: list[str]) -> dict[str, Any] | None:
    choice = _one(values, f"do{n}")
    if choice not in DOS:
        return None
    do, _, mode = choice.partition(":")
    action: dict[str, Any] = {"do": do}
    named = [*(_many(values, f"people{n}", people, problems)), *(_list(values, f"group{n}"))]
    if do in ("assign", "dm"):
        action["to"] = named
    if do == "assign":
        action["mode"] = mode
    if do == "unassign":
        action["who"] = "all" if "all" in named else named
    if do in VALUE_KEY and (value := _one(values, f"value{n}")):
        action[VALUE_KEY[do]] = value
    if do in TEXT_KEY and (text := _one(values, f"text{n}")):
        action[TEXT_KEY[do]] = text
    return action


def _one(values: dict[str, Any], block: str) -> str | None:
    value = values.get(f"{block}.v")
    return value.strip() or None if isinstance(value, str) else None


def _list(values: dict[str, Any], block: str) -> list[str]:
    value = values.get(f"{block}.v")
    items = value if isinstance(value, list) else re.split(r"\s*,\s*", value) if isinstance(value, str) else []
    return [str(v).strip() for v in items if str(v).strip()]


def _many(values: dict[str, Any], block: str, people: People, problems: list[str]) -> list[str]:
    """People picked in a user select, by their team-file names; someone pmbot does not know is a problem."""
    names = []
    for chat_id in _list(values, block):
        person = people.by_chat(chat_id)
        if person is None:
            problems.append(f"the Slack user {chat_id} is not in pmbot's team file")
        else:
            names.append(person.name)
    return names
