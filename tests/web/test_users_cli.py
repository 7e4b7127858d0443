"""`field-hq user ...`: headquarters staff, separate from officers' devices."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sync.server.storage import HQStore
from sync.server.users import verify_login


def hq(db: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sync.server.cli", "--db", str(db), "user", *args],
        input=stdin, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_add_list_disable_and_change_password(tmp_path: Path):
    db = tmp_path / "hq.db"
    added = hq(db, "add", "Thu.Nguyen", "--name", "Nguyễn Thị Thu", "--province", "Lạng Sơn",
               "--role", "reviewer", "--password-stdin", stdin="mật khẩu thật dài\n")  # fmt: skip
    assert added.returncode == 0, added.stderr
    national = hq(db, "add", "gia", "--name", "Phạm Quốc Gia", "--all-provinces", "--role",
                  "viewer", "--password-stdin", stdin="một mật khẩu khác\n")  # fmt: skip
    assert national.returncode == 0, national.stderr
    listed = json.loads(hq(db, "list", "--json").stdout)
    assert [(u["login"], u["province"], u["role"], u["state"]) for u in listed] == [
        ("gia", "*", "viewer", "active"),
        ("thu.nguyen", "Lạng Sơn", "reviewer", "active"),
    ]
    store = HQStore(db)
    try:
        # Only a hash is stored, and the newline typed after the password is not part of it.
        stored = store.scalar("SELECT password_hash FROM hq_users WHERE login = 'thu.nguyen'")
        assert stored.startswith("$argon2id$") and "dài" not in stored
        assert verify_login(store, "thu.nguyen", "mật khẩu thật dài")
        assert hq(db, "disable", "thu.nguyen").returncode == 0
        assert verify_login(store, "thu.nguyen", "mật khẩu thật dài") is None
        changed = hq(db, "password", "thu.nguyen", "--password-stdin", stdin="mật khẩu mới dài\n")
        assert changed.returncode == 0
        assert verify_login(store, "thu.nguyen", "mật khẩu mới dài")
    finally:
        store.close()


def test_bad_input_is_one_clear_sentence(tmp_path: Path):
    db = tmp_path / "hq.db"
    short = hq(db, "add", "a", "--name", "A", "--province", "Lai Châu", "--role", "admin",
               "--password-stdin", stdin="ngắn\n")  # fmt: skip
    assert short.returncode == 1
    assert "at least 10 characters" in short.stderr and "Traceback" not in short.stderr
    neither = hq(db, "add", "a", "--name", "A", "--role", "admin", "--password-stdin")
    assert neither.returncode == 2 and "--province" in neither.stderr
    again = [hq(db, "add", "b", "--name", "B", "--province", "Lai Châu", "--role", "viewer",
                "--password-stdin", stdin="đủ dài rồi đấy\n") for _ in range(2)]  # fmt: skip
    assert again[1].returncode == 1 and "already exists" in again[1].stderr
    assert "no user" in hq(db, "disable", "nobody").stderr
