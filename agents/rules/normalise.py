"""Slack wording → the parser's wording, before it reads a sentence: a typo in a known word, the many ways to say
DM / unassign / raise a priority, "at 3 in the afternoon", "X is added to a task", "tickets moved to X should go
to Y". Each rewrite replaces words with words that mean the same; nothing is dropped here."""

from __future__ import annotations

import re

from agents.rules.lexicon import KNOWN_WORDS
from agents.rules.phrases import DEFAULT_STATUSES, Vocabulary, target

_TASK = r"(?:an?|the|any|some)\s+(?:new\s+)?(?:task|ticket|bug|issue|card)"
_IT = r"(?:it|them|this|that|the\s+task|the\s+ticket)"
_DM = r"(?:dm|direct\s+message|message|msg|note|ping|slack)"
SYNONYMS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"\bshoot\s+(?:an?\s+)?{_DM}\s+(?:over\s+)?to\b", re.I), "dm"),
    (re.compile(rf"\b(?:shoot|send|drop)\s+(.+?)\s+an?\s+(?:quick\s+)?{_DM}\b", re.I), r"dm \1"),
    (re.compile(rf"\b(?:drop|send)\s+an?\s+(?:quick\s+)?{_DM}\s+to\b", re.I), "dm"),
    (re.compile(r"\b(?:slack|nudge|msg|pm|hit\s+up|ping\s+up)\b(?!\s*(?:channel\b|#))", re.I), "dm"),
    (re.compile(rf"\b(?:take|kick|pull|drop)\s+(.+?)\s+off(?:\s+of)?(?:\s+{_IT})?(?=$|[\s,])", re.I),
     r"remove \1 from it"),
    (re.compile(rf"\b(?:bump|raise|escalate|push)\s+(?:{_IT}\s+)?(?:up\s+)?to\s+(urgent|high|normal|low)\b", re.I),
     r"set priority to \1"),
    (re.compile(r"\b(?:bump|raise|escalate)\s+(?:the\s+|its\s+)?priority\s+(?:up\s+)?to\b", re.I), "set priority to"),
    (re.compile(rf"\bround[- ]robin\s+({_IT})\s+to\b", re.I), r"assign \1 round robin to"),
    (re.compile(rf"\brotate\s+({_IT})\s+(?:between|among|across|through|around|to)\b", re.I),
     r"assign \1 round robin to"),
    (re.compile(r"\bmidday\b", re.I), "noon"),
]
_OCLOCK = r"(\d{1,2})(?::(\d{2}))?\s*(?:o'?clock\s*)?"
_DAYS = r"(?:mon|tues|wednes|thurs|fri|satur|sun|week)days?"
TIME_FIRST = [re.compile(rf"\bat\s+{_OCLOCK}(?:in\s+the\s+|this\s+)?(morning|afternoon|evening|night)\b", re.I),
              re.compile(rf"\bat\s+{_OCLOCK}(tonight)\b", re.I)]
PART_FIRST = re.compile(rf"\b({_DAYS})\s+(morning|afternoon|evening|night)s?\s+at\s+{_OCLOCK}(?![ap]\.?m|\d)", re.I)
# A status the team file does not list, as people say it: lower-case words up to the comma ("lands in ready for
# qa,"), never a list ("lands in the Bugs list") or a capitalised name.
_OWN_STATUS = r"(?!the\b|an?\b)[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2}\s*(?:,|$)"
# "grace should get a dm whenever…", "grace should be pinged when…": the person first, the DM after.
PERSON_FIRST = re.compile(rf"^([a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+should\s+(?:(?:get|be\s+sent|receive)\s+an?\s+"
                          rf"(?:quick\s+)?{_DM}|be\s+(?:pinged|messaged|dm'?e?d|slacked|nudged|notified|told))\b", re.I)
# "escalate to urgent any task tagged outage": the action first, the trigger in its object.
OBJECT_FIRST = re.compile(r"^(?!when|if|once|after|every|each)(\w+)\s+(.*?)\b(?:any|every|all|each)\s+(?:new\s+)?"
                          r"(?:tasks?|tickets?|bugs?|issues?|cards?)\s+((?:tagged|labell?ed)\s+[\w-]+"
                          r"(?:\s*(?:,|\bor\b)\s*[\w-]+)*)\b(.*)$", re.I)
IMPLICIT = re.compile(r"^(?:all\s+|any\s+)?(?:tasks?|tickets?|bugs?|issues?|stuff|anything)\s+(?:that\s+|which\s+)?"
                      r"(?:get\s+|gets\s+|are\s+|is\s+)?(.+?)\s+should\s+(?:(?:go|get\s+sent)(?:\s+back)?|"
                      r"(?:get|be)\s+(?:re-?)?assigned|(?:get|be)\s+given|(?:get|be)\s+handed)\s+(?:back\s+)?to\s+(.+)$",
                      re.I)
