"""The web interface's read model: a device-schema database per scope.

Headquarters keeps records as JSON in one generic table, made for sync. The web
pages, the exports, the record PDFs and the programme report instead read a copy in
exactly the schema an officer's laptop has, filled by the same code that applies a
pulled page on a device (`PullState.apply_page`). So search, the programme
indicators, the export sheets and the PDFs are the device's own code, run on what a
device of that province would hold (docs/decisions.md, "Headquarters' web pages").

One copy per province (a provincial user sees only it) and one for all provinces
(national users). A copy catches up before every read: it applies the records whose
server sequence is past its cursor, which costs one indexed query when nothing
changed.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path
from typing import Any

from field_app.store import Store
from field_app.store.pull_state import PulledRow
from sync.server import files
from sync.server.officers import AccessError
from sync.server.storage import HQStore

ALL = "*"
PAGE = 5000
# Indexes the web pages' filters and orders need on top of the device's own (a device
# holds one officer's province; the copies hold hundreds of thousands of records).
_INDEXES = """
CREATE INDEX IF NOT EXISTS web_visits_day ON visits(visit_date, id);
CREATE INDEX IF NOT EXISTS web_visits_device ON visits(device_id, visit_date);
CREATE INDEX IF NOT EXISTS web_visits_enterprise ON visits(enterprise_id, visit_date);
CREATE INDEX IF NOT EXISTS web_audits_day ON audits_5s(audit_date, id);
CREATE INDEX IF NOT EXISTS web_audits_device ON audits_5s(device_id, audit_date);
CREATE INDEX IF NOT EXISTS web_audits_enterprise ON audits_5s(enterprise_id, audit_date);
CREATE INDEX IF NOT EXISTS web_checks_day ON vietgap_checks(check_date, id);
CREATE INDEX IF NOT EXISTS web_checks_device ON vietgap_checks(device_id, check_date);
CREATE INDEX IF NOT EXISTS web_checks_enterprise ON vietgap_checks(enterprise_id, check_date);
CREATE INDEX IF NOT EXISTS web_certs_until ON certifications(valid_until);
CREATE INDEX IF NOT EXISTS web_enterprises_commune ON enterprises(commune);
CREATE INDEX IF NOT EXISTS web_supports_tool ON supports(tool, enterprise_id)
"""


def _scope_name(scope: str) -> str:
    return "all" if scope == ALL else "p-" + "".join(c for c in scope if c.isalnum())


class Mirror:
    """The device-schema copy of one scope (a province key, or ALL)."""

    def __init__(self, hq: HQStore, scope: str, folder: Path) -> None:
        self.hq, self.scope = hq, scope
        folder.mkdir(parents=True, exist_ok=True)
        self.store = Store(folder / f"{_scope_name(scope)}.db", officer="headquarters")
        with self.store.atomic() as conn:
            for statement in _INDEXES.split(";"):
                conn.execute(statement)
        self.state = self.store.pulled
        self._catching_up = threading.Lock()

    def catch_up(self) -> int:
        """Apply what headquarters received since the last call; returns records applied."""
        applied = 0
        with self._catching_up:
            while True:
                cursor, top = self.state.cursor(), self.hq.current_seq()
                if cursor >= top:
                    return applied
                where = "seq > ? AND seq <= ?"
                params: list[Any] = [cursor, top]
                if self.scope != ALL:
                    where += " AND province IN (?, ?)"
                    params += [self.scope, ALL]
                rows = self.hq.query(
                    f"SELECT entity, id, seq, data FROM records WHERE {where}"
                    f" ORDER BY seq LIMIT {PAGE}",
                    params,
                )
                done = len(rows) < PAGE
                upto = top if done else rows[-1][2]
                # Headquarters validated every record when it arrived: no check again.
                pulled = [PulledRow(e, i, s, json.loads(d)) for e, i, s, d in rows]
                self.state.apply_page(pulled, [], upto)
                applied += len(rows)
                if done:
                    return applied

    def link_files(self, hashes: list[str]) -> None:
        """Make headquarters' copies of these files visible where the device's code
        looks for attachments (hard links, a copy across disks)."""
        for sha in hashes:
            try:
                target = self.store.attachments.path_for(sha)
                source = files.final_path(self.hq, files.check_sha(sha))
            except (ValueError, AccessError):  # not a hash: nothing to show
                continue
            if target.exists() or not source.exists():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, target)
            except OSError:
                shutil.copyfile(source, target)

    def close(self) -> None:
        """Close the copy's database."""
        self.store.close()


class Mirrors:
    """The copies of one headquarters database, opened on first use."""

    def __init__(self, hq: HQStore) -> None:
        self.hq = hq
        self.folder = hq.path.parent / (hq.path.stem + "-web")
        self._open: dict[str, Mirror] = {}
        self._lock = threading.Lock()

    def get(self, scope: str) -> Mirror:
        """The caught-up copy for a province key (or ALL)."""
        with self._lock:
            mirror = self._open.get(scope)
            if mirror is None:
                mirror = self._open[scope] = Mirror(self.hq, scope, self.folder)
        mirror.catch_up()
        return mirror

    def close(self) -> None:
        """Close every open copy."""
        with self._lock:
            for mirror in self._open.values():
                mirror.close()
            self._open.clear()
