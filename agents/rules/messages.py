"""Every user-facing string and Block Kit builder of the rules agent."""

from __future__ import annotations

import json
from typing import Any

import yaml

from agents.common.mrkdwn import SECTION_TEXT, Mrkdwn, authored, esc, mention, truncate
from agents.rules.builder import DAYS, DOS, SLOTS
from agents.rules.config import PRIORITIES, SQUAD, Action, Condition, Rule
from agents.rules.dates import describe_cron, describe_date

ENABLE, EDIT, CANCEL = "rules.enable", "rules.edit", "rules.cancel"
BUILD = "rules.build"  # the "Finish in a form" button, and the form's callback_id prefix: rules.build:<sketch>
EDIT_VIEW = "rules.edit"  # callback_id prefix of the edit modal: rules.edit:<draft>
EDIT_BLOCK, EDIT_INPUT = "rule", "yaml"
SIGNATURE = "— pmbot"
NO_MODEL = "(running without a model: the built-in sentence parser read this)"

EVENT_TEXT = {
    "task.created": "a task is created", "task.status_changed": "a task's status changes",
    "task.priority_changed": "a task's priority changes", "task.assignee_added": "someone is assigned to a task",
    "task.due_date_changed": "a task's due date changes", "task.tag_added": "a task is tagged",
    "task.commented": "a task gets a comment", "pr.opened": "a pull request is opened",
    "pr.merged": "a pull request is merged", "ci.failed": "CI fails",
}
OP_TEXT = {"eq": "is", "ne": "is not", "in": "is one of", "contains": "contains", "gt": "is above", "lt": "is below"}
FIELD_TEXT = {"status_before": "previous status", "list": "list", "tags": "tags", "actor": "whoever did it"}
SQUAD_OP_TEXT = {"eq": "is in", "ne": "is not in", "in": "is in"}  # a condition on people naming squads


# -- a rule, readable ------------------------------------------------------------------------------
def when_text(rule: Rule) -> str:
    if rule.when.event == "schedule" and rule.when.cron:
        return describe_cron(rule.when.cron)
    return "when " + EVENT_TEXT.get(rule.when.event, rule.when.event)


def condition_text(c: Condition) -> str:
    if c.not_ is not None:
        return f"not ({condition_text(c.not_)})"
    if c.any_ is not None:
        return "(" + " or ".join(condition_text(x) for x in c.any_) + ")"
    if c.all_ is not None:
        return "(" + " and ".join(condition_text(x) for x in c.all_) + ")"
    values = [str(v) for v in (c.value if isinstance(c.value, list) else [c.value])]
    name = FIELD_TEXT.get(c.field or "", c.field or "")
    if c.op in SQUAD_OP_TEXT and all(v.startswith(SQUAD) for v in values):
        return f"{name} {SQUAD_OP_TEXT[c.op]} " + " or ".join(targets_text([v]) for v in values)
    return f"{name} {OP_TEXT.get(c.op or 'eq', c.op)} {', '.join(values)}"


def targets_text(targets: list[str]) -> str:
    shown = []
    for t in targets:
        kind, _, rest = t.partition(":")
        shown.append(f"the {rest} {kind}" if kind in ("team", "squad") else f"the {rest}s" if kind == "role" else
                     f"the {t}" if t in ("author", "assignees") else t)
    return ", ".join(shown)


def action_text(a: Action) -> str:
    if a.do == "assign":
        mode = {"round_robin": " (round robin)", "replace": " (replacing the assignees)"}.get(a.mode or "", "")
        return f"assign to {targets_text(a.to or [])}{mode}"
    if a.do == "unassign":
        return "unassign everyone" if a.who == "all" else f"unassign {targets_text(list(a.who or []))}"
    if a.do == "set_due_date":
        return f"set the due date to {describe_date(a.date or '')}"
    if a.do == "dm":
        return f"DM {targets_text(a.to or [])}: “{a.text}”"
    texts = {
        "set_status": f"set status to {a.status}", "set_priority": f"set priority to {a.priority}",
        "add_tag": f"add tag {a.tag}", "comment": f"comment “{a.text}”", "post": f"post “{a.text}” in {a.channel}",
        "create_task": f"create task “{a.name}” in {a.list_}",
    }
    return texts[a.do]


