"""The product agents pmbot ships: one tuple of agent classes, in dispatch order. Your own agents load
through `PMBOT_AGENTS` (`package.module:Class`) without an edit here."""

from __future__ import annotations

from agents.app_home import AppHome
from agents.auto_answer import AutoAnswer
from agents.base import Agent
from agents.github_sync import GitHubSync
from agents.qa_router import QARouter
from agents.reports import Reports
from agents.rules import RulesAgent
from agents.self_service import SelfService
from agents.standup import Standup

AGENTS: tuple[type[Agent], ...] = (QARouter, GitHubSync, Standup, Reports, AutoAnswer, RulesAgent, SelfService,
                                  AppHome)
