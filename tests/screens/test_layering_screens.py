"""screens/ talks to the data only through field_app's API: besides the standard
library it imports textual, rich, field_app and itself, and never sqlite."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = {"textual", "rich", "field_app", "screens"}
FORBIDDEN_STDLIB = {"sqlite3"}


def imported_modules(path: Path) -> set[str]:
    """Top-level names of every module `path` imports (including inside functions)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_screens_import_only_field_app_textual_and_stdlib() -> None:
    offenders = []
    files = sorted((ROOT / "screens").rglob("*.py"))
    assert files
    for path in files:
        for name in imported_modules(path):
            stdlib = name in sys.stdlib_module_names or name == "__future__"
            if name in FORBIDDEN_STDLIB or not (stdlib or name in ALLOWED):
                offenders.append(f"{path.relative_to(ROOT)}: imports {name}")
    assert offenders == []


def test_the_checker_sees_imports_inside_functions(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    import sqlite3\n    from pydantic import BaseModel\n")
    assert imported_modules(sample) == {"sqlite3", "pydantic"}