def rule_text(rule: Rule) -> Mrkdwn:
    """The rule for Slack: its name, conditions and texts are people's words, escaped (see `unescape` for a
    terminal)."""
    lines = [Mrkdwn("*{}* — {}").format(rule.name, when_text(rule))]
    if rule.if_:
        lines.append(esc("if " + " and ".join(condition_text(c) for c in rule.if_)))
    lines += [esc(f"{n}. {action_text(a)}") for n, a in enumerate(rule.then, 1)]
    return Mrkdwn("\n").join(lines)


def rule_yaml(rule: Rule) -> str:
    """The rule exactly in the documented format: a one-item `rules:` list, flow style inside."""
    data = rule.data()
    lines = [f"- name: {data['name']}", f"  when: {_flow(data['when'])}"]
    lines.append("  if: []" if not data["if"] else "  if:")
    lines += [f"    - {_flow(c)}" for c in data["if"]]
    lines.append("  then:")
    lines += [f"    - {_flow(a)}" for a in data["then"]]
    return "\n".join(lines)


def _flow(value: Any) -> str:
    """YAML flow style as people write it: `{do: assign, to: [team:backend]}`; quoted only where it must be."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, str):
        return value if _plain(value) else json.dumps(value, ensure_ascii=False)
    return yaml.safe_dump(value, default_flow_style=True).strip().removesuffix("...").strip()


def _plain(text: str) -> bool:
    if not text or text != text.strip() or text[0] in "!&*#'\"%@`|>-?[]{},":
        return False
    try:
        return yaml.safe_load(f"{{k: [{text}]}}") == {"k": [text]}
    except yaml.YAMLError:
        return False


# -- what happened (the {{event.summary}} of a firing) --------------------------------------------------
def summary(trigger: str, data: dict[str, Any], task: Any | None, actor: str | None, rule: str) -> str:
    link = f" — {task.url}" if task is not None and task.url else ""
    name = task.name if task is not None else "a task"
    if trigger == "task.created":
        return f"{name} was created{link}"
    if trigger == "task.status_changed":
        return f"{name} moved to {data.get('to')}{link}"
    if trigger == "task.priority_changed":
        return f"{name} is now {data.get('to')} priority{link}"
    if trigger == "task.assignee_added":
        return f"{name} was assigned to {data.get('added_names') or ', '.join(data.get('added') or [])}{link}"
    if trigger == "task.due_date_changed":
        return f"{name} has a new due date ({str(data.get('to') or 'none')[:10]}){link}"
    if trigger == "task.tag_added":
        return f"{name} was tagged {', '.join(data.get('added') or [])}{link}"
    if trigger == "task.commented":
        said = str(data.get("text") or "")[:140]
        return f"{actor or 'someone'} commented on {name}" + (f": “{said}”" if said else "") + link
    pr = f"{data.get('repo')}#{data.get('number')} {data.get('title') or ''}".strip()
    if trigger == "pr.opened":
        return f"{actor or data.get('author') or 'someone'} opened {pr} — {data.get('url')}"
    if trigger == "pr.merged":
        return f"{pr} was merged — {data.get('url')}"
    if trigger == "ci.failed":
        sha = str(data.get("head_sha") or "")[:7]
        return f"CI failed on {data.get('repo')} {sha} — {data.get('url')}".replace("  ", " ")
    return f"Scheduled rule {rule}"


# -- /pm automate: the proposal ------------------------------------------------------------------------
def proposal_text(rule: Rule, dry_run: str, note: str | None) -> Mrkdwn:
    """`dry_run` is the dry run's plain text (task names, rendered templates): escaped here as a whole."""
    head = Mrkdwn("Here is the rule I read. Nothing runs until you press *Enable*.")
    parts = [head, rule_text(rule), Mrkdwn("```\n{}\n```").format(rule_yaml(rule)), esc(dry_run)]
    if note:
        parts.append(Mrkdwn("_{}_").format(note))
    return Mrkdwn("\n\n").join(parts)


