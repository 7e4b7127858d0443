"""Start-up time of the interface on a 100,000-enterprise database, against a minimal
Textual app (Header, Label, Footer) started the same way.

Each app runs as a fresh `python` process on a real pseudo-terminal (120x40). The
time runs from just before the process is spawned until the app writes "first
screen ready" (field-app: home with its data drawn; minimal app: after its first
refresh), via FIELD_APP_READY_FILE. Runs alternate; medians are compared.

    python bench/startup.py [--runs N]     # last line: startup_ratio: X
"""

from __future__ import annotations

import sys

# bench/typing.py shares its name with the standard module and Python puts this folder
# first on sys.path: move it last so `import typing` (pydantic, textual) finds the stdlib.
sys.path.append(sys.path.pop(0))

import argparse
import os
import pty
import select
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from _fixtures import OUT, demo_db

ROOT = Path(__file__).resolve().parent.parent

MINIMAL = """
import os, time
from textual.app import App
from textual.widgets import Footer, Header, Label

class Minimal(App):
    def compose(self):
        yield Header()
        yield Label("Hello")
        yield Footer()

    def on_mount(self):
        self.call_after_refresh(self.ready)

    def ready(self):
        with open(os.environ["FIELD_APP_READY_FILE"], "w") as fh:
            fh.write(f"screen {time.time()!r}\\n")
        self.exit()

Minimal().run()
"""


def run_once(cmd: list[str], env: dict[str, str], timeout: float = 60.0) -> dict[str, float]:
    """Seconds from spawn to each mark the app wrote ("screen", "data"), on a 120x40
    pseudo-terminal."""
    import fcntl
    import struct
    import termios

    with tempfile.TemporaryDirectory() as tmp:
        ready = Path(tmp) / "ready"
        env = {**env, "FIELD_APP_READY_FILE": str(ready), "TERM": "xterm-256color"}
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        start = time.time()
        proc = subprocess.Popen(
            cmd, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT, close_fds=True
        )
        os.close(slave)
        output = b""
        try:
            while proc.poll() is None:  # drain the terminal so the app never blocks
                if time.time() - start > timeout:
                    raise RuntimeError(f"{cmd} did not finish: {output[-2000:]!r}")
                readable, _, _ = select.select([master], [], [], 0.05)
                if readable:
                    try:
                        output += os.read(master, 65536)
                    except OSError:
                        break
            proc.wait(timeout=timeout)
        finally:
            if proc.poll() is None:
                proc.kill()
            os.close(master)
        if not ready.exists():
            raise RuntimeError(f"{cmd} exited without reporting ready: {output[-2000:]!r}")
        marks = dict(line.split() for line in ready.read_text().splitlines())
        return {stage: float(t) - start for stage, t in marks.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    db = demo_db(100_000)
    home = OUT / "startup-home"
    env = {**os.environ, "FIELD_APP_HOME": str(home)}
    env.pop("FIELD_APP_DB", None)
    # A returning officer: settings exist, so field-app opens on home, not the welcome.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "field_app.cli",
            "settings",
            "--set",
            "officer_name",
            "Bench",
            "--set",
            "language",
            "vi",
        ],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    # As an officer starts it: language from the settings file (Vietnamese).
    field_cmd = [sys.executable, "-m", "field_app.cli", "--db", str(db)]
    minimal_cmd = [sys.executable, "-c", MINIMAL]

    run_once(field_cmd, env)  # warm the OS file cache for both before timing
    run_once(minimal_cmd, env)
    field_screen, field_data, minimal = [], [], []
    for _ in range(args.runs):
        minimal.append(run_once(minimal_cmd, env)["screen"])
        marks = run_once(field_cmd, env)
        field_screen.append(marks["screen"])
        field_data.append(marks["data"])
    screen_ms = statistics.median(field_screen) * 1000
    data_ms = statistics.median(field_data) * 1000
    minimal_ms = statistics.median(minimal) * 1000
    print(f"database: {db.name} (100,000 enterprises); {args.runs} runs each; medians (min)")
    print(
        f"minimal Textual app (Header, Label, Footer) drawn: {minimal_ms:6.0f} ms "
        f"({min(minimal) * 1000:.0f})"
    )
    print(
        f"field-app home drawn, taking keys:                {screen_ms:6.0f} ms "
        f"({min(field_screen) * 1000:.0f})"
    )
    print(
        f"field-app home with its data on screen:           {data_ms:6.0f} ms "
        f"({min(field_data) * 1000:.0f})  ratio {data_ms / minimal_ms:.2f}"
    )
    print(f"startup_ratio: {screen_ms / minimal_ms:.2f}")


if __name__ == "__main__":
    main()
