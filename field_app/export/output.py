"""Writing an output file safely: to a temporary file beside it, then renamed.

A report or export that fails halfway (full disk, a killed process, a bad value)
must never leave a half-written file an officer might send on, nor destroy an
older good copy: the target appears only once it is complete.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from field_app.i18n import _


class OutputError(ValueError):
    """An output path cannot be written; the message says what to fix."""


def check_target(path: Path, *, folder: bool = False) -> Path:
    """Check before any work that `path` can be written; return it resolved.

    For a file, its folder must exist and be writable and the path must not be a
    folder. For a `folder` target, it may not exist yet but its parent must.
    """
    path = Path(path).expanduser()
    if folder:
        if path.exists() and not path.is_dir():
            raise OutputError(_("{path} is a file, not a folder").format(path=path))
        parent = path if path.is_dir() else path.parent
    else:
        if path.is_dir():
            raise OutputError(
                _("{path} is a folder: give a file name, e.g. {example}").format(
                    path=path, example=path / "field-app.xlsx"
                )
            )
        parent = path.parent
    parent = parent if str(parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(
            _("cannot write {path}: the folder {folder} does not exist").format(
                path=path, folder=parent
            )
        )
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(
            _("cannot write {path}: no permission to write in {folder}").format(
                path=path, folder=parent
            )
        )
    return path


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; rename it onto `path` only on success.

    The temporary file is in the same folder so the final rename is atomic and never
    crosses file systems; on any error it is removed and `path` is left untouched.
    """
    path = check_target(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        with open(tmp, "rb+") as fh:  # make the content durable before it gets its name
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
