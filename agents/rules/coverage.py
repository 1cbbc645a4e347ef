"""Which words of a sentence a parsed rule does not account for. A word is read when it carries no meaning of its
own, is grammar the parser knows, stands for a part the rule has (see lexicon.GATED), or is one of the rule's
values (a person, team, status, tag, list, channel, repository, date or time). Whatever is left was seen and not
understood: the parser refuses and names it, rather than returning a rule without it."""

from __future__ import annotations

import re
from typing import Any

from agents.rules.lexicon import GATED, GRAMMAR, STOP
from agents.rules.phrases import DAYS, NUMBERS, Vocabulary
from agents.rules.templates import DEFAULT_TEXT

TOKENS = re.compile(r"«\d+»|#[\w.-]+|[a-z0-9][\w.-]*/[\w.-]+|\d{1,2}(?:st|nd|rd|th)\b|\d{1,2}h(?:\d{2})?\b|"
                    r"\d{1,2}(?::\d{2})?(?:am|pm)?|[^\W\d_]*[^\W\d_a-z][^\W\d_]*|"
                    r"[a-z]+", re.I)
ORDINAL = re.compile(r"(\d{1,2})(?:st|nd|rd|th)")
SHORT_DAYS = ("mon", "tue", "tues", "wed", "weds", "thu", "thur", "thurs", "fri", "sat", "sun")
CAN_CHECK = "status, priority, list, tags, assignee, name, and on pull requests the repository (owner/name) and author"


def unread(text: str, data: dict[str, Any], vocab: Vocabulary) -> list[str]:
    """The phrases of `text` (quotes already «n» tokens) that the rule `data` does not account for, in order."""
    values = _value_words(data, vocab)
    uses = _value_uses(data, vocab)
    runs: list[list[str]] = []
    gap = True
    for match in TOKENS.finditer(text.replace("'", " ")):
        word = match.group(0)
        low = word.lower()
        spent = False
        if low in uses and not low.startswith("«") and not _read(low, data, set()):
            uses[low] -= 1  # a value said more times than the rule has it: the extra saying is not read
            spent = uses[low] < 0
        # ("when Bugs ticket go live": a list's name that is also a word for tasks, and no list condition: unread)
        if not spent and not _dropped_list(word, low, text[:match.start()], values) and _read(low, data, values):
            if low not in STOP:
                gap = True
            elif runs and not gap:
                runs[-1].append(word)
            continue
        if gap or not runs:
            runs.append([word])
        else:
            runs[-1].append(word)
        gap = False
    return [" ".join(_trim(run)) for run in runs if _trim(run)]


# Words for tasks that teams also give their lists ("Bugs", "Support", "Incidents"): said with a capital in the middle
# of a sentence they name a list, and a rule with no such list has dropped it.
_LIST_LIKE = frozenset("bug bugs issue issues incident incidents request requests support backlog escalations "
                       "releases feature features stories chores defects".split())


def _dropped_list(word: str, low: str, before: str, values: set[str]) -> bool:
    return (low in _LIST_LIKE and word[:1].isupper() and not word.isupper() and low not in values
            and before.strip() != "" and before.rstrip()[-1:] not in ".!?:")


def _trim(run: list[str]) -> list[str]:
    while run and run[-1].lower() in STOP:
        run = run[:-1]
    return run


def problem(phrases: list[str]) -> str:
    said = ", ".join(f"“{p}”" for p in phrases)
    return (f"I did not understand {said}, so I made no rule rather than one without it (a rule can check "
            f"{CAN_CHECK}; rephrase, or leave that part out)")


def _read(low: str, data: dict[str, Any], values: set[str]) -> bool:
    if low.startswith("«") or low in values:
        return True
    if low in GATED:
        return GATED[low](data)
    if ORDINAL.fullmatch(low) or low == "first":  # "the 1st of every month": the schedule's day of the month
        return _month_day(data) == (1 if low == "first" else int(low[:-2]))
    if low in STOP or low in GRAMMAR:
        return True
    if hours := re.fullmatch(r"(\d{1,2})h(\d{2})?", low):  # "14h", "9h30": a 24-hour clock
        return _time_has(data, f"{hours.group(1)}:{hours.group(2) or '00'}")
    if re.fullmatch(r"\d{1,2}(?::\d{2})?(?:am|pm)?", low) or low in NUMBERS:
        return _time_has(data, low) or _date_has(data, low)
    return False


