"""Slack wording → the parser's wording, before it reads a sentence: a typo in a known word, the many ways to say
DM / unassign / raise a priority / round robin, "at 3 in the afternoon", "half past 4", "X is added to a task",
"tickets moved to X should go to Y", "new tickets in Bugs should be due tomorrow", "X -> Y", the person who acts
first ("olek moves something to done", "amara opens a pr", "tasks beth creates"). Each rewrite replaces words
with words that mean the same; nothing is dropped here."""

from __future__ import annotations

import re

from agents.rules.config import PRIORITY_ALIASES, SQUAD
from agents.rules.lexicon import KNOWN_WORDS
from agents.rules.parser_actions import VERBS
from agents.rules.phrases import (
    DEFAULT_STATUSES,
    ONE_DAY,
    Vocabulary,
    number,
    priority_in,
    schedule_in,
    target,
    targets,
)
from agents.rules.wordings import (
    BY_OTHERS,
    CLOCK_H,
    HOUR_WORDS,
    SPELT_CLOCK,
    SPELT_PART,
    back_for,
    clock_h,
    joined_teams,
    plural_names,
    pseudo_code,
    reworded,
    spelt_clock,
)

_TASK = r"(?:an?|the|any|some)\s+(?:new\s+)?(?:task|ticket|bug|issue|card)"
_IT = r"(?:it|them|this|that|the\s+task|the\s+ticket|the\s+linked\s+(?:task|ticket|issue))"
_DM = r"(?:dm|direct\s+message|message|msg|note|ping|slack)"
# What one sends someone as a DM: "give beth a shout", "drop beth a line", "shoot the testers a msg".
_HEY = (r"(?:dm|direct\s+message|message|msg|note|ping|slack|line|heads[- ]?up|shout(?:[- ]?out)?|holler|buzz|nudge|"
        r"reminder)")
# Whom, in "give X a shout": a few words that are not grammar of their own.
_WHOM = r"((?:(?!\b(?:to|then|it|when|whenever|if|once|a|an)\b)[^,«])+?)"
SYNONYMS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?<![\w-])(?<!tag\s)(?<!tagged\s)(?<!label\s)(?<!labelled\s)deadlines?(?![\w-])", re.I), "due date"),
    (re.compile(r"\b(?:whoever|the\s+person\s+who)\s+(?:opened|created|wrote|made|raised|filed|reported|logged|"
                r"submitted)\s+(?:it|the\s+(?:pr|pull\s+request|task|ticket|bug|issue|card))\b", re.I), "the author"),
    (re.compile(rf"\b(?:shoot|fire)\s+(?:off\s+)?(?:an?\s+)?{_DM}\s+(?:over\s+|off\s+)?to\b", re.I), "dm"),
    (re.compile(rf"\b(?:shoot|send|drop|give|fire)\s+(?!off\b){_WHOM}\s+an?\s+(?:quick\s+)?{_HEY}\b", re.I),
     r"dm \1"),
    (re.compile(rf"\b(?:drop|send|give|shoot|fire)\s+(?:off\s+)?an?\s+(?:quick\s+)?{_HEY}\s+to\b", re.I), "dm"),
    (re.compile(r"^(?:an?\s+)?heads[- ]?up\s+to\b", re.I), "dm"),
    (re.compile(r"(?<=,\s)(?:an?\s+)?heads[- ]?up\s+to\b", re.I), "dm"),
    (re.compile(r"\b(?:holler|yell|shout)\s+at\b", re.I), "dm"),
    (re.compile(r"(?<![\w-])(?:slack|nudge|msg|pm|hit\s+up|ping\s+up|poke|ding|tap)(?![\w-])"
                r"(?!\s*(?:channel\b|#))", re.I),
     "dm"),
    # "msg whoevers on it", "ping whoever is assigned to the ticket", "tell the people on it".
    (re.compile(r"\b(?:whoever(?:'?s|\s+is|\s+are)?|the\s+(?:people|person|folks|ones?)\s+(?:who\s+(?:is|are)\s+)?)"
                rf"\s*(?:on|assigned(?:\s+to)?|working\s+on)\s+{_IT}(?=$|[\s,])", re.I), "the assignees"),
    (re.compile(rf"\b(?:give|send|shoot|drop)\s+(the\s+assignees)\s+an?\s+(?:quick\s+)?{_HEY}\b", re.I), r"dm \1"),
    # "gets kicked back from in review to in progress": a task moved back.
    (re.compile(r"\b(?:gets?|got|is|was|are|were)\s+(?:kicked|bounced|sent|pushed|thrown|punted|knocked)\s+back\b",
                re.I), "moves back"),
    (re.compile(rf"\b(?:take|kick|pull|drop|get|boot|yank|clear)\s+(.+?)\s+off(?:\s+of)?(?:\s+{_IT})?(?=$|[\s,])",
                re.I),
     r"remove \1 from it"),
    (re.compile(rf"\b(?:kick|pull|drop|boot|yank|take)\s+(.+?)\s+(?:out\s+)?(?:of|from)\s+{_IT}(?=$|[\s,])", re.I),
     r"remove \1 from it"),
    (re.compile(rf"\b(?:bump|raise|escalate|push|drop|lower|downgrade|upgrade|crank|jack|ramp|boost|hike|knock|whack)\s+(?:{_IT}\s+)?(?:up\s+|down\s+)?to\s+"
                r"(urgent|high|normal|low)\b", re.I), r"set priority to \1"),
    (re.compile(r"\b(?:bump|raise|escalate|drop|lower|downgrade|upgrade|crank|jack|ramp|boost|hike|knock|whack)\s+"
                r"(?:up\s+|down\s+)?(?:the\s+|its\s+)?priority\s+"
                r"(?:up\s+|down\s+)?to\b", re.I), "set priority to"),
    (re.compile(rf"\bround[- ]robin\s+({_IT})\s+to\b", re.I), r"assign \1 round robin to"),
    # "put it on the ml team rota", "add it to the support rotation": the team's rota is a round robin.
    (re.compile(rf"\b(?:put|add|stick|throw)\s+{_IT}\s+(?:on|onto|in|into|to)\s+(?:the\s+)?((?:(?!\b(?:and|then|it)\b)"
                r"[^,«])+?)(?:'s)?\s+(?:rota|rotation)\b", re.I), r"assign it round robin to \1"),
    # "its due 3 working days out", "it should be due friday": the due date to set (never "its due date …").
    (re.compile(r"(?<!\bwhen)(?<!\bwhenever)(?<!\bif)(?<!\bonce)(?:,\s*|\s+)(?:it'?s|it\s+is|(?:it|they)\s+(?:should|shld|must|needs?\s+to)\s+be|they'?re|"
                r"they\s+are)\s+due\s+(?:on\s+|by\s+|in\s+|within\s+)?(?!dates?\b)"
                r"(?=\+|\d|(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|tomorrow|today|tonight|eod|end|"
                r"next|this|mon|tue|wed|thu|fri|sat|sun)\w*\b)", re.I), ", set the due date to "),
    # "…, due tomorrow", "-> due in 2 days": after the trigger, the due date to set.
    (re.compile(r",\s*(?:make\s+it\s+|and\s+)?due\s+(?:on\s+|by\s+|in\s+|within\s+)?(?!dates?\b)"
                r"(?=\+|\d|(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|tomorrow|today|tonight|eod|end|"
                r"next|this|mon|tue|wed|thu|fri|sat|sun)\w*\b)", re.I), ", set the due date to "),
    (re.compile(rf"\brotate\s+{_IT}\s+to\b", re.I), "assign it round robin to"),
    (re.compile(rf"\b(?:rotate|share|spread|split|divide|distribute|hand|divvy|deal|dole|parcel|round[- ]robin)\s+"
                rf"(?:{_IT}\s+)?(?:out\s+|up\s+)?(?:evenly\s+)?"
                r"(?:between|among|amongst|across|through|around|over)\b", re.I), "assign it round robin to"),
    (re.compile(rf"\bmake\s+{_WHOM}\s+the\s+(?:only|sole|single|one)\s+(?:assignee|owner|person\s+on\s+it)\b", re.I),
     r"reassign it to \1"),
    (re.compile(r"\bmidday\b", re.I), "noon"),
    # "drop a note in #data", "leave a message on #ops": a post in that channel.
    (re.compile(r"\b(?:drop|leave|put|stick|throw|send|fire\s+off|write)\s+(?:an?\s+)?(?:quick\s+)?"
                r"(?:note|message|msg|line|post|reminder|update|heads[- ]?up)\s+(?:in|into|to|on)\s+(?=#)", re.I),
     "post in "),
    # "organise a rota between ollie and siobhan", "set up a rotation across the qa team".
    (re.compile(r"\b(?:organi[sz]e|set\s+up|run|do|make|start)\s+(?:a\s+|the\s+)?(?:rota|rotation|round[- ]robin)\s+"
                r"(?:between|among|amongst|across|for|of|with)\b", re.I), "assign it round robin to"),
    # "goes on the liveops rota", "go onto the support rotation".
    (re.compile(r"\b(?:goes|go|gets|get)\s+(?:put\s+)?(?:on|onto|in|into)\s+(?:the\s+)?((?:(?!\b(?:and|then|it)\b)"
                r"[^,«])+?)(?:'s)?\s+(?:rota|rotation)\b", re.I), r", assign it round robin to \1"),
    # "the backend on-call rotation", "the qa rota": the team, taking turns.
    (re.compile(r"\b(?:to\s+)?(?:the\s+)?(?<![#\w-])(?!(?:in|on|a|an|the|by|into)\b)([a-z][\w-]*)\s+"
                r"(?:on-?call\s+)?(?:rotation|rota)\b", re.I),
     r"round robin to the \1 team"),
    # "stick it in #releases", "share it to #qa": the event posted there.
    (re.compile(r"\b(?:stick|put|drop|throw|chuck|share|pop)\s+(?:it|this|that)\s+(?:in|into|on|to)\s+(?=#)", re.I),
     "post in "),
    # "message niamh directly": a DM is direct.
    (re.compile(r"\b((?:dm|message|msg|ping|slack|give)\s+(?:(?!\b(?:to|then|it|when|whenever|if|once|and)\b)[^,«#])+?)\s+(?:directly|privately|"
                r"personally|in\s+(?:a\s+)?(?:dm|private)|(?:via|by|over)\s+(?:a\s+)?(?:dm|slack|direct\s+message)|"
                r"on\s+slack)\b", re.I),
     r"\1"),
    # "put aisha on it", "stick the qa team on the ticket": an assignee added.
    (re.compile(rf"\b(?:put|stick|throw|slap|get)\s+{_WHOM}\s+on\s+{_IT}(?=$|[\s,])", re.I), r"assign it to \1"),
    # "someone replies on a task", "a reply is left": a comment.
    (re.compile(r"\b(?:replies|replied)\s+(?:on|to|in)\b", re.I), "comments on"),
    # "gets round-robined across the mobile team", "is rota'd between …".
    (re.compile(r"\b(?:round[- ]?robin(?:n?ed|'d)|rota'?d)\s+(?:out\s+)?(?:between|among|amongst|across|to|over)\b",
                re.I), "shared between"),
]
_OCLOCK = r"(\d{1,2})(?::(\d{2}))?\s*(?:o'?clock\s*)?"
_DAYS = r"(?:mon|tues|wednes|thurs|fri|satur|sun|week)days?"
TIME_FIRST = [re.compile(rf"\bat\s+{_OCLOCK}(?:in\s+the\s+|this\s+)?(morning|afternoon|evening|night)\b", re.I),
              re.compile(rf"\bat\s+{_OCLOCK}(tonight)\b", re.I),
              # "tuesdays 3 in the afternoon": without "at", only with "in the" (never "in 3 days").
              re.compile(rf"(?<![\w:+])(?<!\bin\s){_OCLOCK}(?:in\s+the\s+)(morning|afternoon|evening)\b", re.I)]
# ("weekday mornings 9:15": without "at" only a clock with minutes, never a bare number.)
PART_FIRST = re.compile(rf"\b({_DAYS})\s+(morning|afternoon|evening|night)s?\s+(?:at\s+|(?=\d{{1,2}}:\d{{2}}))"
                        rf"{_OCLOCK}(?![ap]\.?m|\d|:)", re.I)
# A status the team file does not list, as people say it: lower-case words up to the comma ("lands in ready for
# qa,"), never a list ("lands in the Bugs list") or a capitalised name.
# (Or up to the action that follows: "lands in model review put it on …".)
_OWN_STATUS = (rf"(?!the\b|an?\b)(?-i:[a-z])[a-z-]*(?:\s+(?!(?:{VERBS})\b)[a-z][a-z-]*){{0,2}}\s*"
               rf"(?:,|$|(?=\s(?:{VERBS})\b))")
# "if diego is the one who marks it done", "when hana is the person that opens the pr": the person who acts.
THE_ONE_WHO = re.compile(r"\b([a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+(?:is|was)\s+the\s+(?:one|person|guy|dev)\s+"
                         r"(?:who|that)\s+", re.I)
# "without the refunds tag", "with the urgent-fix label" → "… the tag X" (the tag named, then the word "tag").
TAG_BEFORE = re.compile(r"\b(with|without|has|having|have)\s+(?:the|a)\s+(?!same\b|new\b|any\b)([\w-]+)\s+"
                        r"(?:tag|label)\b(?!\s+(?:tag|label)\b)", re.I)
# "grace should get a dm whenever…", "grace should be pinged when…", "beth wants a ping whenever…": the person
# first, the DM after.
_TOLD = (rf"(?:should\s+(?:hear|know|find\s+out|be\s+told)(?=\s+(?:about|of|when|whenever|if)\b)|"
         rf"(?:wants|needs|would\s+like|wanna)\s+to\s+(?:hear|know)(?=\s+(?:about|of)\b)|"
         rf"should\s+(?:(?:get|be\s+sent|receive)\s+an?\s+(?:quick\s+)?{_DM}|(?:be|get)\s+(?:pinged|messaged|"
         rf"dm'?e?d|slacked|nudged|notified|told))|(?:gets|is)\s+(?:pinged|messaged|dm'?e?d|slacked|nudged|notified)"
         rf"(?=\s+(?:when(?:ever)?|if|once|any ?time|every\s+time|each\s+time|about)\b)|"
         rf"(?:wants|needs|would\s+like|wanna)\s+(?:to\s+(?:get|receive)\s+)?an?\s+"
         rf"(?:quick\s+)?{_HEY}|(?:wants|needs|would\s+like)\s+to\s+(?:know|hear|be\s+(?:pinged|messaged|dm'?e?d|"
         r"slacked|nudged|notified|told)))\b")
PERSON_FIRST = re.compile(rf"^((?:the\s+[a-z][\w-]*\s+team)|"
                          rf"[a-z][\w-]*(?:\s+[a-z][\w-]*)?(?:\s*(?:,|\band\b)\s*[a-z][\w-]*)*)\s+"
                          rf"(?:both\s+|all\s+)?{_TOLD}",
                          re.I)
# "prs opened by aisha leila needs to know", "friday evenings at 6 bjorn should get a dm saying …", "… can ruth hear
# about it": the person to tell after what sets the rule off (the words before must name someone, else nothing
# changes).
PERSON_LATER = re.compile(rf"(?<=\S)\s*,?\s+(?:(?:can|could)\s+((?:the\s+)?[a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+"
                          rf"(?:hear\s+about|be\s+told\s+about|get\s+an?\s+(?:quick\s+)?{_DM}\s+about)\s+"
                          rf"(?:it|this|that)\b|((?:the\s+)?[a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+{_TOLD})", re.I)
# "escalate to urgent any task tagged outage": the action first, the trigger in its object.
OBJECT_FIRST = re.compile(r"^(?!when|if|once|after|every|each)(\w+)\s+(.*?)\b(?:(?:any|every|all|each)\s+(?:new\s+)?"
                          r"(?:tasks?|tickets?|bugs?|issues?|cards?)|anything|everything)\s+((?:tagged|labell?ed)\s+[\w-]+"
                          r"(?:\s*(?:,|\bor\b)\s*[\w-]+)*)\b(.*)$", re.I)
# "reassign to mateo anything that goes urgent in Payments", "set the due date to friday on anything in Backend that
# …": the action first, the trigger in what it is done to.
OBJECT_ANY = re.compile(r"^(?!when|if|once|after|every|each)(\w+)\s+(.*?)\s*\b(?:(?:any|every|all|each)\s+(new\s+)?"
                        r"(?:tasks?|tickets?|bugs?|issues?|cards?)|anything|everything)\s+((?:that|which|in|created|"
                        r"moved|going|getting|moving|hitting|landing|reaching|tagged|labell?ed)\b.*)$", re.I)


def _object_first(verb: str, rest: str) -> str:
    """The action of an object-first sentence: "reassign" + "to mateo" → "reassign it to mateo"; "set" + "the due
    date to friday on" → "set the due date to friday" (its own object kept)."""
    rest = re.sub(r"\s+(?:on|for|to|of)\s*$", "", rest.strip(), flags=re.I)
    if re.match(r"(?:the|its|their|a|an)\b", rest, re.I) or re.match(
            r"(?:ping|dm|message|msg|tell|notify|alert|nudge|poke|remind|inform|advise|post)$", verb, re.I):
        return f"{verb} {rest}"
    if re.search(r"\b(?:off|from)$", rest, re.I):  # "pull kenji off" any task …
        return f"{verb} {rest} it"
    return f"{verb} it {rest}".strip()


# "assign tickets in the Lab Results list to the labs team in turns when they're marked urgent": the action first,
# on a list's tickets, the trigger said of "they" after it.
LIST_OBJECT_FIRST = re.compile(
    r"^(?P<verb>assign|reassign|give|move|tag|label|mark|set|put|post|dm|ping|notify)\s+(?:all\s+|any\s+|the\s+)?"
    r"(?:(?:tickets|tasks)\s+in\s+the\s+(?P<list>[^,]+?)\s+list|"
    r"(?P<list2>(?-i:[A-Z])[\w-]*(?:\s+(?-i:[A-Z])[\w-]*){0,2})\s+(?:tickets|tasks))\s+(?P<rest>[^,]+?)\s+"
    r"(?:when(?:ever)?|once|if)\s+(?:they|it)(?P<be>'re|'s|\s+are|\s+is|\s+get|\s+gets)?\s+(?P<trigger>[^,]+?)"
    r"(?P<tail>\s*,\s*(?:but|unless|except)\b[^,]*)?$", re.I)


# "give anything sofia gets added to a due date": the object is what someone is added to (the person must be one).
OBJECT_ADDED = re.compile(r"^(?!when|if|once|after|every|each)(\w+)\s+(.*?)\b(?:(?:any|every|all|each)\s+(?:new\s+)?"
                          r"(?:tasks?|tickets?|bugs?|issues?|cards?)|anything|everything|whatever)\s+(?:that\s+)?"
                          r"([a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+(?:gets|get|is|are|was|got|has\s+been)\s+"
                          r"(?:added|assigned|put)\s+(?:to|on)\b(.*)$", re.I)
IMPLICIT = re.compile(r"^(?:all\s+|any\s+)?(?:tasks?|tickets?|bugs?|issues?|stuff|anything)\s+(?:that\s+|which\s+)?"
                      r"(?:get\s+|gets\s+|are\s+|is\s+)?(.+?)\s+should\s+(?:(?:go|get\s+sent)(?:\s+back)?|"
                      r"(?:get|be)\s+(?:re-?)?assigned|(?:get|be)\s+given|(?:get|be)\s+handed|(?:get|be)\s+routed|belong)\s+"
                      r"(?:back\s+)?to\s+(?!(?:urgent|high|normal|low)\b)(.+)$|"
                      r"^(?:all\s+|any\s+)?(?:tasks?|tickets?|bugs?|issues?|stuff|anything)\s+(?:that\s+|which\s+)?(.+?)\s+"
                      r"(?:are|is|get|gets)\s+(?:given|handed|sent|assigned|re-?assigned)\s+to\s+(.+)$",
                      re.I)
