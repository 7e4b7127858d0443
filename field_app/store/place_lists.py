"""Lists of provinces and communes headquarters published after this release.

The map changes (communes merged again in April 2026): headquarters publishes the
new list as records of kind `place_list`, one per province (a record stays small),
and devices pull them like checklist templates. When the store opens, the newest
version whose every part has arrived and passes the checks is handed to
`field_app.places`; an incomplete or damaged one is noted and an older one kept.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from field_app.places import Place, parse_place_list, use_place_list

if TYPE_CHECKING:
    from field_app.store.store import Store


class PlaceListRepo:
    """The published place lists on this device, newest first."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.problems: list[str] = []
        """Published lists that could not be used, each saying which and why."""
        self.apply()

    def newest(self) -> tuple[str, tuple[Place, ...]] | None:
        """(label, communes) of the newest usable list, or None when none was published."""
        self.problems = []
        versions: dict[int, list[Any]] = {}
        try:
            rows = self.store.query(
                "SELECT version, part, parts, published_on, body FROM place_lists ORDER BY part"
            )
        except sqlite3.OperationalError:
            return None  # a database opened without upgrading has no such table yet
        for row in rows:
            versions.setdefault(row["version"], []).append(row)
        for version in sorted(versions, reverse=True):
            rows = versions[version]
            label = f"places@{version}"
            if len(rows) != rows[0]["parts"]:
                self.problems.append(
                    f"{label}: {len(rows)} of {rows[0]['parts']} parts arrived so far"
                )
                continue
            try:
                places = tuple(p for row in rows for p in parse_place_list(row["body"]))
            except ValueError as exc:
                self.problems.append(f"{label}: {exc}")
                continue
            if len({p.commune_code for p in places}) != len(places):
                self.problems.append(f"{label}: a commune code appears in two parts")
                continue
            published = rows[0]["published_on"]
            return (f"{label} ({published})" if published else label), places
        return None

    def apply(self) -> str:
        """Make lookups use the newest usable list (or the shipped file); its label."""
        found = self.newest()
        use_place_list(found[1] if found else None, found[0] if found else "")
        return found[0] if found else ""
