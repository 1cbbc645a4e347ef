"""The words the sentence parser knows: the team's people, teams, squads and statuses, quoted texts, whom a phrase
means, dates ("tomorrow", "two weeks from now") and schedules ("every weekday at 9:15am")."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from agents.qa_router.config import qa_section
from agents.rules.config import PRIORITIES, ROLES, SQUAD
from agents.team import TeamConfig

DEFAULT_STATUSES = ["to do", "open", "backlog", "in progress", "in review", "review", "ready for testing",
                    "in testing", "testing", "needs fix", "blocked", "done", "complete", "closed"]
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "twenty": 20, "thirty": 30}
DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
QUOTED = re.compile(r"\"([^\"]*)\"|(?<![\w])'([^']*?)'(?![\w])")
TOKEN = re.compile(r"«(\d+)»")


@dataclass
class Vocabulary:
    """What the parser can name: people (full and first names), teams, squads, statuses; `asker` is "me"."""

    people: dict[str, str] = field(default_factory=dict)
    teams: set[str] = field(default_factory=set)
    statuses: list[str] = field(default_factory=lambda: list(DEFAULT_STATUSES))
    asker: str | None = None
    squads: set[str] = field(default_factory=set)
    own_statuses: frozenset[str] = frozenset()  # the statuses the team file names (the rest are defaults)
    priority_words: dict[str, str] = field(default_factory=dict)  # rules.priority_words: "p1" → "high"
    lists: dict[str, str] = field(default_factory=dict)  # rules.lists, by lower-case name: "incidents" → "Incidents"
    last_status: str | None = None  # the last of github_sync.status_order: where a resolved task ends

    @classmethod
    def from_team(cls, team: TeamConfig, asker: str | None = None) -> Vocabulary:
        people: dict[str, str] = {}
        firsts: dict[str, list[str]] = {}
        for p in team.people:
            people[p.name.lower()] = p.name
            firsts.setdefault(p.name.split()[0].lower(), []).append(p.name)
        for first, names in firsts.items():
            if len(names) == 1:  # a first name two people share names nobody
                people.setdefault(first, names[0])
        called: dict[str, list[str]] = {}
        for p in team.people:  # `aka: [Seun]`: what the team file says people call them
            for other in p.aka:
                called.setdefault(other.lower().strip(), []).append(p.name)
        for other, names in called.items():
            if len(names) == 1:
                people.setdefault(other, names[0])
        starts: dict[str, list[str]] = {}
        for p in team.people:  # "mei lin" for Mei Lin Zhao: a name's first words, when they fit one person
            parts = p.name.lower().split()
            for k in range(2, len(parts)):
                starts.setdefault(" ".join(parts[:k]), []).append(p.name)
        for start, names in starts.items():
            if len(names) == 1:
                people.setdefault(start, names[0])
        for said, name in list(people.items()):  # "lucia" for Lucía: a name typed without its accents
            people.setdefault(plain(said), name)
        own = [value.lower() for value in _section_statuses(team)]
        taken = {w for value in [*DEFAULT_STATUSES, *own, *team.teams] for w in value.lower().split()}
        for short, name in _short_names(firsts).items():  # "olu" for Olumide, "bea" for Beatriz: when only one fits
            if short not in taken:
                people.setdefault(short, name)
        for p in team.people:  # "a pr by rduarte": a GitHub login names its person; so does a Slack id (<@U0DANA>)
            for platform in ("github", "slack"):
                if login := p.ids.get(platform):
                    people.setdefault(login.lower(), p.name)
        # "lands in testing" where the team's status is "testing": a default "in testing" would read "in" as its own
        statuses = [s for s in DEFAULT_STATUSES if not (s.startswith("in ") and s[3:] in own and s not in own)]
        statuses += [value for value in dict.fromkeys(own) if value not in statuses]
        person = team.person(slack=asker) if asker else None
        rules = team.section("rules")
        levels = rules.get("priority_words") if isinstance(rules, dict) else None
        words = {str(k).lower(): str(v).lower() for k, v in (levels if isinstance(levels, dict) else {}).items()
                 if str(v).lower() in ("urgent", "high", "normal", "low")}
        named = rules.get("lists") if isinstance(rules, dict) else None
        lists = {str(k).lower(): str(k) for k in (named if isinstance(named, dict) else {})}
        order = team.section("github_sync").get("status_order")
        last = str(order[-1]).lower() if isinstance(order, list) and order else None
        return cls(people, set(team.teams), sorted(statuses, key=len, reverse=True),
                   person.name if person else None, set(team.squads()), frozenset(own), words, lists, last)

    def status_pattern(self) -> str:
        return "|".join(re.escape(s) for s in self.statuses)


def plain(word: str) -> str:
    """The word without accents ("lucía" → "lucia")."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _short_names(firsts: dict[str, list[str]]) -> dict[str, str]:
    """The start of a first name people type for it ("olu", "bea", "max"): three letters or more, two short of the
    whole at least, fitting one person's first name only and no word of the rule language. A nickname that is not
    the start of the name ("seun" for Oluwaseun, "toby" for Tobias) is never guessed: the team file says it
    (`aka: [Seun]`)."""
    from agents.rules.lexicon import GRAMMAR, KNOWN_WORDS  # (the lexicon reads this module's names)

    found: dict[str, list[str]] = {}
    for first, names in firsts.items():
        if len(names) != 1 or not first.isalpha():
            continue
        for end in range(3, len(first) - 1):
            found.setdefault(first[:end], []).append(names[0])
    return {short: names[0] for short, names in found.items()
            if len(names) == 1 and short not in firsts and short not in KNOWN_WORDS and short not in GRAMMAR
            and short not in _SHORTHAND}