NEW_ASSIGNED = re.compile(r"^(?:all\s+|any\s+|every\s+|each\s+)?new\s+(?:tasks?|tickets?|bugs?|issues?|cards?)\s+"
                          r"((?:in|on)\s+[^,]+?)?\s*(?:are|is|get|gets|will\s+be)\s+(?:given|handed|sent|assigned)\s+to\s+"
                          r"(.+)$", re.I)
# "new tickets in Bugs should be due tomorrow", "anything in code review should be shared out between the platform
# team": the trigger is the subject, the action what it should be.
_SUBJECT = (r"(?:all\s+|any\s+|every\s+|an?\s+|the\s+)?(?:new\s+)?"
            r"(?:(?:urgent|high|normal|low)(?:\s*(?:,|/|\bor\b|\band\b)\s*(?:urgent|high|normal|low))*\s+(?:priority\s+)?)?"
            r"(?:tasks?|tickets?|bugs?|issues?|cards?|stuff|anything|everything|"
            r"something)\b")
SHOULD_BE = re.compile(rf"^({_SUBJECT}.*?)\s+(?:should|must|needs?\s+to|has\s+to|have\s+to|gotta)\s+"
                       rf"(?:(?:be|get)\s+)?(.+)$", re.I)
PREDICATES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(?:get\s+)?(?:posted|announced|shared)\s+(?:to|in|on)\s+(#[\w.-]+)$", re.I), r"post in \1"),
    (re.compile(r"^(?:go|drop|fall|jump|be\s+(?:dropped|set|bumped|raised|lowered))\s+(?:straight\s+|right\s+)?(?:up\s+|down\s+)?"
                r"to\s+(urgent|high|normal|low)(?:\s+priority)?$", re.I), r"set priority to \1"),
    (re.compile(r"^go\s+(live)$", re.I), r"move it to \1"),
    (re.compile(r"^(?:start|begin|land|go|be\s+(?:moved|put|set))\s+(?:straight\s+)?(?:in|into|at|to)\s+(.+)$", re.I),
     r"move it to \1"),
    (re.compile(r"^(?:re-?assigned|handed\s+over|handed\s+off)\s+(?:back\s+)?to\s+(.+)$", re.I), r"reassign it to \1"),
    (re.compile(r"^(?:assigned|given|handed)\s+(?:back\s+)?to\s+(.+)$", re.I), r"assign it to \1"),
    (re.compile(r"^have\s+([a-z][\w-]*(?:\s+(?:and|or)\s+[a-z][\w-]*)*)\s+added$", re.I), r"add \1 to it"),
    (re.compile(r"^have\s+everyone\s+(?:taken|removed|pulled)\s+off(?:\s+(?:it|them))?$", re.I),
     "take everyone off it"),
    (re.compile(r"^due\s+(?:on\s+|by\s+)?(.+)$", re.I), r"set the due date to \1"),
    (re.compile(r"^(?:marked\s+|set\s+to\s+|made\s+|flagged\s+|(?:bumped|raised|escalated|cranked|pushed)\s+(?:up\s+)?to\s+)?"
                r"(?:as\s+)?(urgent|high|normal|low)(?:\s+priority)?$", re.I), r"set priority to \1"),
    (re.compile(r"^(?:tagged|labell?ed)\s+(.+)$", re.I), r"tag it \1"),
    # "picked up by the hardware team, in turns", "handled by dana": who takes it (in turns: a rotation).
    (re.compile(r"^(?:picked\s+up|handled|taken|looked\s+at|worked\s+on|owned|triaged|reviewed)\s+by\s+(.+?)"
                r"(?:\s*,|\s+and)?\s+(?:in\s+turns?|by\s+turns?|taking\s+turns|on\s+rotation|in\s+rotation|"
                r"round[- ]robin)$",
                re.I), r"assign it round robin to \1"),
    (re.compile(r"^(?:picked\s+up|handled|taken|looked\s+at|worked\s+on|owned|triaged|reviewed)\s+by\s+(.+)$", re.I),
     r"assign it to \1"),
    (re.compile(r"^(?:moved|set|put)\s+(?:back\s+)?(?:to|into|in)\s+(.+)$", re.I), r"move it to \1"),
    (re.compile(r"^(?:shared|spread|split|divided|distributed|rotated|handed|divvied|dealt|doled|parcell?ed|"
                r"round[- ]?robin(?:n?ed|'d)|rota'?d)\s+"
                r"(?:out\s+|up\s+)?(?:evenly\s+|in\s+turns\s+)?"
                r"(?:between|among|amongst|across|around|round|over|through)\s+(.+)$", re.I),
     r"assign it round robin to \1"),
]
# "… gets divvied up among the web team": the last "gets", then what is done to the tasks.
PASSIVE = re.compile(r"\s+(?:gets?|is|are)\s+")
# After a first predicate, "… and go to rahul": a person the tasks go to, or another predicate.
GO_ALSO = re.compile(r"^(?:go|get\s+sent|be\s+sent|sent|given|handed|(?:re-?)?assigned|"
                     r"get\s+(?:re-?)?assigned|be\s+(?:re-?)?assigned|be\s+given|"
                     r"be\s+handed)\s+to\s+(.+)$", re.I)


def _predicates(said: str, vocab: Vocabulary) -> list[str]:
    """"high priority and go to rahul" → ["set priority to high", "assign it to rahul"]: every part must be read,
    else none is (the sentence is left as said). A part that is no predicate of its own belongs to the one before
    ("shared between dana and devon", "go to dana and devon")."""
    pieces = [p.strip() for p in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+(?:then\s+)?|\s+then\s+|\s+plus\s+",
                                           said.strip()) if p.strip()]
    parts: list[str] = []
    for piece in pieces:
        if parts:
            piece = re.sub(r"^(?:should\s+|must\s+|also\s+)?(?:be|get)\s+(?!sent\b|assigned\b|given\b|handed\b)",
                           "", piece, flags=re.I)
        if parts and _predicate(piece, vocab, later=True) is None:
            parts[-1] = f"{parts[-1]} and {piece}"
        else:
            parts.append(piece)
    actions = [_predicate(part, vocab, later=i > 0) for i, part in enumerate(parts)]
    return [a for a in actions if a] if all(actions) else []


def _predicate(part: str, vocab: Vocabulary, *, later: bool) -> str | None:
    """One thing tasks should be ("high priority", "due friday"), or after the first, where they go ("go to dana")."""
    go = GO_ALSO.match(part) if later else None
    if go:
        problems: list[str] = []
        verb = "reassign" if re.search(r"\bre-?assigned\b", part, re.I) else "assign"
        return f"{verb} it to {go.group(1)}" if targets(go.group(1), vocab, problems) and not problems else None
    for pattern, action in PREDICATES:
        match = pattern.match(part)
        if match:
            expanded = match.expand(action)
            moved = re.match(r"move it to (.+)$", expanded)
            if moved:  # "go to the ios team" is an assignment, "go to #contributors" a post, never a status
                where = moved.group(1).strip()
                if where.startswith("#"):
                    return f"post in {where}"
                if where.lower() in vocab.statuses and not re.search(r"\b(?:team|squad|people)$", where, re.I):
                    return expanded  # "go to qa" where qa is a status (and a team): the status
                unknown: list[str] = []
                if targets(where, vocab, unknown) and not unknown:
                    return f"assign it to {where}"
                if re.match(r"(?:the|a|an)\b", where, re.I):
                    return None
            return expanded
    if re.match(r"^(?:post|dm|comment|tag|label|unassign|reassign|remove|notify|ping|assign\s+it\s+to|"
                r"give\s+it\s+to)\b",
                part, re.I):
        return part  # an action said as one ("… and post in #mlro «0»")
    return None


# "tasks beth creates that get bumped to high go to the data team": no "should", the last "go to" someone.
TAG_AND_GO = re.compile(rf"^({_SUBJECT}.+?)\s+(?:gets?|should\s+get)\s+(?:the|a)\s+([\w-]+)\s+(?:tag|label)\s+and\s+"
                        rf"(?:goes?|go|get\s+sent|gets\s+sent|is\s+assigned|are\s+assigned)\s+to\s+([^,]+)$", re.I)
GO_TO = re.compile(rf"^({_SUBJECT}.+)\s+(?:go|goes|get\s+sent|gets\s+sent)\s+(?:back\s+)?(?:straight\s+|right\s+)?"
                   r"to\s+(.+)$", re.I)
ADDED = re.compile(rf"\b([a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+(?:is|gets|got|was|has\s+been)\s+(?:added|put|assigned)\s+"
                   rf"(?:as\s+an?\s+assignee\s+)?(?:to|on)\s+({_TASK})\b", re.I)
# "wei added as assignee", "dana gets added as an assignee": to a task.
ADDED_AS = re.compile(r"\b([a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+(?:(?:is|gets|got|was|has\s+been)\s+)?added\s+as\s+"
                      r"(?:an?\s+)?assignee\b", re.I)
# "farah is assigned something", "kenji gets given a ticket".
ASSIGNED_SOMETHING = re.compile(r"\b([a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+(?:is|gets|got|was|has\s+been)\s+(?:given\s+|"
                                r"assigned\s+|handed\s+)+(something|anything|work|stuff|an?\s+(?:new\s+)?"
                                r"(?:task|ticket|bug|issue|card))\b", re.I)
# "tasks beth creates": the object first, its creator after it.
_MADE = r"(?:creates?|created|makes?|made|files?|filed|opens?|opened|raises?|raised|reports?|reported|logs?|logged)"
CREATED_BY_SUBJECT = re.compile(rf"\b(tasks?|tickets?|bugs?|issues?|cards?|anything|something|everything)\s+"
                                rf"(?:that\s+|which\s+)?"
                                rf"([a-z][\w-]*(?:\s+[a-z][\w-]*)?(?:\s+or\s+[a-z][\w-]*)*)\s+{_MADE}\b", re.I)
# "half past 4", "quarter to 10": a clock said in words.
CLOCK_WORDS = re.compile(r"\b(half|quarter)\s+(past|after|to|til|till)\s+(\d{1,2}|one|two|three|four|five|six|seven|"
                         r"eight|nine|ten|eleven|twelve)(?:\s*([ap])\.?m\b\.?)?\b", re.I)
ARROW = re.compile(r"\s*(?:-+>|=+>|→|⇒)\s*")
_LEADS = re.compile(r"^(?:when(?:ever)?|if|once|as soon as|each time|every time|any ?time|after)\b", re.I)


# Talk around a rule, at its start: "ok so basically", "not sure if this is doable but", "can we make it so that".
PREAMBLE = re.compile(r"^(?:(?:ok(?:ay)?|so|right|basic(?:al)?l?y|hey|hi|hmm+|um+|well|yeah|btw|fyi|actually|pls|omg|"
                      r"please|"
                      r"quick\s+one|one\s+more(?:\s+thing)?|not\s+sure\s+if\s+this\s+is\s+(?:doable|possible)"
                      r"(?:\s+but)?|(?:can|could)\s+(?:we|you)\s+(?:make\s+it\s+so|set\s+(?:it|things)\s+up\s+so)"
                      r"(?:\s+that)?|i'?d\s+like\s+it\s+if|it\s+would\s+be\s+(?:great|nice)\s+if|"
                      r"is\s+it\s+possible\s+(?:that|to)|would\s+it\s+be\s+possible\s+(?:for\s+(?:pmbot|you|us)\s+)?to|"
                      r"i\s+would\s+like\s+(?:that|if)|i'?d\s+like\s+(?:that|if)|"
                      r"i\s+would\s+(?:appreciate\s+it|be\s+grateful)\s+if|i\s+would\s+ask\s+that|"
                      r"please\s+be\s+informed\s+that|i\s+need\s+you\s+to|it'?d\s+(?:really\s+)?help\s+if|it\s+would\s+(?:really\s+)?help\s+if|"
                      r"it\s+would\s+be\s+really\s+(?:nice|great|helpful|good)\s+if|"
                      r"it'?d\s+be\s+(?:really\s+|super\s+)?(?:great|nice|helpful|lovely|good)\s+if|"
                      r"please\s+ensure\s+that|would\s+you\s+ever(?:\s+have\s+(?:pmbot|the\s+bot)|\s+get\s+(?:pmbot|the\s+bot)"
                      r"\s+to)?|it\s+would\s+be\s+(?:lovely|helpful|ideal|good)\s+if|"
                      r"(?:pmbot|the\s+bot)\s+(?:could|would|should|can)(?=\s*,)|"
                      r"i\s+want\s+that|(?:can|could)\s+the\s+(?:bot|pmbot)|going\s+forward|from\s+now\s+on|"
                      r"as\s+a\s+(?:rule|general\s+rule)(?:\s+of\s+thumb)?|for\s+the\s+record|"
                      r"(?:please\s+)?set\s+(?:it|things|this)\s+up\s+so(?:\s+that)?|let'?s\s+make\s+sure(?:\s+that)?|"
                      r"make\s+sure\s+that|uh+|erm+|er|ah+|oh|ugh+|argh+|meh|sigh|welp)\b[\s,:-]*)+", re.I)
# A reason given after the rule: "… because the play store reviews are tanking", "cos he does the reviews anyway".
REASON = re.compile(r"\s*,?\s+(?:because|cos|coz|cuz|'cause|bc|since\s+(?:he|she|they|we|i|it)\b)\s.*$|"
                    r"\s*,\s*otherwise\s+(?:it'?s|its|it|they|we|people|everyone|nothing|there'?s)\b.*$|"
                    # "…, gareths ones are only copy tweaks": a remark on the ones left out
                    r"\s*,\s*(?:[a-z][\w-]*(?:'?s)?\s+)?(?:ones|those|these|they)\s+are\s+(?:only|just|mostly|usually|always)\b.*$|"
                    # "…, hes got loads on already", "…, we cannot get these wrong", "…, she should own those",
                    # "…, clutters up peoples boards otherwise"
                    r"\s*,\s*(?:he|she|they|[a-z][\w-]*)(?:'?s|\s+has|\s+have|'?ve)?\s+got\s+(?:loads|enough|a\s+lot|plenty)\b.*$|"
                    r"\s*,\s*(?:we|people|everyone|nobody|no\s+one)\s+(?:cannot|can'?t|can\s+not|mustn'?t|really\s+can'?t)\b.*$|"
                    r"\s*,\s*(?:he|she|they|[a-z][\w-]*)\s+should\s+(?:own|handle|have)\s+(?:those|these|them|it)\b.*$|"
                    r"\s*,\s*[^,«#]{3,60}?\botherwise\s*$|"
                    r"\s*,\s*(?:he|she|they|[a-z][\w-]*)\s+(?:will|'?ll)(?:\s+(?:do\s+the\s+needful|handle\s+it|take\s+care\s+of\s+it|"
                    r"sort\s+it(?:\s+out)?)\b.*)?\s*$",
                    re.I)
# "…, we fly the test plots tomorrow", "…, no point anyone holding it", "…. she plans regression around those dates": a
# remark of its own said last (someone doing something, not an action), dropped when it names nothing of the rule.
REMARK_LAST = re.compile(r"(?:(?:we|they|he|she|i|nobody|no\s?one|everyone|everybody|people|sales|support|"
                         r"they'?re|theyre|we'?re|he'?s|she'?s|hes|shes|i'?m|im|managers|"
                         r"customers|users|there'?s|theres|it'?s|its)\s+(?!(?:should|must|shall|want|wants|will|would|"
                         r"could|can|'?d|'?ll)\b)(?:literally\s+|really\s+|just\s+|also\s+)?[a-z]+\b|"
                         r"no\s+(?:point|need)\b|"
                         # "…, farmers see holes in the map", "…, the hr sync broke twice last week"
                         r"[a-z]+s\s+(?:literally\s+|really\s+)?(?:see|get|notice|hate|complain|lose|miss|call|keep|"
                         r"end\s+up|go|have|are|were|shouldnt|shouldn'?t)\b|"
                         r"the\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?\s+(?:broke|failed|crashed|died|fell\s+over|blew\s+up|"
                         r"went\s+down|has|have|had|is|are|was|were|keeps?)\b)", re.I)
# What a remark never holds: an action towards someone, or a word a condition is made of.
_NOT_REMARK = re.compile(r"\b(?:unless|except|only|but\s+not|tags?|tagged|labels?|list|board|status|priority|urgent|"
                         r"high|low|due|assign\w*|unassign\w*|dm|dms|ping\w*|message|msg|post|comment|notif\w*|tell|"
                         r"told|(?<!doesnt\s)(?<!doesn't\s)(?<!dont\s)(?<!don't\s)know|cc|loop\w*|add|added|move|"
                         r"moved)\b|[«#@/]|(?<=\s)(?-i:[A-Z][a-z])", re.I)
# "i want hana to get a dm about it": a DM.
WISH_DM = re.compile(rf"\b(?:i|we)\s*(?:'?d\s+like|would\s+like|want|need)\s+([a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+to\s+"
                     rf"(?:get|receive|be\s+sent)\s+an?\s+(?:quick\s+)?{_DM}(?:\s+about\s+(?:it|this|that))?\b", re.I)
# "… thx", "… cheers": thanks at the end.
_THANKED = (r"(?:thx|thanks|thank\s+you|ty|cheers|ta)(?:\s+(?:pmbot|bot|a\s+lot|so\s+much|very\s+much|muchly|lovelies|"
            r"all|everyone|team|guys|folks|(?:you\s+)?lovely\s+people))?")
THANKS = re.compile(rf"\s*[-–—,.!]?\s*\b{_THANKED}\s*[.!]*\s*$", re.I)
# Softeners anywhere in the sentence: "i think", "tbh", "if possible", "by default" ("… should be due in 3 working
# days by default (the techs are waiting), if possible").
HEDGE = re.compile(r"(?:(?<=[\s,])|^)(?:i\s+(?:think|guess|reckon|feel\s+like)|tbh|to\s+be\s+honest|honestly|imo|imho|"
                   r"obviously|if\s+(?:at\s+all\s+)?possible|if\s+you\s+can|ideally|maybe|perhaps|by\s+default)\b"
                   r"(?!\s+(?:is|are|was)\b)\s*,?\s*", re.I)
# "… - would be great, thanks pmbot": the wish's closing words.
GREAT = re.compile(r"\s*[-–—,.!]?\s*(?:that\s+|this\s+|it\s+)?(?:would|'?d|will)\s+be\s+(?:great|nice|awesome|amazing|"
                   rf"ideal|perfect|good|helpful|super\s+helpful)\b[\s,.!]*(?:{_THANKED}\b[\s.!]*)?$", re.I)
# "(they know their own data best tbh)": an aside in brackets, dropped when it is talk.
PAREN = re.compile(r"(?<![\w!])\s*\(([^()«]{1,200})\)")


def _aside(match: re.Match[str], vocab: Vocabulary) -> str:
    inner = match.group(1).strip()
    inner = re.sub(r"\bnot\s+(?:sure|certain)(?:\s+yet)?\b", "", inner, flags=re.I)  # no negation of anything
    if _only_talk(inner, vocab) and not re.search(r"\bonly\s+(?:one|person|assignee)|\b(?:alone|not|unless|except)\b|"
                                                  r"[=+|&;]|\b(?:title|name|contains|prio)\b", inner, re.I) \
            and not re.fullmatch(r"[a-z0-9]+(?:[-_.][a-z0-9]+)+", inner, re.I):  # "(card-service)": a name, not talk
        return ""
    return match.group(0)


# "i want it reassigned to bjorn", "id like it bumped to urgent": the action, said as a wish.
WISH = re.compile(r"\b(?:i|we)\s*(?:'?d\s+like|would\s+like|want|need)\s+(?:it|them|the\s+(?:task|ticket))\s+"
                  r"(?:to\s+be\s+)?"
                  r"(re-?assigned|assigned|moved|bumped|set|tagged|given|handed|rotated)\b", re.I)
_WISHED = {"reassigned": "reassign it", "re-assigned": "reassign it", "assigned": "assign it", "moved": "move it",
           "bumped": "set priority", "set": "set it", "tagged": "tag it", "given": "give it", "handed": "hand it",
           "rotated": "rotate it"}


