"""Headquarters' files: owner-only whatever the umask, partial uploads with a
quota and an expiry, file names matched whole."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from sync.server import files
from sync.server.storage import HQStore
from tests.sync.conftest import enrolled


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_database_wal_shm_and_files_are_owner_only_under_umask_022(tmp_path: Path) -> None:
    db = tmp_path / "hq" / "hq.db"
    # A real `field-hq` process under the default umask: create, write, upload a file.
    script = (
        "import os, sys\n"
        "os.umask(0o022)\n"
        "from sync.server.storage import HQStore\n"
        "from sync.server import files\n"
        "hq = HQStore(sys.argv[1])\n"
        "with hq.atomic() as conn:\n"
        "    conn.execute(\"INSERT INTO meta VALUES ('x', 'y')\")\n"
        "data = b'anh chup kho'\n"
        "import hashlib\n"
        "sha = hashlib.sha256(data).hexdigest()\n"
        "files.put_chunk(hq, 'dev', sha, 0, len(data) + 1, data[:5])\n"
        "sha2 = hashlib.sha256(b'x').hexdigest()\n"
        "files.put_chunk(hq, 'dev', sha2, 0, 1, b'x')\n"
        "print(sha, sha2)\n"
        "sys.stdout.flush()\n"
        "os._exit(0)  # leave -wal and -shm behind, as a killed server would\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(db)], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    partial_sha, done_sha = out.stdout.split()
    folder = db.parent / "hq-files"
    for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        assert path.exists() and mode(path) == 0o600, (path, oct(mode(path)))
    assert mode(folder) == 0o700 and mode(folder / "partial") == 0o700
    assert mode(folder / "partial" / partial_sha) == 0o600
    assert mode(folder / done_sha[:2]) == 0o700 and mode(folder / done_sha[:2] / done_sha) == 0o600


def test_files_made_before_are_tightened_when_headquarters_opens(tmp_path: Path) -> None:
    db = tmp_path / "hq.db"
    db.touch(mode=0o644)
    os.chmod(db, 0o644)
    HQStore(db).close()
    assert mode(db) == 0o600


def test_partial_uploads_expire_and_count_against_a_quota(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hq = HQStore(tmp_path / "hq.db")
    try:
        monkeypatch.setattr(files, "PARTIAL_QUOTA_BYTES", 1000)
        data = os.urandom(600)
        sha = hashlib.sha256(data).hexdigest()
        files.put_chunk(hq, "dev-a", sha, 0, 600, data[:100])
        # A second unfinished file would take the device past its quota.
        other = os.urandom(600)
        with pytest.raises(files.AccessError) as refused:
            files.put_chunk(hq, "dev-a", hashlib.sha256(other).hexdigest(), 0, 600, other[:100])
        assert refused.value.status == 413 and refused.value.code == "upload_quota"
        # Another device has a quota of its own.
        files.put_chunk(hq, "dev-b", hashlib.sha256(other).hexdigest(), 0, 600, other[:100])
        # Eight days later the unfinished ones are gone and the quota free again.
        later = datetime.now(UTC) + timedelta(days=files.PARTIAL_EXPIRY_DAYS + 1)
        assert files.expire_partials(hq, now=later) == 2
        assert files.file_state(hq, sha) == {"sha256": sha, "have": 0, "complete": False}
        assert hq.scalar("SELECT count(*) FROM partial_files") == 0
        state = files.put_chunk(hq, "dev-a", sha, 0, 600, data)
        assert state["complete"] and hq.scalar("SELECT count(*) FROM partial_files") == 0
    finally:
        hq.close()


@pytest.mark.parametrize(
    "name",
    ["%0A", "%20", "X", "%00"],
    ids=["newline", "space", "upper-case", "nul"],
)
def test_file_names_are_matched_whole(hq, hq_db: Path, make_device, name: str) -> None:
    device = make_device("a")
    creds = enrolled(device, hq_db, hq.url)
    sha = hashlib.sha256(b"anh").hexdigest()
    target = sha.upper() if name == "X" else sha + name
    headers = {"Authorization": f"Bearer {creds.token}"}
    put = httpx.put(
        f"{hq.url}/v1/files/{target}",
        params={"offset": 0, "total": 3},
        content=b"an",
        headers=headers,
    )
    assert put.status_code == 400 and put.json()["code"] == "bad_hash"
    get = httpx.get(f"{hq.url}/v1/files/{target}", headers=headers)
    assert get.status_code == 400
    hqs = HQStore(hq_db)
    assert hqs.scalar("SELECT count(*) FROM partial_files") == 0
    hqs.close()
    assert not (hq_db.parent / "hq-files" / "partial").exists() or not any(
        (hq_db.parent / "hq-files" / "partial").iterdir()
    )


def test_chunk_numbers_out_of_range_are_422(hq, hq_db: Path, make_device) -> None:
    device = make_device("a")
    creds = enrolled(device, hq_db, hq.url)
    sha = hashlib.sha256(b"anh").hexdigest()
    for params in ({"offset": 2**63, "total": 3}, {"offset": 0, "total": -1}, {"offset": "x"}):
        resp = httpx.put(
            f"{hq.url}/v1/files/{sha}",
            params=params,
            content=b"an",
            headers={"Authorization": f"Bearer {creds.token}"},
        )
        assert resp.status_code == 422, resp.text