# Shorthand of the trade and of the calendar, never a person's short name.
_SHORTHAND = frozenset("dev devs pri prio rev sev ops pro app apps api doc docs max min sec eng mon tue tues wed thu "
                       "thur thurs fri sat sun jan feb mar apr jun jul aug sep sept oct nov dec esc est pst utc cet "
                       "pls plz thx msg pmb bot".split())


def _section_statuses(team: TeamConfig) -> list[str]:
    """The statuses the team file names: every QA router's (the single section or each squad's), GitHub sync's."""
    found: list[str] = []
    routers = qa_section(team).instances() if team.sections.get("qa_router") is not None else []
    for router in routers:  # (a team file without a QA router names no QA statuses of its own)
        for value in router.statuses.model_dump().values():
            found += [str(v) for v in value] if isinstance(value, list) else [str(value)]
    order = team.section("github_sync").get("status_order")
    if isinstance(order, list):
        found += [str(v) for v in order]
    return found


def protect_quotes(text: str) -> tuple[str, list[str]]:
    """Quoted texts become «n» tokens, so their words are never read as the sentence's own."""
    quotes: list[str] = []

    def keep(match: re.Match[str]) -> str:
        quotes.append(match.group(1) if match.group(1) is not None else match.group(2))
        return f"«{len(quotes) - 1}»"

    text = text.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    return QUOTED.sub(keep, text), quotes


def first_quote(text: str, quotes: list[str]) -> str | None:
    match = TOKEN.search(text)
    return quotes[int(match.group(1))] if match else None


def unquote(text: str, quotes: list[str]) -> str:
    return TOKEN.sub(lambda m: quotes[int(m.group(1))], text)


# -- whom ---------------------------------------------------------------------------------------------
_FILLER = re.compile(r"^(?:to|the|a|an|our|whole|all of|everyone in|everybody in|every one of)\s+", re.I)


