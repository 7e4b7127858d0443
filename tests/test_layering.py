"""The layering rules of the project, checked on every run.

- The import contracts in pyproject.toml: the outer layer (screens, the command line)
  above sync above the domain; the domain imports neither sync nor Textual; screens
  never import SQLite. import-linter checks them over the whole import graph.
- Importing every domain and sync module loads no Textual at run time (a plugin or a
  lazy import would slip past a static graph): the domain must work on a server.
- screens/ writes no SQL text of its own.
"""

from __future__ import annotations

import ast
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The command line may open the interface, lazily, when run without a command.
INTERFACE_DOORS = {"field_app/cli.py"}
# "SELECT ... FROM" only in capitals, so "Select an enterprise from the list" is not SQL.
SQL = re.compile(
    r"\bSELECT\s.+\sFROM\b|(?i:\b(INSERT\s+INTO|UPDATE\s+\w+\s+SET\s+\w+\s*=|DELETE\s+FROM"
    r"|CREATE\s+(TABLE|INDEX|TRIGGER|VIEW)|PRAGMA\s+\w+))",
    re.DOTALL,
)


def _modules(package: str) -> list[str]:
    path = ROOT / package
    # The prefix makes walk_packages import subpackages by their full name; without it
    # "reports" could resolve to tests/reports (tests/ is on sys.path under pytest).
    return [package] + [
        m.name
        for m in pkgutil.walk_packages([str(path)], prefix=f"{package}.")
        if not m.name.endswith(".__main__")
    ]


def test_import_contracts_hold() -> None:
    """The layers in pyproject.toml ([tool.importlinter]), checked by import-linter."""
    exe = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(exe) if exe.exists() else "lint-imports", "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_importing_every_domain_and_sync_module_loads_no_textual() -> None:
    modules = _modules("field_app") + _modules("sync")
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'screens'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_screens_write_no_sql_and_never_touch_sqlite() -> None:
    offenders = []
    for path in sorted((ROOT / "screens").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
            if is_text and SQL.search(node.value):
                offenders.append(f"{rel}:{node.lineno}: SQL {node.value[:40]!r}")
            if isinstance(node, ast.Attribute) and node.attr in {"execute", "executemany", "conn"}:
                offenders.append(f"{rel}:{node.lineno}: .{node.attr}")
    assert offenders == []


def test_the_sql_detector_itself_catches_sql() -> None:
    assert SQL.search("SELECT id FROM enterprises")
    assert SQL.search("insert into visits (id) values (1)")
    assert SQL.search("UPDATE visits SET findings = ?")
    assert not SQL.search("Select an enterprise from the list")
    assert not SQL.search("Delete the draft from this device?")
