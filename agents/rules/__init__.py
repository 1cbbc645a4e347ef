"""Custom agents: trigger → condition → action rules, in YAML or in plain English, tried before enabled."""

from agents.rules.agent import RulesAgent

__all__ = ["RulesAgent"]
