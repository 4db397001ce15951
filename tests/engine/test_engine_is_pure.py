"""The engine stays pure Python: no Django or DRF, directly or through another module."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import floorwalk.engine

ENGINE_DIR = Path(floorwalk.engine.__file__).parent
FORBIDDEN = ("django", "rest_framework")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_engine_module_imports_django() -> None:
    sources = sorted(ENGINE_DIR.glob("*.py"))
    assert len(sources) >= 8
    for source in sources:
        for module in imported_modules(source):
            assert module.split(".")[0] not in FORBIDDEN, f"{source.name} imports {module}"


def test_importing_every_engine_module_loads_no_django() -> None:
    modules = sorted(f"floorwalk.engine.{p.stem}" for p in ENGINE_DIR.glob("*.py"))
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert completed.stdout.strip() == "[]"
