"""The words the sentence parser reads: words that carry no meaning of their own (STOP), words it reads as
grammar (GRAMMAR), and words that stand for a part of a rule (GATED: read only when the rule has that part —
"repo" without a repository condition, "not" without a negated condition, "afternoon" on a rule that fires at
4am, "rotate" without a round robin, are words the parser did not read)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agents.rules.templates import DEFAULT_TEXT

# (he, she, him, her are not stop words: a pronoun the normaliser could not resolve to the one person named is a
# word not read, never a condition dropped.)
STOP = frozenset("""
a an the this that these those it its it's itself them their they we our us you your i me my
is are was were be been being am do does did has have had get gets got getting gotten
to of in on at by for from with into onto off up out over about as so than then there here
and or but also too just only please pls plz kindly automatically auto right away immediately asap
someone somebody anyone anybody something anything stuff thing things who whoever which what whatever
one ones some any all every each whole new now again back still already ever
should would will can could must may might shall let s t n d ll re ve
""".split())

GRAMMAR = frozenset("""
when whenever if once soon after time times anytime while long every each
task tasks ticket tickets bug bugs issue issues card cards item items
move moves moved moving goes go went gone going change changes changed changing transition transitions
amended altered revised adjusted
transitioned become becomes became mark marks marked flag flags flagged enter enters entered reach reaches reached
lands landed hits
set sets turn turns turned is now into status state column
create creates created add adds added open opens opened file files filed make makes made report reported logged
assign assigns assigned assigning reassign re give gives given hand hands handed route routes routed
unassign unassigns remove removes removed
notify tell send sends dm dms message messages ping pings let know alert remind post posts announce share
write reply leave note direct
people person everyone everybody
whoever plus whose leaves exits exited push pushes shove
am pm o clock oclock
from to
linked
touch touches touched edit edits edited modify modifies modified update updates updated
against reopened reopens moment minute come comes came coming pushed
""".split())


class Gate:
    """A part of a rule (condition fields, actions, events) that a word stands for."""

    def __init__(self, fields: tuple[str, ...] = (), dos: tuple[str, ...] = (), events: tuple[str, ...] = (),
                 also: Callable[[dict[str, Any]], bool] | None = None) -> None:
        self.fields, self.dos, self.events, self.also = fields, dos, events, also

    def __call__(self, data: dict[str, Any]) -> bool:
        return (any(self._walk(c) for c in data["if"]) or any(a["do"] in self.dos for a in data["then"])
                or data["when"]["event"] in self.events or (self.also is not None and self.also(data)))

    def _walk(self, condition: dict[str, Any]) -> bool:
        if "field" in condition:
            return str(condition["field"]) in self.fields
        nested = [condition.get("not") or {}, *(condition.get("any") or []), *(condition.get("all") or [])]
        return any(self._walk(c) for c in nested if c)


def _targets(data: dict[str, Any]) -> list[str]:
    return [str(t) for a in data["then"] for key in ("to", "who") if isinstance(a.get(key), list) for t in a[key]]


def _names_squad(conditions: list[dict[str, Any]]) -> bool:
    """Whether a condition compares someone with a squad (`value: squad:mobile`)."""
    for c in conditions:
        value = c.get("value")
        values = value if isinstance(value, list) else [value]
        nested = [c.get("not") or {}, *(c.get("any") or []), *(c.get("all") or [])]
        if any(str(v).startswith("squad:") for v in values) or _names_squad([n for n in nested if n]):
            return True
    return False


def _negated(data: dict[str, Any]) -> bool:
    return any("not" in c or c.get("op") == "ne" for c in data["if"])


def _hour(data: dict[str, Any]) -> int | None:
    cron = data["when"].get("cron")
    hour = str(cron).split()[1] if cron else ""
    return int(hour) if hour.isdigit() else None


def _monthly(data: dict[str, Any]) -> bool:
    """"month" is read only on a schedule that fires on a day of the month ("the 1st of every month")."""
    fields = str(data["when"].get("cron") or "").split()
    return len(fields) == 5 and fields[2] != "*"


def _hours(low: int, high: int) -> Callable[[dict[str, Any]], bool]:
    """A part of the day is read only on a schedule whose hour is in it ("every friday afternoon at 4" is not 4am)."""
    return lambda data: (hour := _hour(data)) is not None and (low <= hour <= high or low <= hour + 24 <= high)


_PRIORITY = Gate(fields=("priority",), dos=("set_priority",), events=("task.priority_changed",))
_TAGS = Gate(fields=("tags",), dos=("add_tag",), events=("task.tag_added",))
_LIST = Gate(fields=("list",), dos=("create_task",))
_REPO = Gate(fields=("repo",))
# ("the pr author" on a CI rule: the author of the pull request whose build failed.)
# (On a CI rule, "the pr" is read when the rule tells its author or comments on it: a CI comment goes on the PR.)
_PR = Gate(events=("pr.opened", "pr.merged"),
           also=lambda data: data["when"]["event"] == "ci.failed" and (
               "author" in _targets(data) or any(a["do"] == "comment" for a in data["then"])))
_CI = Gate(events=("ci.failed",))
_COMMENT = Gate(dos=("comment",), events=("task.commented",))
_NAME = Gate(fields=("name",), dos=("create_task",))
# "dm bjorn saying 'rotate the creds'": a comment, or a message with a text of its own.
_SAYING = Gate(dos=("comment",), events=("task.commented",),
               also=lambda data: any(a.get("do") in ("dm", "post") and a.get("text") != DEFAULT_TEXT
                                     for a in data["then"]))
_DAY = Gate(dos=("set_due_date",), events=("schedule",))
_NOT = Gate(also=_negated)
_TEAM = Gate(also=lambda data: any(t.startswith(("team:", "squad:", "role:")) for t in _targets(data))
            or _names_squad(data["if"]))
_AUTHOR = Gate(fields=("author",), also=lambda data: "author" in _targets(data))
_ASSIGNEE = Gate(fields=("assignee",), dos=("unassign",), events=("task.assignee_added",),
                 also=lambda data: "assignees" in _targets(data))
_ROTATE = Gate(also=lambda data: any(a.get("mode") == "round_robin" for a in data["then"]))
_DUE = Gate(dos=("set_due_date",), events=("task.due_date_changed",))
_SCHEDULE = Gate(events=("schedule",))
_SOLE = Gate(also=lambda data: any(a.get("mode") == "replace" for a in data["then"]))
_DM = Gate(dos=("dm",))
_WEEKDAYS = Gate(also=lambda data: str(data["when"].get("cron", "")).endswith("mon-fri"))
# "above normal", "below high": a priority compared, not matched
_RANKED = Gate(also=lambda data: any(c.get("field") == "priority" and c.get("op") in ("gt", "lt") for c in data["if"]))
GATED: dict[str, Gate] = {
    **dict.fromkeys(("not", "isn", "aren", "doesn", "don", "hasn", "haven", "wasn", "weren", "never", "no", "longer",
                     "without", "yet", "unless"), _NOT),
    **dict.fromkeys(("team", "teams", "squad", "group", "folks", "guys", "lads", "lot", "pair", "crew", "members",
                     "lead", "leads", "qa", "tester", "testers", "developer", "developers", "devs", "dev", "engineers",
                     "engineer"), _TEAM),
    **dict.fromkeys(("author", "creator", "owner", "reporter"), _AUTHOR),
    **dict.fromkeys(("assignee", "assignees", "current"), _ASSIGNEE),
    **dict.fromkeys(("round", "robin", "turns", "taking", "take", "rotate", "rotating", "rotation"), _ROTATE),
    **dict.fromkeys(("due", "date", "dates", "deadline"), _DUE),
    **dict.fromkeys(("daily", "weekly"), _SCHEDULE),
    **dict.fromkeys(("page", "buzz", "poke"), _DM),
    **dict.fromkeys(("alone", "solely", "exclusively", "nobody", "noone", "else"), _SOLE),
    **dict.fromkeys(("month", "monthly", "months"), Gate(also=_monthly)),
    **dict.fromkeys(("weekday", "weekdays"), _WEEKDAYS),
    **dict.fromkeys(("above", "below", "higher", "lower"), _RANKED),
    **dict.fromkeys(("morning", "mornings"), Gate(also=_hours(5, 11))),
    **dict.fromkeys(("afternoon", "afternoons"), Gate(also=_hours(12, 17))),
    **dict.fromkeys(("evening", "evenings"), Gate(also=_hours(17, 23))),
    **dict.fromkeys(("night", "nights", "tonight"), Gate(also=_hours(18, 28))),
    "noon": Gate(also=_hours(12, 12)), "midnight": Gate(also=_hours(0, 0)),
    **dict.fromkeys(("priority", "escalate", "escalated", "raise", "raised", "bump", "bumped", "lower", "lowered",
                     "dropped", "downgrade", "downgraded", "upgrade", "upgraded"), _PRIORITY),
    **dict.fromkeys(("tag", "tags", "tagged", "label", "labels", "labelled", "labeled"), _TAGS),
    **dict.fromkeys(("list", "lists", "board", "folder", "project"), _LIST),
    **dict.fromkeys(("repo", "repos", "repository", "repositories"), _REPO),
    **dict.fromkeys(("pr", "prs", "pull", "request", "requests", "merge", "merged", "merges", "mr", "mrs"), _PR),
    **dict.fromkeys(("ci", "build", "builds", "pipeline", "check", "checks", "tests", "run", "runs", "job", "jobs",
                     "workflow", "workflows", "fail", "fails", "failed",
                     "failing", "breaks", "broke", "broken", "red", "crashes", "crashed", "blows", "blew", "blow"),
                    _CI),
    **dict.fromkeys(("comment", "comments", "commented", "commenting", "left"), _COMMENT),
    **dict.fromkeys(("saying", "says"), _SAYING),
    **dict.fromkeys(("name", "title", "called", "named", "titled", "contains", "includes", "mentions"), _NAME),
    **dict.fromkeys(("today", "tomorrow", "eod", "end", "next", "working", "business", "weeks", "within", "week",
                     "days", "day"), _DAY),
}
PRIORITY_WORDS = frozenset({"urgent", "high", "normal", "low"})  # values: read only when the rule has that value
# Words the typo fixer leaves alone (and may correct to): the parser reads them, or normalise rewrites them.
KNOWN_WORDS = STOP | GRAMMAR | PRIORITY_WORDS | frozenset(GATED) | frozenset({
    "ready", "testing", "review", "progress", "ends", "wrote", "writes", "between", "among", "amongst", "across",
    "around", "shared", "spread", "split", "divide", "divided", "distribute", "distributed", "rotated", "evenly",
    "wants", "want", "needs", "need", "like", "shout", "line", "heads", "holler", "nudge", "drop", "shoot", "kick",
    "boot", "yank", "sole", "single", "half", "quarter", "past", "first", "weekend", "weekends", "deadlines", "closes",
    "drags", "dragged", "raises", "reports", "logs", "submits", "submitted", "where", "which", "whose",
    "park", "parks", "parked", "parking",
    # words about how old or untouched a task is: never a misspelt grammar word ("stale" is not "state")
    "stale", "stalled", "idle", "untouched", "abandoned", "inactive", "chance", "chuck", "chucks", "shove",
    # ordinary words one edit from a word of the rules ("field" is not a misspelt "filed")
    "field", "fields",
    # words of an exception, so that "excpet" is mended to one (it was read as a tag)
    "except", "excluding", "besides",
    # ("takes turns" is no misspelt "makes")
    "takes", "took", "taken"})
