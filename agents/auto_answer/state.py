"""What the auto-answerer keeps about each answer it gave: enough to count feedback, redraw the message and hand
the question to a person."""

from __future__ import annotations

import hashlib
from typing import Any

from pydantic import Field

from agents.auto_answer.answer import Answer, Citation
from agents.common.mrkdwn import Mrkdwn
from agents.common.state import AgentState

CHANNEL, DM, COMMAND = "channel", "dm", "command"


def answer_id(*parts: str | None) -> str:
    """A short stable id for the question a message asked (the same for its mention and message events)."""
    return hashlib.sha256(":".join(p or "" for p in parts).encode()).hexdigest()[:16]


class AnswerRecord(AgentState):
    """One answer: the question, where it was asked and answered, and what it said."""

    namespace = "auto_answer:answer"
    question: str = ""
    asker: str | None = None
    origin: str = CHANNEL  # channel | dm | command (an ephemeral answer cannot be updated)
    channel: str | None = None
    thread_ts: str | None = None
    ts: str | None = None  # the answer message, once posted
    text: str = ""
    kind: str = ""
    confident: bool = False
    note: str | None = None
    citations: list[dict[str, Any]] = Field(default_factory=list)

    @classmethod
    def of(cls, answer: Answer, **where: Any) -> AnswerRecord:
        return cls(text=answer.text, kind=answer.kind, confident=answer.confident, note=answer.note,
                   citations=[vars(c) for c in answer.citations], **where)

    @property
    def sources(self) -> list[str]:
        return list(dict.fromkeys(str(c["source"]) for c in self.citations))

    def answer(self) -> Answer:
        # The text pmbot stored is the Slack text it built and posted (see agents.common.mrkdwn).
        return Answer(Mrkdwn(self.text), self.confident, self.kind, [Citation(**c) for c in self.citations],
                      note=self.note)
