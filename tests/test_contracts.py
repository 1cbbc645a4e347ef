"""Structure the design card fixes: the same files in every platform folder, the dependency direction
(integrations ← agents ← bot), and no import-time side effects in the packages."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLATFORMS = ["clickup", "github", "slack"]
AGENT_MAY_IMPORT = {"integrations.events", "integrations.models", "integrations.protocols", "integrations.errors"}
PLATFORMS = ["clickup", "github", "slack", "jira"]


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def sources(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("platform", PLATFORMS)
def test_every_platform_has_the_same_files(platform: str) -> None:
    folder = ROOT / "integrations" / platform
    for name in ("client.py", "webhook.py", "schemas.py", "sim/__init__.py", "sim/seed.py"):
        assert (folder / name).is_file(), f"integrations/{platform}/{name} is missing"


def test_every_platform_folder_exports_its_descriptor_and_is_registered() -> None:
    from integrations.platform import Platform
    from integrations.registry import PLATFORMS as REGISTERED

    folders = sorted(p.parent.name for p in (ROOT / "integrations").glob("*/__init__.py"))
    assert sorted(p.name for p in REGISTERED) == folders
    for name in folders:
        descriptor = importlib.import_module(f"integrations.{name}").PLATFORM
        assert isinstance(descriptor, Platform) and descriptor.name == name
        if descriptor.route:
            assert descriptor.make_webhook is not None and descriptor.simulate is not None
            assert descriptor.whoami is not None and descriptor.max_body > 0


def _agents() -> list[type]:
    from agents.registry import AGENTS
    from agents.system.commands import CommandRouter
    from agents.system.daily import DailyPlanner
    from agents.system.due_sweeper import DueSweeper
    from agents.system.reconciler import Reconciler

    return [*AGENTS, DueSweeper, Reconciler, DailyPlanner, CommandRouter]


@pytest.mark.parametrize("cls", _agents(), ids=lambda c: c.name)
def test_every_agent_declares_itself_and_has_a_test_package(cls: type) -> None:
    from agents.base import Agent, AgentConfig, Command, Cron, Daily
    from agents.registry import AGENTS

    assert issubclass(cls, Agent)
    assert issubclass(cls.Config, AgentConfig)
    assert isinstance(cls.subscribes, frozenset) and cls.subscribes, f"{cls.name} subscribes to nothing"
    assert all(isinstance(c, Command) and c.help for c in cls.commands)
    if cls in AGENTS:
        schedules = cls().schedules()
        assert all(isinstance(s, Cron | Daily) for s in schedules)
        package = ROOT / "tests" / "agents" / cls.name
    else:
        package = ROOT / "tests" / "agents" / "system"
    assert list(package.glob("test_*.py")), f"no tests in {package.relative_to(ROOT)}"


def _graph(packages: tuple[str, ...]) -> dict[str, set[str]]:
    """Module → project modules it imports at import time (imports under TYPE_CHECKING or inside functions
    do not count: they cannot form an import cycle)."""
    graph: dict[str, set[str]] = {}
    for pkg in packages:
        for path in sources(pkg):
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            tree = ast.parse(path.read_text())
            found: set[str] = set()
            for node in tree.body:
                if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    found.add(node.module)
                    found |= {f"{node.module}.{a.name}" for a in node.names}
                elif isinstance(node, ast.Import):
                    found |= {a.name for a in node.names}
            graph[module] = {m for m in found if m.split(".")[0] in packages}
    return {m: {d for d in deps if d in graph and d != m} for m, deps in graph.items()}


def test_no_import_cycles() -> None:
    graph = _graph(("integrations", "agents", "bot"))
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for dep in sorted(graph[node]):
            if dep.startswith(node + "."):
                continue  # a package importing its own modules from __init__ is not a cycle
            if state.get(dep) == 1:
                cycles.append(path[path.index(dep):] + [dep] if dep in path else [node, dep])
            elif dep not in state:
                visit(dep, [*path, dep])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    real = [c for c in cycles if not any(b.startswith(a + ".") for a, b in zip(c, c[1:], strict=False))]
    assert real == []


def test_integrations_import_neither_agents_nor_bot() -> None:
    for path in sources("integrations"):
        bad = {m for m in imports_of(path) if m.split(".")[0] in ("agents", "bot")}
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def test_agents_import_only_protocols_models_events_errors() -> None:
    for path in sources("agents"):
        for module in imports_of(path):
            if module.split(".")[0] == "bot":
                pytest.fail(f"{path.relative_to(ROOT)} imports {module}")
            if module.startswith("integrations"):
                assert module in AGENT_MAY_IMPORT, f"{path.relative_to(ROOT)} imports {module}"
            assert module.split(".")[0] not in ("slack_sdk", "slack_bolt", "github", "httpx", "openai"), (
                f"{path.relative_to(ROOT)} imports the vendor SDK {module}"
            )


def test_importing_the_packages_starts_nothing() -> None:
    """No module-level clients, apps, settings or servers: importing everything is silent and quick."""
    modules = [
        ".".join(p.relative_to(ROOT).with_suffix("").parts)
        for pkg in ("integrations", "agents", "bot")
        for p in sources(pkg)
        if p.name != "__main__.py" and "migrations" not in p.parts
    ]
    code = "import importlib, threading\n" + "".join(f"importlib.import_module({m!r})\n" for m in modules) + (
        "assert threading.active_count() == 1, threading.enumerate()\nprint('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "ok"
