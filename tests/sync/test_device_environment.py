"""The device's command line in a bad environment: a database it cannot use, a full
disk in the middle of a sync. One sentence saying what to do, never a traceback,
and nothing half-written.

A small disk is a real tmpfs of a few hundred kB when the tests run as root (and
`mount` works); otherwise the file size limit (RLIMIT_FSIZE, with SIGXFSZ ignored)
makes every write past it fail as a full disk does."""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from field_app.store import open_store
from sync.engine import run_sync
from tests.sync.conftest import add_enterprise, add_visit, cli_env, enrolled


def field_app(
    home: Path, *args: str, preexec: Callable[[], None] | None = None
) -> subprocess.CompletedProcess:
    out = subprocess.run(
        [sys.executable, "-m", "field_app.cli", "--lang", "en", *args],
        capture_output=True,
        text=True,
        env=cli_env(home),
        timeout=120,
        preexec_fn=preexec,
    )
    assert "Traceback" not in out.stderr + out.stdout, out.stderr
    return out


def _mount(*args: str) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@contextlib.contextmanager
def small_disk(folder: Path, kib: int, way: str = "tmpfs") -> Iterator[Callable[[], None] | None]:
    """A folder that fills up after about `kib` kB; yields what a child process must
    run first (None with a real tmpfs)."""
    folder.mkdir(parents=True, exist_ok=True)
    if way == "tmpfs" and _mount("-t", "tmpfs", "-o", f"size={kib}k", "tmpfs", str(folder)):
        try:
            yield None
        finally:
            subprocess.run(["umount", "-l", str(folder)], check=False)
        return

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (kib * 1024, kib * 1024))

    yield limit


def test_a_device_file_or_folder_as_database_is_refused_in_one_line(
    tmp_path: Path, isolated_home: Path
) -> None:
    for target in ("/dev/null", str(tmp_path)):
        for command in (["status"], ["sync"], ["demo"], ["export", str(tmp_path / "x.xlsx")]):
            out = field_app(isolated_home, "--db", target, *command)
            assert out.returncode != 0
            assert "is not a database file" in out.stderr


def test_a_read_only_database_is_refused_in_one_line(tmp_path: Path, isolated_home: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    with open_store(folder / "field.db", "An") as store:
        add_enterprise(store)
    mounted = _mount("-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder))
    try:
        if mounted:  # root ignores file modes: a read-only file system it is
            with open_store(folder / "field.db", "An") as store:
                add_enterprise(store)
            assert _mount("-o", "remount,ro", str(folder))
        else:
            os.chmod(folder / "field.db", 0o444)
            os.chmod(folder, 0o555)
        for command in (["status"], ["sync"], ["demo"], ["sync", "--rejected"]):
            out = field_app(isolated_home, "--db", str(folder / "field.db"), *command)
            assert out.returncode == 1, out
            assert "read-only" in out.stderr and "copy it" in out.stderr
        out = field_app(isolated_home, "--db", str(folder / "new.db"), "status")
        assert out.returncode == 1 and "read-only" in out.stderr
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], check=False)
        else:
            os.chmod(folder, 0o755)


@pytest.mark.parametrize("way", ["tmpfs", "rlimit"])
def test_a_full_disk_during_sync_says_so_and_the_next_sync_finishes(
    hq, hq_db: Path, make_device, tmp_path: Path, isolated_home: Path, way: str
) -> None:
    a = make_device("a")
    enrolled(a, hq_db, hq.url, name="An")
    enterprise = add_enterprise(a)
    for i in range(150):
        add_visit(a, enterprise, f"Lần {i}: " + "kho chưa dán nhãn, " * 150)
    assert run_sync(a).ok
    disk = tmp_path / "disk"
    with small_disk(disk, 768, way) as preexec:
        db = disk / "b.db"
        b = open_store(db, "Bình")  # a limit applies to the child: enroll here, sync there
        enrolled(b, hq_db, hq.url, name="Bình")
        b.close()
        out = field_app(isolated_home, "--db", str(db), "sync", "--quiet", preexec=preexec)
        assert out.returncode == 6, out
        assert "disk is full or cannot be written" in out.stderr
        if preexec is None:  # space freed
            assert _mount("-o", "remount,size=64m", str(disk))
        out = field_app(isolated_home, "--db", str(db), "sync", "--quiet")
        assert out.returncode == 0, out.stderr
        with open_store(db) as b:
            assert b.counts()["visits"] == 150


@pytest.mark.parametrize("command", [["demo"], ["status"]])
def test_a_full_disk_for_other_commands_says_so(
    tmp_path: Path, isolated_home: Path, command: list[str]
) -> None:
    disk = tmp_path / "disk"
    with small_disk(disk, 256) as preexec:
        out = field_app(isolated_home, "--db", str(disk / "f.db"), "demo", preexec=preexec)
        assert out.returncode == 1 and "disk is full or cannot be written" in out.stderr
        out = field_app(isolated_home, "--db", str(disk / "f.db"), *command, preexec=preexec)
        assert "Traceback" not in out.stderr
