"""One clause of a sentence → one action of the rule format (`assign it to the backend team` → assign …)."""

from __future__ import annotations

import re
from typing import Any

from agents.rules.phrases import TOKEN, Vocabulary, date_in, first_quote, priority_in, target, targets, unquote
from agents.rules.templates import DEFAULT_TEXT

VERBS = ("re-?assign|assign|give|hand|route|unassign|remove|set|change|update|move|put|mark|make|raise|lower|bump|"
         "push|tag|label|add|comment|reply|leave|post|notify|announce|tell|send|dm|message|ping|let|alert|remind|"
         "create|open|file|share|write|flag|page|buzz")
STARTS_WITH_VERB = re.compile(rf"^(?:please\s+|then\s+|and\s+|also\s+)*(?:{VERBS})\b", re.I)
ROUND_ROBIN = re.compile(r"\b(?:in|on)\s+(?:a\s+|the\s+)?(?:rotation|rota)\b|\b(?:in\s+)?round[- ]robin\b|"
                         r"\bone\s+time\s+each\b|\beach\s+in\s+turn\b|\balternately\b|\bin\s+alternation\b|"
                         r"\b(?:in turns?|taking turns|take turns|rotat\w*)\b", re.I)
EVERYONE = re.compile(r"\b(?:everyone|everybody|every one|all|the whole)\b", re.I)
# "give it to rahul alone", "… to rahul and nobody else": the one assignee, in place of the others.
SOLE = re.compile(r"\s+(?:alone|only|solely|exclusively|and\s+(?:nobody|no\s*one|no\s+body)\s+else)\s*$", re.I)
IT = (r"(?:it|them|this|that|these|those|(?:the|its|their)(?: linked)? (?:tasks?|tickets?|issues?)|"
      r"linked (?:tasks?|tickets?)|"
      r"its?|their)")


def action_of(clause: str, quotes: list[str], vocab: Vocabulary, problems: list[str]) -> dict[str, Any] | None:
    """The action a clause asks for, or None (with the reason in `problems`)."""
    text = first_quote(clause, quotes)
    bare = " ".join(TOKEN.sub(" ", clause).split())
    low = bare.lower()
    for make in (_unassign, _comment, _create, _tag, _post, _dm, _due, _status_or_priority, _assign):
        action = make(bare, low, text, quotes, vocab, problems)
        if action is not None:
            return action if action else None
    problems.append(f"I could not read “{unquote(clause, quotes)}” as an action")
    return None


Found = dict[str, Any] | None  # None: not this kind of action; {}: this kind, but unreadable (a problem noted)


def _unassign(bare: str, low: str, text: str | None, quotes: list[str], vocab: Vocabulary,
              problems: list[str]) -> Found:
    if not re.match(r"^(?:unassign|remove)\b", low):
        return None
    if re.search(r"\b(?:tag|label)\b", low):
        problems.append("rules cannot remove tags (yet)")
        return {}
    if re.search(r"\b(?:everyone|everybody|all|the assignees|assignees)\b", low):
        return {"do": "unassign", "who": "all"}
    who_text = re.sub(r"^(?:unassign|remove)\s+", "", bare, flags=re.I)
    who_text = re.sub(rf"\s+(?:from|off)\s+{IT}\b.*$", "", who_text, flags=re.I)
    who_text = re.sub(r"\s+as\s+(?:an?\s+)?assignees?\b.*$", "", who_text, flags=re.I)
    who = targets(who_text, vocab, problems)
    return {"do": "unassign", "who": who} if who else {}


def _comment(bare: str, low: str, text: str | None, quotes: list[str], vocab: Vocabulary,
             problems: list[str]) -> Found:
    if not (re.match(r"^(?:comment|reply)\b", low)
            or re.match(r"^(?:add|leave|post|write|stick|put|drop|pop)\s+(?:a\s+)?comment\b", low)):
        return None
    body = text
    if body is None:
        after = re.search(r"(?:saying|that says|:)\s*(.+)$", bare, re.I)
        body = after.group(1).strip() if after else None
    if not body:
        problems.append("a comment needs its text, in quotes: comment 'Ready for QA'")
        return {}
    return {"do": "comment", "text": body}