# "…, she keeps getting surprised", "…, he owns most of those dags": a remark after the rule.
# (The one person a pronoun stood for is named by then: "…, lee keeps asking for that". Never "needs to know" or
# "should hear": those are a DM.)
REMARK = re.compile(r"\s*,\s*(?!(?:and|then|also|or|plus|please|just|it|this|that|whoever|whomever|everyone|everybody|"
                    r"anyone|anybody|someone|somebody|all|both|the)\b)(?:he|she|they|we|i|[a-z][\w-]*)"
                    r"(?:'?s|'?re)?\s+(?:keeps?|owns?|does|is|are|was|has|have|always|never|usually|handles?|"
                    r"looks?\s+after|been|asked|asks)\b"
                    r"(?![^«]*\b(?:should|needs?|wants?|when(?:ever)?|if|once)\b)"
                    r"[^«]*$|"
                    r"\s*,\s*the\s+[a-z][\w-]*s\s+(?:handle|own|do|cover|look\s+after|deal\s+with)\s+(?:those|these|them|that)"
                    r"(?:\s+themselves)?\s*$|"
                    # "…, ping grace, she needs to see those", "…, she tracks those for the partners"
                    r"(?:\s*[,?]|\s+(?:pls|please|plz|thx))\s*(?:he|she|they|[a-z][\w-]*)\s+(?:(?:needs?\s+to\s+see|tracks?|"
                    r"re-?triages?|mutes?|watches|follows|reads)\s+(?:those|these|them|that|it|everything|clickup|all)\b|"
                    r"likes\s+(?:knowing|to\s+know)\b|wants\s+to\s+(?:know|hear)\s+(?:what|about|when|where|who)\b|"
                    r"(?:shouldn'?t|should\s+not)\s+be\s+spending\b)[^«]*$", re.I)
# "(she never checks clickup lol)": an aside about someone, in brackets.
ASIDE = re.compile(r"\s*\((?:he|she|they|[a-z][\w-]*)(?:'?s)?\s+(?:never|always|keeps?|doesn'?t|does|is|isn'?t|hates?|"
                   r"loves?|forgets?|rarely|barely|usually)\b[^()«]*\)", re.I)
# "… so qa share the load", "so ppl can see it": what the rule is for.
PURPOSE = re.compile(r"\s+so\s+(?:that\s+)?(?!(?:he|she|they)(?:'?s|\s+is|'?re|\s+are)\s+the\s+only)"
                     r"(?:[a-z']+\s+){0,2}(?:can|could|share|shares|know|knows|see|sees|don'?t|doesn'?t|won'?t|will|"
                     r"notice|notices|hear|hears|reviews|checks|looks\s+at)\b[^,«]*|"
                     r"\s+so\s+(?:that\s+)?there'?s\s+(?:a\s+)?(?:second|another|extra)\b[^,«]*", re.I)
# "… so that when a ticket …": what comes before a request to make something so is talk.
MAKE_SO = re.compile(r"^.*?\b(?:can|could)\s+(?:we|you)\s+(?:make\s+it\s+so|set\s+(?:it|things)\s+up\s+so)"
                     r"(?:\s+that)?\s+(?=(?:when(?:ever)?|if|once|any ?time|every\s+time|each\s+time)\b)", re.I)
# "for the android crashes, if a task …": the topic, said before the rule.
TOPIC = re.compile(r"^(?:for|about|re|regarding|on)\s+[^,«]{1,40},\s*(?=(?:when(?:ever)?|if|once|any ?time)\b)", re.I)
# "and i mean straight away", "so yeah urgent please": insistence.
INSIST = re.compile(r"\s*,?\s*(?:and\s+)?(?:i\s+mean|like)\s+(?:straight\s+away|right\s+away|immediately|asap|"
                    r"right\s+now|now)\b|\s*,?\s*so\s+yeah\b.*$", re.I)
# "so hes the only one on it": the one assignee.
ONLY_ONE = re.compile(r"(?:\s+so\s+(?:that\s+)?(?:he|she|they|[a-z][\w-]*)(?:'?s|\s+is|'?re|\s+are)|"
                      r"\s*,\s*(?:he|she|they|[a-z][\w-]*)\s+should\s+be)\s+the\s+only\s+"
                      r"(?:one|person|assignee)s?"
                      r"(?:\s+on\s+(?:it|those|them|these|that))?\b", re.I)


# "what id like:", "here's what i want:": the rule comes after.
ASK_COLON = re.compile(r"^.*?\b(?:what\s+i'?d\s+like|what\s+i\s+(?:want|need)|here'?s\s+what\s+i\s+(?:want|need)|"
                       r"the\s+ask\s+is|(?<![\w-])request)\s*:\s*", re.I)
# "honestly im tired of chasing this, every time a task …": a first clause that is no action, before the rule's "when".
_WHEN = r"(?:every\s+time|each\s+time|whenever|when|if|once|any ?time)\b"
SAID_FIRST = re.compile(rf"^(?P<talk>[^,«#:]{{3,90}}?)(?:\s*[,.;:!-]+\s*(?:so\b[\s,:]*)?|\s+so\s+)(?={_WHEN}|"
                        rf"(?:every|any|all|each)\s+(?:new\s+)?(?:task|ticket|bug|issue|pr|card)s?\b|anything\b)", re.I)
# A reason given first: "since checkout deploys are frozen till the 20th, if ci fails on …".
SINCE_FIRST = re.compile(r"^(?:since|seeing\s+as|because|cos|coz|b/c|bc|as(?=\s+(?!soon\b|long\b|of\b|a\b|an\b)))\s+"
                         r"(?!(?:a|an|the|any)\s+(?:task|ticket|pr|card)\b)"
                         r"[^,«#:]{3,120}?[,:]\s*(?=\S)", re.I)
# "tomas asked for this one - PRs opened …", "arjun keeps forgetting to flag these so: anything tagged …": talk ended
# by a dash, a colon or "so", then the rule in any shape.
TALK_THEN = re.compile(r"^(?P<talk>[^,«#:]{3,90}?)(?:\s+(?:-+|—)\s+|(?<!\d)\s*[:;—]\s*(?!\d)|\s*,?\s+so\s*[:,-]\s*|"
                       r",\s+so\s+|\.\s+)(?=\S)", re.I)
# "unless it's tagged prototype, whenever a ticket … , comment …": the exception said first.
UNLESS_FIRST = re.compile(rf"^unless\s+([^,]+),\s*({_WHEN})\s+([^,]+),", re.I)
# "unless its tagged wontfix, anything marked urgent gets assigned to …": the exception said first.
UNLESS_FIRST_ANY = re.compile(r"^unless\s+([^,]+),\s*((?:anything|everything|any\s+\w+|all\s+\w+|new\s+\w+)\b.+)$",
                              re.I)
UNLESS_FIRST_ACTION = re.compile(rf"^unless\s+([^,]+),\s*(?:please\s+)?((?:{VERBS})\b.+?)\s+({_WHEN}.+)$", re.I)
UNLESS_FIRST_BARE = re.compile(rf"^unless\s+([^,]+),\s*({_WHEN})\s+([^,]+?)\s+(?=(?:{VERBS})\b)", re.I)
# "for anything in the Firmware list, whenever one moves to field test": the task's list said first.
FOR_ANYTHING = re.compile(rf"^for\s+(?:anything|any\s+(?:task|ticket)s?|all\s+(?:task|ticket)s?|(?:task|ticket)s?)\s+"
                          rf"(in\s+(?:the\s+)?[^,]+?),\s*({_WHEN})\s+(?:one|it|they|an?\s+(?:task|ticket))\b", re.I)


PERSONAL = re.compile(r"\b(?:he|she|him|her|his|hers)\b|\b(?:to|dm|ping|tell|let|notify|message|msg|nudge|remind|with|"
                      r"for|between|among|across)\s+them\b", re.I)
# Words that can carry a part of a rule: a clause holding one is never dropped as talk.
RULE_WORDS = re.compile(r"[«#@/]|\b(?:in|into|list|board|tags?|tagged|labels?|labell?ed|unless|except|not|isn'?t|"
                        r"without|"
                        r"from|by|status|priority|urgent|high|normal|low|repo|due|assigned|created|opened|every|each|at|"
                        r"should|wants?|needs?|tasks?|tickets?|prs?|bugs?|issues?)\b", re.I)
# What marks a clause about someone as a remark ("tendai keeps fiddling with priorities lol").
TALK_MARKS = re.compile(r"\b(?:keeps?|lol|tired|honestly|annoy\w*|again|always|never|nobody|seems?|think|feel|guess|"
                        r"problem|thing|sick|fed\s+up|chasing|biting|asked|requested|missing|forgetting|forgets?|triages?|"
                        r"owns?|handles?|covers?|everything|likes?|loves?|especially|usually|anyway)\b",
                        re.I)


def _only_talk(clause: str, vocab: Vocabulary) -> bool:
    """Whether a clause said before the rule can be dropped: no action verb, no word that could be part of a rule, no
    list-like capitalised name or status, and a person only in a remark."""
    if re.match(rf"(?:please\s+)?(?:{VERBS})\b", clause, re.I) or RULE_WORDS.search(clause):
        return False
    if TALK_MARKS.search(clause) and re.fullmatch(r"[\w\s'-]+", clause):
        return True  # "qa keeps missing these": a remark, though it names a status or a list
    if re.search(r"(?<=\s)(?!I\b|I')[A-Z][a-z]", clause) or \
            re.search(rf"\b(?:{vocab.status_pattern()})\b", clause, re.I):
        return False
    named = any(target(w, vocab) for w in re.findall(r"[^\W\d_][\w-]*", clause.lower()) if w not in ("me", "them"))
    return not named or bool(TALK_MARKS.search(clause))


def _remark(clause: str, vocab: Vocabulary, before: str = "") -> bool:
    """A remark of its own said last ("we fly the test plots tomorrow and need a green build", "she promised the
    labels dates"): someone doing something, naming no team, status, list, tag or priority the rule could need, no
    action towards anyone, and no person who is not named before it (dropping it loses nobody)."""
    subject = re.match(r"([a-z][\w-]*)\s+", clause, re.I)
    named_before = {w for w in re.findall(r"[^\W\d_][\w-]*", before.lower()) if target(w, vocab)}
    by_name = subject is not None and subject.group(1).lower() in named_before and bool(
        re.match(r"[a-z][\w-]*\s+(?!(?:should|must|shall|want|wants|will|would|could|can|'?d|'?ll)\b)[a-z]+(?:ed|s)\b",
                 clause, re.I))  # "yuki promised the labels dates", "fatima plans regression around those dates"
    if not (REMARK_LAST.match(clause) or by_name) or _NOT_REMARK.search(clause):
        return False
    if re.search(rf"\b(?:{vocab.status_pattern()})\b", clause, re.I):
        return False
    return all(w in named_before for w in re.findall(r"[^\W\d_][\w-]*", clause.lower())
               if w not in ("me", "them") and target(w, vocab))


# "the ingestion stuff is really hard to test from the outside, so whenever …": a longer story told first, ended by
# ", so" and the rule's "when". Dropped only when it names nothing the rule could need: no quote, channel, mention,
# repository, capitalised name, status, tag, list, priority or level, and any person it names is named again later;
# and the rule does not point back into it ("that tag", "those", "these").
STORY_FIRST = re.compile(rf"^(?P<talk>[^«#@/]{{10,240}}?)(?:,\s*|\s+)so\s+(?={_WHEN}|every\b|each\b|on\s+the\s+\d|"
                         r"(?:any|all|new)\s+|(?:tickets?|tasks?|prs?|anything|something)\s+"
                         r"(?:that'?s?|which|tagged|labell?ed|created|opened|moved|picked|in|on)\b)", re.I)
_STORY_RULE_WORDS = re.compile(r"\b(?:tags?|tagged|labels?|labell?ed|list|board|column|status|priority|prio|urgent|"
                               r"high|normal|low|p[0-4]|unless|except|due|repo)\b|\bonly\s+(?:one|person|assignee)",
                               re.I)
_POINTS_BACK = re.compile(r"\b(?:that|this|the\s+same)\s+(?:tag|label|list|board|status|one|kind)|\b(?:those|these)\b",
                          re.I)


def _story_dropped(said: str, vocab: Vocabulary) -> str:
    story = STORY_FIRST.match(said)
    if not story:
        return said
    talk, rest = story.group("talk"), said[story.end():]
    statuses = {m.group(0).lower() for m in re.finditer(rf"\b(?:{vocab.status_pattern()})\b", talk, re.I)}
    if _STORY_RULE_WORDS.search(talk) or _POINTS_BACK.search(rest) or \
            re.search(r"(?<=\s)(?!I\b|I')[A-Z][a-z]|^[A-Z][a-z]+\s+[A-Z]", talk) or \
            any(not re.search(rf"\b{re.escape(s)}\b", rest, re.I) for s in statuses):  # (a status the rule says again)
        return said
    later = set(re.findall(r"[^\W\d_][\w-]*", rest.lower()))
    named = [w for w in re.findall(r"[^\W\d_][\w-]*", talk.lower())
             if w not in ("me", "them", "us") and target(w, vocab)]
    return said if any(w not in later for w in named) else rest


_WHEN_WORDS = (r"\b(?:every|each|weekdays?|morning|afternoon|evening|night|today|tomorrow|mon|tues|wednes|thurs|fri|"
               r"satur|sun)")


def _reason_first_dropped(said: str, vocab: Vocabulary) -> str:
    """The rule without the reason said first; "him" or "her" later means the one person the reason named ("since
    Bongani owns regression testing, any ticket … should be assigned to him as well")."""
    reason = SINCE_FIRST.match(said)
    if not reason:
        return said
    rest = said[reason.end():]
    named = {who for w in re.findall(r"[^\W\d_][\w-]*", reason.group(0).lower()) if (who := target(w, vocab))
             and not who.startswith(("team:", "role:", SQUAD)) and who not in ("author", "assignees")}
    later = [w for w in re.findall(r"[^\W\d_][\w-]*", rest.lower()) if w not in ("me", "them") and target(w, vocab)]
    if len(named) == 1 and not later:
        first = next(w for w in re.findall(r"[^\W\d_][\w-]*", reason.group(0)) if target(w, vocab) in named)
        rest = re.sub(r"\b(?:him|her)\b", first, rest, count=1, flags=re.I)
    return rest


def _talk_removed(text: str, vocab: Vocabulary) -> str:
    """The rule without the talk around it (each removal leaves the words of a rule; none is read as one)."""
    said = ASK_COLON.sub("", text) or text
    said = PREAMBLE.sub("", said) or said
    said = UNLESS_FIRST.sub(r"\2 \3 unless \1,", said)
    said = UNLESS_FIRST_BARE.sub(r"\2 \3 unless \1, ", said)
    said = UNLESS_FIRST_ANY.sub(r"\2 unless \1", said)  # "unless it's low, whenever x lands in qa dm chloe"
    said = UNLESS_FIRST_ACTION.sub(r"\3, \2 unless \1", said)  # "unless it's in UAT, dm ines whenever …"
    said = FOR_ANYTHING.sub(r"\2 a task \1", said)
    said = _reason_first_dropped(said, vocab)  # "since luis is out next week, tickets tagged refund should …"
    # "callum asked for this one when he's added …" (he: read already)
    said = re.sub(r"^[a-z][\w-]*\s+asked\s+for\s+(?:this|that)(?:\s+one)?\s+(?=(?:when(?:ever)?|if|once|every|any)\b)",
                  "", said, flags=re.I)
    for _ in range(3):  # "this would help a lot - the ingestion stuff is hard to test, so whenever …": talk after talk
        first = SAID_FIRST.match(said) or TALK_THEN.match(said)
        if first and PERSONAL.search(said[first.end():]):
            first = None  # "the bi folks keep missing these: … assigned to them": the talk says whom
        if not first or not _only_talk(first.group("talk"), vocab):
            break
        said = said[first.end():]
    said = _story_dropped(said, vocab)
    said = MAKE_SO.sub("", said)
    said = PREAMBLE.sub("", said) or said
    topic = TOPIC.match(said)
    if topic and _only_talk(topic.group(0), vocab):
        said = said[topic.end():]
    reason = REASON.search(said)
    if reason and "«" not in reason.group(0):
        said = said[:reason.start()]
    said = REMARK.sub("", said)
    grumbled = False
    for _ in range(3):  # "…, someones forgotten again, brilliant": talk said last
        last = re.search(r"\s*(?:[,;]\s*|[.?!]\s+|\s[-–—]+\s+)([^,;.?!«#@/\d–—]{3,100})$", said)
        # ("we fly the test plots tomorrow": a remark holds no schedule)
        remark = last is not None and _remark(last.group(1), vocab, said[:last.start()])
        if not last or (re.search(_WHEN_WORDS, last.group(1), re.I) and not remark) or not (
                remark or _only_talk(last.group(1), vocab)):
            break
        grumbled = grumbled or bool(re.search(r"\b(?:again|brilliant|lovely|fantastic|classic|typical|sigh|ugh)\b",
                                              last.group(1), re.I) or remark)
        if not grumbled:
            break
        said = said[:last.start()]
    said = ASIDE.sub("", said)
    said = INSIST.sub("", said)
    said = PURPOSE.sub("", said)
    return ONLY_ONE.sub(" alone", said).strip() or text


# "half 4 in the afternoon", "at half 9": half past (British).
HALF = re.compile(r"\bat\s+half\s+(\d{1,2})\b|\bhalf\s+(\d{1,2})\b(?=\s*(?:in\s+the|am|pm|o'?clock))", re.I)
# "at half nine": half past nine, in words (British)
HALF_WORDS = re.compile(rf"\bat\s+half\s+({HOUR_WORDS})\b", re.I)
# "greta and samir take turns on it": the people rotate.
TAKE_TURNS = re.compile(r"\b([a-z][\w-]*(?:\s*(?:,|\band\b|\bor\b)\s*[a-z][\w-]*)+|the\s+[a-z][\w-]*\s+team)\s+"
                        r"(?:take|takes|taking|should\s+take)\s+(?:it\s+in\s+turns?|turns|it\s+(?:one|a)\s+time\s+each|"
                        r"it\s+(?:in|by)\s+turns?|it\s+turn\s+(?:by|about)\s+turn)(?:\s+(?:on|with)\s+(?:it|them|those|these|em))?\b",
                        re.I)
# "a Tools ticket", "one of the Live Ops tickets": a capitalised name before the task is its list.
LIST_BEFORE = re.compile(r"\b(an?|the|any|every|on|for|to|of)\s+"
                         r"((?-i:[A-Z](?:[a-z]|-[A-Z])[\w-]*|[a-z][A-Z][\w-]*)(?:\s+(?-i:[A-Z][a-z]|[a-z][A-Z])[\w-]*)?)\s+"
                         r"(tasks?|tickets?|bugs?|issues?|cards?)\b(?!\s+(?:list|board|project|folder)\b)", re.I)
# "a VIP ticket", "refund tickets", "any new chargeback ticket": a word before the task that names nothing else the
# team has (no status, priority, list, person or team) is its tag. Words that say what state a task is in, or what
# kind of thing it is, are no tag ("a stale ticket", "the linked issue", "a github issue"); neither is a p1 or a
# sev2 (a priority in some teams' words, a tag in others': asked).
TAG_NOUN = re.compile(r"(^|\b(?:an?|the|any|every|all|each|new|on|for|to|of)\s+)([A-Za-z][\w-]*)\s+"
                      r"(tasks?|tickets?|bugs?|issues?|cards?)\b(?!\s+(?:list|board|project|folder|tag|label)\b)",
                      re.I)
_NO_TAG = frozenset(
    "a an the any every all each new old stale open opened closed overdue late early existing unassigned same other "
    "next last first such this that these those my our your their his her its linked related parent child sub big "
    "small large important critical duplicate recurring active inactive archived done finished pending current "
    "recent single one two three some more most many few whole entire real actual original given particular "
    "specific certain random blocked urgent high normal low github gitlab jira clickup slack pr prs ci bug bugs "
    "feature features story stories epic epics subtask subtasks support customer customers qa test tests "
    "their own someone's somebody's anyone's tag tags label labels list lists board boards project projects folder "
    "space sprint column status state states priority".split())
