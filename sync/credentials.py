"""What enrollment gave a device, kept owner-only next to the settings."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass
class Credentials:
    """What enrollment gave this device."""

    server: str
    token: str
    device_id: str
    officer: str = ""
    province: str = ""


def credentials_path() -> Path:
    """The file holding device tokens (owner-only), keyed by device id."""
    from field_app.locations import config_dir

    return config_dir() / "sync.json"


def _read_all(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def load_credentials(device_id: str) -> Credentials | None:
    """This device's enrollment, or None (also for a damaged file)."""
    entry = _read_all(credentials_path()).get("devices", {}).get(device_id)
    if not isinstance(entry, dict):
        return None
    try:
        return Credentials(**entry)
    except TypeError:
        return None


def _section(data: dict, name: str) -> dict:
    section = data.get(name)
    if not isinstance(section, dict):
        section = data[name] = {}
    return section


def save_credentials(creds: Credentials) -> Path:
    """Store the token readable by the owner only (written atomically); the device's
    enrollment attempt, if any, is over."""
    data = _read_all(credentials_path())
    _section(data, "devices")[creds.device_id] = asdict(creds)
    _section(data, "enrolling").pop(creds.device_id, None)
    return _write_all(data)


def enrollment_secret(device_id: str, code_key: str) -> tuple[str, bool]:
    """The secret of this device's enrollment with the code `code_key` (normalised),
    made and saved (owner-only) before the first request, and whether it was made
    for an earlier attempt (so this one is a retry after a lost answer)."""
    import secrets

    data = _read_all(credentials_path())
    attempts = _section(data, "enrolling")
    earlier = attempts.get(device_id)
    if isinstance(earlier, dict) and earlier.get("code") == code_key and earlier.get("secret"):
        return str(earlier["secret"]), True
    secret = secrets.token_urlsafe(32)
    attempts[device_id] = {"code": code_key, "secret": secret}
    _write_all(data)
    return secret, False


def _write_all(data: dict) -> Path:
    from field_app.locations import ensure_private_dir

    path = credentials_path()
    ensure_private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    os.chmod(path, 0o600)
    return path