def _create(bare: str, low: str, text: str | None, quotes: list[str], vocab: Vocabulary,
            problems: list[str]) -> Found:
    named_first = text is not None and re.match(r"^create\s+(?:in|on)\s", low)  # "create 'handoff notes' in Toil"
    if not re.match(r"^(?:create|open|add|file|make)\s+(?:a\s+|an\s+)?(?:new\s+)?(?:task|ticket|issue|bug)\b", low) \
            and not named_first:
        return None
    name = text
    if name is None:
        called = re.search(r"\b(?:called|named|titled)\s+(.+?)(?=\s+(?:in|on|into)\s+|$)", bare, re.I)
        name = called.group(1).strip() if called else None
    rest = re.sub(r"\s+(?:called|named|titled)\s*(?:$|(?=\s(?:in|on|into|to)\s))", "", bare, flags=re.I)
    if text is None and called:  # "create a task in Chargebacks called weekly dispute review": the name said last
        rest = (bare[:called.start()] + bare[called.end():]).strip()
    where = (re.search(r"\b(?:in|on|into|to)\s+(?:the\s+)?([\w-]+(?:\s+[\w-]+){0,2})\s+list\s*$", rest, re.I)
             or re.search(r"\b(?:in|on|into|to)\s+(?:the\s+)?(?:list\s+)?([\w-]+(?:\s+[\w-]+)?)\s*$", rest, re.I))
    list_name = re.sub(r"\s+list$", "", where.group(1), flags=re.I) if where else None
    if not name or not list_name:
        problems.append("create a task needs a name in quotes and a list: create a task 'Release notes' in Ops")
        return {}
    return {"do": "create_task", "list": list_name, "name": name}


def _tag(bare: str, low: str, text: str | None, quotes: list[str], vocab: Vocabulary, problems: list[str]) -> Found:
    if not (re.match(r"^(?:tag|label)\b", low) or re.match(r"^add\s+(?:the\s+|a\s+)?(?:tag|label)\b", low)
            or re.match(r"^add\s+[\w-]+\s+as\s+an?\s+(?:tag|label)\b", low)
            or re.match(r"^add\s+(?:the\s+|a\s+)[\w-]+\s+(?:tag|label)\b", low)):
        return None
    patterns = [r"\b(?:with|as)\s+(?:the\s+)?(?:tag\s+)?([\w-]+)\s*$",
                r"^add\s+(?:the\s+|a\s+)?(?:tag|label)\s+([\w-]+)",
                r"^add\s+(?:the\s+|a\s+)([\w-]+)\s+(?:tag|label)\b",  # "add the sre tag to the linked ticket"
                r"^add\s+([\w-]+)\s+as\s+an?\s+(?:tag|label)",
                rf"^(?:tag|label)\s+(?:{IT}\s+)?([\w-]+)\s*$"]
    for pattern in patterns:
        match = re.search(pattern, bare, re.I)
        if match:
            return {"do": "add_tag", "tag": (text or match.group(1)).lower()}
    if text:
        return {"do": "add_tag", "tag": text.lower()}
    problems.append(f"which tag? (“{bare}”)")
    return {}


def _post(bare: str, low: str, text: str | None, quotes: list[str], vocab: Vocabulary, problems: list[str]) -> Found:
    channel = re.search(r"(#[\w.-]+)", bare)
    verb = re.match(r"^(?:post|send|announce|notify|tell|alert|ping|message|share|write|let|remind|dm)\b", low)
    if channel and verb:
        return {"do": "post", "channel": channel.group(1).lower(), "text": text or DEFAULT_TEXT}
    if re.match(r"^(?:post|announce|share)\b", low):
        problems.append("post where? Name a channel like #qa")
        return {}
    return None


