"""Plain English → a rule through the language model, with the JSON schema of the rule format; the built-in
parser reads the sentence when no model is configured, when the model cannot be reached, or when its answer is
not a valid rule — and the result says which one did.

The prompt has a fixed budget: the format, two examples and at most MAX_NAMES people, teams and statuses
(about 1,500 tokens at the usual estimate of 4 characters a token, whatever the size of the workspace).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from pydantic import ValidationError

from agents.rules.config import Rule
from agents.rules.messages import NO_MODEL
from agents.rules.parser import ParseResult, parse, slug
from agents.rules.phrases import Vocabulary
from integrations.errors import IntegrationError
from integrations.protocols import LLM

MAX_NAMES = 40
FORMAT = """You turn one sentence into one automation rule for a project-management bot. Answer only with JSON
matching the schema: {"name", "when", "if", "then"}.
- when.event: task.created | task.status_changed | task.priority_changed | task.assignee_added |
  task.due_date_changed | task.tag_added | task.commented | pr.opened | pr.merged | ci.failed | schedule
  (schedule needs when.cron, 5 fields with day names: "0 9 * * mon", "30 10 * * mon-fri").
- if: conditions that must all hold: {"field", "op", "value"} with field status (the new one), status_before,
  priority, list, tags, assignee, name, author, actor (who set the event off), repo or custom.<field>; op eq | ne |
  in | contains | gt | lt (assignee, author and actor may be compared with "squad:<squad>": one of its members);
  or {"not": condition}, {"any": [conditions]}, {"all": [conditions]}. Statuses and tags lower-case.
- then: actions: {"do": "set_status", "status"}, {"do": "assign", "to": [...], "mode": add|replace|round_robin},
  {"do": "unassign", "who": [...] or "all"}, {"do": "set_priority", "priority": urgent|high|normal|low},
  {"do": "set_due_date", "date": today|tomorrow|<weekday>|"+N days"|"+N working days"}, {"do": "add_tag", "tag"},
  {"do": "comment", "text"}, {"do": "post", "channel": "#name", "text"}, {"do": "dm", "to": [...], "text"},
  {"do": "create_task", "list", "name"}.
- to / who: people's full names as listed, team:<team>, squad:<squad>, role:lead|qa|developer, author, assignees.
  Assigning to a team means round_robin unless everyone is meant; "reassign" means replace.
- Texts may use {{task.name}}, {{task.url}}, {{event.actor}}, {{event.summary}}, {{pr.url}}, {{pr.title}};
  a post or DM with no text given says "{{event.summary}}".
- name: lower-case words joined by "-", at most 48 characters."""
EXAMPLES = [
    ("when a task is marked urgent, assign it to the backend team and set the due date to tomorrow",
     {"name": "urgent-to-backend", "when": {"event": "task.priority_changed"},
      "if": [{"field": "priority", "op": "eq", "value": "urgent"}],
      "then": [{"do": "assign", "to": ["team:backend"], "mode": "round_robin"},
               {"do": "set_due_date", "date": "tomorrow"}]}),
    ("every weekday at 9:15 post 'Standup' in #standup",
     {"name": "weekday-standup", "when": {"event": "schedule", "cron": "15 9 * * mon-fri"}, "if": [],
      "then": [{"do": "post", "channel": "#standup", "text": "Standup"}]}),
]


def rule_schema() -> dict[str, Any]:
    """The JSON schema of one rule, as the model is asked to answer."""
    return Rule.model_json_schema(by_alias=True)


def prompt(sentence: str, vocab: Vocabulary) -> list[dict[str, str]]:
    people = sorted(set(vocab.people.values()))[:MAX_NAMES]
    known = [f"People: {', '.join(people) or 'none'}", f"Teams: {', '.join(sorted(vocab.teams)[:MAX_NAMES]) or 'none'}",
             f"Squads: {', '.join(sorted(vocab.squads)[:MAX_NAMES]) or 'none'}",
             f"Statuses: {', '.join(vocab.statuses[:MAX_NAMES])}"]
    if vocab.asker:
        known.append(f"The person asking (\"me\"): {vocab.asker}")
    examples = "\n".join(f"Sentence: {s}\nRule: {json.dumps(r)}" for s, r in EXAMPLES)
    return [{"role": "system", "content": f"{FORMAT}\n\n" + "\n".join(known) + f"\n\nExamples:\n{examples}"},
            {"role": "user", "content": sentence[:1000]}]


async def parse_with_model(sentence: str, vocab: Vocabulary, llm: LLM, *, name: str | None = None) -> ParseResult:
    """The model's reading when there is a model and its answer is a valid rule, else the built-in parser's."""
    if not llm.available:
        return await _fallback(sentence, vocab, name, NO_MODEL)
    try:
        answer = await llm.complete(prompt(sentence, vocab), schema=rule_schema())
    except IntegrationError as exc:
        return await _fallback(sentence, vocab, name, f"(the model could not be reached: {type(exc).__name__}; "
                                                      "the built-in sentence parser read this)")
    try:
        data = json.loads(answer)
        if not isinstance(data, dict):
            raise ValueError("not an object")
        data["name"] = name or _name(data.get("name"), sentence)
        rule = Rule.model_validate(data)
    except (ValueError, ValidationError):
        return await _fallback(sentence, vocab, name, "(the model's answer was not a valid rule; the built-in "
                                                      "sentence parser read this)")
    return ParseResult(rule=rule, parser="model", note="(read by the language model)")


def _name(given: Any, sentence: str) -> str:
    text = "-".join(str(given or "").lower().split())[:48].strip("-")
    return text if text and all(c.isalnum() or c in "-_" for c in text) else slug(sentence)


async def _fallback(sentence: str, vocab: Vocabulary, name: str | None, note: str) -> ParseResult:
    # (in a thread: the built-in parser reads a long sentence for seconds, and never in the event loop's thread)
    result = await asyncio.to_thread(parse, sentence, vocab, name=name)
    result.note = f"{note} {result.note}" if result.note else note  # (what the parser left out, said too)
    return result
