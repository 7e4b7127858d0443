"""Where field-app keeps its files (one place for every path, via platformdirs).

`FIELD_APP_DB` overrides the database path and `FIELD_APP_HOME` moves the data and
config folders together (handy for tests and for officers keeping several setups).
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "field-app"


def _home_override() -> Path | None:
    home = os.environ.get("FIELD_APP_HOME")
    return Path(home).expanduser() if home else None


def data_dir() -> Path:
    """Folder for the database and attachments."""
    home = _home_override()
    if home:
        return home / "data"
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    """Folder for settings and the sync token."""
    home = _home_override()
    if home:
        return home / "config"
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    """The database used when neither --db nor FIELD_APP_DB says otherwise."""
    env = os.environ.get("FIELD_APP_DB")
    if env:
        return Path(env).expanduser()
    return data_dir() / "field-app.db"


def settings_path() -> Path:
    """The officer's settings file (TOML)."""
    return config_dir() / "settings.toml"


def attachments_dir(db_path: Path) -> Path:
    """Attachments sit beside the database they belong to, named by SHA-256."""
    return db_path.parent / (db_path.stem + "-files")


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and parents) readable by the owner only."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path
