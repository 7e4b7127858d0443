"""Storage: the SQLite file, its migrations, and the repository over it."""

from field_app.store.db import StorageError
from field_app.store.migrations import SCHEMA_VERSION
from field_app.store.store import Store, open_store
from field_app.store.visits import IncompleteError, RecordLockedError

__all__ = [
    "SCHEMA_VERSION",
    "IncompleteError",
    "RecordLockedError",
    "StorageError",
    "Store",
    "open_store",
]