def _time_has(data: dict[str, Any], low: str) -> bool:
    """A time is read when it is the schedule's: "4", "4pm", "16:00" on a rule at 16:00 — not "4" at 4pm and 9am."""
    cron = data["when"].get("cron")
    match = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?(am|pm)?", low)
    if not cron or not match:
        return False
    minute, hour = (int(f) if f.isdigit() else -1 for f in str(cron).split()[:2])
    said, said_minute = int(match.group(1)), int(match.group(2)) if match.group(2) else minute
    if said_minute != minute:
        return False
    if match.group(3):
        return (said % 12) + (12 if match.group(3) == "pm" else 0) == hour
    return said in (hour, hour - 12, 12 if hour == 12 else -1)


def _month_day(data: dict[str, Any]) -> int | None:
    fields = str(data["when"].get("cron") or "").split()
    return int(fields[2]) if len(fields) == 5 and fields[2].isdigit() else None


def _date_has(data: dict[str, Any], low: str) -> bool:
    number = low if low.isdigit() else str(NUMBERS.get(low, ""))
    for action in data["then"]:
        date = str(action.get("date") or "")
        if number and re.search(rf"\b{number}\b", date):
            return True
        if number and date.endswith("days") and str(7 * int(number)) in date:  # "two weeks" is +14 days
            return True
    return False


_DAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def _cron_days(cron: str) -> set[str]:
    """The day names a schedule fires on ("mon-fri" → monday … friday, and their plurals)."""
    dow = cron.split()[4] if len(cron.split()) == 5 else ""
    days: set[str] = set()
    for part in dow.split(","):
        first, _, last = part.partition("-")
        starts = [d[:3] for d in _DAY_NAMES]
        if first in starts:
            end = starts.index(last) if last in starts else starts.index(first)
            days.update(_DAY_NAMES[starts.index(first):end + 1])
    days |= {d[:3] for d in days} | {"tues" for d in days if d == "tuesday"} | {
        a for d in days if d == "thursday" for a in ("thu", "thur", "thurs")}
    if dow == "sat,sun":
        days |= {"weekend", "weekends"}
    if "-" in dow:
        days |= {"through", "thru", "till", "until"}  # "monday through friday"
    return days | {d + "s" for d in days}


def strings_in(value: Any) -> list[str]:
    """Every string inside a rule's part (conditions, actions), however nested."""
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings_in(item)]
    if isinstance(value, list):
        return [s for item in value for s in strings_in(item)]
    return [value] if isinstance(value, str) else []


def _values(data: dict[str, Any]) -> list[str]:
    """The rule's values (people, teams, statuses, tags, lists, channels, repositories…), not the words it sends."""
    return strings_in(data["if"]) + strings_in([{k: v for k, v in a.items() if k not in ("do", "text", "name", "mode")}
                                                for a in data["then"]])


def _said(data: dict[str, Any]) -> list[str]:
    """Words sent or a task's name, said without quotes ("…: check the logs", "called weekly dispute review")."""
    return [str(a[k]) for a in data["then"] for k in ("text", "name") if a.get(k) not in (None, DEFAULT_TEXT)]


def _words_of(value: str, vocab: Vocabulary) -> set[str]:
    """The words that say one value: itself, and its words unless it is a channel ("#restaurant-tools" is one token:
    its words read nothing else); a person's value also reads as their first name."""
    low = value.lower()
    words = {low}
    if not low.startswith("#"):
        said = low.split(":", 1)[-1]
        words.update(re.findall(r"[a-z0-9]+", said))
        words.update(re.findall(r"[a-z]+|\d+", said))  # "sev1" is also read as "sev", "1" (how TOKENS cuts it)
        if low == "role:lead":
            words.update({"lead", "leads"})
        if low in DAYS:  # "due fri": a day said short
            words.update(short for short in SHORT_DAYS if low.startswith(short[:3]))
    words.update(alias for alias, name in vocab.people.items() if name.lower() in words)
    return words


def _value_uses(data: dict[str, Any], vocab: Vocabulary) -> dict[str, int]:
    """How many times each word of a condition's or an action's value may be said: "qa" twice in "go to qa and be
    given to the qa team" needs a status and a team, not one of them; "a task leila's on, tell her" says leila twice,
    checked and told."""
    counts: dict[str, int] = {}
    for said in _said(data):
        for word in set(re.findall(r"[a-z0-9]+", said.lower())):
            counts[word] = counts.get(word, 0) + 1
    for value in _values(data):
        one_token = value.startswith("#") or "/" in value  # a channel or a repository is said as one token
        for word in {value.lower()} if one_token else _words_of(value, vocab):
            counts[word] = counts.get(word, 0) + 1
    return counts


def _value_words(data: dict[str, Any], vocab: Vocabulary) -> set[str]:
    words: set[str] = set()
    for value in _values(data) + _said(data):
        words |= _words_of(value, vocab)
    return words | _cron_days(str(data["when"].get("cron") or ""))
