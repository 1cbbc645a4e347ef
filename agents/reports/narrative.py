"""The summary on top of a report: written by the model when one is configured, checked so that it names only
task ids, pull request numbers, people and numbers that are in the facts, else the deterministic summary.

The prompt holds aggregates and the top items only, within PROMPT_TOKENS whatever the workspace size. Tokens
are estimated as characters / 4 (no tokenizer download; English prose with ids runs 3.5-4.5 characters per
token for OpenAI's tokenizers), plus 4 per message for the chat framing."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from agents.reports import messages as msg
from agents.reports.facts import Facts, Item
from integrations.errors import IntegrationError
from integrations.protocols import LLM

PROMPT_TOKENS = 6000
MAX_ANSWER_CHARS = 1200
ITEM_STEPS = (10, 5, 3, 1, 0)  # top items per section, fewer until the prompt fits
SYSTEM = (
    "You write the short summary at the top of a project status report for a team's Slack channel. "
    "Use 2 to 4 plain sentences, no lists, no headings, no links, no @-mentions. Mention only task ids, pull "
    "request numbers, people and numbers that appear in the facts you are given; do not compute new numbers. "
    "Say what needs attention first and why, using the reasons given."
)
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*")
_HASH_NUMBER = re.compile(r"#(\d+)\b")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:[’'][a-z]+)?\b")
_MENTION = re.compile(r"<[@#!][^>]*>|(?<![\w.])@\w+")
# Capitalised words that are not names: calendar words, platforms, report vocabulary, words that start
# sentences. Any other capitalised word must be in the facts (a name the model made up would not be); a
# false alarm costs only the model's wording, never a fact.
COMMON = frozenset("""monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun today
yesterday tomorrow january february march april may june july august september october november december jan feb
mar apr jun jul aug sep sept oct nov dec slack github clickup jira overall also however meanwhile otherwise
additionally finally first second third next last this that these those there the a an in on at for of and but so
it its they their we our team report summary tasks task pull request requests completed created progress moved
failed overdue due stale unassigned risk blocker blockers waiting review reviews merged open work focus release
nothing everything several most some one two three four five six seven eight nine ten no yes qa ci with after
before because since while although though if when once until as both all only please note good great still again
yet here what who which nobody none everyone someone he she you i another other others then now thanks attention
priority priorities blocked new many few more less not key top biggest main current recent latest earlier later
weekly daily right instead despite given well unfortunately currently notably importantly elsewhere keep watch
look consider make sure ask ping check follow chase review fix merge test""".split())


@dataclass
class Narrative:
    """The summary, where it came from (`model`, `plain`, `rejected`, `failed`), and what the check refused."""

    text: str
    source: str
    rejected: list[str] = field(default_factory=list)
    prompt_tokens: int = 0

    @property
    def note(self) -> str | None:
        if self.source == "plain":
            return msg.NO_MODEL
        if self.source == "rejected":
            return msg.rejected_note(self.rejected)
        if self.source == "failed":
            return msg.MODEL_FAILED
        return None


def estimate_tokens(messages: list[dict[str, str]]) -> int:
    return sum(math.ceil(len(m["content"]) / 4) + 4 for m in messages)


def _item(key: str, item: Item) -> str:
    line = f"- {item.id} \"{item.name[:msg.MAX_NAME]}\" [{item.status}] assignees: {msg.who(item)}"
    if key == "at_risk":
        reasons = "; ".join(msg._LINK.sub(lambda m: m.group(2), msg.reason_text(r)) for r in item.reasons)
        line += f"; reasons: {reasons}"
    elif item.age is not None:
        line += f"; {msg.waited(item.age)}"
    return line


def facts_text(facts: Facts, top: int) -> str:
    """The facts as the model sees them: counts, then at most `top` items per section."""
    w = facts.window
    s = facts.section
    lines = [f"Report: {facts.report}; window {msg.local(w.start, w.tz)} to {msg.local(w.end, w.tz)} ({w.tz})",
             f"Tasks in scope: {facts.tasks_in_scope}"]
    if facts.focus:
        lines.append(f"Focus requested by the team: {facts.focus}")
    counts = [f"{msg.TITLES[k].lower()} {s(k).count}" for k in ("at_risk", *msg.COUNTED)]
    counts += [f"PRs merged {facts.merged_count}", f"PRs waiting for review {facts.waiting_count}"]
    lines.append("Counts: " + "; ".join(counts))
    for key in ("at_risk", *msg.COUNTED):
        shown = s(key).items[:top * 2 if key == "at_risk" else top]
        if shown:
            lines.append(f"{msg.TITLES[key]} (top {len(shown)} of {s(key).count}):")
            lines += [_item(key, i) for i in shown]
    if facts.per_assignee and top:
        lines.append("Per assignee (open, completed): " + "; ".join(
            f"{n} {o}, {d}" for n, o, d in facts.per_assignee[:top]))
    for label, prs, waiting in (("PRs merged", facts.merged, False), ("PRs waiting for review",
                                                                       facts.waiting_review, True)):
        if prs[:top]:
            lines.append(f"{label}:")
            lines += [f"- {p.id} \"{p.title[:msg.MAX_NAME]}\" by {p.author or 'unknown'}" +
                      (f", waiting {msg.waited(p.age)}" if waiting and p.age is not None else "") for p in prs[:top]]
    return "\n".join(lines)


def prompt(facts: Facts) -> list[dict[str, str]]:
    """System and user messages within PROMPT_TOKENS: fewer items per section until they fit."""
    messages: list[dict[str, str]] = []
    for top in ITEM_STEPS:
        user = facts_text(facts, top) + "\n\nWrite the summary."
        messages = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]
        if estimate_tokens(messages) <= PROMPT_TOKENS:
            break
    return messages


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]+", text)}


def invented(answer: str, facts: Facts, known_people: list[str], reference: str) -> list[str]:
    """What the answer names that the facts do not: ids and numbers (any token with a digit), `#N` pull
    requests, @-mentions, people of the team not in the facts, and capitalised words nobody mentioned."""
    allowed: set[str] = set()
    for token in _TOKEN.findall(reference):
        allowed.add(token.lower())
        allowed.update(p.lower() for p in re.split(r"[-_.]", token))
    pr_numbers = {str(p.number) for p in [*facts.merged, *facts.waiting_review]}
    pr_numbers |= {str(ref.number) for s in facts.sections.values() for i in s.items for r in i.reasons
                   for ref in r.prs}
    bad: list[str] = []

    def flag(what: str) -> None:
        if what not in bad:
            bad.append(what)

    for token in _TOKEN.findall(answer):
        if any(c.isdigit() for c in token) and token.lower() not in allowed:
            flag(token)
    for number in _HASH_NUMBER.findall(answer):
        if number not in pr_numbers:
            flag(f"#{number}")
    for mention in _MENTION.findall(answer):
        flag(mention)
    in_facts = {p.lower() for p in facts.people}
    for person in known_people:
        names = [person, person.split()[0]]
        if person.lower() not in in_facts and any(re.search(rf"\b{re.escape(n)}\b", answer) for n in names):
            flag(person)
    vocabulary = _words(reference) | COMMON
    for match in _CAPITALISED.finditer(answer):
        word = match.group(0).split("’")[0].split("'")[0]
        if word.lower() not in vocabulary:
            flag(word)
    return bad


async def write(llm: LLM, facts: Facts, known_people: list[str]) -> Narrative:
    """The model's summary if it passes the check; otherwise the deterministic one, saying why."""
    plain = msg.plain_summary(facts)
    messages = prompt(facts)
    tokens = estimate_tokens(messages)
    if not llm.available:
        return Narrative(plain, "plain", prompt_tokens=tokens)
    try:
        answer = (await llm.complete(messages)).strip()
    except IntegrationError:
        return Narrative(plain, "failed", prompt_tokens=tokens)
    reference = facts_text(facts, ITEM_STEPS[0]) + "\n" + plain
    bad = invented(answer, facts, known_people, reference) if answer else ["an empty answer"]
    if len(answer) > MAX_ANSWER_CHARS:
        bad.append("an answer too long")
    if bad:
        return Narrative(plain, "rejected", rejected=bad, prompt_tokens=tokens)
    return Narrative(answer, "model", prompt_tokens=tokens)
