"""Headquarters keeps passwords as argon2id hashes at full cost (the web tests hash at
the smallest cost to save time: this is where the real parameters are checked)."""

from __future__ import annotations

from pathlib import Path

from sync.server.storage import HQStore
from sync.server.users import add_user, verify_login


def test_a_password_is_stored_as_an_argon2id_hash_at_full_cost(tmp_path: Path) -> None:
    hq = HQStore(tmp_path / "hq.db")
    try:
        add_user(hq, "thu", "Nguyễn Thị Thu", "Lạng Sơn", "reviewer", "mật khẩu dài đủ")
        (stored,) = hq.query("SELECT password_hash FROM hq_users WHERE login = ?", ("thu",))[0]
        # RFC 9106's second recommendation, argon2-cffi's default: 64 MiB, 3 passes.
        assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$"), stored
        assert verify_login(hq, "thu", "mật khẩu dài đủ") is not None
        assert verify_login(hq, "thu", "mật khẩu sai") is None
    finally:
        hq.close()
