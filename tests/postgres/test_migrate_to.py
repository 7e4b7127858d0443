"""`field-hq migrate-to postgresql://...`: a province's SQLite file moves whole into
PostgreSQL (officers, devices and their tokens, records, conflicts, attachments),
the counts are compared, and the officers' laptops go on syncing with the tokens
they hold."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import httpx

from field_app.locations import attachments_dir
from sync.engine import run_sync
from sync.server.storage import HQStore
from tests.sync.conftest import ThreadServer, add_enterprise, add_visit, enrolled, fast_link


def _cli(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sync.server.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **env},
        timeout=120,
        check=False,
    )


def _counts(target: str, data: Path) -> dict[str, int]:
    hq = HQStore(target, data_dir=data)
    try:
        tables = ("officers", "devices", "records", "mutations", "conflicts", "files", "aliases")
        counts = {t: int(hq.scalar(f"SELECT count(*) FROM {t}")) for t in tables}
        counts["seq"] = hq.current_seq()
        return counts
    finally:
        hq.close()


def test_sqlite_file_moves_to_postgresql_and_devices_keep_syncing(
    tmp_path, pg_url, make_device, monkeypatch
):
    source = tmp_path / "hq" / "hq.db"
    server = ThreadServer(source)
    try:
        a, b = make_device("a"), make_device("b")
        ca, cb = enrolled(a, source, server.url), enrolled(b, source, server.url)
        ent = add_enterprise(a)
        visits = {add_visit(a, ent, f"Lần {n}") for n in range(5)}
        folder = attachments_dir(a.path)
        folder.mkdir(parents=True)
        content = "Biên bản kiểm tra".encode() * 5000
        sha = hashlib.sha256(content).hexdigest()
        (folder / sha).write_bytes(content)
        assert run_sync(a, credentials=ca, link=fast_link(ca, server.url)).ok
        assert run_sync(b, credentials=cb, link=fast_link(cb, server.url)).ok
        # The same field changed on both laptops: a conflict headquarters keeps.
        a.enterprises.update(ent, {"phone": "0911111111"})
        b.enterprises.update(ent, {"phone": "0922222222"})
        run_sync(a, credentials=ca, link=fast_link(ca, server.url))
        run_sync(b, credentials=cb, link=fast_link(cb, server.url))
    finally:
        server.stop()
    before = _counts(str(source), tmp_path / "unused")
    assert before["conflicts"] >= 1 and before["files"] == 1 and before["devices"] == 2

    data = tmp_path / "pg-data"
    env = {"FIELD_HQ_DATA": str(data)}
    moved = _cli(tmp_path, env, "--db", str(source), "migrate-to", pg_url)
    assert moved.returncode == 0, moved.stderr
    assert "counts match" in moved.stdout.splitlines()[-1]
    assert _counts(pg_url, data) == before

    # Copying again into the now full database is refused, and changes nothing.
    again = _cli(tmp_path, env, "--db", str(source), "migrate-to", pg_url)
    assert again.returncode == 1 and "already holds" in again.stderr
    assert _counts(pg_url, data) == before

    monkeypatch.setenv("FIELD_HQ_DATA", str(data))
    server = ThreadServer(pg_url)  # type: ignore[arg-type]
    try:
        # The laptops keep their tokens: a new visit goes up, the other pulls it.
        new = add_visit(a, ent, "Sau khi chuyển")
        assert run_sync(a, credentials=ca, link=fast_link(ca, server.url)).ok
        assert run_sync(b, credentials=cb, link=fast_link(cb, server.url)).ok
        held = {r[0] for r in b.query("SELECT id FROM visits")}
        assert visits | {new} <= held
        got = httpx.get(
            f"{server.url}/v1/files/{sha}/content",
            headers={"Authorization": f"Bearer {cb.token}"},
        )
        assert got.status_code == 200 and got.content == content
        # Ids continue after the copied ones: a new officer enrolls a new laptop.
        c = make_device("c")
        cc = enrolled(c, pg_url, server.url, name="Người mới")
        assert run_sync(c, credentials=cc, link=fast_link(cc, server.url)).ok
    finally:
        server.stop()


def test_migrate_to_needs_a_sqlite_file_and_a_postgresql_url(tmp_path, pg_url):
    missing = _cli(tmp_path, {}, "--db", str(tmp_path / "none.db"), "migrate-to", pg_url)
    assert missing.returncode == 1 and "no such headquarters file" in missing.stderr
    (tmp_path / "hq.db").touch()
    wrong = _cli(tmp_path, {}, "--db", str(tmp_path / "hq.db"), "migrate-to", "other.db")
    assert wrong.returncode == 1 and "postgresql://" in wrong.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hq.db"]