def targets(text: str, vocab: Vocabulary, problems: list[str]) -> list[str]:
    """`the backend team and Lee` → [team:backend, Lee Lead]; unknown names land in `problems`."""
    text = re.sub(r"\b(know|about it|about this|right away|immediately|instead|back)\b", " ", text, flags=re.I)
    found: list[str] = []
    for raw in re.split(r",|\band\b|\bor\b|&", text, flags=re.I):
        item = raw.strip().strip(".").strip()
        while _FILLER.match(item):
            item = _FILLER.sub("", item, count=1).strip()
        if not item:
            continue
        meant = target(item, vocab)
        if meant is None:
            problems.append(f"I don't know who “{item}” is (people: {', '.join(sorted(set(vocab.people.values())))})")
        elif meant not in found:
            found.append(meant)
    return found


def target(item: str, vocab: Vocabulary) -> str | None:
    low = item.lower().strip()
    if low in ("me", "myself") and vocab.asker:
        return vocab.asker
    if re.fullmatch(r"(pr |pull request |task |ticket )?(author|creator|owner|reporter)|(whoever|the person who) "
                    r"(opened|created|wrote|made|raised|filed|reported|logged|submitted) (it|the (pr|pull request|task|"
                    r"ticket|bug|issue|card))", low):
        return "author"
    if re.fullmatch(r"(current |task )?assignees?|whoever(?: is|'s|s)? assigned|(the )?assigned (people|person)|them",
                    low):
        return "assignees"
    team = re.fullmatch(r"(?:the )?(?:team |squad )?([\w-]+)"
                        r"(?: team| squad| group| people| folks| guys| lads| lot| pair| crew)?",
                        low)
    if team and (low.endswith((" team", " squad", " group", " people", " folks", " guys", " lads", " lot", " pair",
                               " crew"))
                 or low.startswith(("team ", "squad "))):
        name = team.group(1)
        said_squad = low.endswith(" squad") or low.startswith("squad ")
        if name in vocab.squads and (said_squad or name not in vocab.teams):
            return f"{SQUAD}{name}"
        if name in vocab.teams:
            return f"team:{name}"
        role = _role(name)
        return f"role:{role}" if role else None
    if low in vocab.people:
        return vocab.people[low]
    if low.endswith("s") and low[:-1] in vocab.people:  # "assign it to Bens": a phone's plural of a name
        return vocab.people[low[:-1]]
    if low in vocab.teams:
        return f"team:{low}"
    if low in vocab.squads:
        return f"{SQUAD}{low}"
    role = _role(low)
    return f"role:{role}" if role else None


def _role(word: str) -> str | None:
    word = word.lower().removeprefix("team ").strip()
    aliases = {"lead": "lead", "leads": "lead", "team lead": "lead", "lead engineer": "lead", "qa": "qa",
               "testers": "qa", "tester": "qa", "qa engineers": "qa", "developer": "developer",
               "developers": "developer", "devs": "developer", "dev": "developer", "engineers": "developer"}
    role = aliases.get(word)
    return role if role in ROLES else None


# -- when ---------------------------------------------------------------------------------------------
def number(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() else NUMBERS.get(word)


_NUM = r"(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|twenty|thirty)"
_DATE_PATTERNS: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(r"\+\s*(\d+)\s+(working|business) days?"), lambda m: f"+{m.group(1)} working days"),
    (re.compile(rf"\b{_NUM}\s+(working|business) days?"), lambda m: f"+{number(m.group(1))} working days"),
    (re.compile(rf"\b{_NUM}\s+weeks?"), lambda m: f"+{7 * (number(m.group(1)) or 0)} days"),
    (re.compile(rf"\b{_NUM}\s+days?"), lambda m: f"+{number(m.group(1))} days"),
    (re.compile(r"\+\s*(\d+)\s+days?"), lambda m: f"+{m.group(1)} days"),
    (re.compile(r"\bnext week\b"), lambda m: "+7 days"),
    (re.compile(r"\b(?:end of (?:the |this )?week|this week|eow)\b"), lambda m: "friday"),
    # "tmrw eod", "end of day tomorrow": tomorrow's end, never today's
    (re.compile(r"\btomorrow\s+(?:by\s+)?(?:eod|end of (?:the )?day)|\b(?:eod|end of (?:the )?day)\s+tomorrow\b"),
     lambda m: "tomorrow"),
    (re.compile(r"\b(today|tonight|end of (?:the )?day|eod)\b"), lambda m: "today"),
    (re.compile(r"\btomorrow\b"), lambda m: "tomorrow"),
    (re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"), lambda m: m.group(1)),
    # "due fri", "due by thurs": a day said short, right after what makes it a date
    (re.compile(r"\b(?:due|by|on|to|till|until)\s+(?:by\s+|on\s+)?(mon|tues?|weds?|thu(?:rs?)?|fri|sat|sun)\b"),
     lambda m: next(day for day in DAYS if day.startswith(m.group(1)[:3]))),
]


