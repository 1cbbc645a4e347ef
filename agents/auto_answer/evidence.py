"""Whether a passage holds the answer, not only the question's words: the confidence of the packaged model's
answers (agents/auto_answer/local_model.py).

Word coverage (retrieval.coverage) misses a question asked with other words ("wipe everything you know about
me" for "right to erasure") and trusts a passage that shares the words but lacks the asked-for fact ("how long
is the reset link valid?" over a page that only says where the link is). So each of the best few passages is
also read sentence by sentence:

- **semantic evidence**: the cosine between the question and the passage's closest sentence, mapped linearly
  from SENTENCE_FLOOR (0) to SENTENCE_SURE (1). A paraphrase with no word in common still finds its sentence.
- **the asked-for kind of fact**: a question asking how long, when or what time is answered only by a sentence
  holding a duration, a time or a day; one asking how many or how much only by one holding a number; one asking
  for a phone number only by digits one can dial. When none of the passage's EVIDENCE_SENTENCES closest
  sentences holds one, the passage says something about the topic but not what was asked: its confidence is
  multiplied by MISSING_FACT.
- **the fact is about the asked thing**: the closest sentence that holds the asked-for kind of fact must also
  hold at least ABOUT_SHARE of the question's ideas that the passage holds anywhere (else, MISSING_FACT too).
  "How long is the password reset link valid?" over "After 5 wrong passwords an account is locked for 30
  minutes" finds a duration, but in a sentence about the lock, not the link.
- **the named thing is there**: a question naming something - a word capitalised inside the sentence
  ("the Business plan", "the German queue") or an acronym or code (CSAT, 2FA) - asks about that thing. A passage
  none of whose text holds the name (capitalised as asked; an acronym also as the initials of consecutive words,
  "DSAR" for "data subject access request", or through the thesaurus) is about something else that shares the
  question's other words: its confidence is multiplied by MISSING_NAME.

The confidence is the larger of word coverage and semantic evidence, times those factors. The constants were
calibrated on the development halves of tests/eval/answers_team2 and tests/eval/answers_questions.yaml only
(BENCHMARKS.md).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from agents.auto_answer.text import Thesaurus, joined, sentences, stem

SENTENCE_FLOOR = 0.40  # closest-sentence cosine that counts for nothing
SENTENCE_SURE = 0.70  # closest-sentence cosine that counts as a sure answer
EVIDENCE_SENTENCES = 2
MISSING_FACT = 0.3
MISSING_NAME = 0.3
ABOUT_SHARE = 0.5
CHECKED = 5  # passages (of distinct documents) read sentence by sentence

# Questions that ask for a moment or a length of time, and what answers them.
_ASKS_TIME = re.compile(
    r"\b(how (?:long|soon|fast|quickly|late|early|often)|what time|which days?|what day|deadline"
    r"|how (?:many|much) (?:seconds|minutes|hours|days|weeks|months|years|time)"
    r"|when (?:is|are|do|does|can|will|should|must))\b", re.I)
_TIME = re.compile(
    r"\d{1,2}:\d{2}|\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)days?|weekdays?|weekends?|morning|afternoon"
    r"|evening|night|midnight|noon|tomorrow|today|immediately|daily|weekly|monthly|yearly|annually|quarterly"
    r"|every|january|february|march|april|may|june|july|august|september|october|november|december"
    r"|seconds?|minutes?|hours?|days?|weeks?|months?|years?|sprints?)\b", re.I)
# Questions that ask for a number or an amount, and what answers them.
_ASKS_NUMBER = re.compile(
    r"\b(how (?:many|much|old)|what(?:'s| is| was) the (?:max|maximum|min|minimum|limit|cost|price|fee|rate|number)"
    r"|(?:score|percentage|cost|price|fee)s? (?:of|for|per)\b)", re.I)
_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty"
    r"|hundred|thousand|half|once|twice|free|unlimited|no limit)\b", re.I)


# Questions that ask for an amount of money, and what answers them: a currency, a share or a multiple of pay.
_ASKS_MONEY = re.compile(
    r"\bhow much\b(?!\s+(?:time|notice|leave|holiday|pto|vacation|storage|space|memory|disk|data|traffic))"
    r"(?=.*\b(?:cost|costs|pay|paid|pays|spend|spent|budget|charge|charged|owe|price|fee|fees|allowance|reimburse\w*|"
    r"claim|salary|pension|compensation|refund\w*|per\s+diem|bonus|stipend)\b)"
    r"|\bwhat(?:'s| is| are| was)\s+(?:the\s+|our\s+)?(?:price|cost|fee|salary|budget|allowance|per\s+diem|stipend)\b",
    re.I)
_MONEY = re.compile(r"[€$£¥₹]|\b(?:eur|euros?|usd|dollars?|gbp|pounds?|cad|chf|inr|rupees?|cents?)\b|\d\s?%"
                    r"|\bper\s?cent|\b\d+(?:[.,]\d+)?\s?(?:k|x)\b"
                    r"|\b(?:time and a half|double|triple|free|full pay|half pay|paid)\b", re.I)


# Questions that ask for a phone number, and what answers them (digits a person can dial).
_ASKS_PHONE = re.compile(r"\b(?:phone|telephone|hotline|fax) (?:number|no\.?)|\bnumber (?:to|should|do|can) \w* ?call",
                         re.I)
_PHONE = re.compile(r"\+?\(?\d[\d ()./-]{5,}\d")
# A name: a capitalised word that does not start the question or a sentence of it, an acronym, or a code.
_NAME = re.compile(r"(?<![.!?:]\s)(?<!^)\b(?:[A-Z][a-z]+[A-Za-z]*|[A-Z]{2,}[a-z]?s?|[A-Za-z]*\d[A-Za-z]+)\b")
# A single line break inside a paragraph, not before a list item, a heading, a quote or a table row.
_WRAPPED = re.compile(r"(?<=\S)[ \t]*\n(?![ \t]*(?:[-*+>#|]|\d+[.)])\s)(?=[ \t]*\S)")
_NOT_NAMES = frozenset({"I", "I'm", "OK", "Ok"})


def asks_for_fact(question: str) -> re.Pattern[str] | None:
    """What a sentence must hold to answer the question: a phone number, a time or duration, an amount of money
    (a currency, a share, a multiple of pay), a number, or nothing particular."""
    if _ASKS_PHONE.search(question):
        return _PHONE
    if _ASKS_TIME.search(question):
        return _TIME
    return _MONEY if _ASKS_MONEY.search(question) else _NUMBER if _ASKS_NUMBER.search(question) else None


def names(question: str) -> list[str]:
    """The names the question asks about (see the module's docstring)."""
    text = question.strip()
    return list(dict.fromkeys(n for n in _NAME.findall(text) if n not in _NOT_NAMES))


def holds_name(name: str, text: str, variants: frozenset[str]) -> bool:
    """Whether `text` (a passage and its headings) names `name`: as written (a capitalised word keeps its
    capital: "business hours" is not the Business plan), an acronym in any case or as the initials of
    consecutive words, or any of its thesaurus `variants` (stems of synonyms, not of the name itself) among the
    text's terms."""
    if re.search(rf"\b{re.escape(name)}(?:s|'s)?\b", text):
        return True
    acronym = name.rstrip("s") if name[:2].isupper() else ""
    if acronym:
        if re.search(rf"\b{re.escape(acronym)}s?\b", text, re.I):
            return True
        initials = r"\W+".join(rf"{re.escape(c)}\w*" for c in acronym.lower())
        if acronym.isalpha() and re.search(rf"\b{initials}\b", text, re.I):
            return True
    return bool(variants & set(joined(text).split()))


@dataclass(frozen=True)
class Ask:
    """What the question asks for: the kind of fact, the names it asks about (with their thesaurus variants),
    and its ideas (each a set of stems)."""

    fact: re.Pattern[str] | None
    names: tuple[tuple[str, frozenset[str]], ...]
    ideas: tuple[frozenset[str], ...]


def asking(question: str, ideas: Sequence[frozenset[str]], thesaurus: Thesaurus) -> Ask:
    """The question's `Ask`. Ideas that name the fact's unit ("how many *minutes*") are the slot, not the thing
    asked about, and are left out of `about`; a name's variants are its synonyms only, not its own stem."""
    fact = asks_for_fact(question)
    units = {stem(w.lower()) for w in fact.findall(question)} if fact is not None else set()
    named = tuple((n, thesaurus.variants(stem(n.lower())) - {stem(n.lower())}) for n in names(question))
    return Ask(fact, named, tuple(i for i in ideas if not i & units))


def about(sentence: str, ideas: Sequence[frozenset[str]], passage_terms: set[str]) -> bool:
    """Whether `sentence` holds at least ABOUT_SHARE of the question's ideas that the passage holds."""
    present = [i for i in ideas if i & passage_terms]
    if not present:
        return True
    words = set(joined(sentence).split())
    return sum(bool(i & words) for i in present) >= ABOUT_SHARE * len(present)


@dataclass(frozen=True)
class Reading:
    """What the closest sentences of one passage say to a question."""

    best: float  # cosine of the closest sentence
    holds_fact: bool  # one of the closest sentences holds the asked-for kind of fact (True when none is asked)
    holds_names: bool = True  # the passage names every name the question asks about


def read(question_vector: np.ndarray, sentence_vectors: np.ndarray, texts: Sequence[str], ask: Ask,
         passage: str = "") -> Reading:
    """How close the passage's best sentence is, whether one of its closest sentences holds the fact asked for
    and is about the asked thing, and whether the passage (`passage`: its headings and text) holds the names."""
    named = all(holds_name(n, passage, v) for n, v in ask.names)
    if not len(texts):
        return Reading(0.0, ask.fact is None, named)
    cosines = sentence_vectors @ question_vector
    closest = np.argsort(-cosines, kind="stable")[:EVIDENCE_SENTENCES]
    holds = True
    if (fact := ask.fact) is not None:
        passage_terms = set(joined(passage).split())
        holds = any(fact.search(texts[i]) and about(texts[i], ask.ideas, passage_terms) for i in closest)
    return Reading(float(cosines[closest[0]]), holds, named)


def semantic(best: float) -> float:
    """The closest sentence's cosine on the confidence scale."""
    return float(min(1.0, max(0.0, (best - SENTENCE_FLOOR) / (SENTENCE_SURE - SENTENCE_FLOOR))))


def confidence(words: float, reading: Reading) -> float:
    """The passage's confidence: word coverage or semantic evidence, whichever says more, discounted when the
    asked-for kind of fact is missing or the question's name is not there."""
    factor = (1.0 if reading.holds_fact else MISSING_FACT) * (1.0 if reading.holds_names else MISSING_NAME)
    return round(max(words, semantic(reading.best)) * factor, 4)


def passage_sentences(text: str) -> list[str]:
    """The sentences a passage is read in. Not its headings: a heading close to the question ("Webapp" for "how
    do I run the webapp?") says what the page is about, not that it answers. Lines a file wraps at a fixed width
    are joined first: a sentence cut at a line break would lose its subject ("Laptops are" / "replaced every
    three years")."""
    return sentences(_WRAPPED.sub(" ", text))
