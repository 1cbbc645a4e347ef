"""Self-service in Slack: `/pm ooo` sets or clears your own out of office (stored, audited, honoured at once by the
QA router and the standup), `/pm me` shows how pmbot sees you."""

from agents.self_service.agent import SelfService

__all__ = ["SelfService"]
