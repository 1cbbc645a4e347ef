"""Storage owns its tables' states: other modules use the enums of `bot/storage/states.py`, never the strings."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.storage import states
from bot.storage.tables import metadata

ROOT = Path(__file__).resolve().parents[2]
STATE_WORDS = frozenset(
    member.value for enum in (states.EventState, states.DeliveryState, states.RunState, states.ActionState,
                              states.DueState) for member in enum)
# The module that declares the states, and the migrations (frozen history).
EXEMPT = (ROOT / "bot" / "storage" / "states.py", ROOT / "bot" / "migrations")
# Calls whose argument is a stored state.
STATE_CALLS = frozenset({"record_agent", "in_", "notin_"})


def _is_status(node: ast.AST) -> bool:
    """`x.c.status`, `row.status`, `row["status"]`, `status`: something that holds a stored state."""
    if isinstance(node, ast.Attribute):
        return node.attr == "status"
    if isinstance(node, ast.Name):
        return node.id == "status"
    if isinstance(node, ast.Subscript):
        return isinstance(node.slice, ast.Constant) and node.slice.value == "status"
    return False


def _words(node: ast.AST) -> list[ast.Constant]:
    """The state strings written literally in `node` (a constant, or a tuple / list / set of them)."""
    items = node.elts if isinstance(node, ast.Tuple | ast.List | ast.Set) else [node]
    return [i for i in items if isinstance(i, ast.Constant) and i.value in STATE_WORDS]


def state_literals(source: str) -> list[tuple[int, str]]:
    """(line, word) of every state written as a string where a stored status is compared, written or passed."""
    found: list[ast.Constant] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare) and any(map(_is_status, [node.left, *node.comparators])):
            for side in (node.left, *node.comparators):
                found += _words(side)
        elif isinstance(node, ast.keyword) and node.arg == "status":
            found += _words(node.value)
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value == "status":
                    found += _words(value)
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name in STATE_CALLS and (name != "in_" or _is_status(getattr(func, "value", None))):
                for arg in node.args:
                    found += _words(arg)
    return sorted((c.lineno, str(c.value)) for c in found)


def _modules() -> list[Path]:
    paths = [*(ROOT / "bot").rglob("*.py"), *(ROOT / "agents").rglob("*.py")]
    return [p for p in paths if not any(p == e or e in p.parents for e in EXEMPT)
            and (ROOT / "bot" / "storage") not in p.parents]


def test_the_guard_sees_a_state_written_as_a_string() -> None:
    source = '''
query.where(inbox.c.status == "done").values(status="pending")
row = {"status": "dead", "attempts": 0}
await inbox.record_agent(key, agent, "paused")
query.where(inbox.c.status.in_(("pending", "processing")))
if existing["status"] == "running": pass
'''
    assert state_literals(source) == [(2, "done"), (2, "pending"), (3, "dead"), (4, "paused"), (5, "pending"),
                                      (5, "processing"), (6, "running")]
    assert state_literals('query.where(inbox.c.status == EventState.DONE)\nlabels("dead")\n') == []


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_outside_storage_writes_a_state_literal(path: Path) -> None:
    found = state_literals(path.read_text())
    assert not found, f"{path.relative_to(ROOT)} writes stored states as strings (use bot.storage.states): {found}"


def test_storage_modules_write_states_only_through_the_enums() -> None:
    storage = [p for p in (ROOT / "bot" / "storage").glob("*.py") if p.name != "states.py"]
    found = {p.name: state_literals(p.read_text()) for p in storage}
    assert {name: hits for name, hits in found.items() if hits} == {}


def test_every_status_column_default_is_a_declared_state() -> None:
    defaults = {t.name: t.c.status.default.arg for t in metadata.tables.values()
                if "status" in t.c and t.c.status.default is not None}
    assert defaults == {"inbox": states.EventState.PENDING, "due_items": states.DueState.PENDING}


def test_the_discarded_state_is_declared_and_not_waiting() -> None:
    """The dashboard's Discard leaves a dead letter in a state of its own that nothing claims or counts as backlog."""
    assert states.EventState.DISCARDED == "discarded"
    assert states.EventState.DISCARDED not in states.WAITING
