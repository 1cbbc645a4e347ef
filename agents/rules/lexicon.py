"""The words the sentence parser reads: words that carry no meaning of their own (STOP), words it reads as
grammar (GRAMMAR), and words that stand for a part of a rule (GATED: read only when the rule has that part —
"repo" without a repository condition is a word the parser did not read)."""

from __future__ import annotations

from typing import Any

STOP = frozenset("""
a an the this that these those it its it's itself them their they he she him her his we our us you your i me my
is are was were be been being am do does did has have had get gets got getting gotten
to of in on at by for from with into onto off up out over about as so than then there here
and or but also too just only please pls plz kindly automatically auto right away immediately asap
someone somebody anyone anybody something anything stuff thing things who whoever which what whatever
one ones some any all every each whole new now again back still already ever
should would will can could must may might shall let s t n d ll re ve
""".split())

GRAMMAR = frozenset("""
when whenever if once soon after time times anytime unless while long every each
task tasks ticket tickets bug bugs issue issues card cards item items
move moves moved moving goes go went gone going change changes changed changing transition transitions
transitioned become becomes became mark marks marked flag flags flagged enter enters entered reach reaches reached
lands landed hits
set sets turn turns turned is now into status state column
create creates created add adds added open opens opened file files filed make makes made report reported logged
assign assigns assigned assigning reassign re give gives given hand hands handed route routes routed
unassign unassigns remove removes removed
notify tell send sends dm dms message messages ping pings let know alert remind email post posts announce share
write reply leave note direct
not isn never no longer without yet
round robin turns taking take rotate rotating rotation
team teams squad group people person everyone everybody
author creator owner reporter assignee assignees current whoever
lead leads qa tester testers developer developers devs dev engineers engineer
morning evening afternoon night noon midnight tonight daily weekly weekday weekdays week day days am pm
o clock oclock
due date dates deadline
from to
linked
""".split())


class Gate:
    """A part of a rule (condition fields, actions, events) that a word stands for."""

    def __init__(self, fields: tuple[str, ...] = (), dos: tuple[str, ...] = (), events: tuple[str, ...] = ()) -> None:
        self.fields, self.dos, self.events = fields, dos, events

    def __call__(self, data: dict[str, Any]) -> bool:
        return (any(self._walk(c) for c in data["if"]) or any(a["do"] in self.dos for a in data["then"])
                or data["when"]["event"] in self.events)

    def _walk(self, condition: dict[str, Any]) -> bool:
        if "field" in condition:
            return str(condition["field"]) in self.fields
        nested = [condition.get("not") or {}, *(condition.get("any") or []), *(condition.get("all") or [])]
        return any(self._walk(c) for c in nested if c)


_PRIORITY = Gate(fields=("priority",), dos=("set_priority",), events=("task.priority_changed",))
_TAGS = Gate(fields=("tags",), dos=("add_tag",), events=("task.tag_added",))
_LIST = Gate(fields=("list",), dos=("create_task",))
_REPO = Gate(fields=("repo",))
_PR = Gate(events=("pr.opened", "pr.merged"))
_CI = Gate(events=("ci.failed",))
_COMMENT = Gate(dos=("comment",), events=("task.commented",))
_NAME = Gate(fields=("name",), dos=("create_task",))
_DAY = Gate(dos=("set_due_date",), events=("schedule",))
GATED: dict[str, Gate] = {
    **dict.fromkeys(("priority", "escalate", "escalated", "raise", "raised",
                     "bump", "bumped", "lower", "lowered"), _PRIORITY),
    **dict.fromkeys(("tag", "tags", "tagged", "label", "labels", "labelled", "labeled"), _TAGS),
    **dict.fromkeys(("list", "lists", "board", "folder", "project"), _LIST),
    **dict.fromkeys(("repo", "repos", "repository", "repositories"), _REPO),
    **dict.fromkeys(("pr", "prs", "pull", "request", "requests", "merge", "merged", "merges", "mr", "mrs"), _PR),
    **dict.fromkeys(("ci", "build", "builds", "pipeline", "check", "checks", "tests", "fail", "fails", "failed",
                     "failing", "breaks", "broke", "broken", "red"), _CI),
    **dict.fromkeys(("comment", "comments", "commented", "commenting", "saying", "says"), _COMMENT),
    **dict.fromkeys(("name", "title", "called", "named", "titled", "contains", "includes", "mentions"), _NAME),
    **dict.fromkeys(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mondays",
                     "tuesdays", "wednesdays", "thursdays", "fridays", "saturdays", "sundays", "today", "tomorrow",
                     "eod", "end", "next", "working", "business", "weeks", "within", "week", "days", "day"), _DAY),
}
PRIORITY_WORDS = frozenset({"urgent", "high", "normal", "low"})  # values: read only when the rule has that value
KNOWN_WORDS = STOP | GRAMMAR | PRIORITY_WORDS | frozenset(GATED) | frozenset({
    "whenever", "ready", "testing", "review", "progress", "lands", "landed", "hits", "reaches", "ends", "something"})