def date_in(text: str) -> str | None:
    """The date a phrase names, in the rule format (`tomorrow`, `friday`, `+14 days`, `+2 working days`)."""
    low = text.lower()
    for pattern, make in _DATE_PATTERNS:
        match = pattern.search(low)
        if match:
            value = make(match)
            if value.startswith("+"):
                n = int(value.split()[0][1:])
                unit = value.split(" ", 1)[1]
                return f"+{n} {unit[:-1] if n == 1 else unit}"
            return str(value)
    return None


_TIME = re.compile(r"\bat\s+(noon|midnight|\d{1,2}h\d{0,2}\b|\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?)", re.I)
# A day as people type it: "monday", "mon", "tues", "thurs"; several, or a plural, mean every such day.
ONE_DAY = r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs?(?:day)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)"
_RANGE = rf"{ONE_DAY}\s*(?:-|\bto\b|\bthrough\b|\bthru\b|\btill\b|\buntil\b)\s*{ONE_DAY}"
_EVERY_DAYS = re.compile(
    rf"\b(?:every|each|on)\s+((?:{ONE_DAY}s?|weekdays?|weekends?|working days?|day|"
    rf"morning|afternoon|evening|night|week)(?:\s*(?:,|and)\s*{ONE_DAY}s?)*)(?![\w-])|"
    r"\b(daily|weekly)\b|"
    rf"(?<![\w-])((?:on\s+)?(?:{_RANGE}|{ONE_DAY}s?(?:\s*(?:,|/|&|\band\b)?\s*{ONE_DAY}s?)+|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)days|weekdays|weekends))(?![\w-])", re.I)
# "on the 1st of every month", "every month on the 15th", "monthly on the 1st".
_MONTHLY = re.compile(r"\b(?:on\s+|every\s+|each\s+)?(?:the\s+)?(\d{1,2}|first)(?:st|nd|rd|th)?\s+(?:day\s+)?of\s+"
                      r"(?:every|each|the)\s+"
                      r"month\b|\b(?:every|each)\s+month\s+on\s+the\s+(\d{1,2}|first)(?:st|nd|rd|th)?\b|"
                      r"\bmonthly\s+on\s+the\s+(\d{1,2}|first)(?:st|nd|rd|th)?\b", re.I)
# An hour said right after the days without "at": only one that cannot be a number of something ("9am", "9:30").
_BARE_TIME = re.compile(r"\s*,?\s*(\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}:\d{2}|noon|midnight)(?![\w:])",
                        re.I)
# An hour said before the days: "at noon every weekday", "at 9am on mondays", "17:00 every weekday" (without "at"
# only at the start, and only a clock that cannot be a number of something).
_TIME_BEFORE = re.compile(r"(?:\bat\s+|^\s*(?=noon|midnight|\d{1,2}:\d{2}|\d{1,2}\s*[ap]\.?m))"
                          r"(noon|midnight|\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?)\s*,?\s*$", re.I)