# A sentence starting "<word> tickets" starts with a tag only when the word is no verb or conjunction ("make tasks
# urgent when …", "when task goes to …").
_NO_TAG_FIRST = frozenset(
    "when whenever if once after before as while until unless make tag label assign reassign unassign move set "
    "give put mark close open reopen create post dm ping notify tell send flag bump raise lower add remove drop park "
    "push pull take hand route share split rotate escalate file log keep get let have see check ensure please "
    "and or but so then also for".split())


def _tag_noun(match: re.Match[str], vocab: Vocabulary) -> str:
    lead, word, noun = match.groups()
    low = word.lower()
    known = {w for s in vocab.statuses for w in s.split()} | vocab.teams | vocab.squads
    if (low in _NO_TAG or low in known or (not lead and low in _NO_TAG_FIRST) or _person(low, vocab)
            or re.fullmatch(r"(?:p|sev|s)\d|crit|blocker|showstopper|minor|major|trivial", low)
            or (re.search(r"(?:ed|ing|'s|s'|s)$", low) and not word.isupper())):  # "an incidents ticket": a list?
        return match.group(0)
    return f"{lead}{noun} tagged {low}"


# ", it should be reassigned to siobhan": the action, said of the task.
IT_SHOULD = re.compile(r"\s*,?\s+(?:it|they)\s+(?:should|shld|must|needs?\s+to|has\s+to)\s+(?:be|get)\s+"
                       r"(re-?assigned|assigned|given|handed|moved|set|tagged|marked)\b", re.I)
# "when …, it gets assigned to the backend team": what is done to the task, said as what happens to it.
IT_GETS = re.compile(r"(?:,\s*|(?<=\w{3})(?<!when)(?<!whenever)(?<!once)(?<!after)(?<!time)(?<!soon)\s+"
                     r"(?=(?:it|they)\s+(?:gets|will\s+be)\s))(?:then\s+)?(?:it|they)\s+(?:gets?|will\s+be|is|are)\s+"
                     r"(re-?assigned|assigned|given|handed|moved|tagged)\b",
                     re.I)
_IT_SHOULD = {"reassigned": "reassign it", "re-assigned": "reassign it", "assigned": "assign it", "given": "give it",
              "handed": "hand it", "moved": "move it", "set": "set it", "tagged": "tag it", "marked": "mark it"}
# ", it should be picked up by lena", "should be handled by the qa team": assigned.
PICKED_UP = re.compile(r"\s*,?\s+(?:it|they)\s+(?:should|must|needs?\s+to)\s+be\s+"
                       r"(?:picked\s+up|handled|taken|looked\s+at)"
                       r"\s+by\s+", re.I)
# "…, the linked ticket should be moved to field test, have hana added, and be due in 3 working days".
IT_SHOULD_BE = re.compile(r"(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?(?:linked\s+)?(?:task|ticket|it)\s+"
                          r"(?:should|must|needs?\s+to)\s+"
                          r"(.+)$",
                          re.I)


def _should_be(match: re.Match[str], vocab: Vocabulary) -> str:
    actions = _predicates(re.sub(r"^(?:be|get)\s+", "", match.group(1), flags=re.I), vocab)
    return f", {', '.join(actions)}" if actions else match.group(0)


# "- can we make those high priority", ", could you tell freya": a request, said as a question.
CAN_WE = re.compile(r"\s*[-–,]?\s+(?:can|could)\s+(?:we|you)\s+(?:please\s+|pls\s+)?(?=(?:" + VERBS +
                    r"|stick|pop|drop|throw|chuck|take|kick|pull|get|have|keep|skip)\b)", re.I)


# "a task hana is on", "a ticket rafael is assigned to", "any ticket dana's working on": the task's assignee.
ON_IT = re.compile(r"\b((?:an?|the|any|every|each)?\s*(?:tasks?|tickets?|bugs?|issues?|cards?)|anything|something)\s+"
                   r"(?:that\s+)?([a-z][\w-]*(?:\s+or\s+[a-z][\w-]*)*)(?:\s+is|'s|\s+are)\s+(?:on|assigned\s+to|working(?:\s+on)?)\b",
                   re.I)


def _on_it(match: re.Match[str], vocab: Vocabulary) -> str:
    names = _people_only(match.group(2), vocab)
    return f"{match.group(1)} assigned to {' or '.join(names)}" if names else match.group(0)


# "can it get tagged vendor": the action, asked of the task.
CAN_IT = re.compile(r"\s*,?\s+(?:can|could)\s+(?:it|they)\s+(?:get|be)\s+(re-?assigned|assigned|given|handed|moved|"
                    r"tagged|marked)\b", re.I)
# "and have the due date pushed out to two weeks from now".
HAVE_DUE = re.compile(r"\s+have\s+(?:the|its)\s+due\s+date\s+(?:pushed\s+(?:out|back)?|moved|set|changed|bumped)\s*"
                      r"(?:to|until|till)\b", re.I)
# "and tendai should get a ping": a DM (a person of the team only).
_TOLD_WHO = (r"((?:the\s+)?(?:pr\s+|pull\s+request\s+)?author|the\s+assignees|whoever\s+(?:opened|raised|created|filed|"
             r"reported|wrote)\s+it|(?:the\s+)?[a-z][\w-]*(?:\s+[a-z][\w-]*)?(?:\s*(?:,|\band\b)\s*[a-z][\w-]*"
             r"(?:\s+[a-z][\w-]*)?)*)")
SHOULD_GET = re.compile(rf"\b{_TOLD_WHO}\s+"
                        r"(?:should|shld|must|needs?\s+to)\s+(?:both\s+|all\s+|each\s+)?"
                        r"(?:get|receive)\s+an?\s+(?:quick\s+)?(?:slack\s+)?"
                        r"(?:ping|dm|message|msg|heads[- ]?up|note|slack)(?:\s+about\s+(?:it|this|that))?\b", re.I)


def _dm_told(match: re.Match[str], vocab: Vocabulary) -> str:
    """"priya and kwame should both get a dm" → "dm priya and kwame"; only the words that name people are told
    ("… working days and the author should get a dm": the author)."""
    words = match.group(1).split()
    for start in range(len(words)):
        whom = " ".join(words[start:])
        if re.match(r"(?:and|or)\b|,", whom, re.I):
            continue
        unknown: list[str] = []
        if targets(whom, vocab, unknown) and not unknown:
            head = " ".join(words[:start])
            return f"{head} dm {whom}".strip()
    return match.group(0)


# ", the pr author gets a dm", ", dana gets a ping": a DM, said of whom it reaches.
GETS_A_DM = re.compile(r"(?:(?<=,\s)|^)((?:the\s+)?(?:pr\s+|pull\s+request\s+)?author|the\s+assignees|[a-z][\w-]*)\s+"
                       r"gets?\s+"
                       r"an?\s+(?:quick\s+)?(?:dm|ping|message|msg|heads[- ]?up|slack)"
                       r"(?:\s+about\s+(?:it|this|that))?\b", re.I)
# "make sure tomas and hana hear about it": a DM.
MAKE_SURE = re.compile(r"\bmake\s+sure\s+((?:(?!\b(?:to|then|it|when|whenever|if|once)\b)[^,«])+?)\s+"
                       r"(?:hears?|knows?|gets?\s+(?:a\s+)?(?:dm|ping|message|msg))(?:\s+about\s+(?:it|this|that))?\b",
                       re.I)
# "if priya or callum open a pr": the pull request's authors.
PR_SUBJECT = re.compile(r"\b(?P<who>[a-z][\w-]*(?:\s*(?:,|\bor\b)\s*[a-z][\w-]*)*)\s+(?:opens?|raises?|puts?\s+up|"
                        r"creates?|submits?)\s+(?:an?\s+|the\s+)?(?:new\s+)?(?P<pr>prs?|pull\s+requests?|"
                        r"merge\s+requests?|mrs?)\b", re.I)
# "someone puts olu on a ticket", "anyone adds dana to a task": the person is assigned.
SOMEONE_PUTS = re.compile(rf"\b(?:someone|somebody|anyone|anybody)\s+(?:puts|adds|assigns)\s+([a-z][\w-]*)"
                          rf"(?:\s+(?:on|to|onto)\s+({_TASK}))?(?=$|[\s,]|\s*=>|\s*->)", re.I)


def _shorthand(text: str, vocab: Vocabulary) -> str:
    """Notes typed in shorthand and sentences said around the bot: "w/o tag noise", "prio -> urgent", "@ 10:00",
    "goes investigating -> mitigated", "(+ post in #sre)", "a db-tagged ticket", "urgent tasks", "the bot should
    post", "leave X and go back to Y", "where X or Y are assigned", "p1 (p1 = urgent for us)"."""
    statuses = rf"(?:{vocab.status_pattern()})"
    rewrites: list[tuple[str, str]] = [
        (r"\bw/o\b", "without"), (r"\bw/(?=\s)", "with"), (r"\bprio\b", "priority"), (r"(?<=\s)@\s*(?=\d)", "at "),
        (r"\bmnth\b", "month"), (r"\bthats\b", "that's"),
        (rf"\b({ONE_DAY})/(?=(?:{ONE_DAY})\b)", r"\1 and "),  # "sat/sun"
        (r"\s*,?\s*\b(?:please|pls|plz|kindly)\s*[.!?]*\s*$", ""),
        # "p1 (p1 = urgent for us)": the team's own name for a priority, said with what it means.
        (r"\b(p[0-4]|sev\s*[0-4])\s*\(\s*\1\s*(?:=|is|means)\s*(urgent|high|normal|low)\b[^)]*\)", r"\2"),
        (r"\(\s*(?:\+|and|also|then)\s*([^()]+)\)", r" and \1"),  # "(+ post in #sre)"
        (r"\b([a-z][\w]*)-(?:tagged|labell?ed)\s+(tasks?|tickets?|bugs?|issues?|ones?)\b", r"\2 tagged \1"),
        (r"^(urgent|high|normal|low)(?:[- ]priority)?\s+(tasks?|tickets?|bugs?|issues?)\b"
         r"(?![^,:]*\b(?:tagged|labell?ed|moved?|moves|created|comment\w*|assigned|merged|opened|goes|go|lands?|hits?)\b)",
         r"\2 marked \1"),
        (r"\b([\w-]+)\s+(?:tag|label)\s+(?:is\s+|gets\s+|was\s+)?added\b", r"a task is tagged \1"),
        (r"\bpriority\s*(?:->|=>|→)\s*(?=(?:urgent|high|normal|low)\b)", "priority is marked "),
        (rf"\b(?:goes|moves|went|moved|go|move|moving|going)\s+(?:from\s+)?({statuses})\s*(?:->|=>|→)\s*({statuses})\b",
         r"moves from \1 to \2"),
        (rf"\bleaves?\s+({statuses})\s+and\s+(?:go|goes|move|moves|come|comes)\s+(?:back\s+)?(?:to|into)\s+({statuses})\b",
         r"moves from \1 to \2"),
        (rf"\b(?:that'?s|which\s+is|that\s+is)\s+(?:in\s+)?(?=(?:{statuses})\b)", "whose status is "),
        (r"\b(?:the\s+)?(?:bot|pmbot)\s+(?:should\s+|will\s+|can\s+|must\s+|could\s+)?(?=[a-z]+\b)", ""),
        (r"\b(?:put|make)\s+(?:the\s+|its\s+)?priority\s+(?:to\s+|as\s+|at\s+|on\s+)?(?=(?:urgent|high|normal|low)\b)",
         "set priority to "),
        (r"(?:,|\s*->|\s*=>|\s*→)\s*(?:the\s+)?(?:linked\s+)?(?:task|ticket)\s+(?:should\s+)?"
         r"(?:go|goes|move|moves|is\s+moved|gets\s+moved)\s+"
         r"(?:back\s+)?(?:to|into)\s+", ", move it to "),
        (r"^on\s+(?:a\s+)?(?:pr\s+)?merge\s+(?:to|into|on)\s+", "when a pr is merged into "),
        (r"\b(?:advise|inform|warn)\b", "dm"),
        (rf"\b(?:arrives?|arrived)\s+in\s+(?=(?:{statuses})\b)", "moves to "),
        (r"\b(?:arrives?|arrived)\s+(?=in\b)", "is created "),
        (r"\b(?:someone|somebody|anyone)\s+(?:puts?|adds?|sets?)\s+(?:the\s+|a\s+)?(?:tag|label)\s+([\w-]+)\s+(?:on|to)\s+"
         r"(an?|the|any)\s+(task|ticket|bug|issue|card)\b", r"\2 \3 is tagged \1"),
        (r"\bthe\s+([\w-]+)\s+(?:tag|label)\s+(?:lands|is\s+put|gets\s+put|is\s+added|gets\s+added)\s+(?:on|to)\s+"
         r"(an?|the|any)\s+", r"\2 ticket tagged \1 and "),
        (r"\balternate\s+(?:it\s+)?between\b", "assign it round robin to"),
        (r"^for\s+(?:every|each|all|any)\s+(new\s+)?(tasks?|tickets?|bugs?|issues?)\b", r"when a \1\2"),
        (rf"\b(?:or|and)\s+(?!(?:{statuses})\b)in\s+(?=(?:{statuses})\b)", "or "),
        (r"\b(?:don'?t|doesn'?t|do\s+not|does\s+not|haven'?t|hasn'?t|has\s+no|have\s+no)\s+(?:have\s+)?(?:got\s+)?"
         r"(?:the\s+|a\s+|any\s+)?(?:tag|label)\s+", "without the tag "),
        (r"\s+(?:gets?|receives?)\s+an?\s+comment\s*(?::|saying)?\s*(?=«)", ", comment "),
        (r"\b(?:receives?|received|gets?|got)\s+an?\s+(?:new\s+)?comment\b", "is commented on"),
        (r"^new\s+(?=in\b)", "new tasks "),
        (r"(\d(?::\d\d)?\s*(?:am|pm)?)\s+(?:utc|gmt)\b", r"\1"),
        (r"\bboth\s+(?=[a-z][\w-]*\s+and\s+)", ""), (r"\beither\s+(?=[\w-]+\s+or\b)", ""),
        (r"\bno\s+later\s+than\b", "by"), (r"\bon\s+(?:main|master)\b(?=\s+(?:in|of|on|for)\s)", ""),
        (r"\bclose\s+the\s+(?:linked\s+)?(?:issue|ticket|task)\b", "move it to closed"),
        (r"^((?:urgent|high|normal|low)(?:\s+or\s+(?:urgent|high|normal|low))*)(?:[- ]priority)?\s+"
         r"(tasks?|tickets?|bugs?|issues?)\b",
         r"\2 with \1 priority"),
        (r"\bexcept\s+(?:when|if)\b", "unless"),
        (r"^(?:nobody|no\s+one)\s+needs\s+to\s+be\s+assigned\s+", ""),
        (r"\bgets\s+(?:a\s+)?new\s+assignee\b", "is assigned"),
        (rf"\b(?:unless|except(?:\s+when)?)\s+(?:it'?s|(?:it|the\s+(?:ticket|task|card))\s+is)\s+(?:already\s+)?"
         rf"(?:in\s+)?(?=(?:{statuses})\b)", "unless its status is "),
        (rf"\band\s+not\s+(?:already\s+)?(?:in\s+)?(?=(?:{statuses})\b)", "unless its status is "),
        (rf"\b(an?|the|any)\s+(task|ticket)\s+in\s+(?=(?:{statuses})\b)(?!(?-i:[A-Z])[\w-]*\s+(?-i:[A-Z]))",
         r"\1 \2 whose status is "),  # (never the first word of a list's name: "in Review App or Word Add-in")
        (rf"\b(something|anything|tasks|tickets|issues)\s+(?:that'?s\s+|sitting\s+|still\s+)?in\s+(?=(?-i:[a-z]))(?=(?:{statuses})\b(?!\s+list))",
         r"\1 whose status is "),
        (rf"\(\s*({statuses})\s+(?:back\s+)?(?:to|->)\s+({statuses})\s*\)", r"from \1 to \2"),
        (r"\b(?:gets?|got|is|was)\s+(?:kicked|bounced|sent|pushed|thrown|punted|knocked)\s+(?=from\b)", "moves "),
        (r"(?:,|\band)\s*([a-z][\w-]*)\s+should\s+be\s+added(?:\s+to\s+it|\s+as\s+(?:an?\s+)?assignee)?(?:\s+too)?\b",
         r", assign it to \1"),
        (r"\band\s+the\s+due\s+date\s+(?:set|moved|changed|pushed)\s+to\b", "and set the due date to"),
        (r"\b(?:loop\s+in|cc|keep\s+(?=\w+\s+in\s+the\s+loop))\s+", "dm "), (r"\s+in\s+the\s+loop\b", ""),
        (r"\b(?:don'?t|do\s+not)\s+(?:assign|give)\s+it\s+to\s+any\s*(?:one|body),?\s*", ""),
        (rf"\bjust\s+(?=(?:{VERBS})\b)", ""),
        (r",?\s*it\s+needs\s+to\s+be\s+(?:looked\s+at|checked|handled|seen)\s+by\s+[^:,]+:\s*", ", "),
        (rf"\b(tasks?|tickets?)'s\s+(?=(?:{statuses})\b)", r"\1 is "),
        (r"(?<!\btag\s)(?<!\btag\sit\s)(?<!\btagged\s)(?<!\blabel\s)(?<!\blabel\sit\s)"
         r"\b(?:gets?\s+|is\s+|was\s+)?reopened\b", "moves"),  # (not "tag it reopened": the tag's name)
        (r"\b(an?|any)\s+((?:urgent|high|normal|low)(?:\s+or\s+(?:urgent|high|normal|low))*)\s+(tasks?|tickets?)\b",
         r"\1 \3 with \2 priority"),

        (r"\bclose\s+(?:it|the\s+ticket|the\s+task)(?:\s+out)?\b", "move it to closed"),
        (r"\b(?:push|move|bump|extend)\s+(?:the\s+|its\s+)?due\s+date\s+(?:out\s+|back\s+)?(?:by\s+)?"
         r"(an?|one|two|three|\d+)\s+(days?|weeks?)\b", r"set the due date to in \1 \2"),
        (r"\b(?:call|shout|flag)\s+(?:it|this|that)\s+out\s+(?:in|on|to)\s+(?=#)", "post in "),
        (r"\s+[—–]\s+", ", "),
        (r"\ball\s+(?:the\s+)?(working\s+days|weekdays|days|mondays|tuesdays|wednesdays|thursdays|fridays)\b",
         r"every \1"),
        (r"(?<=\s)\+(\d+)\s*d\b", r"+\1 days"), (r"(?<=\s)\+(\d+)\s*wd\b", r"+\1 working days"),
        (r"\b(urgent|high|normal|low)/(?=(?:urgent|high|normal|low)\b)", r"\1 or "),
        (rf"\b({statuses})/(?=(?:{statuses})\b)", r"\1 or "),
        (r"(?<!\bon\s)(?<!\bor\s)(?<!\bin\s)(?<!\binto\s)(?<!\bagainst\s)(?<!\bto\s)"
         r"\b([a-z][\w-]*)/(?=[a-z][\w-]*\s+(?:(?:is|are|gets|get|got|was|were)\s+)?(?:added|put|assigned)\b)",
         r"\1 or "),
        # "when tickets go live": moved to that status
        (rf"\bgo\s+(?!on\b)(?=(?:{statuses})\b(?!\s+(?:tasks?|tickets?)\b))", "are moved to "),
        # "a new ticket" is one just made, even where "new" is also a status
        (rf"\b(an?|the|any)\s+(?!new\b)({statuses})\s+(tasks?|tickets?|bugs?|issues?)\b", r"\1 \3 whose status is \2"),
    ]
    # "sev1 means urgent. tkt goes sev1 -> …": the team's own word for a priority, said first.
    meant = re.match(r"^([\w-]+)\s+(?:means|=|is)\s+(urgent|high|normal|low)(?:\s+(?:for\s+us|here|for\s+this\s+team|"
                     r"in\s+this\s+team|on\s+our\s+team|round\s+here))?\s*[.,;:]\s*", text, re.I)
    if meant:
        text = re.sub(rf"\b{re.escape(meant.group(1))}\b", meant.group(2), text[meant.end():], flags=re.I)
    text = _p_zero(_own_priorities(text, vocab))
    text = _known_lists(text, vocab)
    text = re.sub(rf"\b(?:pls|plz|please|pretty\s+please)\s+(?=(?:{VERBS})\b)", "", text, flags=re.I)
    text = FLAGGED.sub(lambda m: _flagged(m, vocab), text)
    for pattern, replacement in rewrites:
        text = re.sub(pattern, replacement, text, flags=re.I)
    text = ADDED_MANY.sub(lambda m: _added_many(m, vocab), text)
    text = WHERE_ASSIGNED.sub(lambda m: _where_assigned(m, vocab), text)
    text = HAND_OFF.sub(lambda m: _hand_off(m, vocab), text)
    text = BACK_TO.sub(lambda m: _back_to(m, vocab), text)
    # "new tickets in Incidents: urgent prio, due today": a level said where the actions are is set.
    text = re.sub(r"(?::|->|=>|→)\s*(urgent|high|normal|low)(?:\s+prio(?:rity)?)?\b(?=\s*(?:$|,|\+|&|\band\b))",
                  r", set priority to \1", text, flags=re.I)
    # "tkt goes investigating -> mitigated: tag it": a colon before the action, as a comma.
    return re.sub(rf":\s+(?=(?:{VERBS}|due)\b)", ", ", text, flags=re.I)


