"""Whether a passage holds the answer, not only the question's words: the confidence of the packaged model's
answers (agents/auto_answer/local_model.py).

Word coverage (retrieval.coverage) misses a question asked with other words ("wipe everything you know about
me" for "right to erasure") and trusts a passage that shares the words but lacks the asked-for fact ("how long
is the reset link valid?" over a page that only says where the link is). So each of the best few passages is
also read sentence by sentence:

- **semantic evidence**: the cosine between the question and the passage's closest sentence, mapped linearly
  from SENTENCE_FLOOR (0) to SENTENCE_SURE (1). A paraphrase with no word in common still finds its sentence.
- **the asked-for kind of fact**: a question asking how long, when or what time is answered only by a sentence
  holding a duration, a time or a day; one asking how many or how much only by one holding a number. When none
  of the passage's EVIDENCE_SENTENCES closest sentences holds one, the passage says something about the topic
  but not what was asked: its confidence is multiplied by MISSING_FACT.

The confidence is the larger of word coverage and semantic evidence, times that factor. The constants were
calibrated on the development halves of tests/eval/answers_team2 and tests/eval/answers_questions.yaml only
(BENCHMARKS.md).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from agents.auto_answer.text import sentences

SENTENCE_FLOOR = 0.40  # closest-sentence cosine that counts for nothing
SENTENCE_SURE = 0.70  # closest-sentence cosine that counts as a sure answer
EVIDENCE_SENTENCES = 2
MISSING_FACT = 0.3
CHECKED = 5  # passages (of distinct documents) read sentence by sentence

# Questions that ask for a moment or a length of time, and what answers them.
_ASKS_TIME = re.compile(
    r"\b(how (?:long|soon|fast|quickly|late|early|often)|what time|which days?|what day|deadline"
    r"|when (?:is|are|do|does|can|will|should|must))\b", re.I)
_TIME = re.compile(
    r"\d{1,2}:\d{2}|\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)days?|weekdays?|weekends?|morning|afternoon"
    r"|evening|night|midnight|noon|tomorrow|today|immediately|daily|weekly|monthly|yearly|annually|quarterly"
    r"|every|january|february|march|april|may|june|july|august|september|october|november|december"
    r"|seconds?|minutes?|hours?|days?|weeks?|months?|years?|sprints?)\b", re.I)
# Questions that ask for a number or an amount, and what answers them.
_ASKS_NUMBER = re.compile(
    r"\b(how (?:many|much|old)|what(?:'s| is) the (?:max|maximum|min|minimum|limit|cost|price|fee|rate|number))\b",
    re.I)
_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty"
    r"|hundred|thousand|half|once|twice|free|unlimited|no limit)\b", re.I)


def asks_for_fact(question: str) -> re.Pattern[str] | None:
    """What a sentence must hold to answer the question: a time or duration, a number, or nothing particular."""
    return _TIME if _ASKS_TIME.search(question) else _NUMBER if _ASKS_NUMBER.search(question) else None


@dataclass(frozen=True)
class Reading:
    """What the closest sentences of one passage say to a question."""

    best: float  # cosine of the closest sentence
    holds_fact: bool  # one of the closest sentences holds the asked-for kind of fact (True when none is asked)


def read(question_vector: np.ndarray, sentence_vectors: np.ndarray, texts: Sequence[str],
         wants_fact: re.Pattern[str] | None) -> Reading:
    """How close the passage's best sentence is, and whether its closest sentences hold the fact asked for."""
    if not len(texts):
        return Reading(0.0, wants_fact is None)
    cosines = sentence_vectors @ question_vector
    closest = np.argsort(-cosines, kind="stable")[:EVIDENCE_SENTENCES]
    holds = wants_fact is None or any(wants_fact.search(texts[i]) for i in closest)
    return Reading(float(cosines[closest[0]]), holds)


def semantic(best: float) -> float:
    """The closest sentence's cosine on the confidence scale."""
    return float(min(1.0, max(0.0, (best - SENTENCE_FLOOR) / (SENTENCE_SURE - SENTENCE_FLOOR))))


def confidence(words: float, reading: Reading) -> float:
    """The passage's confidence: word coverage or semantic evidence, whichever says more, discounted when the
    asked-for kind of fact is missing."""
    return round(max(words, semantic(reading.best)) * (1.0 if reading.holds_fact else MISSING_FACT), 4)


def passage_sentences(text: str) -> list[str]:
    """The sentences a passage is read in. Not its headings: a heading close to the question ("Webapp" for "how
    do I run the webapp?") says what the page is about, not that it answers."""
    return sentences(text)