def schedule_in(text: str) -> tuple[str | None, str] | None:
    """(cron, the phrase) for `every Monday at 9am`, `every weekday at 10:30`, `daily at 17:00`, `mon wed and fri at
    noon`, `weekdays at 7:45am`, `on the 1st of every month at 10am`; (None, the phrase) when no hour is said ("every
    evening": pmbot does not guess one); None when the text names no schedule."""
    monthly = _MONTHLY.search(text)
    days = monthly or _EVERY_DAYS.search(text)
    if not days:
        return None
    time, start, end = _time_of(text, days)
    if time is None:
        return None, text[days.start():days.end()].strip()
    hour, minute = _clock(time.group(1))
    if monthly:
        said = next(g for g in monthly.groups() if g)
        day = 1 if said.lower() == "first" else int(said)
        if not 1 <= day <= 31:
            return None, text[days.start():days.end()].strip()
        return f"{minute} {hour} {day} * *", text[start:end].strip()
    what = (days.group(1) or days.group(2) or days.group(3) or "").lower()
    what = re.sub(r"^on\s+", "", what)
    phrase = text[start:end].strip()
    if what in ("evening", "afternoon", "night") and hour < 12 and not re.search(r"[ap]\.?m", time.group(1), re.I):
        hour += 12  # "every evening at 7" is 19:00
    elif what != "morning" and ambiguous_hour(time.group(1)):
        return None, phrase  # "every friday at 4": 4am or 4pm? pmbot does not guess
    if what in ("day", "daily", "morning", "afternoon", "evening", "night"):
        dow = "*"
    elif what.startswith(("weekday", "working day")):
        dow = "mon-fri"
    elif what.startswith("weekend"):
        dow = "sat,sun"
    elif what in ("week", "weekly"):
        dow = "mon"
    elif span := re.fullmatch(rf"({ONE_DAY})\s*(?:-|to|through|thru|till|until)\s*({ONE_DAY})", what):
        dow = f"{span.group(1)[:3]}-{span.group(2)[:3]}"
    else:
        dow = ",".join(d[:3] for d in DAYS if re.search(rf"\b{d[:3]}", what))
    return f"{minute} {hour} * * {dow}", phrase


def _time_of(text: str, days: re.Match[str]) -> tuple[re.Match[str] | None, int, int]:
    """The hour said with the days, right after them ("every monday at 9") or right before ("at 9 every monday"),
    and where the whole phrase starts and ends."""
    after = _TIME.search(text[days.start():])
    if after and after.start() <= days.end() - days.start() + 12:
        return after, days.start(), days.start() + after.end()
    bare = _BARE_TIME.match(text[days.end():])  # "every weekday 9am", "mondays 9:30"
    if bare:
        return bare, days.start(), days.end() + bare.end()
    before = _TIME_BEFORE.search(text[:days.start()])
    if before:
        return before, before.start(), days.end()
    return None, days.start(), days.end()


def ambiguous_hour(said: str) -> bool:
    """An hour with no am / pm that people mean in the afternoon or evening as often as in the morning: 1 to 6 ("at 4",
    "at 5:30"), and 7 or 8 said bare ("at 7", "every day at 8"). A clock with minutes from 7:00 ("8:45") and an hour
    from 9 to 12 are read as the working day's (8:45am, 9am-noon)."""
    match = re.fullmatch(r"\s*(\d{1,2})(:\d{2})?\s*", said)
    if match is None:
        return False
    hour = int(match.group(1))
    return 1 <= hour <= 6 or (hour in (7, 8) and match.group(2) is None)


def _clock(text: str) -> tuple[int, int]:
    low = text.lower().replace(".", "").replace(" ", "")
    if low == "noon":
        return 12, 0
    if low == "midnight":
        return 0, 0
    match = re.match(r"(\d{1,2})(?:[:h](\d{2}))?(am|pm)?", low)
    if not match:
        return 9, 0
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if match.group(3) == "pm" and hour < 12:
        hour += 12
    if match.group(3) == "am" and hour == 12:
        hour = 0
    return hour % 24, minute % 60


def priority_in(text: str) -> str | None:
    match = re.search(r"(?<![\w-])(urgent|high|normal|low)(?![\w-])", text, re.I)
    return match.group(1).lower() if match and match.group(1).lower() in PRIORITIES else None