# "keiko or tomasz assigned to a ticket": the people added (each of the team).
_SECOND = r"(?:\s+(?!(?:or|is|are|gets?|got|was|were|added|put|assigned)\b)[a-z][\w-]*)?"  # a surname, maybe
ADDED_MANY = re.compile(rf"\b((?!(?:when|whenever|if|once|time|and|as|soon|after)\b)[a-z][\w-]*{_SECOND}"
                        rf"(?:\s*(?:,|\bor\b)\s*[a-z][\w-]*{_SECOND})+)\s+"
                        rf"(?:(?:is|are|gets|get|got|was|were)\s+)?"
                        rf"(?:added|put|assigned)\s+(?:to|on)\s+({_TASK})", re.I)
# "the due date of a task of jonas": the task's assignee.
# "every ticket of Crew App", "tickets of Permits": a name that is no person's is a list (a second language's "of").
TASK_OF = re.compile(r"\b((?:(?:an?|the|any|every|each|all)\s+)?(?:task|ticket|bug|issue|card)s?)\s+of\s+"
                     r"((?-i:[A-Z])[\w-]*(?:\s+(?-i:[A-Z])[\w-]*){0,2}(?!\s+(?:list|board)\b)|[a-z][\w-]*)\b", re.I)


# "flag the ticket as build-broken", "gets flagged as blocked": a tag, when the word is no priority, status or person
# ("flag it urgent" is a priority, "flag nell" a DM).
FLAGGED = re.compile(r"\b(?P<verb>flag\s+(?:it|them|the\s+(?:linked\s+)?(?:ticket|task|issue|card))|"
                     r"(?:gets?|got|is|was|are)\s+flagged)\s+(?:as\s+)?(?P<tag>[a-z][\w-]*)\b"
                     r"(?=\s*(?:$|,|\+|\band\b|\bthen\b|\bloop\b|\bping\b|\bdm\b|«|-|:))", re.I)


def _flagged(match: re.Match[str], vocab: Vocabulary) -> str:
    word = match.group("tag")
    if priority_in(word) or re.fullmatch(r"p\d|sev\d|urgent|high|normal|low", word, re.I) or \
            re.fullmatch(vocab.status_pattern(), word, re.I) or target(word, vocab):
        return match.group(0)
    verb = match.group("verb").lower()
    said = re.sub(r"^flag", "tag", verb) if verb.startswith("flag") else re.sub(r"flagged$", "tagged", verb)
    return f"{said} {word}"


# A priority's word, never a tag's name ("tagged p0", "the p0 tag"): what goes before and after it.
_NOT_TAG_BEFORE = r"(?<![\w-])(?<!tagged\s)(?<!tag\s)(?<!label\s)(?<!labelled\s)"
_NOT_TAG_AFTER = r"(?![\w-])(?!\s+(?:tag|label)s?\b)"
_P_LEVEL = re.compile(rf"{_NOT_TAG_BEFORE}p([0-3]){_NOT_TAG_AFTER}", re.I)


# "whenever somebody other than yusuf comments on an urgent ticket": everyone but them acts, said as the subject.
OTHERS_FIRST = re.compile(r"\b(when(?:ever)?|if|once|any\s?time|every\s+time|each\s+time)\s+(?:anyone|anybody|someone|"
                          r"somebody)\s+(?:else\s+)?(?:other\s+than|except(?:\s+for)?|but|apart\s+from|besides)\s+"
                          r"(@?[a-z][\w-]*(?:\s*(?:,|\bor\b|\band\b)\s*@?[a-z][\w-]*)*)\s+(?P<rest>[^,?.;]+)", re.I)


def _others_first(match: re.Match[str], vocab: Vocabulary) -> str:
    names = _people_only(match.group(2).replace("@", ""), vocab)
    if not names:
        return match.group(0)
    rest = match.group("rest").rstrip()
    after_verb = rest.find(" ") + 1  # (the trigger's own verb is no action: "opens", "moves")
    action = re.search(rf"(?<=\S)\s+(?=(?:please\s+|pls\s+)?(?:{VERBS}|nudge|poke|holler|hit\s+up)\b)",
                       rest[after_verb:], re.I) if after_verb else None
    if action:  # "… opens a pr on acme/web nudge mateo: …": who did it belongs to what sets the rule off
        cut = after_verb + action.start()
        return f"{match.group(1)} someone {rest[:cut]} not by {' or '.join(names)},{rest[cut:]}"
    return f"{match.group(1)} someone {rest} not by {' or '.join(names)}"


# What happens to the task, said in the passive after what sets the rule off: "whenever a ticket is tagged safety it
# gets reassigned to marek and bumped to urgent", "…, wren is added to it and it gets posted in #hw-lab", "…, chidi is
# taken off it", "…, the leads get pinged and its tagged qa-found". Each becomes the action said plainly.
_AFTER = r"(?:\s*,\s*(?:and\s+|then\s+)?|\s+and\s+(?:then\s+)?)"
_IT_IS = (r"(?:(?:it|they|the\s+(?:linked\s+)?(?:ticket|task|card|item))\s+"
          r"(?:is|are|gets|get|will\s+be|should\s+be)\s+|it'?s\s+|its\s+)")
# (after "and", "it is tagged x" / "it is assigned to x" is what the task already is: a condition; "it gets …" is done)
_IT_GETS = r"(?:(?:it|they|the\s+(?:linked\s+)?(?:ticket|task|card|item))\s+(?:gets|get|will\s+be|should\s+be)\s+)"
_SPACE_NOT_AND = (r"(?<=\w{2})(?<!when)(?<!whenever)(?<!once)(?<!time)(?<!\band)(?<!unless)(?<!except)"
                  r"(?<!\bbut)(?<!\bnot)(?<!\bif)(?<!\bthat)(?<!which)(?<!\bcan)(?<!could)(?<!would)(?<!\bwill)(?<!should)\s+")
_NOT_AND = rf"(?:\s*,\s*(?:then\s+)?|{_SPACE_NOT_AND})"
_LEVEL = r"(?=(?:urgent|high|normal|low)\b)"
PASSIVE_DONE: list[tuple[re.Pattern[str], str]] = [(re.compile(a, re.I), b) for a, b in [
    (rf"(?:{_NOT_AND}{_IT_IS}|{_AFTER}{_IT_GETS})(re-?)?assigned\s+to\s+", r", \1assign it to "),
    (rf"{_AFTER}{_IT_IS}(re-?)assigned\s+to\s+", r", \1assign it to "),
    (rf"(?:{_NOT_AND}{_IT_IS}|{_AFTER}{_IT_GETS})(?:tagged|labell?ed)\s+(?:as\s+|with\s+)?", ", tag it "),
    (rf"{_AFTER}{_IT_IS}round[- ]?robin'?(?:e?d)?\s+(?:to|across|between|among|thru|through)\s+",
     ", assign it round robin to "),
    (rf"{_AFTER}(?:{_IT_IS})?(?:bumped|escalated|raised|lowered|dropped|set|made)\s+(?:up\s+|down\s+)?(?:to\s+|as\s+)?"
     rf"{_LEVEL}", ", set priority to "),
    # "…, the ticket becomes p0 and nina gets pinged": on the task a pull request or CI event links to
    (r"\s*,\s*(?:then\s+)?the\s+(?:linked\s+)?(?:ticket|task)\s+(?:becomes|is\s+made|gets\s+made|is\s+marked|"
     r"gets\s+marked|goes|goes\s+to|is\s+set\s+to|gets\s+set\s+to)\s+(?=(?:urgent|high|normal|low|p[0-3])\b)",
     ", set priority to "),
    (rf"{_AFTER}{_IT_IS}(?:posted|shared|announced)\s+(?:in|to|on)\s+(?=#)", ", post in "),
    (r"(?:\s*,\s*|\s+and\s+)(#[\w.-]+)\s+(?:gets|should\s+get|will\s+get)\s+a\s+(?:post|message|note|heads[- ]?up)\b",
     r", post in \1"),
    (rf"{_AFTER}(?:the|its)\s+priority\s+(?:goes|is\s+set|gets\s+set|is\s+raised|gets\s+raised|is\s+bumped|"
     rf"gets\s+bumped)\s+(?:up\s+)?(?:to\s+)?{_LEVEL}", ", set priority to "),
    (rf"{_AFTER}(?:{_IT_IS}|is\s+)due\s+", ", make it due "),
    (rf"{_AFTER}{_IT_IS}unassigned\s+from\s+", ", remove from it "),
    # "it gets moved to in dev, marked urgent and rotated across the portal team"
    (rf"{_AFTER}(?:{_IT_IS})?marked\s+(?:as\s+)?{_LEVEL}", ", set priority to "),
    (rf"{_AFTER}(?:{_IT_IS})?(?:rotated|round[- ]?robin(?:n?ed|'d)?|shared\s+out|split)\s+"
     r"(?:across|between|among|around)\s+",
     ", assign it round robin to "),
    # "… the linked ticket should be moved to code review and assigned to the billing team"
    (rf"{_SPACE_NOT_AND}(?:the\s+(?:linked\s+)?(?:ticket|task|card)|it|they)\s+(?:should|must|needs?\s+to)\s+be\s+"
     r"moved\s+(?:back\s+)?(?:to|into)\s+", ", move it to "),
    (r"(,\s*move\s+it\s+to\s+[^,]+?)\s+and\s+(?:then\s+)?(?:gets\s+|is\s+)?(re-?)?assigned\s+to\s+",
     r"\1, \2assign it to "),
]]
# "…, wren is added to it", "chidi is taken off it", "the leads get pinged": someone named first, then what befalls
# them.
WHOM_DONE = re.compile(rf"{_AFTER}(?P<who>(?:the\s+)?[a-z][\w-]*(?:\s+team)?|"
                       r"whoever\s+(?:created|made|opened|filed)\s+it)"
                       r"\s+(?:(?P<added>(?:is|gets|get)\s+(?:added|put)\s+(?:to|on(?:to)?)\s+it(?:\s+too|\s+as\s+well)?)|"
                       r"(?P<off>(?:is|gets|get)\s+taken\s+off(?:\s+(?:it|the\s+ticket))?)|"
                       r"(?P<told>(?:gets?|is|are)\s+(?:a\s+dm|a\s+ping|pinged|a\s+heads[- ]?up|notified|a\s+message|"
                       r"a\s+msg|messaged|dm'?e?d)))\b", re.I)


def _passive_results(text: str, vocab: Vocabulary) -> str:
    first = re.search(r"[,]|\s(?:it|its|it's|and)\s|\s(?=the\s+(?:linked\s+)?(?:ticket|task)\s+(?:should|must|needs))",
                      text)  # never inside the first words of the trigger
    if not first or first.start() < 8:
        return text
    cut = text.rfind(" ", 0, first.start()) + 1  # the last word before stays with what is read, for the look-behinds
    head, rest = text[:cut], text[cut:]
    for pattern, replacement in PASSIVE_DONE:
        rest = pattern.sub(replacement, rest)

    def whom(match: re.Match[str]) -> str:
        who = match.group("who")
        if not (who.lower().startswith("whoever") or target(re.sub(r"^the\s+", "", who, flags=re.I), vocab)
                or targets(who, vocab, [])):
            return match.group(0)
        who = "the author" if who.lower().startswith("whoever") and match.group("told") else who
        if match.group("added"):
            return f", add {who} to it"
        if match.group("off"):
            return f", remove {who} from it"
        return f", dm {who}"
    return head + WHOM_DONE.sub(whom, rest)


# "a ticket in claims intake", "a photo assessment ticket" (dictated, all lower case): words that are none of the
# parser's, no status, person or team, where a list is said, are the list's name (one word before "ticket" stays a
# tag: "a vip ticket").
LOWER_LIST_BEFORE = re.compile(r"\b(an?|any|every|each|the|all|(?<![\w-]\s)new)\s+(new\s+)?"
                               r"([a-z][a-z-]*\s+[a-z][a-z-]*)\s+(tickets?|tasks?)\b")
_LOWER_NAME = r"((?-i:[a-z])[a-z-]*(?:\s+(?-i:[a-z])[a-z-]*)?)"
LOWER_LISTS_OR = re.compile(r"\b((?:tickets?|tasks?|anything|something|created|raised|opened|filed|logged)\s+"
                            rf"(?:in|from))\s+(?!(?:the|a|an|any)\s){_LOWER_NAME}\s+or\s+{_LOWER_NAME}"
                            r"(?=\s*[,.?!]|\s*$|\s*->|\s+(?:gets?|got|is|are|goes|go|moves?|moved|should|that|which|"
                            r"and|unless|except)\b)")
LOWER_LIST_IN = re.compile(r"\b(tickets?|tasks?|anything|something|creates?|created|raises?|raised|opens?|opened|"
                           r"files?|filed|logs?|logged)\s+(in|from)\s+([a-z][a-z-]*(?:\s+[a-z][a-z-]*)?)"
                           r"(?=\s+(?:gets?|got|is|are|goes|go|moves?|moved|should|shud|shld|shd|that|which|with|and|"
                           r"to|by|unless|except)\b|"
                           r"\s*[,.?!(]|\s*$)")


# (a list's last word may be one of the words teams give lists: "merchant issues", "registrar requests")
_LIST_NOUNS = frozenset({"issues", "requests", "bugs", "incidents", "support", "tickets", "tasks", "items", "reports"})


def _lower_lists(text: str, vocab: Vocabulary) -> str:
    status_words = {w for status in vocab.statuses for w in status.lower().split()}

    def named(phrase: str) -> bool:  # (a list the team file names is read by _known_lists, with its own case)
        words = phrase.split()
        return phrase.lower() not in vocab.lists and \
            not any((w in KNOWN_WORDS and not (i and w in _LIST_NOUNS)) or w in status_words or priority_in(w)
                    for i, w in enumerate(words)) and \
            not re.fullmatch(vocab.status_pattern(), phrase, re.I) and not target(phrase, vocab) and \
            not any(re.fullmatch(vocab.status_pattern(), w, re.I) or target(w, vocab) for w in words[:1])

    def before(match: re.Match[str]) -> str:
        if not named(match.group(3)):
            return match.group(0)
        return f"{match.group(1)} {match.group(2) or ''}{match.group(4)} in the {match.group(3)} list"

    def inside(match: re.Match[str]) -> str:
        return f"{match.group(1)} {match.group(2)} the {match.group(3)} list" if named(match.group(3)) else \
            match.group(0)
    def either(match: re.Match[str]) -> str:  # "in kiosks or lending app": two lists, said as the parser reads them
        if not (named(match.group(2)) and named(match.group(3))):
            return match.group(0)
        return f"{match.group(1)} {match.group(2).title()} or {match.group(3).title()}"
    return LOWER_LISTS_OR.sub(either, LOWER_LIST_IN.sub(inside, LOWER_LIST_BEFORE.sub(before, text)))


def _known_lists(text: str, vocab: Vocabulary) -> str:
    """The lists the team file names (rules.lists) said in lower case: "an incidents ticket", "anything in billing"."""
    for low, name in sorted(vocab.lists.items(), key=lambda item: -len(item[0])):
        said = re.escape(low).replace(r"\ ", r"\s+")
        kept = name.replace("\\", "\\\\")  # (a replacement template)
        text = re.sub(rf"\b(an?|any|every|each|the|all)\s+(?:new\s+)?{said}\s+(tasks?|tickets?|bugs?|issues?|cards?)\b",
                      rf"\1 \2 in the {kept} list", text, flags=re.I)
        text = re.sub(rf"\b(in|on|into|from)\s+(?:the\s+)?{said}\b(?!\s+(?:list|board))", rf"\1 the {kept} list",
                      text, flags=re.I)
    return text


def _own_priorities(text: str, vocab: Vocabulary) -> str:
    """The team's own words for priorities (rules.priority_words), where they are not a tag's name."""
    for word, level in vocab.priority_words.items():
        text = re.sub(rf"{_NOT_TAG_BEFORE}{re.escape(word)}{_NOT_TAG_AFTER}(?:\s+(?:prio|priority)\b)?",
                      f"{level} priority", text, flags=re.I)
    return text


def _p_zero(text: str) -> str:
    """"bumped to p0", "a p0 or p1": where a scale starts at p0, p0 is urgent and p1 high. A p1 said alone is urgent
    in some teams and high in others (ClickUp's own numbers start at 1 = urgent): it is left as said, to be asked."""
    if not re.search(r"(?<![\w-])p0(?![\w-])", text, re.I):
        return text
    return _P_LEVEL.sub(lambda m: ("urgent", "high", "normal", "low")[int(m.group(1))], text)


def _person(said: str, vocab: Vocabulary) -> bool:
    """Whether the words name one person of the team (not a team, a role, the author or the assignees)."""
    meant = target(said, vocab)
    return meant is not None and ":" not in meant and meant not in ("author", "assignees")


# "zaras or ines PRs", "one of hana's prs": the pull requests of people, the apostrophe often left out.
PRS_OF = re.compile(r"\b(?:one\s+of\s+)?(?P<who>[a-z][\w'-]*(?:\s*(?:,|\bor\b|\band\b)\s*[a-z][\w'-]*)*)\s+"
                    r"(?P<pr>prs|pull\s+requests|merge\s+requests|mrs)\b", re.I)


def _prs_of(match: re.Match[str], vocab: Vocabulary) -> str:
    said = [n for n in re.split(r"\s*(?:,|\bor\b|\band\b)\s*", match.group("who")) if n]
    names = []
    for name in said:
        bare = re.sub(r"'?s$|'$", "", name)
        if not (_person(bare, vocab) and bare != name) and not _person(name, vocab):
            return match.group(0)
        names.append(bare if _person(bare, vocab) else name)
    return f"{match.group('pr')} opened by {' or '.join(names)}"


def _people_only(said: str, vocab: Vocabulary) -> list[str] | None:
    """"keiko or tomasz", "dana and devon": the names, when every one is a person of the team."""
    names = [n.strip() for n in re.split(r"\s*(?:,|\bor\b|\band\b)\s*", said) if n.strip()]
    return names if names and all(_person(n, vocab) for n in names) else None


def _added_many(match: re.Match[str], vocab: Vocabulary) -> str:
    names = _people_only(match.group(1), vocab)
    return f"{match.group(2)} is assigned to {' or '.join(names)}" if names else match.group(0)


