"""Words as the index sees them: lower-case, a few multi-word phrases joined, stop words dropped, Snowball
(Porter 2) English stems — the same for passages and for questions, so both backends match the same tokens.
Plus a small thesaurus of everyday workplace words, so "PTO" finds the page that says "vacation"."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[a-z0-9]+")
_SLACK_MARKUP = re.compile(r"<[@#!][^>]*>")  # mentions, channel links, special commands
_SLACK_LINK = re.compile(r"<([^|>]+)\|([^>]+)>")  # <url|label> → label
MD_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")  # [label](url)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")

# Phrases that are one idea; joined on both sides (passages and questions) so they match as one word.
PHRASES: dict[tuple[str, ...], str] = {
    **{("on", "call"): "oncall", ("time", "off"): "timeoff", ("day", "off"): "timeoff",
       ("days", "off"): "timeoff", ("set", "up"): "setup", ("two", "factor"): "2fa", ("multi", "factor"): "2fa"},
    **{(w, "from", "home"): "wfh" for w in ("work", "working", "works", "worked")},
    **{("new", w): "newhire" for w in ("hire", "hires", "joiner", "joiners", "starter", "starters", "employee",
                                        "employees", "colleague", "colleagues", "people", "person", "member",
                                        "members")},
    **{(w, "back"): "rollback" for w in ("roll", "rolls", "rolling", "rolled")},
    **{("rate", w): "ratelimit" for w in ("limit", "limits", "limited", "limiting")},
    **{("code", w): "codereview" for w in ("review", "reviews")},
    **{(a, w): "pr" for a in ("pull", "merge") for w in ("request", "requests")},
    **{("stand", w): "standup" for w in ("up", "ups")},
    **{(a, "fix"): "hotfix" for a in ("hot", "urgent", "emergency", "quick")},
    **{("take", "part"): "participate", ("takes", "part"): "participate", ("what", "time"): "when"},
}
_LONGEST = max(len(k) for k in PHRASES)

STOP_WORDS = frozenset("""
a about above after again against all also am an and any anybody anyone anything are aren as at be because been
before being below between both but by can cannot could did do does doing don done down during each either else
ever every few for from further get gets getting go goes going got had has have having he her here hers herself
him himself his how i if in into is isn it its itself just know let like me might mine more most much must my
myself need needs no nor not now of off on once only or other ought our ours ourselves out over own please pls
quick really same shall she should so some somebody someone something still such tell than thank thanks that the
their theirs them themselves then there these they this those through to too under until up upon us use very
want was we were what whats when where which while who whom whose why will with would yes yet you your yours
yourself yourselves hi hey hello guys folks team anyone question wondering curious actually exactly currently
does anybody ok okay thing things stuff way able supposed remind reminder again help s t d ll re ve m
many much long often allowed allow possible feel feeling today tomorrow tonight now right moment happen happens
happened sort kind couple bit lot guess think wonder maybe probably usually normally sure anyway basically
bad good weird strange
im ive id youre theyre weve dont doesnt cant isnt arent wont didnt hows wheres whos thats theres lets
isn aren wasn weren doesn didn won wouldn shouldn couldn haven hasn far
""".split())

# People ask "can I work from Spain?"; handbooks say "from another country".
COUNTRIES = ("austria", "belgium", "bulgaria", "croatia", "cyprus", "czechia", "denmark", "estonia", "finland",
             "france", "germany", "greece", "hungary", "ireland", "italy", "latvia", "lithuania", "luxembourg",
             "malta", "netherlands", "poland", "portugal", "romania", "slovakia", "slovenia", "spain", "sweden",
             "switzerland", "norway", "uk", "england", "usa", "canada", "mexico", "brazil", "india", "japan",
             "china", "australia", "turkey", "morocco", "egypt", "thailand", "vietnam", "indonesia")

# Groups of words that ask about the same thing (each stemmed at load). Teams add their own in the YAML.
THESAURUS: tuple[tuple[str, ...], ...] = (
    ("vacation", "holiday", "pto", "leave", "timeoff"),
    ("sick", "ill", "illness", "unwell", "doctor"),
    ("expense", "reimburse", "reimbursement", "refund", "receipt", "claim"),
    ("laptop", "computer", "hardware", "equipment", "device", "monitor", "machine"),
    ("deploy", "release", "ship", "rollout", "production", "prod"),
    ("remote", "wfh", "hybrid", "home"),
    ("salary", "pay", "payroll", "paycheck", "compensation", "payday"),
    ("password", "credential", "passphrase"),
    ("2fa", "mfa", "authenticator", "otp"),
    ("bug", "defect", "issue", "error", "crash", "broken"),
    ("test", "testing", "qa", "tester"),
    ("review", "reviewer", "approve", "approval", "codereview"),
    ("meeting", "standup", "sync", "call"),
    ("onboarding", "newhire", "joining", "orientation"),
    ("oncall", "pager", "paging", "rota", "rotation"),
    ("incident", "outage", "downtime", "postmortem"),
    ("travel", "trip", "flight", "fly", "flying", "train", "hotel"),
    ("hire", "hiring", "recruit", "interview", "candidate", "referral"),
    ("manager", "lead", "boss", "supervisor"),
    ("doc", "docs", "documentation", "wiki", "handbook"),
    ("repo", "repository", "codebase", "github", "gitlab"),
    ("limit", "quota", "ratelimit", "throttle"),
    ("install", "setup", "configure", "configuration"),
    ("pr", "merge"),
    ("secret", "token", "key", "apikey"),
    ("budget", "cost", "spend", "spending", "allowance", "stipend"),
    ("contact", "email", "reach", "ask"),
    ("office", "workplace", "building"),
    ("start", "begin", "first"),
    ("quit", "resign", "resignation", "notice"),
    ("parental", "maternity", "paternity"),
    ("training", "course", "conference", "learning"),
    ("mentor", "buddy", "coach"),
    ("kid", "child", "children", "son", "daughter", "baby"),
    ("big", "small", "size", "large", "huge"),
    ("advance", "ahead", "beforehand", "prior"),
    ("online", "reachable", "available", "availability"),
    ("join", "participate"),
    ("revert", "rollback", "undo"),
    ("database", "db", "postgresql", "postgres", "mysql", "sqlite", "sql"),
    ("choose", "choice", "prefer", "pick", "option"),
    ("respond", "acknowledge", "reply", "react"),
    ("fast", "quick", "quickly", "soon", "asap", "within"),
    ("deadline", "due", "within", "latest"),
    ("submit", "file", "upload"),
    ("push", "commit", "committed"),
    ("accident", "accidentally", "mistake", "mistakenly", "wrongly"),
    ("abroad", "country", "countries", "overseas", "foreign", *COUNTRIES),
)

_stemmer = snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return str(_stemmer.stemWord(word))


def sentences(text: str) -> list[str]:
    """A text's sentences and lines (Markdown links read as their labels)."""
    return [p.strip() for p in _SENTENCE_END.split(MD_LINK.sub(r"\1", text)) if p.strip()]


