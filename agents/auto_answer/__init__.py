"""Auto-answerer: cited answers from the team's documents and live project state."""

from agents.auto_answer.agent import AutoAnswer

__all__ = ["AutoAnswer"]