def _task_of(match: re.Match[str], vocab: Vocabulary) -> str:
    names = _people_only(match.group(2), vocab)
    if names:
        return f"{match.group(1)} assigned to {match.group(2)}"
    name = match.group(2)
    # (one word inside a person's full name is a nickname, not a list: "any ticket of Seun" for Oluwaseun; a list
    # may share a team's name: "a ticket of Telemetry")
    if name[0].isupper() and (target(name, vocab) or "team:").startswith("team:") and \
            not any(" " not in name and name.lower() in full.lower() for full in vocab.people.values()):
        return f"{match.group(1)} in the {name} list"
    return match.group(0)


# "hand it off to leticia": the task changes hands (to a team it rotates, as "give it to the team" does).
HAND_OFF = re.compile(r"\bhand(?:ed)?\s+(?:it|the\s+ticket|the\s+task)\s+(?:off|over)\s+to\s+"
                      r"([^,«]+?)(?=$|,|\s+(?:and|then|when|whenever|if|once)\b)",
                      re.I)


# "bounce it back to marco", "send the ticket back to dana": back to a person is theirs alone again (to a status, a
# move, read elsewhere).
BACK_TO = re.compile(r"\b(?:bounce|send|kick|toss|throw|pass|give|hand|punt)\s+"
                     r"(?:it|the\s+ticket|the\s+task|the\s+issue)\s+"
                     r"back\s+to\s+([^,«]+?)(?=$|,|\s+(?:and|then)\b)", re.I)


def _back_to(match: re.Match[str], vocab: Vocabulary) -> str:
    return f"reassign it to {match.group(1)}" if _people_only(match.group(1), vocab) else match.group(0)


def _hand_off(match: re.Match[str], vocab: Vocabulary) -> str:
    people = _people_only(match.group(1), vocab)
    return f"{'reassign' if people else 'assign'} it to {match.group(1)}"


# "a task where fatima or luca are assigned": the task's assignees.
WHERE_ASSIGNED = re.compile(r"\b(?:where|that|which)\s+([a-z][\w-]*(?:\s*(?:,|\bor\b|\band\b)\s*[a-z][\w-]*)*)\s+"
                            r"(?:are|is)\s+(?:assigned|on\s+it)\b", re.I)


def _where_assigned(match: re.Match[str], vocab: Vocabulary) -> str:
    names = _people_only(match.group(1), vocab)
    return f"assigned to {' or '.join(names)}" if names else match.group(0)


def _someone_puts(match: re.Match[str], vocab: Vocabulary) -> str:
    if not _person(match.group(1), vocab):
        return match.group(0)
    return f"{match.group(2) or 'a task'} is assigned to {match.group(1)}"


def _pronouns(text: str, vocab: Vocabulary) -> str:
    """"rafael should hear about any comment on a task hes assigned to", "a task hana is on …, message her": he, she,
    him, her are the one person named before them (when exactly one is)."""
    out: list[str] = []
    named: list[str] = []
    for word in re.split(r"(\W+)", text):
        low = word.lower()
        if low in ("he", "she", "him", "her", "hes", "shes", "he's", "she's") and len(set(named)) == 1:
            out.append(named[0] + (" is" if low in ("hes", "shes", "he's", "she's") else ""))
            continue
        if re.fullmatch(r"[a-z][\w-]*", low) and _person(low, vocab):
            named.append(low)
        out.append(word)
    return "".join(out)


# How Slack sends a person and a channel in a command's text: <@U0DANA>, <@U0DANA|dana>, @dana, <#C0123|alerts>.
SLACK_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
SLACK_CHANNEL = re.compile(r"<#[CG][A-Z0-9]+\|([\w.-]+)>")
AT_NAME = re.compile(r"(?<![\w<])@(?=[a-z])", re.I)


# Slack formatting around a word (*urgent*, _please_, `dataset`, ~x~) and emoji codes (:rotating_light:).
FORMATTING = re.compile(r"(?<![\w*_~`])[*_~`]+([^*_~`\s](?:[^*_~`]*[^*_~`\s])?)[*_~`]+(?![\w*_~`])")
EMOJI = re.compile(r"(?<!\w):[a-z0-9_+-]+:(?!\w)|[\U0001F300-\U0001FAFF\u2600-\u27BF\uFE0F]")
# "goes on hold — no wait, on hold OR blocked —": what was said again replaces what was said first.
CORRECTED = re.compile(r"\s*(?:[—–-]+|\.\.\.|…)\s*(?:no,?\s+wait|no,?\s+scratch\s+that|scratch\s+that|no,?\s+sorry|"
                       r"actually,?\s+no|sorry|"
                       r"i\s+mean|actually),?\s+(?:just\s+)?(.+?)\s*(?:[—–-]+|$)", re.I)
# "tagged needs-hpc (sorry, tag is hpc-request)": a value said again.
CORRECTED_VALUE = re.compile(r"\s*\(\s*(?:sorry|i\s+mean|actually|oops),?\s+(?:the\s+)?(tag|label|status|list)\s+"
                             r"(?:is|should\s+be)\s+([\w-]+)\s*\)", re.I)
# Words that only say how soon, which every rule does anyway.
AT_ONCE = re.compile(r"\s+(?:automatically|straight\s+away|right\s+away|immediately|asap|rn|right\s+now)\b", re.I)


MEANT = re.compile(r"[\s,.;?!—–-]*\b(?:sorry|oops|edit|correction|my\s+bad)\b[\s,:]*(?:i\s+)?meant\s+(#?[\w-]+)\s*"
                   r"(?:,\s*)?(?:not|instead\s+of|rather\s+than)\s+(#?[\w-]+)\s*[.!]?\s*$", re.I)


def _said_again(text: str) -> str:
    """The sentence with its own corrections applied ("on hold — no wait, on hold or blocked —", "… sorry, I meant
    #server-ci not #server-alerts")."""
    meant = MEANT.search(text)
    if meant and re.search(rf"(?<![\w#-]){re.escape(meant.group(2))}(?![\w-])", text[:meant.start()], re.I):
        text = re.sub(rf"(?<![\w#-]){re.escape(meant.group(2))}(?![\w-])", meant.group(1), text[:meant.start()],
                      flags=re.I)
    fixed = CORRECTED.search(text)
    if fixed:
        again = fixed.group(1)
        first_word = re.escape(again.split()[0])
        before = text[:fixed.start()]
        starts = [m.start() for m in re.finditer(rf"\b{first_word}\b", before, re.I)]
        if starts:
            text = f"{before[:starts[-1]]}{again} {text[fixed.end():]}".strip()
    value = CORRECTED_VALUE.search(text)
    if value:
        kind, said = value.group(1).lower(), value.group(2)
        before = text[:value.start()]
        slot = {"tag": r"(tagged|labell?ed|tags?\s+(?:an?\s+|the\s+)?(?:task|ticket|it)|tag)\s+[\w-]+",
                "label": r"(tagged|labell?ed|labels?)\s+[\w-]+", "status": r"(to|into|in)\s+[\w-]+",
                "list": r"(in)\s+[\w-]+"}[kind]
        found = list(re.finditer(slot, before, re.I))
        if found:
            last = found[-1]
            text = f"{before[:last.start()]}{last.group(1)} {said}{before[last.end():]}{text[value.end():]}"
    return text


def _slack_mentions(text: str, vocab: Vocabulary) -> str:
    """A mention as the words the parser reads: the person's name (an id of no one on the team stays as the id, and
    is named as unknown), the channel's name, a name without its "@"."""
    text = SLACK_USER.sub(lambda m: vocab.people.get(m.group(1).lower(), m.group(1)), text)
    text = SLACK_CHANNEL.sub(r"#\1", text)
    return AT_NAME.sub("", text)


_FULL_DAY = {"mon": "monday", "tue": "tuesday", "tues": "tuesday", "wed": "wednesday", "weds": "wednesday",
             "thu": "thursday", "thur": "thursday", "thurs": "thursday", "fri": "friday", "sat": "saturday",
             "sun": "sunday"}
_SHORT_DAY = "|".join(sorted(_FULL_DAY, key=len, reverse=True))


def _people_run(text: str, vocab: Vocabulary) -> str:
    """"dm tobias chidi and mei": names typed one after another with no comma are a list of people (each a whole
    name or first name of the team, longest first: "mei lin" is one person)."""
    names = sorted((n for n in vocab.people if re.fullmatch(r"[a-z][\w-]*(?: [a-z][\w-]*)*", n)), key=len, reverse=True)
    if not names:
        return text
    one = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    run = re.compile(rf"(?<![\w-])((?:{one}))((?:\s+(?:{one}))+)(?=\s*(?:,|\band\b|$))", re.I)
    return run.sub(lambda m: m.group(1) + re.sub(rf"\s+(?=(?:{one})\b)", ", ", m.group(2), flags=re.I), text)


