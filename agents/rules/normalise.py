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
    (re.compile(r"\bmidday\b", re.I), "noon"),
]
_OCLOCK = r"(\d{1,2})(?::(\d{2}))?\s*(?:o'?clock\s*)?"
DAY_PARTS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"\bat\s+{_OCLOCK}(?:in\s+the\s+|this\s+)?(morning|afternoon|evening|night)\b", re.I), ""),
    (re.compile(rf"\bat\s+{_OCLOCK}(tonight)\b", re.I), ""),
]
IMPLICIT = re.compile(r"^(?:all\s+|any\s+)?(?:tasks?|tickets?|bugs?|issues?|stuff|anything)\s+(?:that\s+|which\s+)?"
                      r"(?:get\s+|gets\s+|are\s+|is\s+)?(.+?)\s+should\s+(?:(?:go|get\s+sent)(?:\s+back)?|"
                      r"(?:get|be)\s+(?:re-?)?assigned|(?:get|be)\s+given|(?:get|be)\s+handed)\s+(?:back\s+)?to\s+(.+)$",
                      re.I)
ADDED = re.compile(rf"\b([a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+(?:is|gets|got|was|has\s+been)\s+added\s+"
                   rf"(?:as\s+an?\s+assignee\s+)?(?:to|on)\s+({_TASK})\b", re.I)


def normalise(text: str, vocab: Vocabulary) -> str:
    """The sentence in the parser's own words (quotes are «n» tokens already and are never touched)."""
    text = fix_typos(text, vocab)
    for pattern, _ in DAY_PARTS:
        text = pattern.sub(_day_part, text)
    implicit = IMPLICIT.match(text)
    if implicit:
        text = f"when a task is {implicit.group(1)}, assign it to {implicit.group(2)}"
    text = ADDED.sub(lambda m: _added(m, vocab), text)
    for pattern, replacement in SYNONYMS:
        text = pattern.sub(replacement, text)
    text = re.sub(rf"\b(?:lands|landed|hits|hit|ends\s+up|gets\s+to|got\s+to|reaches|makes\s+it)\s+"
                  rf"(?:in\s+|into\s+|on\s+|to\s+)?(?=(?:{vocab.status_pattern()})\b)", "moves to ", text, flags=re.I)
    return " ".join(text.split())


def _day_part(match: re.Match[str]) -> str:
    hour, minute, part = int(match.group(1)), match.group(2) or "00", match.group(3).lower()
    if hour > 12:
        return match.group(0)
    suffix = "am" if part == "morning" else "pm"
    if part != "morning" and hour == 12:
        suffix = "pm"
    return f"at {hour}:{minute}{suffix}"


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
    """A word one edit (or one swap of neighbours) from exactly one known word of 5+ letters becomes that word;
    names, capitalised words after the first, and anything with digits or symbols are left alone."""
    known = _known(vocab)
    long_words = [w for w in known if len(w) >= 5]

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        low = word.lower()
        if low in known or len(low) < 4 or (word[0].isupper() and match.start() > 0):
            return word
        if VALUE_SLOT.search(text[:match.start()]):  # "tagged blocker" names a tag, not a misspelt "blocked"
            return word
        near = {w for w in long_words if abs(len(w) - len(low)) <= 1 and _one_edit(low, w)}
        return near.pop() if len(near) == 1 else word

    return re.sub(r"(?<![\w#/«.-])[A-Za-z]+(?![\w/».-])", fix, text)


def _known(vocab: Vocabulary) -> set[str]:
    words = set(KNOWN_WORDS)
    for phrase in [*vocab.people, *vocab.teams, *vocab.statuses, *DEFAULT_STATUSES]:
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