def proposal_blocks(text: str, draft: str) -> list[dict[str, Any]]:
    def button(label: str, action: str, style: str | None = None) -> dict[str, Any]:
        b: dict[str, Any] = {"type": "button", "action_id": action, "value": draft,
                             "text": {"type": "plain_text", "text": label}}
        if style:
            b["style"] = style
        return b

    return [{"type": "section", "text": {"type": "mrkdwn", "text": truncate(Mrkdwn(text), SECTION_TEXT)}},
            {"type": "actions", "block_id": "rules",
             "elements": [button("Enable", ENABLE, "primary"), button("Edit", EDIT), button("Cancel", CANCEL)]}]


def text_blocks(text: str) -> list[dict[str, Any]]:
    return [{"type": "section", "text": {"type": "mrkdwn", "text": truncate(Mrkdwn(text), SECTION_TEXT)}}]


def enabled_text(rule: Rule, by: str) -> Mrkdwn:
    return Mrkdwn("{}\n\n:white_check_mark: Enabled by {}.").format(rule_text(rule), mention(by))


def cancelled_text(sentence: str, by: str) -> Mrkdwn:
    return Mrkdwn("“{}”\n\n:x: Cancelled by {}; no rule was made.").format(sentence, mention(by))


def not_understood(sentence: str, problems: list[str]) -> Mrkdwn:
    """The sentence and the problems (which quote it) are a person's words: escaped."""
    lines = [Mrkdwn("I could not turn “{}” into a rule:").format(sentence), *(esc(f"• {p}") for p in problems)]
    lines.append(Mrkdwn("Try a shape like: `when a task is marked urgent, assign it to the backend team` or "
                        "`every Monday at 9am, post 'Planning' in #general`."))
    return Mrkdwn("\n").join(lines)


def usage_automate() -> str:
    return "Tell me the rule in a sentence: `/pm automate when a task moves to ready for testing, assign it to Quinn`"


def stale_draft() -> str:
    return "That proposal was already answered; nothing to do."


def not_your_draft() -> str:
    return "Only the person who asked for this rule (or a lead) can answer it."


def not_your_sketch() -> str:
    return "Only the person who wrote this sentence can finish it in the form."


def edit_view(draft: str, text: str) -> dict[str, Any]:
    return {"type": "modal", "callback_id": f"{EDIT_VIEW}:{draft}",
            "title": {"type": "plain_text", "text": "Edit rule"}, "submit": {"type": "plain_text", "text": "Check"},
            "close": {"type": "plain_text", "text": "Back"},
            "blocks": [{"type": "input", "block_id": EDIT_BLOCK, "label": {"type": "plain_text", "text": "Rule (YAML)"},
                        "element": {"type": "plain_text_input", "action_id": EDIT_INPUT, "multiline": True,
                                    "initial_value": text}}]}


def edit_hint(draft_yaml: str) -> Mrkdwn:
    return Mrkdwn("Edit the rule and send it back with `/pm rules add` followed by the YAML:\n```\n{}\n```").format(
        draft_yaml)


def edit_invalid(problems: list[str]) -> Mrkdwn:
    return Mrkdwn("That edit is not a valid rule:\n") + "\n".join(f"• {p}" for p in problems)


# -- the rule builder (a sentence it could not read fully, finished in a form) -------------------------------
def refused_blocks(text: str, sketch: str) -> list[dict[str, Any]]:
    """The refusal, and a button that opens the form pre-filled with what was read."""
    return [*text_blocks(text), {"type": "actions", "block_id": "rules_build", "elements": [
        {"type": "button", "action_id": BUILD, "value": sketch, "style": "primary",
         "text": {"type": "plain_text", "text": "Finish in a form"}}]}]


