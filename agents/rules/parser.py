"""The deterministic plain-English rule parser (no model needed): the common sentence shapes — status moves,
priority, tags, lists, people and teams, "every Monday at 9am", "every weekday", "tomorrow", "Friday",
"two weeks from now", "and it is not tagged X" — into the rule format. What it cannot read, it says."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from pydantic import ValidationError

from agents.rules.config import SQUAD, TASK_EVENTS, Rule
from agents.rules.coverage import problem, strings_in, unread
from agents.rules.lexicon import GRAMMAR
from agents.rules.normalise import SHORT_SPELLINGS, normalise, one_edit, subject_first
from agents.rules.parser_actions import STARTS_WITH_VERB, VERBS, action_of
from agents.rules.phrases import (
    Vocabulary,
    ambiguous_hour,
    priority_in,
    protect_quotes,
    schedule_in,
    target,
    targets,
    unquote,
)
from agents.rules.wordings import SLANG

LEAD = re.compile(r"^(?:when(?:ever)?|if|as soon as|once|each time|every time|any ?time|after|"
                  r"the (?:moment|minute|second))"
                  r"\b[\s,]*", re.I)
MIDDLE = re.compile(r"[\s,]+(?:when(?:ever)?|if|as soon as|once|each time|every time|any ?time|the moment|the minute|"
                    r"after(?=\s+(?:an?|the|any|some|someone|somebody|anyone|it)\s))\s+", re.I)
NOT_BEFORE_VERB = {"a", "an", "the", "to", "is", "are", "be", "been", "gets", "get", "was", "were", "it", "its",
                   "someone", "somebody", "who", "that", "which", "new", "i", "we", "you", "they", "my", "our"}
# A tag being added, as opposed to one a task has: "gets tagged", "is labelled", "someone tags it".
TAG_EVENT = re.compile(r"\b(?:gets?|got|is|was|are|been|becomes?)\s+(?:tagged|labell?ed)\b|\b(?:tags?|labels?)\s+"
                       r"(?:it|a|an|the|any|something|anything)\b|\b(?:gets?|got)\s+(?:the|a)\s+[\w«»-]+\s+(?:tag|label)\b",
                       re.I)
CREATED = re.compile(
    r"(?:\b(?:is|are|gets?|was|were|been|got)|(?<=\w)'re|\btheyre)\s+(?:created|added|opened|made|filed|reported|"
    r"logged)\b|"
    r"\bnew\s+(?:tasks?|bugs?|issues?|tickets?|cards?|items?|stuff|things)\b|"
    # "any task with urgent or high priority created in Ticketing": made with that priority
    r"\bpriority\s+(?:created|added|filed|logged|opened|raised)\b|"
    r"\b(?:tasks?|bugs?|tickets?|issues?|cards?|anything|something|everything|stuff)\s+(?:that\s+(?:is|are|gets?)\s+)?"
    r"(?:created|added|filed|logged|reported)\b|"
    r"\b(?:creates?|adds?|files?|opens?)\s+an?\s+(?:new\s+)?(?:task|bug|ticket|issue)\b|"
    r"\b(?:comes?|came|coming)\s+in\b|\b(?:anything|something|everything|stuff)\s+new\b", re.I)
PRIORITY_MOVE = re.compile(r"\b(?:marked|flagged|set|made|becomes?|became|turns?|turned|is now|goes|went|raised|"
                           r"bumped|escalated|dropped|lowered|downgraded|upgraded)\s+(?:up\s+|down\s+)?"
                           r"(?:as\s+|to\s+)?(?:urgent|high|normal|low)\b", re.I)
# A priority that goes one way, with no level said: a rule cannot compare it with the one before.
PRIORITY_WAY = re.compile(r"\b(?:raised|bumped|escalated|lowered|dropped|downgraded|upgraded|increased|decreased|"
                          r"reduced|(?:goes|went|gone)\s+(?:up|down))\b", re.I)
STATUS_MOVE = re.compile(r"\b(?:move[sd]?|moving|goes|going|go(?=\s+(?:to|into|back)\b)|went|gone|change[sd]?|"
                         r"comes?\s+back|came\s+back|transitions?|"
                         r"transitioned|becomes?|"
                         r"became|marked|enters?|entered|is now|reach(?:es|ed)|set to|into|status|closed|completed|"
                         r"reopened)\b", re.I)


@dataclass
class ParseResult:
    """A rule, or what stood in the way."""

    rule: Rule | None = None
    problems: list[str] = field(default_factory=list)
    parser: str = "rules"
    note: str | None = None
    understood: dict[str, Any] = field(default_factory=dict)  # without a rule: the parts read ({when, if, then})


# "…, but only for high or urgent ones", "… only if it's tagged x": a condition said after
# the actions (a level, a tag or a list; anything else stays where it is and is read, or named as unread).
_LEVELS = r"(?:urgent|high|normal|low)(?:\s*(?:,|\bor\b)\s*(?:urgent|high|normal|low))*"
ONLY_FOR = re.compile(r"\s*,?\s+(?:but\s+)?only\s+(?:for|on|if|when)\s+"
                      r"(?:it'?s\s+|its\s+|it\s+is\s+|they'?re\s+|the\s+)?"
                      rf"((?:{_LEVELS}(?=\s+(?:ones|tickets?|tasks?|priority)\b|\s*(?:,|$)))|(?:tagged|in)\s+[^,]+?)"
                      r"(?:\s+(?:ones|tickets?|tasks?|priority))?$", re.I)
# Said after the actions, and belonging to what sets the rule off (each moved there, in this order, with its word):
# "…, give it to dana unless it's tagged x", "…, let bea know, except when its bea doing it" (not by bea), and ONLY_FOR.
SAID_LAST = ((re.compile(r"\s*,?\s+unless\s+(.+)$", re.I), "unless "),
             (re.compile(r"\s*,?\s+not\s+by\s+([a-z][\w-]*(?:\s+or\s+[a-z][\w-]*)*)$", re.I), "not by "),
             (ONLY_FOR, "and its "))


# Slang that ends a clause and means nothing to a rule ("tag the ticket needs-check fr, …"), gone before any words are
# quoted (it was sent as part of the tag).
# ("tag it lab-request automaticaly": the adverb, anywhere, is no part of a tag; every rule is automatic)
FILLER = re.compile(rf"\s*,?\s*\b(?:(?:{SLANG}|fr)\b(?=\s*(?:[,.!?]|$))|automatic(?:al+y|l+y|aly)\b)", re.I)


# A line that starts a bullet or a numbered point, in a message of several lines.
BULLET = re.compile(r"^\s*(?:[-•*·–]|\d{1,2}[.)])\s+")
# "comment on the PR: build broke, dont merge": a point's words to send, after its colon.
# The verbs after which a colon starts the words to send (COLON_TEXT's and POINT_TEXT's).
_SENDS = r"post|dm|message|msg|ping|send|tell|remind|notify|nudge|comment|reply|slack|announced?"
POINT_TEXT = re.compile(rf"^(.*?\b(?:{_SENDS}|say|saying)\b[^:\"“”']*?):\s+(\S.*)$", re.I)


def _bulleted(sentence: str) -> str:
    """A message of several lines, what sets the rule off first and one action a line ("when a ticket gets tagged
    refund:\n- assign to the payments team\n- post in #payments: refund came in"): one sentence, its points joined
    by commas, each point's words to send quoted (a point's words end at its line)."""
    # " / " typed for a line break ("take leo off anything marked low / hes on the rig rn"); "owner/name" and
    # "and/or" have no spaces round the slash
    lines = [line.strip() for line in re.split(r"\n|\s/\s", sentence) if line.strip()]
    if len(lines) == 1:
        # "New ticket in Club Billing. Asign Marta. Due Friday.": three or more clipped sentences, one a line
        clipped = [part.strip() for part in re.split(r"(?<=[\w)])\.\s+(?=[A-Z])", sentence.strip()) if part.strip()]
        if len(clipped) >= 3 and all(len(part.split()) <= 12 for part in clipped):
            # (a sentence's capital is no name: "…, Asign Marta" was read as a second list "Asign Marta")
            lines = [clipped[0].rstrip(".")] + [part[:1].lower() + part[1:].rstrip(".") if not part[1:2].isupper()
                                                else part.rstrip(".") for part in clipped[1:]]
    if len(lines) < 2:
        return sentence
    if not any(BULLET.match(line) for line in lines[1:]):
        # lines typed one after another in Slack ("ci red on x?\nping tariq\nalso tag the ticket ci-red"): a line's
        # end is a clause's end
        return " ".join(line if line[-1] in ",.;:?!-" else f"{line}," for line in lines[:-1]) + f" {lines[-1]}"
    lines = [lines[0], *(part for line in lines[1:] for part in re.split(r"\s+(?=\d{1,2}\)\s)", line))]
    head = re.sub(r"\s*(?::|-+>|=+>|→)\s*$", "", BULLET.sub("", lines[0]))
    points = []
    for line in lines[1:]:
        point = re.sub(r"^due\s+", "make it due ", BULLET.sub("", line).strip().rstrip(".;"), flags=re.I)
        if (said := POINT_TEXT.match(point)) and not QUOTE_MARK.search(said.group(2)):
            point = f'{said.group(1)} "{said.group(2).strip()}"'
        points.append(point)
    return ", ".join([head, *points])


# "unless tagged by diego": who tagged it (read as a tag named "by diego", it was a silent error).
TAGGED_BY = re.compile(r"\b(?:tagged|labell?ed)\s+by\s+@?([a-z][\w-]*)", re.I)
# "and its now tagged hotfix": tagged, or (autocorrected) not tagged?
NOW_OR_NOT = re.compile(r"\b(?:is|its|it's|are|they're|theyre)\s+now\s+(tagged|labell?ed|in|assigned|marked)\b", re.I)


def parse(sentence: str, vocab: Vocabulary, *, name: str | None = None) -> ParseResult:
    """Read one sentence; the rule is validated exactly like one from the team file. A sentence that cannot be read
    whole, with a remark of the writer's said last or first ("…, the run calendar depends on it", "residents ring us
    about these, so …"), is read without the remark when the remark names nothing a rule could hold and the rest reads
    whole; the proposal says what was left out."""
    result = _parse(sentence, vocab, name=name)
    if result.rule is not None or len(sentence) > MAX_REMARKED:
        return result
    said = re.sub(r"(?:\s*:[a-z0-9_+-]+:)+\s*", ", ", sentence).strip().rstrip(".!?, ")  # (an emoji code ends a clause)
    # ("…, hmu if its too spammy": hit me up; "…, airport go-live is next week fyi")
    said = re.sub(r"\s+fyi(?=\s*(?:,|$))", "", re.sub(r"\s*,?\s*\bhmu\b[^,«\"“]*$", "", FILLER.sub("", said)))
    said = re.sub(r"[.!?\s]+(?:thanks|thank\s+you|thx|ty|tysm|cheers|ta)(?:\s+(?:so\s+much|a\s+lot|all|team))?"
                  r"[.!\s]*$", "",
                  said, flags=re.I).rstrip(".!?, ")  # ("… A broken donate button costs us real money. Thanks!")
    last, first = _remark_last(said, vocab), _remark_first(said, vocab)
    both = _remark_first(last[0], vocab) if last else None
    tries = [last, first, (both[0], f"{both[1]}” and “{last[1]}") if both and last else None, _reason_last(said, vocab),
             _sentence_last(said, vocab)]
    for rest, left_out in [t for t in tries if t is not None]:
        if (again := _parse(rest, vocab, name=name)).rule is not None:
            again.note = f"(I left out “{left_out}” as a remark)"
            return again
    return result


# "a task on the Clinician App or Clinical Safety lists": in either list.
TWO_LISTS = re.compile(r"\b(?:on|in)\s+the\s+((?-i:[A-Z])[\w-]*(?:\s+(?-i:[A-Z])[\w-]*)*)\s+or\s+"
                       r"((?-i:[A-Z])[\w-]*(?:\s+(?-i:[A-Z])[\w-]*)*)\s+(?:lists|boards)\b")


# "When Tracker SDK ticket is moved", "asigned to CRM Connectors ticket": the article left out before a list's ticket.
ARTICLE_LEFT_OUT = re.compile(r"\b(when|whenever|if|once|to|on|in|into)\s+"
                              r"(?=(?-i:[A-Z])[\w-]*(?:\s+(?-i:[A-Z])[\w-]*){0,2}\s+(?:ticket|task)s?\b)", re.I)


# "anything in Invoicing or Rota": two lists of one capitalised word each, even one a team shares its name with.
ONE_WORD_LISTS = re.compile(r"(?<!not\s)(?<!n't\s)\b(in|into|from)\s+((?-i:[A-Z][a-z][\w-]*))\s+or\s+"
                            r"((?-i:[A-Z][a-z][\w-]*))\b"
                            r"(?!\s+(?:list|board|team|lists|boards)\b|\s+(?-i:[A-Z])|\s+[\w-]+\s+lists?\b)")


def _one_word_lists(match: re.Match[str], vocab: Vocabulary) -> str:
    names = (match.group(2), match.group(3))
    if not all(_second_list(n, vocab) for n in names):
        return match.group(0)
    return f'{match.group(1)} "{names[0]}" or "{names[1]}"'


def _second_list(name: str, vocab: Vocabulary) -> bool:
    """Whether a capitalised name said with "or" next to a list may be a list: no status, and no person (a list may
    share a team's name: "in Invoicing or Rota")."""
    return not re.fullmatch(vocab.status_pattern(), name, re.I) and \
        not any((who := target(w, vocab)) and not who.startswith("team:") for w in name.split())


# A sentence longer than this is read once, as it is (a remark is looked for in sentences of ordinary length).
MAX_REMARKED = 1000


# A clause said last or first that is the writer's remark, not a part of a rule: no action or rule word, no channel,
# mention, repository, quote, number, status, priority or capitalised name, and nobody in it who is not named in the
# rule.
_REMARK_START = re.compile(rf"(?:{VERBS}|and|then|also|or|plus|unless|except|but|only|if|when|whenever|once|every|"
                           r"each|due|make|set|with|without|in|on|at|by|to|from|please|pls|kindly|so|not|no)\b", re.I)
_REMARK_RULE_WORDS = re.compile(r"[#@/«\"“”\d]|\b(?:tags?|tagged|labels?|labell?ed|list|board|status|priority|prio|"
                                r"urgent|high|low|normal|p[0-4]|due|unless|except|not|only|dm|ping|pinged|message|"
                                r"messaged|post|let|tell|know|nudge|notify|remind|give|rotate|rotating|rotation|turns?|"
                                r"round|robin|put|take|add|remove|unassign|merge|close|"
                                r"posted|assign\w*|move\w*|comment\w*|when(?:ever)?|if|once|every|each|morning|"
                                r"afternoon|evening|tomorrow|today|monday|tuesday|wednesday|thursday|friday|weekdays?)\b",
                                re.I)
# Where a remark said last starts (a comma, a full stop, a semicolon, a dash) and where one said first ends.
_LAST_BREAK = re.compile(r",|[.;]\s|\s[-–—]+\s")
_FIRST_BREAK = re.compile(r"(?:,?\s+so\b|[,.;:]\s|\s[-–—]+\s)")


def _remark(clause: str, rule: str, vocab: Vocabulary, *, most: int) -> bool:
    words = re.findall(r"[^\W\d_][\w'-]*", clause)
    if not rule.strip() or not 3 <= len(words) <= most or _REMARK_RULE_WORDS.search(clause) or \
            re.search(rf"\b(?:{vocab.status_pattern()})\b", clause, re.I) or \
            any(w[0].isupper() for w in words[1:] if w != "I" and not w.startswith("I'")):
        return False
    return not _someone_else(words, rule, vocab)


# Words to send said without quotes: what follows them may be part of them, so nothing after is left out.
_SENDS_WORDS = r"\b(?:saying|reading|stating|says|that\s+reads)\b"


def _at_last(said: str, breaks: re.Pattern[str], *, keep: bool = False) -> tuple[str, str] | None:
    """The sentence cut at the last of its breaks: (what comes before, what comes after - with the break's own words
    when `keep`: "because …")."""
    *_, cut = [None, *breaks.finditer(said)]
    if cut is None:
        return None
    return said[:cut.start()].strip(" ,;"), (said[cut.start():] if keep else said[cut.end():]).strip(" ,;-–—")


def _remark_last(said: str, vocab: Vocabulary) -> tuple[str, str] | None:
    if re.search(rf"{_SENDS_WORDS}|:|[+&]", said, re.I) or not (cut := _at_last(said, _LAST_BREAK)):
        return None
    rule, tail = cut
    return (rule, tail) if not _REMARK_START.match(tail) and _remark(tail, rule, vocab, most=14) else None


# A reason said last, with or without a comma: "… ping rhys and fergus b/c branches cant issue books if the builds
# broken", "…, as he looks after the evening clinics", "…, since he decides which requests get picked up".
_REASON = re.compile(r"(?:\s*[,;]\s*|\s+[-–—]+\s+|\s+)(?:(?:because|b/c|bc|cos|coz|cuz|'cause|i\.\s?e\.,?)\s+|"
                     r"(?<=[-–—.;,]\s)(?:usually|normally|otherwise|apparently|honestly|basically)\s+|"
                     r"(?<=[.;]\s)(?=(?:he|she|they|we|it|this|that)\s+(?:is|are|was|'s|has|have|must|needs?|wants?|"
                     r"does|doesn'?t|will|can|always|usually|often|never)\b)|"
                     r"(?:as|since)\s+(?=(?:he|she|they|we|i|you|it|its|it's|the|those|these|that|this|there|our|his|"
                     r"her|their|them|someone|somebody|nobody|people)\b)|"
                     # "… and put Grace on so QA clearly owns it from there", "… so they stop asking in standup"
                     r"so\s+(?:that\s+)?(?=(?:they|theyre|they're|we|the|our|my|qa|people|nobody|everyone|it)\s+"
                     r"(?!(?:gets?|should|must|is|are|will\s+be)\s+(?:assigned|tagged|moved|marked|set|due|pinged|"
                     r"dm'?d|messaged)\b)))", re.I)


def _reason_last(said: str, vocab: Vocabulary) -> tuple[str, str] | None:
    if re.search(rf"{_SENDS_WORDS}|:", said, re.I) or not (cut := _at_last(said, _REASON, keep=True)):
        return None
    rule, tail = cut
    words = re.findall(r"[^\W\d_][\w'-]*", tail)
    if not rule or not 3 <= len(words) <= 25 or re.search(r"[#@«\"“”]|\b[\w.-]+/[\w.-]+\b(?<!b/c)", tail) or \
            _someone_else(words, rule, vocab):
        return None
    return rule, tail


def _someone_else(words: list[str], rule: str, vocab: Vocabulary) -> bool:
    """Whether a remark names a person the rule does not (a team or a role said in passing - "so QA owns it" - is
    none)."""
    named = {who for w in re.findall(r"[^\W\d_][\w-]*", rule.lower()) if (who := target(w, vocab))}
    return any((who := target(w.lower(), vocab)) and who not in named and not who.startswith(("team:", "role:"))
               for w in words if w.lower() not in ("me", "them", "us", "it", "i", "we", "my", "our"))


# A sentence of the writer's own after the rule's ("… ping anna + tariq pls. site mgrs watching these", "… make it due
# tomorow. That usually means QA found something our customers would hit."): no request, action, channel, mention,
# quote or repository in it, and nobody in it who is not named in the rule.
_ASKS = re.compile(r"[#@«\"“”]|\b[\w.-]+/[\w.-]+\b|\b(?:should|must|shall|needs?\s+to|has\s+to|have\s+to|please|pls|"
                   r"kindly|make\s+sure|don'?t\s+forget|remember|also|too|as\s+well|tag\w*|label\w*|unless|except\w*|skip|"
                   r"ignore|not|only|but|never|exclud\w*|title|name)\b", re.I)


_SENTENCE_END = re.compile(r"(?<=[A-Za-z0-9)])[.!?]\s+(?=[A-Za-z])")


def _sentence_last(said: str, vocab: Vocabulary) -> tuple[str, str] | None:
    if re.search(rf"{_SENDS_WORDS}|:\s", said, re.I) or not (cut := _at_last(said, _SENTENCE_END)):
        return None
    rule, tail = cut
    words = re.findall(r"[^\W\d_][\w'-]*", tail)
    if not rule or not 3 <= len(words) <= 40 or _REMARK_START.match(tail) or _ASKS.search(tail):
        return None
    return None if _someone_else(words, rule, vocab) else (rule, tail)


def _remark_first(said: str, vocab: Vocabulary) -> tuple[str, str] | None:
    cut = _FIRST_BREAK.search(said)
    if cut is None or re.match(rf"(?:please\s+)?(?:{VERBS})\b", said, re.I):
        return None
    head, rule = said[:cut.start()].strip(), said[cut.end():].strip()
    # (never what sets a rule off - "PRs opened on pick-bridge. Comment: …", "new recs tickets: assign …" - and never
    # the one a pronoun in the rule points back to: "the bi folks keep missing these: … assigned to them")
    if _FIRST_EVENT_WORDS.search(head) or re.search(r"\b(?:them|they|their|him|her|he|she|his|those|these)\b", rule,
                                                     re.I):
        return None
    return (rule, head) if _remark(head, rule, vocab, most=25) else None


_FIRST_EVENT_WORDS = re.compile(r"\b(?:open\w*|creat\w*|merg\w*|land\w*|raise\w*|fil(?:e|ed|es)|prs?|pull|ci|builds?|"
                                r"tickets?|tasks?|issues?|bugs?|cards?|new|anything|something|everything|stuff)\b",
                                re.I)


def _parse(sentence: str, vocab: Vocabulary, *, name: str | None = None) -> ParseResult:
    problems: list[str] = []
    said = " ".join(FILLER.sub("", _bulleted(sentence)).split())
    said = ARTICLE_LEFT_OUT.sub(r"\1 a ", TWO_LISTS.sub(r"in \1 or \2", said))
    said = ONE_WORD_LISTS.sub(lambda m: _one_word_lists(m, vocab), said)
    said = _names_quoted(_called_quoted(_colon_quoted(said)), vocab)
    text, quotes = protect_quotes(_tags_quoted(said))
    text = normalise(text.strip().rstrip(".!?").strip(), vocab)
    if by := TAGGED_BY.search(sentence):  # "tagged by diego": who tagged it, never a tag called "by diego"
        problems.append(f"“{by.group(0)}”: who tags it is not read in that order; say “when {by.group(1)} tags a "
                        "ticket …” (or “someone other than …”)")
    if slip := NOW_OR_NOT.search(text):  # a phone turns "not" into "now": the two readings are opposite rules
        problems.append(f"“{unquote(slip.group(0), quotes)}”: now, or not? Say “is {slip.group(1)}” or "
                        f"“is not {slip.group(1)}”")
    # (a word inside a repository's name is never a schedule: "ci failing on sprout/daily-reports")
    schedule = schedule_in(text) if not LEAD.match(text) and schedule_in(
        re.sub(r"\b[\w.-]+/[\w.-]+", " ", text)) is not None else None
    when: dict[str, Any] = {}
    conditions: list[dict[str, Any]] = []
    if schedule:
        cron, phrase = schedule
        when = {"event": "schedule", "cron": cron} if cron else {"event": "schedule"}
        hour = re.search(r"\bat\s+(\d{1,2}(?::\d{2})?)(?![\d:]|\s*[ap]\.?m)", phrase) if cron is None else None
        if hour and ambiguous_hour(hour.group(1)):
            clock = hour.group(1)
            problems.append(f"“{unquote(phrase, quotes)}”: {clock} in the morning or in the afternoon? Say “{clock}am” "
                            f"or “{clock}pm”")
        elif cron is None:
            problems.append(f"at what time “{unquote(phrase, quotes)}”? Say the hour, e.g. “every weekday at 9am” or "
                            "“every friday at 4 in the afternoon”")
        actions_text = text.replace(phrase, " ", 1).strip(" ,")
    else:
        trigger_text, actions_text = split(text)
        sole = re.search(r"\s*,?\s*\balone(?=$|\s*,?\s*(?:unless|except)\b)", trigger_text, re.I) \
            if trigger_text != actions_text else None
        if sole and re.search(r"\b(?:re-?assign|assign|give|hand)\b", actions_text, re.I):
            # "reassign to kofi whenever … hits qa, so he's the only one on it": the only assignee, said last
            trigger_text = f"{trigger_text[:sole.start()]} {trigger_text[sole.end():]}".strip()
            actions_text = f"{actions_text} alone"
        for pattern, belongs in (SAID_LAST if trigger_text != actions_text else ()):
            if last := pattern.search(actions_text):
                trigger_text, actions_text = f"{trigger_text} {belongs}{last.group(1)}", actions_text[:last.start()]
        if trigger_text != actions_text and (said := subject_first(trigger_text, vocab)) != trigger_text:
            text, trigger_text = text.replace(trigger_text, said, 1), said  # the words read are the rewritten ones
        kept = re.sub(r"\b(?:unless|except)\b[^,]*?(?=,|\band\s+(?:when(?:ever)?|if|once|upon)\b|$)", " ", trigger_text,
                      flags=re.I)  # an exception sets nothing off
        event = (event_of(_unauthored(_main(trigger_text), vocab)) or event_of(_unauthored(kept, vocab))
                 or event_of(_main(trigger_text)) or event_of(kept))
        if event == "task.tag_added" and CREATED.search(trigger_text) and not TAG_EVENT.search(trigger_text):
            event = "task.created"  # "anything jonah creates with the regression tag": a tag it is made with
        if event is None:
            problems.append("I could not tell what should set the rule off (a task created, moved, marked urgent, "
                            "tagged…, a pull request, CI, or “every Monday at 9am”)")
        else:
            when = {"event": event}
            conditions = conditions_of(trigger_text, event, vocab, problems)
            level = any(c.get("field") == "priority" for c in conditions)
            if event == "task.priority_changed" and not level and (way := PRIORITY_WAY.search(trigger_text)):
                problems.append(f"{way.group(0)} to which priority? A rule checks the new priority (urgent, high, "
                                "normal or low), e.g. “when a task's priority is raised to high”")
    said_actions = [a for clause in clauses(actions_text) if (a := action_of(clause, quotes, vocab, problems))]
    # said twice ("looked at by X: add X") is done once
    actions = [a for i, a in enumerate(said_actions) if a not in said_actions[:i]]
    if not actions and not problems:
        problems.append("I could not find what the rule should do (assign, move, set the due date, post, DM…)")
    understood = {"when": when, "if": [_unquote(c, quotes) for c in conditions], "then": actions}
    if problems:
        return ParseResult(problems=problems[:1] if not when else problems, understood=understood)
    data = {"name": name or slug(unquote(text, quotes)), **understood}
    try:
        rule = Rule.model_validate(data)
    except ValidationError as exc:
        return ParseResult(problems=[e["msg"].removeprefix("Value error, ") for e in exc.errors()],
                           understood=understood)
    # (the words of an action said twice are read; words sent in quotes read nothing outside them: "a cms ticket …
    # comment 'priya signs off cms releases'" must still account for the first "cms")
    unquoted = [{k: v for k, v in a.items() if not (k in ("text", "name") and v in quotes)} for a in said_actions]
    left = unread(text, {**rule.data(), "then": unquoted}, vocab)
    left += [f"“{q}”" for q in _quotes_unused(text, quotes, rule.data())]
    if not left and (run_on := _run_on(sentence, rule.data(), vocab)):
        return ParseResult(problems=[run_on], understood=understood)
    if not left:
        return ParseResult(rule=rule)
    return ParseResult(problems=[problem(left), *_level_asked(left)], understood=understood)


# An action towards someone inside words the sentence did not quote ("… saying build broke + give the data team a
# nudge").
TOWARDS = re.compile(r"(?:^|[\s,.;:+-])(?:ping|dm|msg|message|tell|nudge|poke|bug|hit\s+up|loop\s+in|cc|let|give|"
                     r"assign|reassign|post\s+in|notify|alert)\s+(?:@)?(?P<who>(?:the\s+)?[\w#-]+(?:\s+team)?)", re.I)


# "… something like: bounced back, read the notes - unless rahul is the one moving it": an exception in the words.
EXCEPTION_IN = re.compile(r"(?:^|[\s,.;:+-])(?:unless|except(?:\s+(?:when|if|for))?|but\s+not|"
                          r"only\s+(?:if|when|for))\s+(?P<rest>.+)$", re.I)


def _run_on(sentence: str, data: dict[str, Any], vocab: Vocabulary) -> str | None:
    """The words to send, when the sentence did not quote them, must not hold another action towards someone of the
    team: that is the sentence going on, which a reader would take as a second action."""
    for action in data["then"]:
        words = action.get("text") if action.get("do") in ("dm", "post", "comment") else None
        if not words or "{{" in words or re.search(rf"[\"“']{re.escape(words[:20])}", sentence):
            continue
        for match in TOWARDS.finditer(words):
            who = match.group("who")
            if who.startswith("#") or re.match(r"whoever|the\s+\w+\s+team|everyone|(?:him|her|them)$", who, re.I) \
                    or target(who, vocab):
                return (f"“{words}”: are these the words to send, or is “{match.group(0).strip(' ,.;:+-')}” another "
                        "action? Put the words in quotes")
        if (kept := EXCEPTION_IN.search(words)) and (
                re.search(rf"\b(?:{vocab.status_pattern()}|tagged|labell?ed)\b", kept.group("rest"), re.I)
                or any(target(w, vocab) for w in re.findall(r"[^\W\d_][\w-]*", kept.group("rest").lower())
                       if w not in ("me", "them", "us", "it"))):
            return (f"“{words}”: are these the words to send, or is “{kept.group(0).strip(' ,.;:+-')}” a condition of "
                    "the rule? Put the words in quotes")
        if aside := SPEAKER_AFTER.search(words):  # "… saying SLA breached, Marcus is on it. We promised …"
            return (f"“{words}”: are these the words to send, or is “{aside.group(1)}” said to pmbot? Put the words "
                    "in quotes")
    return None


# A sentence of the writer's own after the words to send, unquoted ("…. We promised a one-hour response"): whether
# it is part of the message is asked.
SPEAKER_AFTER = re.compile(r"[.!?]\s+((?:we|i|our|my|they|this|that)\b(?-i:[^«]*))$", re.I)


def _level_asked(left: list[str]) -> list[str]:
    """"p1" left unread: which priority it is, and how a team says so once."""
    said = next((m.group(0) for p in left if (m := re.search(r"\b(?:p|sev)\s?\d\b|\b(?:crit|blocker)\b", p, re.I))),
                None)
    if said is None:
        return []
    word = said.replace(" ", "")
    return [f"“{word}”: which priority is that? Say urgent, high, normal or low, or name your team's levels once in "
            f"the team file (rules: priority_words: {{{word}: urgent}})"]


def _quotes_unused(text: str, quotes: list[str], data: dict[str, Any]) -> list[str]:
    """Quoted words the rule does not carry ("if someone comments 'blocked' on a ticket …": a rule cannot check what a
    comment says, and without this the quote was passed over as read)."""
    values = {v.casefold() for v in strings_in(data["if"]) + strings_in(data["then"])}
    said = [quotes[int(n)] for n in re.findall(r"«(\d+)»", text)]
    return [q for q in said if q.casefold() not in values and not any(q.casefold() in v for v in values)]


# "post in #sre: weekly toil review, fill in the sheet", "dm the team: check the dashboards": with no quotes, the
# words after a colon that follows a message's recipient are what it says (commas and all).
COLON_TEXT = re.compile(rf"^(.*\b(?:{_SENDS}|intimate|know|inform)\b"
                        r"(?:[^:'\"«]|(?<=\d):(?=\d))*?)"  # (a clock's colon is none: "at 8:30am …:")
                        r":\s+([^\"“”]+)$", re.I)


# A quote mark, opening or closing (an apostrophe inside a word is none).
QUOTE_MARK = re.compile(r"[\"“”]|(?<![\w])'|'(?![\w])")
# "drop a comment on it saying LGTM, thanks for the fix!": the same after "saying".
SAYING_TEXT = re.compile(r"^(.*\b(?:comment|post|dm|message|msg|ping|send|tell|remind|notify|nudge|know|shout|"
                         r"line)\b.*?)"
                         r"\s+(?:saying|stating(?:\s+that)?|noting\s+that|reminding\s+(?:everyone|everybody|people|folks|"
                         r"the\s+team|all)\s+(?:that|to))\s+"
                         r"([^\"“”]+)$",
                         re.I)


# "… and post in #fraud-team that the review task is ready": the words after the channel.
POST_THAT = re.compile(r"^(.*\b(?:post\s+(?:in|to)\s+#[\w.-]+|send\s+(?:an?\s+)?(?:message|msg|dm)))\s+that\s+"
                       r"([^\"“”]+)$", re.I)


# What starts another action, as people type it ("+ bug ben about it", ". also hit up @femi", "and msg yuki").
_NEXT_ACTION = (r"(?:hit\s+up|ping|dm|msg|message|nudge|loop|tell|let|cc|poke|shoot|give|post|tag|label|assign|"
                r"reassign|move|set|add|remove|unassign|mark|make|bump|bug|put|take|close|flag)")
# "… saying build is broken and tag the ticket build-broken": an action on the task after the words ends them.
TEXT_ENDS = re.compile(r"\s*(?:,\s*|\s+)(?:and|then|plus|also)\s+(?:then\s+|also\s+)?(?:tag|label|move|assign|reassign|"
                       r"unassign|set|add|remove|dm|post|ping|close|mark|give|put|make|bump|flag|create|comment)\s+"
                       r"(?:it|them|the\s+(?:ticket|task|issue|pr|pull\s+request|linked|card|due)|a\s+task|in\s+#)\b|"
                       # "… saying andres is on it and notify to #incidentes": a post after the words
                       r"\s*(?:,\s*|\s+)(?:and|then|plus|also)\s+(?:then\s+|also\s+)?(?:post|notify|inform|alert|ping)\s+"
                       r"(?:(?:in|to|into|on)\s+)?#[\w.-]+|"
                       # "…: pipeline red, dont merge til its fixed. also hit up @femi": "also" after a full stop
                       rf"(?:\s*[.;]|\s+[-–—]+|\s+\+)\s+(?:and\s+|then\s+)?also\s+(?={_NEXT_ACTION}\b)|"
                       # "…reading: due date changed. Kindly also let the leads know": a request after a full stop
                       rf"\s*\.\s+(?:kindly|please|pls)\s+(?:also\s+)?(?={_NEXT_ACTION}\b)|"
                       # "… saying the notes are up, since she writes the update on the weekend": a reason after it
                       r"\s*,\s*(?:(?:since|as)\s+(?:he|she|they|we|i|it|that|this|there)|because|cos|coz|cuz)\b|"
                       # "…: builds red, check the logs + bug ben about it": a "+" before another action
                       rf"\s+\+\s+(?={_NEXT_ACTION}\b)|"
                       # "… saying please go through the feedback? Keen to have it sorted": the question ends them
                       r"\?\s+(?=(?-i:[A-Z]))",
                       re.I)


# "make a ticket in Platform: rotate the gds api keys": the new task's name after the colon.
CREATE_COLON = re.compile(r"^(.*\b(?:make|create|open|add|file|raise)\s+(?:a|one|an)\s+(?:new\s+)?"
                          r"(?:ticket|task|card|issue)\s+(?:in|on|to)\s+(?:the\s+)?[\w -]+?)\s*:\s+([^\"“”:]+)$", re.I)


ASKED = re.compile(r"^\W*(?:hey\s+|so\s+)?(?:can|could|would|will|is\s+it\s+possible|any\s+chance)\b", re.I)


def _colon_quoted(sentence: str) -> str:
    if (created := CREATE_COLON.match(sentence)) and not QUOTE_MARK.search(created.group(2)):
        return f'{created.group(1)} called "{created.group(2).strip()}"'
    said = COLON_TEXT.match(sentence) or SAYING_TEXT.match(sentence) or POST_THAT.match(sentence)
    if not said or QUOTE_MARK.search(said.group(2)):  # quotes elsewhere in the sentence are their own
        return sentence
    words, rest = said.group(2).strip(), ""
    if (end := TEXT_ENDS.search(words)) is not None:
        words, rest = words[:end.start()].strip(), words[end.start():]
    if not rest and ASKED.match(sentence):  # "can pmbot comment … saying please link the ticket?": the ask's mark
        words = words.rstrip("?").rstrip()
    if not rest and re.search(r"[^.]\.$", words):  # the sentence's own full stop is no part of the words
        words = words[:-1]
    return f'{said.group(1)} "{words}"{rest}'  # an apostrophe in it stays words


# "make a ticket in Live Ops called Weekly store rotation check + post …": the new task's name, as said.
CALLED = re.compile(rf"\b((?:called|named|titled)\s+)(?![\"“'])([^\"“”«,;+]+?)(?=\s*(?:\+|,|;|\s-\s|\?(?=\s|$)|[.!]?$)|"
                    rf"\s+(?:and\s+then|and\s+also|and|then|also|&)\s+"
                    rf"(?:to\s+)?(?:{VERBS}|{_NEXT_ACTION}|drop|slack|email|text|inform|notify|alert)\b|"
                    rf"\s+(?:in|on|into)\s+(?:the\s+)?(?:(?-i:[A-Z])|[\w-]+(?:\s+[\w-]+){{0,2}}\s+list\b)|"
                    rf"\s+(?:every|each|due|so|pls|please|thx|thanks|asap|on\s+the|at)\b|"
                    rf"\s+(?:(?:is|are)\s+to|should|shall|must|will)\s+be\b)", re.I)
# "in Live Ops", "a Front Desk ticket": a name of capitalised words that is no status, person or team is a list.
TITLED = re.compile(r"(?<=\s)(?P<before>(?:in|on|into|from)\s+(?:the\s+)?|(?:an?|any|every)\s+)"
                    r"(?P<name>(?-i:[A-Z][a-z][\w-]*)(?:\s+(?-i:[A-Z][\w-]*)){1,2})"
                    r"(?P<after>\s+(?:list|board|tickets?|tasks?|bugs?|issues?|cards?)\b)?", re.I)


CREATING = re.compile(r"\b(?:make|create|open|add|file|raise)\s+(?:a|an|one)\s+(?:new\s+)?"
                      r"(?:ticket|task|card|issue|bug)\s+(?:called\s+\S.*?\s+)?$", re.I)


def _called_quoted(sentence: str) -> str:
    # "create task in Ops Requests with name Weekly roster sanity check": called
    sentence = re.sub(r"\b(create\s+(?:an?\s+)?(?:new\s+)?(?:task|ticket|card)\b[^\"“”«]*?)\s+with\s+(?:the\s+)?"
                      r"(?:name|title)\s+(?=[^\s\"“”«])", r"\1 called ", sentence, flags=re.I)
    return CALLED.sub(lambda m: f'{m.group(1)}"{m.group(2).strip()}"', sentence)


def _names_quoted(sentence: str, vocab: Vocabulary) -> str:
    def quoted(match: re.Match[str]) -> str:
        name, after = match.group("name"), (match.group("after") or "").strip().lower()
        if sentence[:match.start()].count('"') % 2:
            return match.group(0)  # inside words to send: "saying "log it in Front Desk""
        if CREATING.search(sentence[:match.start()]) or re.match(r"\s*(?:called|named|titled)\b",
                                                                 sentence[match.end():], re.I):
            return match.group(0)  # the list of a new task is read by the create action itself
        before = match.group("before")
        if re.fullmatch(vocab.status_pattern(), name, re.I) or target(name, vocab) or \
                any(target(w, vocab) for w in name.split()) or (not after and before[:1] in "aA") or \
                after in ("list", "board"):  # ("in the Audit Findings list" is read as it is)
            return match.group(0)
        if after:  # "a Front Desk ticket"
            return f'{before}{after} in the "{name}" list'
        return f'{before}"{name}"'  # "in Live Ops"

    def other(match: re.Match[str]) -> str:  # "in Player Reports or Live Events": the second list too
        name = match.group(2)
        return f'{match.group(1)}"{name}"' if _second_list(name, vocab) else match.group(0)
    return re.sub(r'("\s+or\s+)((?-i:[A-Z][a-z][\w-]*)(?:\s+(?-i:[A-Z][\w-]*)){1,2})\b(?!\s+(?:list|board))', other,
                  TITLED.sub(quoted, sentence))


# -- the sentence's two halves ----------------------------------------------------------------------
def split(text: str) -> tuple[str, str]:
    """(what sets the rule off, what it does)."""
    lead = LEAD.match(text)
    if lead:
        rest = text[lead.end():]
        return _at_verb(rest) or (rest, "")
    middle = MIDDLE.search(text)
    if middle:
        trigger, actions = text[middle.end():], text[:middle.start()]
        # "unassign everyone once it hits resolved and post in #sre": an action said after the trigger too.
        more = re.search(rf"\s*,?\s+and\s+(?:also\s+|then\s+)?(?=(?:{VERBS})\b)", trigger, re.I)
        # ("…, and tag the ticket ci-broken": after a comma, a verb that starts the sentence again is an action.)
        if more and event_of(trigger[:more.start()]) is not None and \
                (not event_of(trigger[more.end():]) or more.group().lstrip().startswith(",")):
            return trigger[:more.start()], f"{actions}, {trigger[more.end():]}"
        return trigger, actions
    # "merged prs on acme/api move the ticket to done", "anything tagged crash that moves to in review give it to
    # rae": what happens first, with no "when", then the action — only when the words before the verb name an event.
    said = _at_verb(text) if not STARTS_WITH_VERB.match(text) else None
    if said and said[0].strip() and event_of(said[0]) is not None:
        return said
    return text, text  # "assign new tasks in Bugs to …": the trigger is inside the action's object


def _at_verb(rest: str) -> tuple[str, str] | None:
    """(trigger, actions) split at a comma before a verb, else at the first verb that starts an action."""
    at_word = _at_word(rest)
    for comma in [m.start() for m in re.finditer(",", rest)]:
        after = rest[comma + 1:].strip()
        if STARTS_WITH_VERB.match(after):
            # "…moved into review assign it to greta, and also post in #qa": the first action is before the comma.
            if at_word and len(at_word[0]) < comma and re.match(r"(?:and|also|then|plus)\b", after, re.I):
                return at_word
            # "… created in Data Incidents set it to urgent, due today": a verb on "it" before the comma starts them
            on_it = (rf"(?:{VERBS})\s+(?:it|them|the\s+(?:linked\s+)?(?:task|ticket|issue|card|priority|due|"
                     rf"assignees?|author)|priority|everyone|everybody|all)\b|"
                     # "… tagged instrument-down remove Aditi from it, add Grace to it"
                     r"(?:remove|take|add|put|unassign)\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?\s+(?:from|off|to|on(?:to)?)\s+it\b")
            if at_word and len(at_word[0]) < comma and re.match(on_it, at_word[1], re.I):
                return at_word
            return rest[:comma], re.sub(r"^(?:then|and then)\s+", "", after, flags=re.I)
    return at_word


def _at_word(rest: str) -> tuple[str, str] | None:
    """(trigger, actions) split at the first verb that starts an action."""
    words = list(re.finditer(r"\S+", rest))
    for i in range(1, len(words)):
        if STARTS_WITH_VERB.match(words[i].group()) and words[i - 1].group().lower() not in NOT_BEFORE_VERB:
            if re.match(rf"^(?:{VERBS})$", words[i].group(), re.I):
                if re.fullmatch(r"\s*[a-z][\w-]*(?:\s+(?:or|and)\s+[a-z][\w-]*)+\s*", rest[:words[i].start()], re.I):
                    continue  # "nina or tomasz move a ticket to …": the verb of those who act
                return rest[:words[i].start()], rest[words[i].start():]
    return None


AUTHORED = re.compile(r"\b(?:opened|created|written|raised|made|filed|reported|added)\s+by\s+(\w+(?:\s+\w+)?)", re.I)


def _unauthored(trigger: str, vocab: Vocabulary) -> str:
    """"a task created by Rae is marked urgent": the event is the marking; "created by Rae" is a condition (the
    name is one word, or two when the two name someone: "created by lee goes to done" keeps "goes")."""
    def drop(match: re.Match[str]) -> str:
        words = match.group(1).split()
        if len(words) == 2 and target(words[0], vocab) is not None and target(" ".join(words), vocab) is None:
            return f" {words[1]}"
        return " "
    rest = AUTHORED.sub(drop, trigger)
    # "a ticket created by Kayla with high priority": the priority it is made with says which tasks; nothing else
    # happens to it, so the event is its creation
    if re.search(r"\b(?:created|opened|raised|filed|made)\s+by\b", trigger, re.I) and \
            PRIORITY_SAYS_WHICH.search(rest) and not PRIORITY_MOVE.search(rest) and \
            event_of(PRIORITY_SAYS_WHICH.sub(" ", rest)) is None:
        return trigger
    return rest


def _main(trigger: str) -> str:
    return re.split(r"\s*,?\s*\b(?:and|but|unless|while|as long as)\b\s*", trigger, maxsplit=1, flags=re.I)[0]


def event_of(text: str) -> str | None:
    low = text.lower()
    # (never the words of a list's or a tag's name: "in the Line Test list … tagged fixture-broken")
    said = re.sub(r"\b(?:in|on|from|into)\s+the\s+[\w ]+?\s+list\b|\b(?:tagged|labell?ed)\s+[\w-]+", " ", low)
    if re.search(r"(?<![\w-])(?:ci|build|builds|pipeline|checks?|tests?)(?![\w-])", said) and \
            re.search(r"(?<![\w-])(?:fail\w*|break\w*|broke|broken|red|crash\w*|blows?\s+up|blew\s+up|blowing\s+up)"
                      r"(?![\w-])", said):
        return "ci.failed"
    if re.search(r"\b(?:prs?|pull[- ]requests?|merge[- ]requests?|mrs?)\b", low):
        merged = r"\bmerge[ds]?\b|\b(?:lands?|landed|ships?|shipped|goes\s+in|went\s+in|gets\s+in)\b"
        return "pr.merged" if re.search(merged, low.replace("merge request", "")) else "pr.opened"
    if re.search(r"\bcomment(?:s|ed)?\b", low):
        return "task.commented"
    if re.search(r"\bdue[- ]dates?\b", low):
        return "task.due_date_changed"
    if CREATED.search(low):
        return "task.created"
    assigned = bool(re.search(r"\bassign(?:s|ed)\b", low)) and "unassign" not in low
    if assigned and not ASSIGNED_ONLY_SAYS_WHOSE.search(low):
        return "task.assignee_added"
    # "a task assigned to rahul moves to done": "assigned to" says whose task; the event is what happens to it.
    rest = ASSIGNED_ONLY_SAYS_WHOSE.sub(" ", low) if assigned else low
    # "issues with high priority that move to confirmed": "with … priority" says which tasks; the event is the move.
    # ("low priority tickets that get tagged x": the tag; the priority says which tickets)
    # ("… tagged vip it should be bumped to high and …": a priority wished for is no change that happened)
    rest = re.sub(r"\b(?:should|must|shall|will|to|needs?\s+to)\s+(?:also\s+)?(?:be|get)\s+(?:marked|flagged|set|made|"
                  r"bumped|raised|escalated|lowered|dropped)\b.*$", " ", rest)
    which = PRIORITY_SAYS_WHICH.sub(" ", rest)
    rest = which if STATUS_MOVE.search(which) or re.search(r"\b(?:tagged|labell?ed)\b", which) else rest
    if re.search(r"\bpriority\b", rest) or PRIORITY_MOVE.search(rest) or LEVELS_FIRST.match(rest):
        return "task.priority_changed"
    # ("a ticket whose status is qa gets tagged blocker": the status it is in; the event is the tag)
    held = re.sub(r"\bwhose\s+status\s+is\b", " ", rest) if re.search(r"\b(?:tagged|labell?ed)\b", rest) else rest
    if STATUS_MOVE.search(held):
        return "task.status_changed"
    if re.search(r"\b(?:tagged|tags?|labell?ed|labels?)\b", rest):
        return "task.tag_added"
    return "task.assignee_added" if assigned else None


# "urgent or high in Checkout -> …": the levels said first, as what sets the rule off.
LEVELS_FIRST = re.compile(r"^\s*(?:when\s+)?(?:urgent|high|normal|low)(?:\s*(?:,|\bor\b)\s*(?:urgent|high|normal|low))*"
                          r"\s+(?:in|on|tickets?|tasks?|bugs?|issues?|cards?)\b", re.I)
PRIORITY_SAYS_WHICH = re.compile(r"\b(?:urgent|high|normal|low)[- ]priority\s+"
                                 r"(?=(?:tasks?|tickets?|bugs?|issues?|cards?|items?|stuff)\b)|"
                                 r"\b(?:with|of)\s+(?:an?\s+)?(?:urgent|high|normal|low)(?:\s*(?:,|/|\bor\b|\band\b)\s*"
                                 r"(?:urgent|high|normal|low))*\s+priority\b", re.I)
# "assigned to" right after the task ("a ticket assigned to rahul …"), not "is / gets assigned to".
ASSIGNED_ONLY_SAYS_WHOSE = re.compile(r"\b(?:tasks?|tickets?|bugs?|issues?|cards?|anything|something|stuff)\s+"
                                      r"(?:that\s+(?:is|are)\s+|already\s+|currently\s+)?assigned\s+to\s+"
                                      r"[a-z][\w-]*(?:\s*(?:,|\bor\b|\band\b)\s*[a-z][\w-]*)*", re.I)


# -- conditions ------------------------------------------------------------------------------------
TAGWORD = r"([\w-]+|«\d+»)"
NEGATED_TAG = re.compile(r"(?:\bnot|n't|\bnever|\bno longer)\s+(?:been\s+|yet\s+)?(?:tagged|labell?ed)\s+"
                         rf"(?:with\s+|as\s+)?(?:the\s+)?(?:tag\s+)?{TAGWORD}|"
                         rf"\bwithout\s+(?:the\s+|a\s+)?(?:tag|label)\s+{TAGWORD}", re.I)
TAGGED = [re.compile(rf"\b(?:tagged|labell?ed)\s+(?:with\s+|as\s+)?(?:the\s+)?(?:tag\s+)?{TAGWORD}", re.I),
          re.compile(rf"\b(?:with|has|having|adds?|added|gets?|got)\s+(?:the\s+|a\s+)?(?:tag|label)\s+{TAGWORD}", re.I),
          re.compile(rf"\b(?:gets?|got|has|with)\s+the\s+{TAGWORD}\s+(?:tag|label)\b", re.I),
          re.compile(rf"\b(?:tags?|labels?)\s+(?:an?\s+|the\s+|any\s+)?(?:task|ticket|bug|issue|card|it)\s+"
                     rf"(?:with\s+|as\s+)?(?:the\s+)?(?:tag\s+|label\s+)?{TAGWORD}", re.I)]


def conditions_of(trigger: str, event: str, vocab: Vocabulary, problems: list[str]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    parts = re.split(r"\s*,?\s*\b(and|but|unless|while|as long as)\b\s*", trigger, flags=re.I)
    fragments = [(parts[0], False)]
    fragments += [(parts[i + 1], parts[i].lower() == "unless") for i in range(1, len(parts) - 1, 2)]
    for fragment, negate in fragments:
        for c in fragment_conditions(fragment, event, vocab, problems):
            c = _spelt_status(c, vocab)
            c = {"not": c} if negate else c
            if c not in found:
                found.append(c)
    return found


def _spelt_status(condition: dict[str, Any], vocab: Vocabulary) -> dict[str, Any]:
    """A status one typo from exactly one the team names is that status ("in tedt" → "in test"): read as a status of
    the team's own, it would never match and the rule would never fire."""
    if condition.get("field") not in ("status", "status_before"):
        return condition

    def known(value: Any) -> Any:
        if isinstance(value, str) and vocab.own_statuses and value not in vocab.own_statuses \
                and f"in {value}" in vocab.own_statuses:
            return f"in {value}"  # "goes into review" where the team's status is "in review" (not the default "review")
        if not isinstance(value, str) or value in vocab.statuses or "«" in value:
            return value
        near = [s for s in vocab.statuses if one_edit(value, s)]
        if len(near) == 1:
            return near[0]
        # "moves to qa" where the team's one status with that word is "ready for qa": said by its last word
        ending = [s for s in vocab.own_statuses if s.endswith(f" {value}")]
        return ending[0] if len(ending) == 1 else value

    value = condition.get("value")
    return {**condition, "value": [known(v) for v in value] if isinstance(value, list) else known(value)}


def _moved(text: str, event: str, vocab: Vocabulary) -> list[dict[str, Any]] | None:
    """"from in review to done", "from field test back to on bench or in progress", "from in review to ready for qa"
    (a status of the team's own, at the end): the status it came from and the one(s) it went to."""
    status = rf"({vocab.status_pattern()}|«\d+»)"
    went = re.search(rf"\b(?:from|out\s+of)\s+{status}\s+(?:back\s+)?(?:to|into)\s+({status}(?:{_OR}{status})*)"
                     rf"(?![\w-])(?!{_OR})", text, re.I)
    if went:
        values = [v for v in re.split(_OR, went.group(2), flags=re.I) if v]
    else:
        own = re.search(rf"\b(?:from|out\s+of)\s+{status}\s+(?:back\s+)?(?:to|into)\s+"
                        rf"([a-z][a-z-]*(?:\s+[a-z][a-z-]*){{0,2}})\s*$", text, re.I)
        if not (own and event == "task.status_changed" and _status_phrase(own.group(2), vocab)):
            return None
        went, values = own, [own.group(2)]
    now = _eq("status", values[0]) if len(values) == 1 else {
        "field": "status", "op": "in", "value": [_eq("status", v)["value"] for v in values]}
    return [_eq("status_before", went.group(1)), now]


# A status a task is in (not one it moves to): "it's in done", "whose status is not blocked", "it is still in qa".
STATUS_HELD_SAID = (r"\b(?:it'?s|it\s+is|they\s+are|whose\s+status\s+is|status\s+is)\s+(?:still\s+)?"
                    r"((?:not|n[o']t|never)\s+)?(?:in\s+|at\s+)?")


def fragment_conditions(text: str, event: str, vocab: Vocabulary, problems: list[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    statuses = vocab.status_pattern()
    status = rf"({statuses}|«\d+»)"
    STATUS_HELD = re.compile(rf"{STATUS_HELD_SAID}({statuses})\b(?![\w-])", re.I)
    moved = _moved(text, event, vocab)
    if moved:
        out += moved
    elif event != "task.status_changed" and (held := STATUS_HELD.search(text)):
        # "… marked urgent unless it's in done", "a comment on a task whose status is not blocked": the status it is in
        more = re.match(rf"((?:\s*(?:,|\bor\b)\s*(?:{statuses})\b)+)", text[held.end():], re.I)
        values = [held.group(2), *re.findall(rf"(?:,|\bor\b)\s*({statuses})\b", more.group(1), re.I)] if more else []
        in_status = _eq("status", held.group(2)) if not values else {
            "field": "status", "op": "in", "value": [_eq("status", v)["value"] for v in values]}
        out.append({"not": in_status} if held.group(1) else in_status)
    elif event == "task.status_changed" or re.search(r"\bstatus\b", text, re.I):
        values = _statuses(text, event, vocab)
        if values:
            out.append(_eq("status", values[0]) if len(values) == 1 else
                       {"field": "status", "op": "in", "value": [_eq("status", v)["value"] for v in values]})
        # "moves out of blocked", "moves to done from in review": the status it came from.
        came = re.search(rf"\b(?:from|out\s+of)\s+{status}(?![\w-])(?!{_OR})", text, re.I)
        if came and event == "task.status_changed":
            out.append(_eq("status_before", came.group(1)))
    for match in NEGATED_TAG.finditer(text):
        out.append({"not": {"field": "tags", "op": "contains", "value": (match.group(1) or match.group(2)).lower()}})
    for match in [*NEGATED_TAG.finditer(text), *(m for p in TAGGED for m in p.finditer(text))]:
        _one_word_tag(text[match.end():], match.group(0), problems)
    if not NEGATED_TAG.search(text):
        for pattern in TAGGED:
            for match in pattern.finditer(text):
                more = re.match(rf"((?:\s*(?:,|\bor\b)\s*(?!(?:round|rotate|rr|urgent|high|normal|low|{VERBS}|"
                                rf"it|its|their|they|them|this|that|these|those|he|she|we|i|you|then|also|plus|except|"
                                rf"unless|but|excluding|besides|apart|whether|not|please|pls|the|a|an|and|so|in|on|"
                                rf"from|by|to|for|straight|when|if)\b)"
                                rf"{TAGWORD})+)",
                                text[match.end():], re.I)  # ("tagged outage, round robin it …": no second tag)
                if more:
                    tags = [match.group(1).lower()] + [t.lower() for t in re.findall(rf"(?:,|\bor\b)\s*{TAGWORD}",
                                                                                  more.group(1), re.I)]
                    out.append({"field": "tags", "op": "in", "value": tags})
                else:
                    out.append({"field": "tags", "op": "contains", "value": match.group(1).lower()})
    ranked = re.search(r"\b(above|higher\s+than|below|lower\s+than)\s+(urgent|high|normal|low)\b", text, re.I)
    priority = priority_in(text) if not ranked else None
    if ranked:  # "priority set above normal": high or urgent
        out.append({"field": "priority", "op": "lt" if ranked.group(1).lower().startswith(("below", "lower")) else "gt",
                    "value": ranked.group(2).lower()})
    if priority and (event == "task.priority_changed" or re.search(r"\bpriority\b|\burgent\b", text, re.I)):
        negated = re.search(rf"\b(?:not|n't)\s+(?:an?\s+)?{priority}\b", text, re.I)
        more = re.search(rf"\b{priority}((?:\s*(?:,|\bor\b)\s*(?:urgent|high|normal|low)\b)+)", text, re.I)
        if more and not negated:
            values = [priority] + re.findall(r"urgent|high|normal|low", more.group(1).lower())
            out.append({"field": "priority", "op": "in", "value": values})
        else:
            out.append({"field": "priority", "op": "ne" if negated else "eq", "value": priority})
    out += _list(re.sub(rf"\b(?:{statuses})\b", partial(_status_gone, text), text, flags=re.I))
    assigned = re.search(r"\bassign(?:ed|s)\s+(?:(?:a|the|this|that)\s+(?:task|ticket|bug)\s+)?to\s+(.+?)"
                         r"(?=$|\s+(?:in|with|from|on)\b)", text, re.I)
    if assigned:
        said = targets(_whom(assigned.group(1), vocab), vocab, problems)
        names = [t for t in said if (":" not in t or t.startswith(SQUAD)) and t not in ("author", "assignees")]
        if len(names) < len(said):
            problems.append("a rule checks the person a task is assigned to, not a team, a role, the author or the "
                            "assignees: name the people")
        elif names:
            out.append(_eq("assignee", names[0]) if len(names) == 1 else
                       {"field": "assignee", "op": "in", "value": names})
    named = re.search(r"\b(?:name|title)\s+(?:contains|includes|has|mentions)\s+([\w-]+|«\d+»)|"
                      r"\bwith\s+([\w-]+|«\d+»)\s+in\s+(?:its|the)\s+(?:name|title)", text, re.I)
    if named:
        out.append({"field": "name", "op": "contains", "value": (named.group(1) or named.group(2)).lower()})
    actor = ACTOR_IN_SQUAD.search(text)
    if actor and (meant := target(f"{actor.group(1)} squad", vocab)) and meant.startswith(SQUAD):
        out.append(_eq("actor", meant))
    out += _author(text, event, vocab, problems)
    out += _repo(text, event, problems)
    return out


# What may follow a tag's one word: the rest of the sentence, never more of the tag's name.
AFTER_TAG = re.compile(rf"\s*(?:$|[,.;:!?)«#]|->|=>|→|(?:and|or|but|unless|that|which|who|when|whenever|if|once|as|"
                       rf"gets?|got|is|are|was|were|moves?|moved|goes|go|went|lands?|hits?|comes?|came|arrives?|"
                       rf"to|in|into|from|by|on|with|without|for|"
                       rf"should|must|needs?|has|have|then|also|plus|tag|label|it|its|or|nor|please|pls|asap|"
                       rf"could|can|would|will|may|might|loop|cc|nudge|shoot|hit|drop|pull|kick|close|poke|holler|"
                       rf"yell|escalate|rotate|split|spread|thats|that's|whats|hes|he's|shes|she's|theyre|they're|"
                       rf"(?!(?:change|update|share|file|open|page|alert|note|report)\b)(?:{VERBS}))\b)", re.I)


# Where a tag's name starts: "tagged …", "label it …", "tag the ticket …", "gets the … label".
TAG_STARTS = re.compile(r"\b(?:tagged|labell?ed|(?:tag|label)\s+(?:it|them|the\s+(?:linked\s+)?"
                        r"(?:ticket|task|issue|card))|"
                        r"(?:gets?|got|has|with)\s+the)\s+(?:with\s+|as\s+)?", re.I)


_TASK_NOUNS = frozenset("issue issues bug bugs task tasks ticket tickets card cards item items".split())
_MOVING = frozenset("going moving getting landing coming heading being entering hitting sitting reaching turning "
                    "becoming changing transitioning ending dropping bumping sliding jumping up down out off over back "
                    "away now today tomorrow straight right immediately too again like just really so because cos "
                    "coz id im ive".split())


def _tags_quoted(sentence: str) -> str:
    """"tagged needs training create a task …", "gets the needs repro label", "tag the ticket build broken": a tag of
    two or three words said without quotes, where the words after it are plainly the rest of the sentence (an
    action, "should", the end), is put in quotes; when that is not plain, _one_word_tag asks."""
    out, at = [], 0
    for start in TAG_STARTS.finditer(sentence):
        if start.start() < at:
            continue
        words = re.match(r"([A-Za-z][\w-]*)(?:\s+([A-Za-z][\w-]*))?(?:\s+([A-Za-z][\w-]*))?", sentence[start.end():])
        if (not words or words.group(1).lower() in ("tag", "label", "tags", "labels")
                or AFTER_TAG.match(sentence[start.end() + words.end(1):])):
            continue  # one word (or none): read as it is
        said = [w for w in words.groups() if w]
        named_after = start.group(0).lower().startswith(("get", "got", "has", "with"))  # "gets the … label"
        for k in (2, 3):
            if k > len(said) or any(AFTER_TAG.match(f" {w}") or priority_in(w) or w.lower() in SHORT_SPELLINGS
                                    or (w.lower() in GRAMMAR and w.lower() not in _TASK_NOUNS)
                                    or w.lower() in _MOVING for w in said[1:k]):
                break
            end = start.end() + words.end(k)
            after = sentence[end:]
            if named_after and not re.match(r"\s+(?:tag|label)\b", after, re.I):
                continue
            if AFTER_TAG.match(after) and not re.match(r"\s*[«#]|\s*->", after):
                out.append(f'{sentence[at:start.end()]}"{" ".join(said[:k])}"')
                at = end
                break
    return "".join(out) + sentence[at:]


def _one_word_tag(after: str, said: str, problems: list[str]) -> None:
    """"tagged breaking change, post …": a tag of several words, said without quotes, would be read as its first word
    with the rest taken for grammar — so it is asked for in quotes instead."""
    if not AFTER_TAG.match(after):
        more = re.match(r"\s*([\w'-]+)", after)
        problems.append(f"“{said} {more.group(1) if more else ''}”: a tag of several words? Put it in quotes "
                        f"(tagged 'breaking change'); one word is read as the whole tag")


def _whom(said: str, vocab: Vocabulary) -> str:
    """"rahul moves to done" → "rahul": the longest start that names only people or teams (else all of it, so that
    the unknown part is named)."""
    words = said.split()
    for end in range(len(words), 0, -1):
        unknown: list[str] = []
        if targets(" ".join(words[:end]), vocab, unknown) and not unknown:
            return " ".join(words[:end])
    return said


# "someone in the mobile squad moves a task …": who set the event off is one of the squad's members.
ACTOR_IN_SQUAD = re.compile(r"\b(?:someone|somebody|anyone|anybody)\s+(?:in|of|from)\s+(?:the\s+)?([\w-]+)\s+squad\b",
                            re.I)
TO_STATUS = re.compile(r"\b(?:to|into|as|is|becomes?|became|marked|reach(?:es|ed)|enters?)\s+(?:as\s+)?", re.I)
MOVED_TO = re.compile(r"\b(?:moved?|moves|moving|goes|went|gone|changed|changes|set|put|transitions?|"
                      r"transitioned)\s+(?:back\s+)?(?:to|into|in)\s+", re.I)
STATUS_END = re.compile(r"\s+(?:in\s+(?:the\s+)?(?:[A-Z«]|[\w-]+(?:\s+[\w-]+){0,2}\s+(?:list|board))|by\s|from\s|and\s|"
                        r"on\s+(?:a|the)\s)|\s*,?\s+(?=not\s+by\s)")
_OR = r"\s*(?:,|\bor\b)\s*"


def _statuses(text: str, event: str, vocab: Vocabulary) -> list[str]:
    """The status(es) a task moves to: known statuses ("in review or ready for testing"), or on a status event,
    after "moved to", a short phrase of the team's own ("blocked or on hold")."""
    known = rf"(?:{vocab.status_pattern()}|«\d+»)"
    for match in TO_STATUS.finditer(text):
        found = re.match(rf"({known}(?:{_OR}{known})*)(?![\w-])(?!{_OR})", text[match.end():], re.I)
        if found:
            return [v for v in re.split(_OR, found.group(1), flags=re.I) if v]
    moved = MOVED_TO.search(text) if event == "task.status_changed" else None
    if not moved:
        return []
    said = STATUS_END.split(text[moved.end():], maxsplit=1)[0].strip(" ,")
    values = [v for v in re.split(_OR, said, flags=re.I) if v]
    return values if values and all(_status_phrase(v, vocab) for v in values) else []


def _status_phrase(value: str, vocab: Vocabulary) -> bool:
    """A status of the team's own: one to three plain words that name no one and no priority."""
    words = value.lower().split()
    return (0 < len(words) <= 3 and all(re.fullmatch(r"[a-z][a-z-]*", w) for w in words)
            # ("moved to staged, not by greta": "not" begins an exception, never a status)
            and words[0] not in ("the", "a", "an", "it", "status", "alone", "not", "never", "unless", "except", "but",
                                 "only", "by", "whether", "if", "when")
            and priority_in(value) is None
            and not any(w in ("it", "them", "this", "that", "its") for w in words)
            and not re.match(rf"(?:{VERBS})\b", value.strip(), re.I)
            and not any(target(w, vocab) and w not in ("qa", "dev") for w in words))


# "not by harriet" (the normaliser's words for "by anyone but harriet", "by any person other than dana or devon").
_NOT_NAME = (r"(?!or\b|and\b|gets?\b|got\b|is\b|are\b|was\b|were\b|moves?\b|should\b|then\b|needs?\b|has\b|merged\b|"
             r"opened\b|comments?\b|lands?\b|in\b|on\b)")
NOT_BY = re.compile(rf"\bnot\s+by\s+(\w+(?:\s+{_NOT_NAME}\w+)?(?:\s*(?:\bor\b|\band\b)\s*(?:by\s+)?\w+"
                    rf"(?:\s+{_NOT_NAME}\w+)?)*)", re.I)


def _author(text: str, event: str, vocab: Vocabulary, problems: list[str]) -> list[dict[str, Any]]:
    """"created by rae", "opened by dana or devon"; a bare "by X" only when X is someone: on a pull request, CI or a
    new task the author, on any other task event who set it off ("moved to done by olek": the actor)."""
    others = NOT_BY.search(text)
    if others:  # "not by harriet": everyone but them
        field_name = "author" if event not in TASK_EVENTS or event == "task.created" else "actor"
        people = [target(p.strip(), vocab) for p in re.split(rf"{_OR}(?:by\s+)?", others.group(1), flags=re.I)
                  if p.strip()]
        if not people or any(p is None or ":" in p for p in people):
            problems.append(f"“{others.group(0)}”: who is that? Name the people, e.g. “by anyone but Dana”")
            return []
        found_not = [p for p in people if p]
        return [{"not": _eq(field_name, found_not[0]) if len(found_not) == 1
                 else {"field": field_name, "op": "in", "value": found_not}}]
    authored = AUTHORED.search(text)
    match = authored or re.search(r"\bby\s+(\w+(?:\s+\w+)?)", text, re.I)
    if match is None and event in ("pr.opened", "pr.merged", "task.created"):  # "merged prs … from hana or rafael"
        sender = re.search(r"\bfrom\s+(\w+(?:\s+\w+)?)", text, re.I)
        person = target(sender.group(1).split()[0], vocab) if sender else None
        authored = sender if person is not None and person not in ("author", "assignees") else None
        match = authored
    if not match:
        return []
    field_name = "author" if authored or event not in TASK_EVENTS or event == "task.created" else "actor"
    name = r"\w+(?:\s+(?!or\b)\w+)?"
    names = re.match(rf"{name}(?:{_OR}(?:by\s+)?{name})*", text[match.start(1):])
    found: list[str] = []
    for said in re.split(rf"{_OR}(?:by\s+)?", names.group(0) if names else "", flags=re.I):
        words = said.split()
        if not words:
            break
        meant = target(" ".join(words), vocab) or target(words[0], vocab)
        if meant is None:
            if authored and not found:
                targets(words[0], vocab, problems)
            break
        if ":" in meant:
            problems.append(f"an {field_name} is one person, and “{said}” is not (name the people)")
            return []
        found.append(meant)
    if not found:
        return []
    return [_eq(field_name, found[0]) if len(found) == 1 else {"field": field_name, "op": "in", "value": found}]


def _repo(text: str, event: str, problems: list[str]) -> list[dict[str, Any]]:
    repo = re.search(r"\b(?:in|into|on|to|for|against)\s+(?:the\s+)?(?:(?:repo|repository)\s+)?"
                     r"([a-z0-9][\w.-]*/[\w.-]+)|\bin\s+(?:the\s+)?(?:repo|repository)\s+([\w.-]+)", text, re.I)
    if not repo:
        bare = (re.search(r"\b(?:in|on|into|against)\s+(?:the\s+)?([a-z][\w.]*-[\w.-]+)\b"
                          r"(?!\s+(?:list|board|column|team|tag))", text, re.I)
                or re.search(r"\b(?:fail(?:s|ed|ing)?|red|break(?:s|ing)?|broke|broken|merged|opened)\s+"
                             r"(?:on|in|for)\s+"
                             r"(?:the\s+)?(?!(?:main|master|develop|dev|staging|prod|production|release|it|a|an|any|the)"
                             r"\b)([a-z][\w.-]*)\b(?!\s*/)(?!\s+(?:list|board|column|team|tag|branch|repo|repository)\b)",
                             text)) \
            if event in ("pr.opened", "pr.merged", "ci.failed") else None
        if bare:  # "merged in push-notify": a repository without its owner (its words are ordinary words)
            problems.append(f"name the repository as owner/name (e.g. acme/{bare.group(1)}): pull requests carry the "
                            "full name")
        return []
    name = repo.group(1) or repo.group(2)
    if event not in ("pr.opened", "pr.merged", "ci.failed"):
        problems.append(f"a task event carries no repository, so “{name}” cannot be checked (repositories are "
                        "checked on pull request and CI rules)")
        return []
    if "/" not in name:
        problems.append(f"name the repository as owner/name (e.g. acme/{name}): pull requests carry the full name")
        return []
    more = re.findall(rf"{_OR}([a-z0-9][\w.-]*/[\w.-]+)", text[repo.end():].split(" and ")[0], re.I)
    return [_eq("repo", name)] if not more else [{"field": "repo", "op": "in", "value": [name, *more]}]


def _status_gone(text: str, match: re.Match[str]) -> str:
    """A status said is no list's name, unless it is a capitalised word of one ("in Claims Backlog")."""
    named = match.group(0)[0].isupper() and re.search(r"\b[A-Z][\w-]*\s+$", text[:match.start()])
    return match.group(0) if named else " "


def _list(text: str) -> list[dict[str, Any]]:
    name = r"(?:(?:[A-Z]|[a-z][A-Z])[\w-]*(?:\s+(?:[A-Z]|[a-z][A-Z])[\w-]*)*|«\d+»)"  # ("eSign", "Wallet iOS")
    match = re.search(rf"\bin\s+(?:the\s+)?(?:list\s+)?({name}(?:\s*(?:,|\bor\b|\band\b)\s*{name})*)"
                      rf"(?:\s+(?:list|board|folder|project))?", text)
    if not match:
        # "in the incidents list", "on the rota bugs list": a list named in lower case, up to three words.
        match = re.search(r"\b(?:in|on|into|onto)\s+(?:the\s+)?((?:(?!(?:the|an?|any|new|every|some)\b)[a-z][\w-]*\s+)"
                          r"{0,2}[a-z][\w-]*)\s+(?:list|board)\b", text, re.I)
    if not match:
        return []
    said = match.group(1)
    if "," in said and not re.search(r"\b(?:or|and)\b", said):
        # ("in Club Billing, Asign Marta": a list, then the next clause; a list of lists ends with "or" or "and")
        said = said.split(",")[0]
    names = [n.strip() for n in re.split(r"\s*(?:,|\bor\b|\band\b)\s*", said) if n.strip()]
    if len(names) == 1:
        return [{"field": "list", "op": "eq", "value": names[0]}]
    return [{"field": "list", "op": "in", "value": names}]


def _eq(field_name: str, value: str) -> dict[str, Any]:
    """An `eq` condition; statuses are compared lower-case, names keep their spelling."""
    lower = field_name in ("status", "status_before") and "«" not in value
    return {"field": field_name, "op": "eq", "value": value.strip().lower() if lower else value.strip()}


def _unquote(condition: dict[str, Any], quotes: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in condition.items():
        if isinstance(value, dict):
            out[key] = _unquote(value, quotes)
        elif isinstance(value, list):
            out[key] = [unquote(v, quotes) if isinstance(v, str) else v for v in value]
        else:
            out[key] = unquote(value, quotes) if isinstance(value, str) else value
    return out


# -- actions ---------------------------------------------------------------------------------------
def clauses(text: str) -> list[str]:
    """`set its status to X, assign it to Lee and Rae and post to #alerts` → three clauses ("then" and "also" join
    actions too)."""
    pieces = [p.strip() for p in re.split(r",\s*(?:(?:and|then|also)\s+)*|\s+and\s+(?:then|also)\s+|\s+then\s+|"
                                          r"\s+also\s+|\s+and\s+|\s+plus\s+|\s+[+&]\s+", text) if p.strip()]
    out: list[str] = []
    for piece in pieces:
        if out and not STARTS_WITH_VERB.match(piece) and not re.match(r"due\s", piece, re.I):
            out[-1] = f"{out[-1]} and {piece}"  # "Quinn and Rae": names, not a new action
        else:
            out.append(re.sub(r"^(?:(?:please|then|and|also)\s+)+", "", piece, flags=re.I))
    return out


def slug(sentence: str) -> str:
    stop = {"when", "whenever", "if", "a", "an", "the", "it", "its", "is", "are", "to", "and", "of", "in", "on",
            "set", "as", "soon", "someone", "somebody", "that", "this", "with", "every", "at", "for", "s", "be", "by",
            "from", "into", "move", "moves", "moved", "task", "tasks", "t", "but", "then", "their", "them"}
    words = [w for w in re.findall(r"[a-z0-9]+", sentence.lower()) if w not in stop]
    return "-".join(words[:5])[:48].strip("-") or "rule"

