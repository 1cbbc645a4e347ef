"""QA router: hands tasks to QA engineers and back to developers, with stored reminders."""

from agents.qa_router.agent import QARouter

__all__ = ["QARouter"]