def clean(text: str) -> str:
    """Slack markup reduced to what a person reads: `<url|label>` → label, mentions and channel links gone."""
    return _SLACK_MARKUP.sub(" ", _SLACK_LINK.sub(r"\2", text))


def words(text: str) -> list[str]:
    """Lower-case words with the phrases joined (no stemming, stop words kept)."""
    tokens = _WORD.findall(text.lower())  # an apostrophe splits: "when's" → when, s; "don't" → don, t
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for size in range(_LONGEST, 1, -1):
            joined_word = PHRASES.get(tuple(tokens[i : i + size]))
            if joined_word:
                out.append(joined_word)
                i += size
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


def terms(text: str) -> list[str]:
    """The stems of the content words, in order (repeats kept)."""
    return [_content_stem(w) for w in words(text) if w not in STOP_WORDS and len(w) < 40]


_content_stem = stem


def joined(text: str) -> str:
    """`terms` as the index stores them: one space-separated string."""
    return " ".join(terms(text))


@lru_cache(maxsize=32)
def thesaurus(extra: tuple[tuple[str, ...], ...] = ()) -> Thesaurus:
    """The thesaurus with a team's extra groups, built once per set of groups (not per question)."""
    return Thesaurus(extra)


class Thesaurus:
    """Stem → the stems asked about the same way (itself included)."""

    def __init__(self, extra: Iterable[Sequence[str]] = ()) -> None:
        self.groups: dict[str, set[str]] = {}
        for group in (*THESAURUS, *extra):
            stems = {s for word in group for s in terms(word)}
            for s in stems:
                self.groups.setdefault(s, {s}).update(stems)

    def variants(self, term: str) -> frozenset[str]:
        return frozenset(self.groups.get(term, {term}))
