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


def save_credentials(creds: Credentials) -> Path:
    """Store the token readable by the owner only (written atomically)."""
    from field_app.locations import ensure_private_dir

    path = credentials_path()
    ensure_private_dir(path.parent)
    data = _read_all(path)
    devices = data.get("devices")
    if not isinstance(devices, dict):
        devices = data["devices"] = {}
    devices[creds.device_id] = asdict(creds)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    os.chmod(path, 0o600)
    return path
