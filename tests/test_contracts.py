"""Structure the design card fixes: the same files in every platform folder, the dependency direction
(integrations ← agents ← bot), and no import-time side effects in the packages."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLATFORMS = ["clickup", "github", "slack"]
AGENT_MAY_IMPORT = {"integrations.events", "integrations.models", "integrations.protocols", "integrations.errors"}


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
    for name in ("client.py", "webhook.py", "schemas.py", "sim/__init__.py"):
        assert (folder / name).is_file(), f"integrations/{platform}/{name} is missing"


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
