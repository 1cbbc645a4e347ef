"""The part of JQL the simulator understands: clauses joined by AND, then ORDER BY. A query outside it is refused
as Jira refuses a query it cannot parse (400, "Error in the JQL Query: ..."), and a query with no restriction as the
enhanced search refuses an unbounded one."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from integrations.jira.sim.shapes import SimApiError

UNBOUNDED = "Unbounded JQL queries are not allowed here. Please add a search restriction to your query."
_TOKEN = re.compile(r'\s*(?:"((?:[^"\\]|\\.)*)"|(>=|<=|!=|=|>|<|\(|\)|,)|([A-Za-z0-9_.\-:/+]+(?:\(\))?))')
# Field values an issue record gives a clause: the record is the simulator's own.
Record = dict[str, Any]


@dataclass(frozen=True)
class Query:
    """A parsed query: one test per clause (all must hold) and the ordering."""

    tests: tuple[Callable[[Record], bool], ...]
    order_field: str
    descending: bool

    def matches(self, record: Record) -> bool:
        return all(test(record) for test in self.tests)


def _tokens(jql: str) -> list[tuple[str, str]]:
    out, at = [], 0
    while at < len(jql):
        match = _TOKEN.match(jql, at)
        if match is None or match.end() == at:
            if jql[at:].strip():
                raise _bad(f"the character '{jql[at:].strip()[0]}' is a reserved JQL character")
            break
        string, symbol, word = match.groups()
        out.append(("string", string.replace('\\"', '"').replace("\\\\", "\\")) if string is not None
                   else ("symbol", symbol) if symbol is not None else ("word", word))
        at = match.end()
    return out


def _bad(detail: str) -> SimApiError:
    return SimApiError(400, f"Error in the JQL Query: {detail}.")


def parse(jql: str, zone: ZoneInfo, known: Mapping[str, Collection[str]] | None = None) -> Query:
    """Parse `jql`; dates in it are read in `zone` (the searching user's time zone, as Jira reads them). `known`
    holds, per field (`status`, `project`), the lower-cased values that exist on the site: Jira refuses a query
    naming any other ("The value 'Closed' does not exist for the field 'status'.")."""
    tokens = _tokens(jql)
    order_field, descending = "created", False
    lowered = [t[1].lower() for t in tokens]
    for i in range(len(tokens) - 1):
        if lowered[i] == "order" and lowered[i + 1] == "by":
            rest = tokens[i + 2:]
            if not rest:
                raise _bad("expecting a field name after 'order by'")
            order_field = rest[0][1].lower()
            descending = len(rest) > 1 and rest[1][1].lower() == "desc"
            tokens = tokens[:i]
            break
    if not tokens:
        raise SimApiError(400, UNBOUNDED)
    tests: list[Callable[[Record], bool]] = []
    clause: list[tuple[str, str]] = []
    for token in [*tokens, ("word", "AND")]:
        if token == ("word", "AND") or (token[0] == "word" and token[1].upper() == "AND"):
            if not clause:
                raise _bad("expecting a clause before 'AND'")
            tests.append(_clause(clause, zone, known or {}))
            clause = []
        else:
            clause.append(token)
    return Query(tuple(tests), order_field, descending)


def _values(tokens: list[tuple[str, str]]) -> list[str]:
    if tokens and tokens[0] == ("symbol", "(") and tokens[-1] == ("symbol", ")"):
        return [t[1] for t in tokens[1:-1] if t != ("symbol", ",")]
    if len(tokens) == 1:
        return [tokens[0][1]]
    raise _bad("expecting a value or a list of values")


def _clause(tokens: list[tuple[str, str]], zone: ZoneInfo,
            known: Mapping[str, Collection[str]]) -> Callable[[Record], bool]:
    field = tokens[0][1].lower()
    words = [t[1].lower() for t in tokens[1:]]
    if words[:3] == ["is", "not", "empty"] and len(words) == 3:
        return lambda r: bool(r.get(field))
    if words[:2] == ["is", "empty"] and len(words) == 2:
        return lambda r: not r.get(field)
    if field == "issuetype" and words == ["not", "in", "subtaskissuetypes()"]:
        return lambda r: not r["subtask"]
    if len(tokens) < 3:
        raise _bad(f"expecting an operator after '{tokens[0][1]}'")
    negate = words[0] in ("!=", "not")
    if words[0] == "not" and words[1:2] == ["in"]:
        operator, rest = "in", tokens[3:]
    else:
        operator, rest = words[0], tokens[2:]
    if field in ("updated", "created") and operator in (">=", ">", "<=", "<"):
        when = _moment(rest, zone)
        compare = {">=": lambda a: a >= when, ">": lambda a: a > when, "<=": lambda a: a <= when,
                   "<": lambda a: a < when}[operator]
        return lambda r: compare(r[field])
    if operator not in ("=", "!=", "in"):
        raise _bad(f"the operator '{operator}' is not supported by the field '{tokens[0][1]}'")
    values = _values(rest)
    if field not in ("project", "status", "assignee", "statuscategory", "labels", "key", "issuekey"):
        raise _bad(f"field '{tokens[0][1]}' does not exist or you do not have permission to view it")
    missing = next((v for v in values if field in known and v.lower() not in known[field]), None)
    if missing is not None:
        raise SimApiError(400, f"The value '{missing}' does not exist for the field '{field}'.")
    wanted = {v.lower() for v in values}
    key = "key" if field == "issuekey" else field

    def test(record: Record) -> bool:
        have = record.get(key)
        values = {str(v).lower() for v in have} if isinstance(have, list) else {str(have).lower()}
        return bool(values & wanted) != negate

    return test


def _moment(tokens: list[tuple[str, str]], zone: ZoneInfo) -> datetime:
    text = tokens[0][1] if len(tokens) == 1 else ""
    for pattern in ("%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M", "%Y-%m-%d", "%Y/%m/%d"):
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=zone).astimezone(UTC)
        except ValueError:
            continue
    raise _bad(f"date value '{text}' for field 'updated' is invalid")
