"""Storage: the SQLite file, its migrations, and the repository over it.

The names below are loaded on first use (PEP 562), so a light module of this package
(`field_app.store.home_summary`, read before home's first paint) does not pay for
sqlite-utils and every pydantic model.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from field_app.store.db import StorageError
    from field_app.store.migrations import SCHEMA_VERSION
    from field_app.store.store import Store, open_store
    from field_app.store.visits import IncompleteError, RecordLockedError

_HOMES = {
    "SCHEMA_VERSION": "field_app.store.migrations",
    "IncompleteError": "field_app.store.visits",
    "RecordLockedError": "field_app.store.visits",
    "StorageError": "field_app.store.db",
    "Store": "field_app.store.store",
    "open_store": "field_app.store.store",
}

__all__ = [
    "SCHEMA_VERSION",
    "IncompleteError",
    "RecordLockedError",
    "StorageError",
    "Store",
    "open_store",
]


def __getattr__(name: str) -> Any:
    module = _HOMES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