def build_intro(sentence: str, problems: list[str], kept: list[Condition]) -> Mrkdwn:
    lines = [Mrkdwn("I filled in what I read of “{}”. Finish the rule; what I could not read:").format(sentence)]
    lines += [esc(f"• {p}") for p in problems]
    if kept:
        lines.append(esc("Kept as read (change them with Edit, as YAML, on the proposal): if "
                         + " and ".join(condition_text(c) for c in kept)))
    return truncate(Mrkdwn("\n").join(lines), SECTION_TEXT)


def build_view(sketch: str, intro: Mrkdwn, initial: dict[str, Any], statuses: list[str],
               groups: dict[str, str]) -> dict[str, Any]:
    """The form: the trigger (and a schedule's days and time), the conditions, and SLOTS actions; `initial` by
    block id (see builder.prefill). Every input's action_id is `v`."""
    events = {**{e: t for e, t in EVENT_TEXT.items()}, "schedule": "on a schedule (days and time below)"}
    statuses = [s for s in dict.fromkeys(statuses + initial.get("status", [])) if len(s) <= 75][:100]
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": intro}},
        _input("when", "When", _select(events, initial.get("when")), optional=False),
        _input("days", "Days (a schedule)", _select(DAYS, initial.get("days"))),
        _input("time", "Time (a schedule)", {"type": "timepicker", "action_id": "v",
                                             **({"initial_time": initial["time"]} if initial.get("time") else {})}),
        _input("status", "If the status is one of", _multi({s: s for s in statuses}, initial.get("status"))),
        _input("priority", "If the priority is one of", _multi({p: p for p in PRIORITIES}, initial.get("priority"))),
        _input("tags", "If tagged (tags, comma-separated)", _text(initial.get("tags"))),
        _input("list", "If in the list (names, comma-separated)", _text(initial.get("list"))),
        _input("assignee", "If assigned to", _users(initial.get("assignee"))),
        _input("author", "If made by (the author)", _users(initial.get("author"))),
        _input("repo", "If in the repository (owner/name, comma-separated)", _text(initial.get("repo"))),
    ]
    for n in range(SLOTS):
        blocks += [
            {"type": "divider"},
            _input(f"do{n}", f"Then ({n + 1})", _select(DOS, initial.get(f"do{n}")), optional=n > 0),
            _input(f"people{n}", "People", _users(initial.get(f"people{n}"))),
            _input(f"group{n}", "Teams and others", _multi(groups, initial.get(f"group{n}"))),
            _input(f"value{n}", "Status, priority, due date, tag, #channel or list", _text(initial.get(f"value{n}")),
                   hint="due dates: today, tomorrow, friday, +3 days, +2 working days"),
            _input(f"text{n}", "Message, comment or task name", _text(initial.get(f"text{n}"))),
        ]
    return {"type": "modal", "callback_id": f"{BUILD}:{sketch}", "blocks": blocks,
            "title": {"type": "plain_text", "text": "Finish the rule"},
            "submit": {"type": "plain_text", "text": "Check"}, "close": {"type": "plain_text", "text": "Cancel"}}


def _input(block: str, label: str, element: dict[str, Any], *, optional: bool = True,
           hint: str | None = None) -> dict[str, Any]:
    out = {"type": "input", "block_id": block, "optional": optional, "element": element,
           "label": {"type": "plain_text", "text": label}}
    return {**out, "hint": {"type": "plain_text", "text": hint}} if hint else out


