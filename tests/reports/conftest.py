"""Fixtures for report and export tests: a CLI runner."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from field_app.cli import main

Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """Run `field-app ARGS...` in process; return (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def status_counts(cli: Cli, db: Path) -> dict:
    """`field-app status --json` of a database."""
    code, out, _err = cli("--db", db, "status", "--json")
    assert code == 0
    return json.loads(out)