def normalise(text: str, vocab: Vocabulary) -> str:
    """The sentence in the parser's own words (quotes are «n» tokens already and are never touched)."""
    text = _slack_mentions(text, vocab)
    text = " ".join(EMOJI.sub(" ", FORMATTING.sub(r"\1", text)).split())
    text = CLOCK_H.sub(clock_h, _said_again(text))
    for word, level in PRIORITY_ALIASES.items():  # Jira's Highest, Medium, Lowest (unless the team names them)
        if word not in vocab.priority_words:
            text = re.sub(rf"(?<!tagged\s)(?<!labeled\s)(?<!labelled\s)(?<!tag\s)(?<!label\s)(?<!-)\b{word}\b(?!-)",
                          level, text, flags=re.I)
    # "assign it to the kiosk team (in rotation)": in turns
    text = re.sub(r"\s*\((?:in\s+|by\s+)?(?:rotation|turns|round[- ]robin|rotating|rotate)\)", " in turns", text,
                  flags=re.I)
    # "new tickets in Checkin Kiosk (except ones tagged spike) …": the exception, said in brackets
    text = re.sub(r"\s*\(\s*(?:except|excluding|but\s+not|not)\s+(?:for\s+)?(?:the\s+)?"
                  r"(?:ones|those|tickets|tasks|anything)?\s*(?:that\s+are\s+|which\s+are\s+|that\s+have\s+been\s+)?"
                  r"(tagged|labell?ed)\s+([\w-]+)\s*\)\s*,?",
                  r" unless it is \1 \2, ", text, flags=re.I)
    text = PAREN.sub(lambda m: _aside(m, vocab), text)
    defined = re.match(r"(p[0-4])\s+(?:for\s+us\s+)?(?:means|is|=)\s+(urgent|high|normal|low)(?:\s+for\s+us)?"
                       r"\s*[.,:;-]+\s*", text, re.I)
    if defined:  # "p1 for us means high. whenever …": the sentence's own name for a level, said first
        text = re.sub(rf"(?<![\w-]){defined.group(1)}(?![\w-])", defined.group(2).lower(), text[defined.end():],
                      flags=re.I)
    text = re.sub(r"\b(?:and\s+)?([a-z][\w-]*)\s+should\s+be\s+(?:intimated|informed|notified)\b", r"and dm \1", text,
                  flags=re.I)  # "… and sandeep should be intimated"
    tail = re.search(r"\?+\s+([^?«#]{3,200})$", text)  # "…? he mutes clickup": talk after the question
    if tail and _only_talk(tail.group(1).strip(" .!"), vocab):
        text = text[:tail.start()]
    text = HEDGE.sub("", GREAT.sub("", text)).strip()
    dash = TALK_THEN.match(text)  # before the dash becomes a comma; a pronoun later may need the talk's person
    if dash and "-" in dash.group(0)[len(dash.group("talk")):] and _only_talk(dash.group("talk"), vocab) and \
            not PERSONAL.search(text[dash.end():]):
        text = text[dash.end():]
    text = re.sub(r"\.\s+(?=and\b|then\b|also\b)", ", ", text, flags=re.I)
    text = re.sub(r"(\bfrom\s+[\w ]{1,30}?)\s+(?:straight|directly)\s+(?=(?:to|into)\s)", r"\1 ", text,
                  flags=re.I)  # "from code review straight to staging"
    # "moves smth back from testing -> in dev": from one status to another, with an arrow
    statuses = vocab.status_pattern()
    text = re.sub(rf"\bfrom\s+({statuses})\s*(?:-+>|=>|→)\s*(?=(?:{statuses})\b)", r"from \1 to ", text, flags=re.I)
    text = fix_typos(reworded(joined_teams(plural_names(pseudo_code(text, vocab), vocab), vocab)), vocab)
    text = back_for(text, vocab)
    # "is passed to deployed", "passes in testing" (a status, where "passed to dana" gives it to her)
    text = re.sub(rf"\b(is|gets|was|are)\s+(?:passed|assigned)\s+(?:in|into|to)\s+(?=(?:{statuses})\b)",
                  r"\1 moved to ", text, flags=re.I)
    text = re.sub(rf"\bpass(?:es|ed)?\s+(?:in|into|to)\s+(?=(?:{statuses})\b)", "moves to ", text, flags=re.I)
    # "a vip ticket lands in Client Requests": made there (landing in a status is a move)
    text = re.sub(rf"\b(an?\s+(?:[\w-]+\s+)?(?:ticket|task)(?:\s+tagged\s+[\w-]+)?)\s+"
                  rf"(?:lands|arrives|comes\s+in|shows\s+up)\s+in\s+(?!(?:{statuses})\b)(?=(?-i:[A-Z])|the\s|«)",
                  r"\1 is created in ", text, flags=re.I)
    text = re.sub(rf"\bpass\s+it\s+(?:back\s+)?to\s+(?=(?:{statuses})\b)", "move it to ", text, flags=re.I)
    # "marcus should get a dm whenever someone other than him moves …": him, the one person named before
    if him := re.search(r"\bother\s+than\s+(?:him|her)\b", text, re.I):
        said = [w for w in re.findall(r"[^\W\d_][\w-]*", text[:him.start()]) if _person(w, vocab)]
        if said and len({target(w, vocab) for w in said}) == 1:
            text = f"{text[:him.start()]}other than {said[0]}{text[him.end():]}"
    # "move the ticket in field trial", "is moved in shipped": into that status (not "goes in review" where "in
    # review" is the status)
    into = rf"(?!(?:{statuses})\b)in\s+(?=(?:{statuses})\b)"
    text = re.sub(rf"\bmove\s+(?:the\s+)?(?:linked\s+)?(?:ticket|task|it)\s+{into}", "move it to ", text, flags=re.I)
    text = re.sub(rf"\b(moved|moves|goes|go)\s+{into}", r"\1 to ", text, flags=re.I)
    text = TASK_OF.sub(lambda m: _task_of(m, vocab), text)  # (early: "tickets of Permits that …" is read as a subject)
    # "whenever someone comments on a … ticket, except rosa, nudge …": anyone but her
    text = re.sub(r"\b(someone|somebody|anyone|anybody)\b([^,]*?),\s*(?:except|but\s+not|other\s+than)\s+"
                  r"([a-z][\w-]*)\s*,", lambda m: f"someone other than {m.group(3)}{m.group(2)},"
                  if _person(m.group(3), vocab) else m.group(0), text, flags=re.I)
    text = _lower_lists(text, vocab)
    # "when an issue is resolved", "resolves an issue": moved to the team's last status (Jira's resolution), where the
    # team file orders its statuses and none of them is called resolved
    if vocab.last_status and "resolved" not in vocab.own_statuses:
        text = re.sub(r"\b(?:is|gets|got|was)\s+resolved\b", f"moves to {vocab.last_status}", text, flags=re.I)
        text = re.sub(r"\bresolves\s+(an?|the|any)\s+(issue|ticket|task|bug|story)\b",
                      rf"moves \1 \2 to {vocab.last_status}", text, flags=re.I)
    text = re.sub(rf"\b(an?\s+(?:ticket|task)|anything|something)\s+(?:that'?s|thats|which\s+is|that\s+is)\s+"
                  rf"(?:already\s+|still\s+)?(?:in\s+(?=(?:{statuses})\b)|(?=(?:{statuses})\b))", r"\1 in ", text,
                  flags=re.I)
    # "let lukas n femi know": "n" for "and" between two people
    text = re.sub(r"\b([a-z][\w-]*)\s+n\s+([a-z][\w-]*)\b",
                  lambda m: f"{m.group(1)} and {m.group(2)}" if m.group(1).lower() in vocab.people
                  and m.group(2).lower() in vocab.people else m.group(0), text, flags=re.I)
    # "marked urgent -> tariq on it, due today": a person put on the task, said without the verb
    text = re.sub(r"((?:,|->|→)\s*)@?([a-z][\w-]*)\s+on\s+it\b",
                  lambda m: f"{m.group(1)}put {m.group(2)} on it" if m.group(2).lower() in vocab.people else m.group(0),
                  text, flags=re.I)
    # "move linked ticket peer review", "moves something ready for qa", "goes doing to peer review": a word left out
    text = re.sub(rf"\bmove\s+(?:the\s+)?(?:linked\s+)?(?:ticket|task|it)\s+(?=(?:{statuses})\b)", "move it to ", text,
                  flags=re.I)
    text = re.sub(rf"\b(moves?|moved)\s+(something|it|a\s+ticket|anything)\s+(?=(?:{statuses})\b)", r"\1 \2 to ", text,
                  flags=re.I)
    text = re.sub(rf"\b(goes|go|went|moves|moved)\s+(?=(?:{statuses})\s+(?:to|->)\s+(?:{statuses})\b)", r"\1 from ",
                  text, flags=re.I)
    # "put it back in dev", "move ticket to staging"
    text = re.sub(rf"\b(?:put|send|throw|kick|move)\s+(?:it\s+)?back\s+(?:to\s+|into\s+)?(?=(?:{statuses})\b)",
                  "move it to ", text, flags=re.I)
    text = re.sub(r"\bmove\s+ticket\s+to\b", "move it to", text, flags=re.I)
    text = _people_run(text, vocab)
    # "when kofi picks up a ticket due in 5 working days" (from "give it a due date 5 working days out"): the action
    text = re.sub(r"(\b(?:picks?\s+up|gets?|creates?|opens?)\s+(?:a|the)\s+(?:ticket|task))\s+due\s+"
                  r"(?=(?:in|today|tomorrow|on|by)\b)", r"\1, make it due ", text, flags=re.I)
    # "moves into testing or goes live": either status; "jumps from in dev straight to live": moves
    text = re.sub(rf"\bmoves?\s+(?:in)?to\s+({statuses})\s+or\s+goes\s+(?:to\s+)?(?=(?:{statuses})\b)",
                  r"moves to \1 or ", text, flags=re.I)
    text = re.sub(r"\b(?:jumps?|jumped|skips?|skipped)\s+(?=from\b)", "moves ", text, flags=re.I)
    # "… gets assinged to the apps team, rotate it pls": the team in turns
    text = re.sub(r"(\bassign(?:ed)?\s+(?:it\s+)?to\s+(?:the\s+)?[\w-]+\s+team)\s*,?\s*(?:and\s+)?(?:rotate|rotating)"
                  r"\s+"
                  r"(?:it|them)(?:\s+(?:pls|please|plz))?\b", r"\1 in turns", text, flags=re.I)
    # "new Bugs tix go to …": a capitalised name before the tasks is their list, even one that is a word for tasks
    text = re.sub(r"\bnew\s+((?-i:[A-Z])[\w-]*(?:\s+(?-i:[A-Z])[\w-]*){0,2})\s+(tickets|tasks|issues|cards)\b",
                  r"new \2 in the \1 list", text)
    # "…, excpet in Payouts": an exception (after the typo is mended)
    text = re.sub(r",\s*except\s+(?=in\s)", ", unless it is ", text, flags=re.I)
    # "…, priortiy urgent, …": a level where the actions are (after the typo is mended)
    text = re.sub(r"(^|[,:+]\s*)prio(?:rity)?\s+(urgent|high|normal|low)\b(?=\s*(?:,|\+|$|unless\b|except\b|and\b))",
                  r"\1set priority to \2", text, flags=re.I)
    text = BY_OTHERS.sub("not by ", text)
    text = OTHERS_FIRST.sub(lambda m: _others_first(m, vocab), text)
    # "… -> ticket to staging + dm @yusuf": the linked ticket moved, said as shorthand
    text = re.sub(rf"(?:(?<=->\s)|(?<=[,+]\s))(?:the\s+)?(?:linked\s+)?(?:ticket|task|card)\s+(?:to|into|->)\s+"
                  rf"(?=(?:{vocab.status_pattern()})\b)", "move it to ", text, flags=re.I)
    text = _pronouns(text, vocab)  # first: the person a pronoun stands for may be named in the talk
    text = AT_ONCE.sub("", _talk_removed(text, vocab))
    # "reassign to kofi whenever a ticket is marked urgent, also make it due today": the trigger first
    text = re.sub(rf"^(?P<act>(?:please\s+)?(?:{VERBS})\b[^,«]*?)\s+"
                  rf"(?P<trig>(?:when(?:ever)?|if|once|any\s?time)\b[^,]+),\s*(?:and\s+|then\s+|also\s+|plus\s+)+(?P<more>(?:{VERBS})\b.*)$",
                  r"\g<trig>, \g<act>, \g<more>", text, flags=re.I)
    # "tues and thurs evening at 6": short day names in a list of days or before a part of the day, said in full
    text = re.sub(rf"\b({_SHORT_DAY})\b(?=\s*(?:,|and|&|/|or)\s*"
                  rf"(?:{_SHORT_DAY}|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b|\s+(?:morning|afternoon|evening|night)s?\b)",
                  lambda m: _FULL_DAY[m.group(1).lower()], text, flags=re.I)
    # "due in to working days": a dictated "two".
    text = re.sub(r"\b(in|within)\s+(?:to|too)\s+(?=(?:working\s+|business\s+)?(?:days|weeks)\b)", r"\1 2 ", text,
                  flags=re.I)
    text = HALF_WORDS.sub(lambda m: f"at half {number(m.group(1))}", text)
    text = HALF.sub(lambda m: f"at {m.group(1)}:30" if m.group(1) else f"{m.group(2)}:30", text)
    # "friday evening at 6 send …", "monday at 10am post …": a day that starts a rule is every such day.
    text = re.sub(r"^((?:mon|tues|wednes|thurs|fri|satur|sun)day)\s+(?=(?:morning|afternoon|evening|night|at)\b)",
                  r"every \1 ", text, flags=re.I)
    text = TAKE_TURNS.sub(r"assign it round robin to \1", text)
    # "unassign mateus and let the integrations team take turns on it instead"
    text = re.sub(r"\blet\s+(?=assign\s+it\s+round\s+robin\b)", "", text, flags=re.I)
    text = re.sub(r"(\b(?:unassign|remove|take)\b[^«]*?\bassign\s+it\s+round\s+robin\s+to\s+[^,«]+?)(?:\s+on\s+it)?"
                  r"\s+instead\b",
                  r"\1", text, flags=re.I)
    text = LIST_BEFORE.sub(r"\1 \3 in the \2 list", text)
    text = TAG_NOUN.sub(lambda m: _tag_noun(m, vocab), text)
    text = ON_IT.sub(lambda m: _on_it(m, vocab), text)
    text = IT_SHOULD.sub(lambda m: f", {_IT_SHOULD[m.group(1).lower()]}", text)
    # "…, reassign it to rajesh, be set to urgent, and …": a later part said of the task, as the first was.
    text = re.sub(r"(,|\band)\s+(?:also\s+)?be\s+(?:set|raised|lowered|bumped|marked)\s+(?:to\s+|as\s+)?"
                  r"(urgent|high|normal|low)\b",
                  r"\1 set priority to \2", text, flags=re.I)
    text = re.sub(r"(,|\band)\s+(?:also\s+)?be\s+(re-?assigned|assigned|given|handed|moved|tagged|marked)\b",
                  lambda m: f"{m.group(1)} {_IT_SHOULD[m.group(2).lower()]}", text, flags=re.I)
    text = PICKED_UP.sub(", assign it to ", text)
    if _LEADS.match(text):
        text = _passive_results(text, vocab)
        text = IT_GETS.sub(lambda m: f", {_IT_SHOULD[m.group(1).lower()]}", text)
        # "whenever CI fails on x the ticket is tagged build-broken": on a pull request or CI event, what is done to
        # the linked ticket (it is no condition there: the sentence says no "and" or "if")
        text = re.sub(r"^((?:when(?:ever)?|if|once)\s+(?:ci|the\s+build|a\s+build|builds?|an?\s+pr|prs?|"
                      r"a\s+pull\s+request)\b[^,]*?\s)(?:the\s+)?(?:linked\s+)?(?:ticket|task)\s+(?:is|gets)\s+(tagged|labell?ed)\s+",
                      lambda m: f"{m.group(1).rstrip()}, tag it ", text, flags=re.I)
        # "when a PR is merged on x, ticket moves to live, …": what is done to the linked ticket, said as what happens
        text = re.sub(r"^((?:when(?:ever)?|if|once)\s+(?:ci|the\s+build|a\s+build|builds?|an?\s+pr|prs?|"
                      r"a\s+pull\s+request)\b[^,]*?)(?:,|\s*(?:-+>|=+>|→))\s*(?:the\s+)?(?:linked\s+)?(?:ticket|task)\s+"
                      r"(?:moves|goes)\s+(?:to\s+)?"
                      rf"(?=(?:{vocab.status_pattern()})\b)", r"\1, move it to ", text, flags=re.I)
        # "when a PR gets merged in x the ticket is marked released": moved, on a pull request or CI event
        text = re.sub(r"^((?:when(?:ever)?|if|once)\s+(?:ci|the\s+build|a\s+build|builds?|an?\s+pr|prs?|"
                      r"a\s+pull\s+request)\b[^,]*?\s)(?:the\s+)?(?:linked\s+)?(?:ticket|task)\s+(?:is|gets)\s+"
                      rf"(?:marked|moved\s+to|set\s+to)\s+(?:as\s+)?(?=(?:{vocab.status_pattern()})\b)",
                      lambda m: f"{m.group(1).rstrip()}, move it to ", text, flags=re.I)
        # "… it goes straight to rafael": given to them
        text = re.sub(r"(?:\s*,\s*|\s+)(?:it|they)\s+(?:goes|go|should\s+go|gets\s+sent)\s+(?:straight\s+|right\s+)?"
                      r"to\s+([a-z][\w-]*)\b(?=\s*(?:,|$|\band\b))",
                      lambda m: f", assign it to {m.group(1)}" if _person(m.group(1), vocab) else m.group(0), text,
                      flags=re.I)
        # "when nadia gets assigned something it goes to in progress": the move, said of the task
        text = re.sub(rf"(?:\s*,\s*|\s+)(?:it|they|the\s+(?:linked\s+)?(?:ticket|task|card|issue))\s+"
                      rf"(?:goes|go|should\s+go|moves|move|gets\s+moved|is\s+moved)\s+"
                      rf"(?:back\s+)?(?:to|into)\s+(?=(?:{vocab.status_pattern()})\b)", ", move it to ", text,
                      flags=re.I)
    text = IT_SHOULD_BE.sub(lambda m: _should_be(m, vocab), text)
    text = CAN_WE.sub(", ", text)
    text = WISH.sub(lambda m: _WISHED[m.group(1).lower()], text)
    text = WISH_DM.sub(r"dm \1", text)
    text = THANKS.sub("", text) or text
    text = re.sub(r"\s+(?:too|as\s+well)(?=\s*(?:[,.]|$|\band\b|\bthen\b|\bunless\b|\bwhen(?:ever)?\b|\bif\b))", "",
                  text, flags=re.I)
    text = _shorthand(text, vocab)
    text = CAN_IT.sub(lambda m: f", {_IT_SHOULD[m.group(1).lower()]}", text)
    text = HAVE_DUE.sub(" set the due date to", text)
    text = SHOULD_GET.sub(lambda m: _dm_told(m, vocab), text)
    text = MAKE_SURE.sub(r"dm \1", text)
    text = GETS_A_DM.sub(lambda m: f"dm {m.group(1)}" if target(m.group(1), vocab) else m.group(0), text)
    text = PR_SUBJECT.sub(lambda m: _pr_of(m, vocab, "a "), text)
    text = SOMEONE_PUTS.sub(lambda m: _someone_puts(m, vocab), text)
    text = CLOCK_WORDS.sub(_clock_words, text)
    text = SPELT_PART.sub(lambda m: f"{m.group(1).lower()}m", SPELT_CLOCK.sub(spelt_clock, text))
    for pattern in TIME_FIRST:
        text = pattern.sub(lambda m: _at(m.group(0), m.group(1), m.group(2), m.group(3)), text)
    text = PART_FIRST.sub(lambda m: f"{_plural(m.group(1), m.group(0))} "
                                    f"{_at(m.group(0), m.group(3), m.group(4), m.group(2))} ", text)
    text = THE_ONE_WHO.sub(r"\1 ", text)
    text = _arrow(text, vocab)
    text = PERSON_FIRST.sub(r"dm \1", text)
    # "dm nell about any ticket that …", "dm pedro about every pr …": what to tell about is what sets it off.
    text = re.sub(r"^(dm\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+(?:about|of)\s+(?=(?:any|every|all|each|new|an?)\b)",
                  r"\1 whenever ", text, flags=re.I)
    text = _person_later(_told_last(_moved_by_them(text, vocab), vocab), vocab)
    text = CREATED_BY_SUBJECT.sub(lambda m: _created_by(m, vocab), text)
    text = PRS_OF.sub(lambda m: _prs_of(m, vocab), text)
    text = PR_OF.sub(lambda m: _pr_of(m, vocab), text)
    text = PR_BY_SUBJECT.sub(lambda m: _pr_of(m, vocab), text)
    if listed := LIST_OBJECT_FIRST.match(text):  # "assign Lab Results tickets to … when they're marked urgent"
        where = listed.group("list") or listed.group("list2")
        text = (f"when a ticket in the {where} list {'is ' if listed.group('be') else ''}{listed.group('trigger')}"
                f"{listed.group('tail') or ''}, "
                f"{listed.group('verb')} it {listed.group('rest')}")
    first = OBJECT_FIRST.match(text)
    if first and not re.search(r"\b(?:when(?:ever)?|if|once)\b", text, re.I):
        verb, before, trigger, after = first.groups()
        # ("flag as urgent any item tagged customs-hold in the Declarations list": the list is the trigger's)
        if place := re.match(r"\s+((?:in|on|from)\s+(?:the\s+)?(?-i:[A-Z])[\w-]*(?:\s+(?-i:[A-Z])[\w-]*){0,2}"
                             r"(?:\s+(?:list|board))?)(?=\s*(?:[,.;]|$)|\s+(?:and|then)\b)", after):
            trigger, after = f"{trigger} {place.group(1)}", after[place.end():]
        text = f"when a task is {trigger}, {_object_first(verb, before + after)}"
    elif (anything := OBJECT_ANY.match(text)) and not re.search(r"\b(?:when(?:ever)?|if|once)\b", text, re.I):
        verb, before, new, trigger = anything.groups()
        later = re.search(rf"(?:\s*,\s*|\s+and\s+)(?:and\s+|then\s+|also\s+)*(?=(?:{VERBS})\b)", trigger, re.I)
        trigger, more = (trigger[:later.start()], f", {trigger[later.end():]}") if later else (trigger, "")
        # ("…, and post in #incidents": an action said after the trigger comes after the first one, as said)
        text = f"when a {'new ' if new else ''}task {trigger}, {_object_first(verb, before)}{more}"
    added = OBJECT_ADDED.match(text)
    if added and _person(added.group(3), vocab):
        verb, before, name, after = added.groups()
        text = f"when a task is assigned to {name}, {verb} it {before}{after}"
    text = _implicit(text, vocab)
    text = ADDED.sub(lambda m: _added(m, vocab), text)
    text = ADDED_AS.sub(lambda m: _added(m, vocab, "a task"), text)
    text = ASSIGNED_SOMETHING.sub(lambda m: _added(m, vocab, "a task"), text)
    for pattern, replacement in SYNONYMS:
        text = pattern.sub(replacement, text)
    # "anything tagged ransomware gets bumped to high and …": tagged is what happens; the priority is set.
    text = re.sub(r"^(?:anything|everything|any\s+(?:ticket|task|card|issue)s?|(?:tickets?|tasks?|stuff|something))\s+"
                  r"(?:that\s+(?:is|gets)\s+)?(?:tagged|labell?ed)\s+([\w-]+)\s+(?:gets?|is|should\s+be|should\s+get)\s+"
                  r"(?:bumped|escalated|raised|set|made|marked|dropped|lowered)\s+(?:up\s+|down\s+)?(?:to\s+|as\s+)?"
                  r"(urgent|high|normal|low)\b(?:\s+priority)?", r"when a task is tagged \1, set priority to \2", text,
                  flags=re.I)
    # "hits urgent", "jumps to high or urgent", "goes urgent": a priority said where a status could be.
    text = re.sub(r"(?<![\w-])(?:lands|landed|hits|hit|jumps|jumped|gets|got|goes|went|is|was|becomes|became|turns|"
                  r"turned|moves|moved|ends\s+up|reaches|reached|drops|dropped|falls|fell|climbs|climbed)\s+(?:up\s+)?(?:in\s+|into\s+|on\s+|to\s+|at\s+|as\s+)?"
                  r"(?=(?:urgent|high|normal|low)(?:\s*(?:,|\bor\b)\s*(?:urgent|high|normal|low))*"
                  r"(?:\s+priority)?\b(?!\s*[-/]))", "is marked ", text, flags=re.I)
    # "ade drops it to low", "it gets bumped up to urgent": a priority set or said.
    text = re.sub(r"\b(?:gets|got|is|was)\s+(?:dropped|bumped|raised|lowered|knocked|pushed|set|escalated|made|cranked|"
                  r"jacked|ramped|kicked)\s+"
                  r"(?:up\s+|down\s+|back\s+)?(?:to\s+|as\s+)?(?=(?:urgent|high|normal|low)\b)", "is marked ", text,
                  flags=re.I)
    # "park it in waiting on customer": a status set.
    text = re.sub(rf"\b(?:park|put|stick|pop|drop|throw|chuck|shove|bung)\s+({_IT}|(?:any|every)thing[^,]*?)\s+"
                  r"(?:back\s+)?(?:in|into|on|at|to)\s+"
                  rf"(?=(?:{vocab.status_pattern()})\b)",
                  r"move \1 to ", text, flags=re.I)
    # "flip the ticket to done", "switch it over to in review": a status set.
    text = re.sub(rf"\b(?:flip|switch|swap|shift|kick|chuck|throw|bounce)\s+({_IT})\s+(?:over\s+|back\s+)?"
                  rf"(?:to|into)\s+"
                  rf"(?=(?:{vocab.status_pattern()})\b(?![\w-]))", r"move \1 to ", text, flags=re.I)
    # "gets blocked", "is done", "got closed": a status of the team's said as what the task is.
    text = re.sub(rf"\b(?:gets|get|got|is|was|becomes|became|turns|turned|goes|went|going)\s+(?:back\s+)?"
                  rf"(?:(?=(?:{vocab.status_pattern()})\b)|in\s+)?"
                  rf"(?=(?:{vocab.status_pattern()})\b(?![\w-]))",
                  "moves to ", text, flags=re.I)
    text = re.sub(rf"(?<![\w-])(?:lands|land|landed|landing|hits|hit|hitting|ends\s+up|gets\s+to|got\s+to|getting\s+to|"
                  rf"reaches|reaching|makes\s+it|entering|going\s+into|moving\s+into|moving\s+to|"
                  rf"(?:is|gets|got|was)\s+(?:put|placed|dropped|dragged|set|parked)(?:\s+back)?)\s+"
                  r"(?!(?:to\s+|at\s+)?(?:urgent|high|normal|low)\b)"
                  rf"(?:(?=(?:{vocab.status_pattern()})\b)|in\s+|into\s+|on\s+|to\s+)?"
                  rf"(?=(?:{vocab.status_pattern()})\b|{_OWN_STATUS})", "moves to ", text,
                  flags=re.I)
    text = re.sub(r"\b(?:leaves|left|exits|exited|(?:comes|came|gets|got|is\s+moved|moves|moved|is\s+taken|"
                  rf"gets\s+taken)\s+out\s+of)\s+(?:the\s+)?(?=(?:{vocab.status_pattern()})\b)", "moves out of ",
                  text, flags=re.I)
    text = TAG_BEFORE.sub(r"\1 the tag \2", text)
    # "a ticket whose status is qa or staging gets tagged blocker": the status it is in, when something else happens
    if re.search(r"\bwhose\s+status\s+moves\s+to\b", text, re.I) and re.search(
            r"\b(?:gets|is|got)\s+(?:tagged|labell?ed)\b|\b(?:comments?|commented)\b|\bdue\s+date\b", text, re.I):
        text = re.sub(r"\bwhose\s+status\s+moves\s+to\b", "whose status is", text, flags=re.I)
    # "add lena to it, get a dm whenever …" (from "lena should be added to the ticket + get a msg"): her DM too
    text = re.sub(r"^(add\s+([a-z][\w-]*)\s+to\s+it)\s*(?:,|\+|\band\b)\s*(?:get|gets)\s+an?\s+"
                  r"(?:dm|msg|message|ping)\b",
                  r"\1 and dm \2", text, flags=re.I)
    text = re.sub(r"\bremove\s+all\s+(?:the\s+)?assignees\s+from\s+it\b", "remove everyone from it", text, flags=re.I)
    # "should be high priority and tagged qa-found", "assigned to the kiosk team in turns, and be due in 3 working
    # days": the second wish, said after an action
    text = re.sub(r"(\bset\s+priority\s+to\s+(?:urgent|high|normal|low))\s*,?\s+and\s+(?:be\s+)?tagged\s+",
                  r"\1 and tag it ", text, flags=re.I)
    text = re.sub(r"(\b(?:re-?assign|assign|give|hand|move|tag|mark)\s+it\b[^,]*?),\s+and\s+be\s+due\b",
                  r"\1 and be due", text, flags=re.I)
    return " ".join(BE_DUE_TOO.sub(r"\1 and make it due", text).split())


# "could it be given to the booking team and be due tomorow", "should be assigned to tomasz and also be due in 2
# working days": the second wish, said after an action on "it"
BE_DUE_TOO = re.compile(r"(\b(?:re-?assign|assign|give|hand|move|tag|mark)\s+it\b[^,]*?)\s+and\s+be\s+due\b", re.I)


# "anything high or urgent that comes in on the incidents list gets owen on it": the people put on the task.
GETS_ON_IT = re.compile(rf"^({_SUBJECT}.+?)\s+(?:gets?|should\s+get|needs?)\s+"
                        r"([a-z][\w-]*(?:\s*(?:,|\band\b)\s*[a-z][\w-]*)*)\s+"
                        r"(?:put\s+)?on\s+it$", re.I)


def _implicit(text: str, vocab: Vocabulary) -> str:
    """A rule said as what tasks should be: "tickets moved to X should go to Y", "new tickets in Bugs should be due
    tomorrow", "tasks beth creates that get bumped to high go to the data team" → "when …, <the action>"; an
    exception said last ("…, unless it is in the Backlog list") stays last."""
    tail = re.search(r"\s+unless\s+(?:(?!\b(?:when|whenever|if|once|after|upon)\b).)+$", text, re.I)
    if tail and (said := _implicit_said(text[:tail.start()], vocab)) != text[:tail.start()]:
        return f"{said}{tail.group(0)}"
    return _implicit_said(text, vocab)