ADDED = re.compile(rf"\b([a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+(?:is|gets|got|was|has\s+been)\s+(?:added|put)\s+"
                   rf"(?:as\s+an?\s+assignee\s+)?(?:to|on)\s+({_TASK})\b", re.I)


def normalise(text: str, vocab: Vocabulary) -> str:
    """The sentence in the parser's own words (quotes are «n» tokens already and are never touched)."""
    text = fix_typos(text, vocab)
    for pattern in TIME_FIRST:
        text = pattern.sub(lambda m: _at(m.group(0), m.group(1), m.group(2), m.group(3)), text)
    text = PART_FIRST.sub(lambda m: f"{m.group(1)} {_at(m.group(0), m.group(3), m.group(4), m.group(2))} ", text)
    text = PERSON_FIRST.sub(r"dm \1", text)
    first = OBJECT_FIRST.match(text)
    if first and not re.search(r"\b(?:when(?:ever)?|if|once)\b", text, re.I):
        verb, before, trigger, after = first.groups()
        text = f"when a task is {trigger}, {verb} it {before}{after}"
    implicit = IMPLICIT.match(text)
    if implicit:
        text = f"when a task is {implicit.group(1)}, assign it to {implicit.group(2)}"
    text = ADDED.sub(lambda m: _added(m, vocab), text)
    for pattern, replacement in SYNONYMS:
        text = pattern.sub(replacement, text)
    text = re.sub(rf"\b(?:lands|landed|hits|hit|ends\s+up|gets\s+to|got\s+to|reaches|makes\s+it)\s+"
                  rf"(?:in\s+|into\s+|on\s+|to\s+)?(?=(?:{vocab.status_pattern()})\b|{_OWN_STATUS})", "moves to ", text,
                  flags=re.I)
    return " ".join(text.split())


def _at(said: str, hour_text: str, minute: str | None, part: str) -> str:
    """"at 3 in the afternoon" / "friday afternoon at 3" → "at 3:00pm" (an hour past 12 is left as said)."""
    hour = int(hour_text)
    if hour > 12:
        return said.split(" ", 1)[1] if PART_FIRST.match(said) else said
    return f"at {hour}:{minute or '00'}{'am' if part.lower() == 'morning' else 'pm'}"


def _added(match: re.Match[str], vocab: Vocabulary) -> str:
    who = match.group(1)
    words = who.split()
    for start in range(len(words)):  # "when dana" → "dana": the longest tail that names someone
        tail = " ".join(words[start:])
        if target(tail, vocab) is not None:
            head = " ".join(words[:start])
            return f"{head} {match.group(2)} is assigned to {tail}".strip()
    return match.group(0)


# -- typos ----------------------------------------------------------------------------------------------
VALUE_SLOT = re.compile(r"\b(?:tag(?:ged)?|label(?:led|ed)?|called|named|titled|with|as|list)\s+(?:the\s+|a\s+)?"
                        r"(?:tag\s+|label\s+)?$", re.I)


def fix_typos(text: str, vocab: Vocabulary) -> str:
    """A word one edit (or one swap of neighbours) from exactly one known word of 5+ letters becomes that word, and a
    four-letter word with two neighbours swapped ("wehn") the one known word it swaps to; names, capitalised words
    after the first, and anything with digits or symbols are left alone."""
    known = _known(vocab)
    long_words = [w for w in known if len(w) >= 5]
    four = [w for w in known if len(w) == 4]

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        low = word.lower()
        if low in known or len(low) < 4 or (word[0].isupper() and match.start() > 0):
            return word
        if VALUE_SLOT.search(text[:match.start()]):  # "tagged blocker" names a tag, not a misspelt "blocked"
            return word
        if len(low) == 4:
            near = {w for w in four if sorted(w) == sorted(low) and _one_edit(low, w)}
        else:
            near = {w for w in long_words if abs(len(w) - len(low)) <= 1 and _one_edit(low, w)}
        return near.pop() if len(near) == 1 else word

    return re.sub(r"(?<![\w#/«.-])[A-Za-z]+(?![\w/».-])", fix, text)


def _known(vocab: Vocabulary) -> set[str]:
    words = set(KNOWN_WORDS)
    for phrase in [*vocab.people, *vocab.teams, *vocab.squads, *vocab.statuses, *DEFAULT_STATUSES]:
        words.update(re.findall(r"[a-z]+", phrase.lower()))
    return words


def _one_edit(a: str, b: str) -> bool:
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
