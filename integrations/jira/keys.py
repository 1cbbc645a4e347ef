"""Jira issue keys in free text: branch names, pull request titles, commit messages (`ENG-42`, `feature/eng-42-x`)."""

from __future__ import annotations

import re

# A project key is a letter then letters, digits or underscores (Jira's default rule, 2-10 long); branch names
# are often lower-case, so any case is read and the key is given upper-cased.
ISSUE_KEY = re.compile(r"(?<![A-Za-z0-9_])([A-Za-z][A-Za-z0-9_]{1,9})-([1-9][0-9]{0,9})(?![0-9])")


def issue_keys(text: str) -> list[str]:
    """The issue keys named in `text`, upper-cased, each once, first seen first."""
    found: dict[str, None] = {}
    for project, number in ISSUE_KEY.findall(text or ""):
        found.setdefault(f"{project.upper()}-{number}", None)
    return list(found)