def _implicit_said(text: str, vocab: Vocabulary) -> str:
    new = NEW_ASSIGNED.match(text)
    if new:  # "every new ticket gets assigned to leo", "new bugs in Mobile are given to the app team"
        return f"when a task is created {new.group(1) or ''}".rstrip() + f", assign it to {new.group(2)}"
    implicit = IMPLICIT.match(text)
    if implicit:
        verb = "reassign" if re.search(r"\bre-?assigned\b", implicit.group(0), re.I) else "assign"
        said, whom = implicit.group(1) or implicit.group(3), implicit.group(2) or implicit.group(4)
        if whom.strip().startswith("#"):  # "anything tagged docs should go to #contributors": a post there
            return f"when a task is {said}, post in {whom.strip()}"
        return f"when a task is {said}, {verb} it to {whom}"
    should = SHOULD_BE.match(text)
    if should and not _LEADS.match(text):
        actions = _predicates(should.group(2), vocab)
        if actions:
            return f"when {should.group(1)}, {', '.join(actions)}"
    if not _LEADS.match(text):  # "stuff moving into review gets divvied up among the web team": no "should"
        for passive in reversed(list(PASSIVE.finditer(text))):
            subject, said = text[:passive.start()], text[passive.end():]
            rotated = PREDICATES[-1][0].match(said.strip())
            if re.match(rf"^{_SUBJECT}", subject, re.I) and rotated:
                return f"when {subject}, {rotated.expand(PREDICATES[-1][1])}"
            # "anything moved into review by X gets tagged needs-signoff and renata gets a heads up"
            # ("… tickets in Ops that get tagged x: …" is what sets the rule off: "that" opens the trigger's clause)
            if (re.match(rf"^{_SUBJECT}\s+(?:that\s+(?:is|are|gets?)\s+)?(?:moved|created|made|filed|opened|marked|"
                         rf"commented|assigned|tagged)\b", subject, re.I)
                    and not re.search(r"\b(?:that|which)$", subject)
                    and re.match(r"(?:tagged|labell?ed)\s", said.strip(), re.I)
                    and (actions := _predicates(said, vocab))):
                return f"when {subject}, {', '.join(actions)}"
    on_it = GETS_ON_IT.match(text)
    if on_it and not _LEADS.match(text) and _people_only(on_it.group(2), vocab):
        return f"when {on_it.group(1)}, add {on_it.group(2)} to it"
    tag_go = TAG_AND_GO.match(text)
    if tag_go and not _LEADS.match(text) and targets(tag_go.group(3), vocab, []):
        # "tickets priya creates in Fraud get the triage tag and go to the fraud team": both are actions
        return f"when {tag_go.group(1)}, tag it {tag_go.group(2)}, assign it to {tag_go.group(3)}"
    go = GO_TO.match(text)
    if go and not _LEADS.match(text):
        problems: list[str] = []
        whom, more = go.group(2), ""
        then = re.search(rf"\s*(?:,|\band\b)\s*(?:and\s+|then\s+|also\s+)*(?=(?:{VERBS})\b)", whom, re.I)
        if then:  # "… goes to the fraud team, make it high prio too": more actions after
            whom, more = whom[:then.start()], f", {whom[then.end():]}"
        turns = IN_TURNS.search(whom)  # "go to the qa team in turns"
        whom = f"{whom[:turns.start()]}{whom[turns.end():]}".strip() if turns else whom
        if targets(whom, vocab, problems) and not problems:
            return f"when {go.group(1)}, assign it {'round robin ' if turns else ''}to {whom}{more}"
    return text


IN_TURNS = re.compile(r"\s*,?\s*\b(?:in\s+turns?|taking\s+turns|by\s+turns|round[- ]robin|in\s+rotation|"
                      r"on\s+rotation)\b", re.I)


# The person who acts, first: "olek moves something to done", "amara or lucia open a pull request", "beth creates a
# task in Bugs" → the passive, with "by <them>" at the end (the author of a pull request or a new task, else the
# actor: who set the event off).
_NAMES = r"([a-z][\w-]*(?:\s+[a-z][\w-]*)?(?:\s*(?:,|\bor\b|\band\b)\s*[a-z][\w-]*(?:\s+[a-z][\w-]*)?)*)"
_PR = r"(?:an?\s+|the\s+)?(?:new\s+)?(?:prs?|pull\s+requests?|merge\s+requests?|mrs?)"
_THING = r"(?:something|anything|(?:(?:an?|the|any)\s+)?(?:new\s+)?(?:task|ticket|bug|issue|card)|tasks|tickets|it)"
SUBJECT_FIRST: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"^{_NAMES}\s+(?:opens?|opened|raises?|raised|puts?\s+up|submits?|submitted|creates?|created)\s+"
                rf"{_PR}\b", re.I), "a pr is opened"),
    (re.compile(rf"^{_NAMES}\s+{_MADE}\s+{_THING}\b", re.I), "a task is created"),
    (re.compile(rf"^{_NAMES}\s+(?:moves?|moved|drags?|dragged|changes?|changed|sends?|sent|pushes|pushed|kicks?|"
                rf"kicked|bounces?|bounced|puts?|parks?|parked)\s+({_THING})\b(?=\s+(?:from|back|to|into|in)\b)", re.I),
     "{} is moved"),
    # "hannah bumps a ticket to urgent", "ade drops it to low": the priority, set by them.
    (re.compile(rf"^{_NAMES}\s+(?:bumps?|bumped|raises?|raised|escalates?|escalated|sets?|drops?|dropped|lowers?|"
                rf"lowered|knocks?|knocked|pushes|pushed|moves?|moved|marks?|marked)\s+({_THING})\s+(?:up\s+|down\s+)?"
                rf"(?:to\s+|as\s+)?(?=(?:urgent|high|normal|low)\b)", re.I), "{} is marked"),
    # "marco or priya picks up a p1", "kenji takes an issue": they are added to it.
    (re.compile(rf"^{_NAMES}\s+(?:picks?\s+up|picked\s+up|grabs?|grabbed|takes?\s+on|took\s+on)\s+({_THING}|an?\s+[\w-]+)",
                re.I), "{} is assigned to them"),
    (re.compile(rf"^{_NAMES}\s+(?:marks?|marked|flags?|flagged)\s+({_THING})\b", re.I), "{} is marked"),
    (re.compile(rf"^{_NAMES}\s+(?:changes?|changed|sets?|bumps?|bumped|raises?|raised|lowers?|lowered|touches|touched)\s+"
                rf"the\s+priority\s+(?:of|on)\s+({_THING})", re.I), "the priority of {} is changed"),
    (re.compile(rf"^{_NAMES}\s+(?:closes?|closed)\s+({_THING})\b", re.I), "{} is closed"),
    # "hana assigns someone to a ticket in the Bugs list": someone is added to it, by her
    (re.compile(rf"^{_NAMES}\s+(?:assigns?|assigned|adds?|added|puts?)\s+(?:someone|somebody|anyone|people|a\s+person)\s+"
                rf"(?:to|on(?:to)?)\s+({_THING})", re.I), "{} is assigned"),
    (re.compile(rf"^{_NAMES}\s+(?:comments?|commented|leaves\s+a\s+comment|left\s+a\s+comment)\s+on\s+({_THING})\b",
                re.I), "{} is commented on"),
]


def subject_first(trigger: str, vocab: Vocabulary) -> str:
    """"olek moves something to done" → "something is moved to done by olek": the people who act named after "by"
    (only when every name is a person of the team)."""
    for pattern, passive in SUBJECT_FIRST:
        match = pattern.match(trigger.strip())
        if not match:
            continue
        names = _people_only(match.group(1), vocab)
        if not names:
            return trigger
        thing = passive.format(*match.groups()[1:])
        rest = trigger.strip()[match.end():].strip()
        space = trigger[len(trigger.rstrip()):]  # the sentence goes on after it as before
        if thing.endswith(" to them"):  # who picks a task up is its assignee, not only who acted
            return " ".join(f"{thing.removesuffix('them')}{' or '.join(names)} {rest}".split()) + space
        unless = re.search(r"\s*,?\s+(?:unless|except)\b.*$", rest, re.I)  # an exception stays last, never theirs
        rest, exception = (rest[:unless.start()], unless.group(0)) if unless else (rest, "")
        return " ".join(f"{thing} {rest} by {' or '.join(names)}{exception}".split()) + space
    return trigger


def _arrow(text: str, vocab: Vocabulary) -> str:
    """"build goes red on acme/api -> dm the author": what happens, then what to do."""
    arrow = ARROW.search(text)
    if not arrow:
        return text
    before, after = text[:arrow.start()].strip(" ,"), ARROW.sub(", ", text[arrow.end():]).strip(" ,")
    if not before or not after:
        return text
    # "tickets tagged hotfix -> bumped to urgent + nudge lars": what becomes of the task is an action
    after = re.sub(r"^(?:gets?\s+|is\s+|are\s+)?(?:bumped|raised|escalated|set|marked|made|pushed)\s+(?:up\s+)?"
                   r"(?:to\s+)?(urgent|high|normal|low)\b(?:\s+priority)?", r"set priority to \1", after, flags=re.I)
    person = re.match(r"([^\W\d_][\w-]*(?:\s+[^\W\d_][\w-]*){0,2})\s*(?:,|$)", after)  # "… → Tomás, due in 2 days"
    unknown: list[str] = []
    if person and (_person(person.group(1), vocab) or (re.search(r"\b(?:team|squad)$", person.group(1), re.I)
                                                      and targets(person.group(1), vocab, unknown) and not unknown)):
        after = f"assign it to {after}"  # "… -> cli team, due friday": the team rotates
    if re.fullmatch(r"(?:when(?:ever)?\s+)?(?:anything|everything|stuff|(?:any|all|every|a)\s+"
                    r"(?:tickets?|tasks?|cards?)|tickets?|tasks?|cards?)(?:\s+in\s+[^,]+)?", before, re.I) and \
            re.match(rf"(?:{vocab.status_pattern()})\b", after, re.I):
        return f"when {_LEADS.sub('', before).strip()} moves to {after}"  # "anything -> testing, add grace"
    if _LEADS.match(before) or schedule_in(before) is not None:
        return f"{before}, {after}"
    return f"when {before}, {after}"


TOLD_LAST = re.compile(r"^(.+?)\s*,?\s+([a-z][\w-]*(?:\s*(?:,|\band\b)\s*[a-z][\w-]*)*)\s+(?:both\s+|all\s+)?"
                       r"(?:gets?|should\s+get)\s+an?\s+(?:quick\s+)?(?:dm|ping|message|msg|heads[- ]?up|shout|nudge)"
                       r"\s*$",
                       re.I)


# "tickets bruno or nkechi push into review": those moves, by them.
MOVED_BY_THEM = re.compile(r"\b(tickets?|tasks?|cards?|anything|something)\s+"
                           r"([a-z][\w-]*(?:\s+(?:or|and)\s+[a-z][\w-]*)*)\s+"
                           r"(?:moves?|pushe?s?|drags?|puts?|sends?|bumps?)\s+(?:in)?to\s+", re.I)


def _moved_by_them(text: str, vocab: Vocabulary) -> str:
    def one(match: re.Match[str]) -> str:
        names = _people_only(match.group(2), vocab)
        return f"{match.group(1)} moved by {' or '.join(names)} to " if names else match.group(0)
    return MOVED_BY_THEM.sub(one, text)


def _told_last(text: str, vocab: Vocabulary) -> str:
    """"whenever something lands in qa chloe gets a dm", "…, nkechi and declan both get a dm": told, said last."""
    told = TOLD_LAST.match(text)
    if not told or not (names := _people_only(told.group(2), vocab)):
        return text
    return f"{told.group(1)}, dm {' and '.join(names)}"


def _person_later(text: str, vocab: Vocabulary) -> str:
    """"prs opened by aisha leila needs to know" → "when prs opened by aisha, dm leila": the person to tell, said
    after the trigger (a name of one or two words; the longest that names someone of the team)."""
    if PERSON_FIRST.match(text):
        return text
    for match in PERSON_LATER.finditer(text):
        said = match.group(1) or match.group(2)
        words = said.split()
        for start in range(len(words)):
            whom = " ".join(words[start:])
            unknown: list[str] = []
            if whom.lower() in ("the", "it", "this", "that") or not targets(whom, vocab, unknown) or unknown:
                continue
            head = " ".join(words[:start])
            before = f"{text[:match.start()]} {head}".strip(" ,")
            after = text[match.end():].strip(" ,")
            if not before:
                return text
            told = f"dm {whom} {after}".strip()
            if _LEADS.match(before) or schedule_in(before) is not None:
                return f"{before}, {told}"
            return f"when {before}, {told}"
    return text


def _plural(day: str, said: str) -> str:
    """"sunday evenings at 8": every sunday, said on the part of the day → "sundays"."""
    part = re.search(r"(?:morning|afternoon|evening|night)s\b", said, re.I)
    return day if not part or day.lower().endswith("s") else f"{day}s"


def _clock_words(match: re.Match[str]) -> str:
    """"half past 4" → "4:30", "quarter past 9" → "9:15", "quarter to 10" → "9:45"."""
    hour = number(match.group(3))
    if hour is None or not 1 <= hour <= 12:
        return match.group(0)
    part, way, half_day = match.group(1).lower(), match.group(2).lower(), (match.group(4) or "").lower()
    if way in ("past", "after"):
        return f"{hour}:{30 if part == 'half' else 15:02d}" + (f"{half_day}m" if half_day else "")
    if part == "quarter":
        if not half_day:
            return f"{(hour - 2) % 12 + 1}:45"
        before = (hour % 12 + (12 if half_day == "p" else 0) - 1) % 24  # "quarter to 12pm": 11:45am
        return f"{(before - 1) % 12 + 1}:45{'pm' if before >= 12 else 'am'}"
    return match.group(0)


# "amara's pull requests", "every pr bjorn or niamh opens": the pull requests someone opened.
PR_OF = re.compile(r"\b(?P<who>[a-z][\w-]*)'s\s+(?P<pr>prs?|pull\s+requests?|merge\s+requests?|mrs?)\b", re.I)
PR_BY_SUBJECT = re.compile(r"\b(?P<pr>prs?|pull\s+requests?|merge\s+requests?|mrs?)\s+(?:that\s+)?"
                           r"(?P<who>[a-z][\w-]*(?:\s*(?:,|\bor\b)\s*[a-z][\w-]*)*)\s+(?:opens?|raises?|puts?\s+up|"
                           r"creates?|submits?)\b", re.I)


def _pr_of(match: re.Match[str], vocab: Vocabulary, article: str = "") -> str:
    names = _people_only(match.group("who"), vocab)
    if not names:
        return match.group(0)
    return f"{article}{match.group('pr')} opened by {' or '.join(names)}"


def _created_by(match: re.Match[str], vocab: Vocabulary) -> str:
    names = _people_only(match.group(2), vocab)  # "tickets tomasz or hana raise": by either
    if not names:
        return match.group(0)
    return f"{match.group(1)} created by {' or '.join(names)}"


def _at(said: str, hour_text: str, minute: str | None, part: str) -> str:
    """"at 3 in the afternoon" / "friday afternoon at 3" → "at 3:00pm" (an hour past 12 is left as said)."""
    hour = int(hour_text)
    if hour > 12:
        return said.split(" ", 1)[1] if PART_FIRST.match(said) else said
    return f"at {hour}:{minute or '00'}{'am' if part.lower() == 'morning' else 'pm'}"


def _added(match: re.Match[str], vocab: Vocabulary, what: str | None = None) -> str:
    who = match.group(1)
    if re.fullmatch(r"(?:\w+\s+)?(?:someone|somebody|anyone|anybody|a\s+person|people|a\s+new\s+person)", who, re.I):
        return f"{(what or match.group(2))} is assigned"  # "someone gets added to a ticket": anyone (not a task made)
    words = who.split()
    for start in range(len(words)):  # "when dana" → "dana": the longest tail that names someone
        tail = " ".join(words[start:])
        if target(tail, vocab) is not None:
            head = " ".join(words[:start])
            return f"{head} {what or match.group(2)} is assigned to {tail}".strip()
    return match.group(0)


# -- typos ----------------------------------------------------------------------------------------------
# A word that names a value: "tagged blocker", "called Deploy", "in the list Triage", "labels a task outage".
VALUE_SLOT = re.compile(r"(?:\b(?:tag(?:ged)?|label(?:led|ed)?|called|named|titled|with|as)|(?:\bin\s+|\bthe\s+)list|"
                        r"\b(?:tags?|labels?)\s+(?:an?\s+|the\s+|any\s+)?(?:task|ticket|bug|issue|card|it))\s+"
                        r"(?:the\s+|a\s+)?(?:tag\s+|label\s+)?$", re.I)


# Short words people misspell or shorten in Slack, too short for the one-edit rule below (a word of the team's, such
# as a person called Wen, is left alone).
SHORT_SPELLINGS = {"teh": "the", "hte": "the", "shud": "should", "shld": "should", "shoud": "should", "wen": "when",
                   "whn": "when", "wud": "would", "ppl": "people", "tix": "tickets", "tkt": "ticket",
                   "tkts": "tickets", "abt": "about", "evry": "every", "wheneva": "whenever", "smth": "something",
                   "evrytime": "every time", "everytime": "every time",
                   "isnt": "isn't", "arent": "aren't", "doesnt": "doesn't", "dont": "don't", "hasnt": "hasn't",
                   "wasnt": "wasn't", "didnt": "didn't", "havent": "haven't", "wont": "won't",
                   "tmrw": "tomorrow", "tmr": "tomorrow", "tmrow": "tomorrow", "tommorow": "tomorrow",
                   "tommorrow": "tomorrow", "tomorow": "tomorrow", "tomoro": "tomorrow", "2moro": "tomorrow",
                   "2morrow": "tomorrow", "tdy": "today", "em": "them", "thru": "through", "theyre": "they're",
                   "unles": "unless", "whoevers": "whoever's", "insted": "instead", "acros": "across"}


def fix_typos(text: str, vocab: Vocabulary) -> str:
    """A short word of SHORT_SPELLINGS becomes the word it stands for; a word one edit (or one swap of neighbours)
    from exactly one known word of 5+ letters becomes that word, and a four-letter word with two neighbours swapped
    ("wehn") the one known word it swaps to; names, capitalised words after the first, and anything with digits or
    symbols are left alone."""
    known = _known(vocab)
    long_words = [w for w in known if len(w) >= 5]
    four = [w for w in known if len(w) == 4]

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        low = word.lower()
        if low in known or (word[0].isupper() and match.start() > 0):
            return word
        if VALUE_SLOT.search(text[:match.start()]):  # "tagged blocker" names a tag, not a misspelt "blocked"
            return word
        if low in SHORT_SPELLINGS and not (low == "wont" and re.match(r"\s+fix\b", text[match.end():], re.I)):
            return SHORT_SPELLINGS[low]
        if len(low) < 4:
            return word
        if len(low) == 4:
            near = {w for w in four if sorted(w) == sorted(low) and one_edit(low, w)}
        else:
            near = {w for w in long_words if abs(len(w) - len(low)) <= 1 and one_edit(low, w)}
            dropped = {w for w in near if len(w) == len(low) + 1}
            # "assignd": one letter left out (assigned) is the likelier slip than one typed wrong (assigns) or one
            # too many (assign) — when exactly one known word is the word with a letter put back, and the word is
            # long enough to say so (6+ letters: "markd" stays as typed).
            near = dropped if len(near) > 1 and len(dropped) == 1 and len(low) >= 5 else near
        if len(near) == 1 and (fixed := near.pop()) not in (f"{low}s", low[:-1]):  # "payout" is no misspelt "payouts"
            return fixed
        return word

    return re.sub(r"(?<![\w#/«.-])[^\W\d_]+(?![\w/».-])", fix, text)


def _known(vocab: Vocabulary) -> set[str]:
    words = set(KNOWN_WORDS)
    for phrase in [*vocab.people, *vocab.teams, *vocab.squads, *vocab.statuses, *DEFAULT_STATUSES]:
        words.update(re.findall(r"[a-z]+", phrase.lower()))
    return words


def one_edit(a: str, b: str) -> bool:
    """Levenshtein distance 1, or two neighbouring letters swapped."""
    if a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                                  and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    if len(long_) - len(short) != 1:
        return False
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))
