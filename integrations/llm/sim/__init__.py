"""A local OpenAI-compatible stub (tests and sandbox)."""

from integrations.llm.sim.api import OpenAIStub

__all__ = ["OpenAIStub"]