def _option(value: str, label: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": label}, "value": value}


def _fitting(choices: dict[str, str], chosen: list[str]) -> dict[str, str]:
    """The choices a Slack select takes: at most 100 options, each text up to 75 and value up to 150 characters;
    in their order, the chosen ones kept, so a long team file never drops what was understood."""
    fits = [v for v, t in choices.items() if len(t) <= 75 and len(v) <= 150]
    kept = set([c for c in chosen if c in fits][:100])
    kept.update([v for v in fits if v not in kept][:100 - len(kept)])
    return {v: choices[v] for v in fits if v in kept}


def _select(choices: dict[str, str], chosen: str | None) -> dict[str, Any]:
    choices = _fitting(choices, [chosen] if chosen else [])
    element = {"type": "static_select", "action_id": "v", "options": [_option(v, t) for v, t in choices.items()]}
    return {**element, "initial_option": _option(chosen, choices[chosen])} if chosen in choices else element


def _multi(choices: dict[str, str], chosen: list[str] | None) -> dict[str, Any]:
    choices = _fitting(choices, chosen or [])
    element = {"type": "multi_static_select", "action_id": "v", "options": [_option(v, t) for v, t in choices.items()]}
    picked = [_option(v, choices[v]) for v in chosen or [] if v in choices]
    return {**element, "initial_options": picked} if picked else element


def _users(chosen: list[str] | None) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "multi_users_select", "action_id": "v"}
    return {**element, "initial_users": chosen} if chosen else element


def _text(value: str | None) -> dict[str, Any]:
    element = {"type": "plain_text_input", "action_id": "v"}
    return {**element, "initial_value": value} if value else element


def build_invalid(problems: list[str]) -> Mrkdwn:
    """`problems` carry what people typed in the form (channels, statuses): escaped here."""
    head = Mrkdwn("That form is not a rule yet (press *Finish in a form* again; it keeps what you chose):")
    return Mrkdwn("\n").join([head, *(esc(f"• {p}") for p in problems)])


def build_hint() -> str:
    return "The form could not be opened (Slack allows 3 seconds): press *Finish in a form* again."


# -- /pm rules ------------------------------------------------------------------------------------------
def rules_list(rows: list[tuple[str, str, str]]) -> Mrkdwn:
    """rows: (name, where it comes from, its state)."""
    if not rows:
        return Mrkdwn("No rules yet. Make one with `/pm automate &lt;sentence&gt;`.")
    # `where` may name the rule's maker as `<@U…>`: rebuilt by `authored`, anything else in it escaped.
    lines = [Mrkdwn("*Rules*")] + [Mrkdwn("• `{}` ({}) — {}").format(name, authored(where), state)
                                   for name, where, state in rows]
    lines.append(Mrkdwn("`/pm rules show|enable|disable|delete NAME`"))
    return Mrkdwn("\n").join(lines)


def rules_usage() -> Mrkdwn:
    return Mrkdwn("Use `/pm rules`, `/pm rules show NAME`, `/pm rules enable NAME`, `/pm rules disable NAME`, "
                  "`/pm rules delete NAME` or `/pm rules add &lt;YAML&gt;`.")


def no_such_rule(name: str) -> Mrkdwn:
    return Mrkdwn("There is no rule named `{}`.").format(name)


def yaml_rule_not_deletable(name: str) -> Mrkdwn:
    return Mrkdwn("`{0}` comes from the team file; remove it there (you can `/pm rules disable {0}`).").format(name)


def switched(name: str, on: bool) -> Mrkdwn:
    return Mrkdwn("Rule `{}` is now {}.").format(name, "enabled" if on else "disabled")


def deleted(name: str) -> Mrkdwn:
    return Mrkdwn("Rule `{}` is deleted.").format(name)


def only_creator_or_lead(name: str) -> Mrkdwn:
    return Mrkdwn("Only the person who made `{}` or a lead can change it.").format(name)


def loop_flag(rule: str, runs: int) -> Mrkdwn:
    return Mrkdwn("Rule `{0}` stopped: its own actions set it off {1} times in a row (a loop). It is flagged and "
                  "will not run until someone types `/pm rules enable {0}`.").format(rule, runs)


def state_text(enabled: bool, flagged: str | None) -> str:
    if flagged:
        return f"stopped: {flagged}"
    return "enabled" if enabled else "disabled"
