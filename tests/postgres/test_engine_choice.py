"""`--db` and FIELD_HQ_DB: a path is SQLite, a postgresql:// URL is PostgreSQL, and
anything else, or a server that cannot be reached, is one clear line that creates
nothing (it once made a folder named 'postgresql:')."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sync.server.storage import HQStore


def _hq(
    cwd: Path, *args: str, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess:
    environment = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "sync.server.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=environment,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("db", "said"),
    [
        ("mysql://hq@127.0.0.1/fieldhq", "unsupported database 'mysql://'"),
        ("postgresql://hq:secret@127.0.0.1:1/fieldhq", "cannot open the PostgreSQL database"),
    ],
)
@pytest.mark.parametrize("command", [["serve"], ["officer", "list"]])
def test_unusable_database_is_one_line_and_creates_nothing(tmp_path, db, said, command):
    out = _hq(tmp_path, "--db", db, *command)
    assert out.returncode == 1
    assert said in out.stderr and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    assert "secret" not in out.stderr  # the password is never printed
    assert list(tmp_path.iterdir()) == []


def test_missing_database_says_so(tmp_path, pg_cluster):
    url = pg_cluster.url("no_such_db")
    out = _hq(tmp_path, "--db", url, "status")
    assert out.returncode == 1 and 'database "no_such_db" does not exist' in out.stderr
    assert list(tmp_path.iterdir()) == []


def test_field_hq_db_names_a_postgresql_database(tmp_path, pg_url):
    env = {"FIELD_HQ_DB": pg_url, "FIELD_HQ_DATA": str(tmp_path / "data")}
    added = _hq(tmp_path, "officer", "add", "Lò Văn Bình", "--province", "Lạng Sơn", env=env)
    assert added.returncode == 0, added.stderr
    status = json.loads(_hq(tmp_path, "status", "--json", env=env).stdout)
    assert status["officers"] == 1 and status["db"].startswith("postgresql://")
    assert not (tmp_path / "field-hq.db").exists()  # nothing went to the SQLite default
    listed = json.loads(_hq(tmp_path, "officer", "list", "--json", env=env).stdout)
    assert [o["name"] for o in listed] == ["Lò Văn Bình"]
    user = _hq(tmp_path, "user", "add", "thu", "--name", "Nguyễn Thị Thu", "--province",
               "Lạng Sơn", "--role", "admin", "--password-stdin", env=env,
               stdin="một mật khẩu đủ dài\n")  # fmt: skip
    assert user.returncode == 0, user.stderr
    users = json.loads(_hq(tmp_path, "user", "list", "--json", env=env).stdout)
    assert [(u["login"], u["state"]) for u in users] == [("thu", "active")]


def test_a_path_is_still_sqlite(tmp_path):
    out = _hq(tmp_path, "--db", "hq/hq.db", "status", "--json")
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "hq" / "hq.db").is_file()
    hq = HQStore(tmp_path / "hq" / "hq.db")
    try:
        assert hq.engine == "sqlite"
    finally:
        hq.close()
