"""A glance at the settings file, for start-up.

Loading the full settings model (pydantic) costs the interface more than a bare
Textual app's whole start-up, and even importing tomllib costs ~8 ms; the language
and the officer's name, needed before the first paint and on home, are top-level
strings that `save_settings` writes as `key = "value"`. Those lines are read here
directly; a file written any other way is read with tomllib. A broken file gives
nothing here and is reported when the settings are really loaded.
"""

from __future__ import annotations

import re
from typing import Any

from field_app import locations
from field_app.text import clean

_KEYS = ("language", "officer_name")
_PLAIN = re.compile(r'([A-Za-z0-9_-]+)\s*=\s*"([^"\\]*)"\s*(?:#.*)?')


def _plain_lines(text: str) -> dict[str, str] | None:
    """The top-level `key = "text"` values (no escapes), or None when one of `_KEYS`
    (or a multi-line string) is written in a way only a TOML parser reads right."""
    if '"""' in text or "'''" in text:
        return None
    found: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("["):
            break  # a table: every top-level key came before it
        match = _PLAIN.fullmatch(line)
        if match:
            found[match[1]] = match[2]
        elif line.split("=", 1)[0].strip().strip("\"'") in _KEYS:
            return None
    return found


def _raw() -> dict[str, Any]:
    try:
        text = locations.settings_path().read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    plain = _plain_lines(text)
    if plain is not None:
        return plain
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return {}


def configured_language() -> str:
    """The language in the settings file ("vi", "en"), or ""."""
    value = _raw().get("language", "")
    return value if value in ("vi", "en") else ""


def officer_name() -> str:
    """The officer's name in the settings file (cleaned as the settings model does)."""
    value = _raw().get("officer_name", "")
    return clean(value) if isinstance(value, str) else ""