def _dm(bare: str, low: str, text: str | None, quotes: list[str], vocab: Vocabulary, problems: list[str]) -> Found:
    shapes = [r"^(?:dm|message|ping|notify|tell|alert|remind|email|page|buzz)\s+(.+?)"
              r"(?:\s+(?:about it|saying|that)\b.*)?$",
              r"^send\s+(.+?)\s+an?\s+(?:dm|direct message|message|note)\b",
              r"^send\s+an?\s+(?:dm|direct message|message|note)\s+to\s+(.+)$",
              r"^let\s+(.+?)\s+know\b"]
    if text is not None:
        # "nudge the payments team with 'text'", "send to marta the message 'text'"
        bare = re.sub(r"\s+(?:with|saying|(?:with\s+)?(?:the|a|this)\s+(?:message|text|note))\s*$", "", bare,
                      flags=re.I)
    # "send nell 'weekly update due'", "send 'standup?' to the qa team": the words sent, to people.
    sent = re.match(r"^send\s+(?:to\s+)?(.+)$", bare, re.I)
    if sent and text is not None and "#" not in bare:
        unknown: list[str] = []
        who = targets(sent.group(1), vocab, unknown)
        if who and not unknown:
            return {"do": "dm", "to": who, "text": text}
    said = re.search(r"\s*(?:\bsaying|\bthat\s+says|\bwith\s+the\s+(?:message|text)|:)\s*(.+)$", bare, re.I)
    if text is None and said and re.match(r"^(?:dm|message|ping|notify|tell|alert|remind|page|buzz|send)\b", low):
        text, bare = said.group(1).strip(), bare[:said.start()]  # "dm the qa team: check the dashboards"
    for shape in shapes:
        match = re.match(shape, bare, re.I)
        if match:
            who = targets(match.group(1), vocab, problems)
            return {"do": "dm", "to": who, "text": text or DEFAULT_TEXT} if who else {}
    # "flag nell", "flag it to the qa team": a DM only when whom is someone ("flag it urgent" is a priority).
    flagged = re.match(rf"^flag\s+(?:{IT}\s+)?(?:up\s+)?(?:to|for|with)?\s*(.+?)(?:\s+about\s+it)?$", bare, re.I)
    if flagged:
        unknown = []
        who = targets(flagged.group(1), vocab, unknown)
        if who and not unknown:
            return {"do": "dm", "to": who, "text": text or DEFAULT_TEXT}
    return None


def _due(bare: str, low: str, text: str | None, quotes: list[str], vocab: Vocabulary, problems: list[str]) -> Found:
    if not (re.search(r"\bdue\b", low) and re.match(r"^(?:set|make|give|change|move|update|put|push)\b|^due\s", low)):
        return None
    date = date_in(low[low.index("due"):]) or date_in(low)
    if date is None:
        problems.append(f"which due date? (“{bare}”: try tomorrow, Friday, in 3 days, +2 working days)")
        return {}
    return {"do": "set_due_date", "date": date}


def _status_value(value: str, vocab: Vocabulary) -> str:
    value = value.strip().lower()
    for status in vocab.statuses:
        if value == status or value.startswith(status + " "):
            return status
    return re.split(r"\s+(?:in|on|with|and)\s+", value)[0].strip()


def _status_or_priority(bare: str, low: str, text: str | None, quotes: list[str], vocab: Vocabulary,
                        problems: list[str]) -> Found:
    priority = re.match(r"^(?:set|change|update|raise|lower|bump)\s+(?:the\s+|its\s+|their\s+)?priority\s+"
                        r"(?:to\s+)?(\w+)", bare, re.I)
    if priority:
        value = priority_in(priority.group(1))
        if value is None:
            problems.append(f"priority is urgent, high, normal or low, not “{priority.group(1)}”")
            return {}
        return {"do": "set_priority", "priority": value}
    made = re.match(rf"^(?:make|mark|flag|set)\s+(?:{IT}\s+|tasks?\s+|the task\s+)?(?:as\s+|to\s+)?(?:an?\s+)?"
                    rf"(urgent|high|normal|low)(?:\s+priority)?\s*$", bare, re.I)
    if made:
        return {"do": "set_priority", "priority": made.group(1).lower()}
    shapes = [r"^(?:set|change|update)\s+(?:the\s+|its\s+|their\s+)?(?:linked\s+)?(?:task'?s\s+)?status\s+"
              r"(?:to\s+|as\s+)?(.+)$",
              rf"^(?:set|change)\s+{IT}\s+(?:back\s+)?(?:to|as)\s+(.+)$",
              rf"^move\s+(?:{IT}\s+)?(?:back\s+)?(?:to|into|in)\s+(.+)$",
              rf"^(?:mark|put)\s+(?:{IT}\s+)?(?:as\s+|in\s+|into\s+)?(.+)$"]
    for shape in shapes:
        match = re.match(shape, bare, re.I)
        if match:
            value = unquote(match.group(1), quotes) if text is None else text
            if value.strip().lower() not in vocab.statuses:  # no status of the team's of that name:
                if re.match(r"(?:the|a|an|linked|his|her|their)\b|.*\bteam\b", value.strip(), re.I) or \
                        target(value.strip(), vocab):
                    return None  # "mark the linked req live", "straight to the data team", "straight to Yusuf"
                if level := re.fullmatch(r"\s*(urgent|high|normal|low)(?:\s+priority)?\s*", value, re.I):
                    return {"do": "set_priority", "priority": level.group(1).lower()}  # "… goes to urgent"
            return {"do": "set_status", "status": _status_value(value, vocab)}
    # "send the ticket to ready for qa", "push it to done": a status, only when whom it goes to is no one.
    sent = re.match(rf"^(?:send|push|shove|bump)\s+{IT}\s+(?:back\s+)?(?:to|into)\s+(.+)$", bare, re.I)
    if sent and "#" not in sent.group(1):
        value = unquote(sent.group(1), quotes) if text is None else text
        unknown: list[str] = []
        if not targets(value, vocab, unknown) and unknown and _status_words(value, vocab):
            return {"do": "set_status", "status": _status_value(value, vocab)}
    return None


