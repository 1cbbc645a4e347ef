"""Helpers shared by agents: work time, task references, typed state, people lookup, time formatting."""