def _status_words(value: str, vocab: Vocabulary) -> bool:
    """A status the team names, or one to three plain lower-case words that name no priority."""
    low = value.strip().lower()
    if any(low == s for s in vocab.statuses):
        return True
    words = low.split()
    return 0 < len(words) <= 3 and all(re.fullmatch(r"[a-z][a-z-]*", w) for w in words) and priority_in(low) is None


def _assign(bare: str, low: str, text: str | None, quotes: list[str], vocab: Vocabulary,
            problems: list[str]) -> Found:
    if not re.match(r"^(?:re-?assign|assign|give|hand|route|add)\b", low):
        return None
    if low.startswith("add") and not re.search(r"\bassignees?\b|\b(?:on)?to (?:it|the task)\b|\bon it\b", low):
        named: list[str] = []  # "add kofi", "add nadia and wen": people added to the task
        said = re.sub(r"^add\s+", "", bare, flags=re.I)
        if not (targets(said, vocab, named) and not named and all(":" not in t for t in targets(said, vocab, []))):
            return None
    rotate = bool(ROUND_ROBIN.search(bare))
    who_text = ROUND_ROBIN.sub(" ", bare)
    to = list(re.finditer(r"\bto\b", who_text, re.I))
    onto = re.match(rf"^add\s+(.+?)\s+(?:(?:on)?to|on)\s+(?:{IT}|the\s+(?:linked\s+)?(?:task|ticket|issue))\s*$",
                    who_text, re.I)
    if onto:  # "add fergus to it": the people are before "to"
        who_text = onto.group(1)
    elif to:
        who_text = who_text[to[-1].end():]
    else:
        who_text = re.sub(rf"^(?:re-?assign|assign|give|hand|route|add)\s+(?:{IT}\s+)?", "", who_text, flags=re.I)
        who_text = re.sub(r"\s+as\s+(?:an?\s+)?assignees?\b.*$", "", who_text, flags=re.I)
    sole = SOLE.search(who_text)
    who_text = who_text[:sole.start()] if sole else who_text
    everyone = bool(EVERYONE.search(who_text))
    who = targets(who_text, vocab, problems)
    if not who:
        return {}
    if sole and any(":" in t or t in ("author", "assignees") for t in who):
        problems.append(f"“{sole.group(0).strip()}”: the only assignee is a person (or people); name them, not a team, "
                        "a role, the author or the assignees")
        return {}
    if sole or re.match(r"^re-?assign\b", low) or re.search(r"\binstead\b", low):
        mode = "replace"
    elif rotate or (all(t.startswith(("team:", "squad:", "role:")) for t in who)
                    and any(t.startswith(("team:", "squad:")) for t in who) and not everyone):
        mode = "round_robin"
    else:
        mode = "add"
    return {"do": "assign", "to": who, "mode": mode}
