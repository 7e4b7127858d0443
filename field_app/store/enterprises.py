"""Enterprise registry storage: profiles, certifications and support registrations."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import date
from typing import TYPE_CHECKING, Any

from field_app.clock import utc_now
from field_app.models.enterprise import (
    ENTERPRISE_FIELDS,
    Certification,
    Enterprise,
    SearchPage,
    SupportRegistration,
)
from field_app.text import fold_words

if TYPE_CHECKING:
    from field_app.store.store import Store

_META = ("id", "created_at", "updated_at", "created_by", "device_id", "version")
_COLUMNS = _META + ENTERPRISE_FIELDS


def enterprise_row(ent: Enterprise) -> dict[str, Any]:
    """The table row of an enterprise, with its folded search columns."""
    row = ent.model_dump(mode="json", include=set(_COLUMNS))
    row.update(fold_columns(ent))
    return row


def fold_columns(ent: Enterprise) -> dict[str, str]:
    """Folded text the search index is built from."""
    place = " ".join([ent.commune, ent.province, ent.address, ent.old_address])
    return {"name_fold": " ".join(fold_words(ent.name)), "place_fold": " ".join(fold_words(place))}


def _insert_sql(table: str, columns: list[str]) -> str:
    cols = ", ".join(columns)
    marks = ", ".join(f":{c}" for c in columns)
    return f"INSERT INTO {table} ({cols}) VALUES ({marks})"


_ENTERPRISE_INSERT = _insert_sql("enterprises", [*_COLUMNS, "name_fold", "place_fold", "hlc"])


class EnterpriseRepo:
    """All reads and writes of the registry."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._bulk = False

    # -- reads -------------------------------------------------------------------

    def get(self, enterprise_id: str) -> Enterprise | None:
        """One enterprise by id, or None."""
        rows = self.store.query("SELECT * FROM enterprises WHERE id = ?", (enterprise_id,))
        return Enterprise.model_validate(dict(rows[0])) if rows else None

    def find_by_tax_code(self, tax_code: str) -> Enterprise | None:
        """The enterprise holding a tax code, or None."""
        rows = self.store.query("SELECT * FROM enterprises WHERE tax_code = ?", (tax_code,))
        return Enterprise.model_validate(dict(rows[0])) if rows else None

    def same_tax_code(self, enterprise_id: str, tax_code: str, province: str) -> Enterprise | None:
        """Another enterprise of `province` holding `tax_code` (headquarters merges such
        records, so the interface asks before a second one is saved), or None."""
        if not tax_code:
            return None
        rows = self.store.query(
            "SELECT * FROM enterprises WHERE tax_code = ? AND id != ? ORDER BY name",
            (tax_code, enterprise_id),
        )
        for row in rows:
            other = Enterprise.model_validate(dict(row))
            if fold_words(other.province) == fold_words(province):
                return other
        return None

    def record_duplicate_tax_code(self, enterprise_id: str, officer: str) -> None:
        """Remember that an officer confirmed a tax code another enterprise holds."""
        import json

        ent = self.get(enterprise_id)
        note = {"tax_code": ent.tax_code if ent else None, "by": officer, "at": utc_now()}
        self.store.set_meta(f"duplicate_tax_code:{enterprise_id}", json.dumps(note))

    def search(
        self,
        query: str = "",
        *,
        kind: str | None = None,
        commune: str | None = None,
        tool: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> SearchPage:
        """One page of enterprises matching a folded query, best matches first."""
        from field_app.store.search import search_enterprises

        return search_enterprises(
            self.store, query, kind=kind, commune=commune, tool=tool, limit=limit, offset=offset
        )

    def is_empty(self) -> bool:
        """True when the registry holds no enterprise (a first run)."""
        return not self.store.query("SELECT 1 FROM enterprises LIMIT 1")

    def names(self, enterprise_ids: list[str]) -> dict[str, str]:
        """Names of several enterprises by id (for lists of visits); unknown ids are left out."""
        ids = list(dict.fromkeys(enterprise_ids))
        names: dict[str, str] = {}
        for start in range(0, len(ids), 500):  # stay under SQLite's parameter limit
            chunk = ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            rows = self.store.query(
                f"SELECT id, name FROM enterprises WHERE id IN ({marks})", tuple(chunk)
            )
            names.update((r[0], r[1]) for r in rows)
        return names

    def communes(self) -> list[str]:
        """Communes present in the registry, for filters."""
        rows = self.store.query(
            "SELECT DISTINCT commune FROM enterprises WHERE commune != '' ORDER BY commune"
        )
        return [r[0] for r in rows]

    def tools(self) -> list[str]:
        """Support tools and systems present in the registry, for filters."""
        rows = self.store.query("SELECT DISTINCT tool FROM supports ORDER BY tool")
        return [r[0] for r in rows]

    def certifications(self, enterprise_id: str) -> list[Certification]:
        """Certificates held by an enterprise, soonest expiry first."""
        rows = self.store.query(
            "SELECT * FROM certifications WHERE enterprise_id = ?"
            " ORDER BY valid_until IS NULL, valid_until",
            (enterprise_id,),
        )
        return [Certification.model_validate(dict(r)) for r in rows]

    def expiring_certifications(self, today: date, within_days: int = 90) -> list[Certification]:
        """Certificates expiring within `within_days` (or already expired), across the registry."""
        rows = self.store.query(
            "SELECT * FROM certifications WHERE valid_until IS NOT NULL"
            " AND valid_until <= date(?, ?) ORDER BY valid_until",
            (today.isoformat(), f"+{within_days} days"),
        )
        return [Certification.model_validate(dict(r)) for r in rows]

    def supports(self, enterprise_id: str) -> list[SupportRegistration]:
        """Support registrations of an enterprise, newest year first."""
        rows = self.store.query(
            "SELECT * FROM supports WHERE enterprise_id = ? ORDER BY year DESC, tool",
            (enterprise_id,),
        )
        return [SupportRegistration.model_validate(dict(r)) for r in rows]

    # -- writes ------------------------------------------------------------------

    def add(self, data: Enterprise | dict[str, Any]) -> Enterprise:
        """Validate and save a new enterprise; queue it for sync."""
        ent = data if isinstance(data, Enterprise) else Enterprise.model_validate(data)
        ent = ent.model_copy(update=self.store.stamp())
        with self.store.atomic() as conn:
            self._insert(conn, ent)
        return ent

    def _insert(self, conn: Any, ent: Enterprise) -> None:
        row = enterprise_row(ent)
        hlc = self.store.hlc()
        row["hlc"] = hlc
        conn.execute(_ENTERPRISE_INSERT, row)
        payload = {k: row[k] for k in _COLUMNS}
        self.store.emit("enterprise", ent.id, "create", payload, hlc=hlc)

    def update(self, enterprise_id: str, changes: dict[str, Any]) -> Enterprise:
        """Change some profile fields; only the fields that really changed are queued.

        Raises KeyError for an unknown id and pydantic.ValidationError for bad values.
        """
        with self.store.atomic() as conn:
            current = self.get(enterprise_id)
            if current is None:
                raise KeyError(enterprise_id)
            unknown = set(changes) - set(ENTERPRISE_FIELDS)
            if unknown:
                raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
            merged = Enterprise.model_validate({**current.model_dump(), **changes})
            self._write_changes(conn, current, merged)
            return self.get(enterprise_id)  # type: ignore[return-value]

    def _write_changes(self, conn: Any, current: Enterprise, merged: Enterprise) -> bool:
        before = current.model_dump(mode="json", include=set(ENTERPRISE_FIELDS))
        after = merged.model_dump(mode="json", include=set(ENTERPRISE_FIELDS))
        changed = {k: v for k, v in after.items() if before[k] != v}
        if not changed:
            return False
        hlc = self.store.hlc()
        values = {**changed, **fold_columns(merged)}
        sets = ", ".join(f"{k} = :{k}" for k in values)
        conn.execute(
            f"UPDATE enterprises SET {sets}, updated_at = :updated_at, version = version + 1,"
            " hlc = :hlc WHERE id = :id",
            {**values, "updated_at": utc_now(), "hlc": hlc, "id": current.id},
        )
        self.store.emit(
            "enterprise", current.id, "update", changed, base_version=current.version, hlc=hlc
        )
        return True

    def add_certification(
        self, enterprise_id: str, data: Certification | dict[str, Any]
    ) -> Certification:
        """Record a certificate the enterprise holds."""
        cert = data if isinstance(data, Certification) else Certification.model_validate(data)
        cert = cert.model_copy(update={**self.store.stamp(), "enterprise_id": enterprise_id})
        self._insert_child("certifications", "certification", cert)
        return cert

    def add_support(
        self, enterprise_id: str, data: SupportRegistration | dict[str, Any]
    ) -> SupportRegistration:
        """Record a programme support registration."""
        sup = (
            data
            if isinstance(data, SupportRegistration)
            else SupportRegistration.model_validate(data)
        )
        sup = sup.model_copy(update={**self.store.stamp(), "enterprise_id": enterprise_id})
        self._insert_child("supports", "support", sup)
        return sup

    def _insert_child(self, table: str, entity: str, record: Any) -> None:
        row = record.model_dump(mode="json")
        with self.store.atomic() as conn:
            if not conn.execute(
                "SELECT 1 FROM enterprises WHERE id = ?", (row["enterprise_id"],)
            ).fetchone():
                raise KeyError(row["enterprise_id"])
            hlc = self.store.hlc()
            conn.execute(_insert_sql(table, [*row, "hlc"]), {**row, "hlc": hlc})
            self.store.emit(entity, row["id"], "create", row, hlc=hlc)

    def upsert_many(
        self, incoming: list[tuple[Enterprise, str | None, set[str]]]
    ) -> dict[str, int]:
        """Add or update many enterprises in one transaction (used by import).

        `incoming` holds each validated enterprise, the id of the existing record
        it matches (None for a new one) and the fields the source really gave.
        Returns how many were added, updated and unchanged.
        """
        counts = {"added": 0, "updated": 0, "unchanged": 0}
        fields = set(ENTERPRISE_FIELDS)
        # Inside `bulk_load` the batch joins its transaction directly: a savepoint per
        # batch would copy every index page the batch touches into SQLite's
        # sub-journal, which grows with the table (an import slowed down as it went).
        transaction = nullcontext(self.store.conn) if self._bulk else self.store.atomic()
        with transaction as conn, self._deferred_index(conn):
            current_rows = self._rows_by_id(conn, [eid for _e, eid, _g in incoming if eid])
            # New records are written together at the end: one statement for the batch.
            added_rows: list[dict[str, Any]] = []
            for ent, existing_id, given in incoming:
                if existing_id is None:
                    stamp = self.store.stamp()
                    # Re-importing the app's own export keeps ids and registration dates.
                    stamp.update(
                        {k: getattr(ent, k) for k in ("id", "created_at") if getattr(ent, k)}
                    )
                    row = enterprise_row(ent.model_copy(update=stamp))
                    row["hlc"] = self.store.hlc()
                    added_rows.append(row)
                    counts["added"] += 1
                    continue
                row = current_rows[existing_id]
                # Import fills and corrects fields; an empty cell never erases data.
                patch = {
                    k: v
                    for k, v in ent.model_dump(mode="json", include=given & fields).items()
                    if v not in (None, "")
                }
                # Compare stored values directly: most rows of a re-import are unchanged,
                # and skipping model building for them keeps a re-import fast.
                if all(row[k] == v for k, v in patch.items()):
                    counts["unchanged"] += 1
                    continue
                current = Enterprise.model_validate(row)
                merged = Enterprise.model_validate({**row, **patch})
                if self._write_changes(conn, current, merged):
                    counts["updated"] += 1
                else:
                    counts["unchanged"] += 1
            conn.executemany(_ENTERPRISE_INSERT, added_rows)
            self.store.emit_created(
                "enterprise",
                [(row["id"], {k: row[k] for k in _COLUMNS}, row["hlc"]) for row in added_rows],
            )
        return counts

    @contextmanager
    def bulk_load(self) -> Iterator[None]:
        """One transaction in which rows added by many `upsert_many` calls are indexed
        once, at its end (an import writes in batches; indexing each batch separately
        makes the full-text index merge its segments over and over)."""
        with self.store.atomic() as conn, self._deferred_index(conn):
            self._bulk = True
            try:
                yield
            finally:
                self._bulk = False

    @staticmethod
    @contextmanager
    def _deferred_index(conn: Any) -> Iterator[None]:
        """Index new rows in one statement at the end instead of one by one (see m001)."""
        if conn.execute("SELECT 1 FROM meta WHERE key = 'fts_deferred'").fetchone():
            yield  # inside `bulk_load`: it indexes everything at its end
            return
        first = conn.execute("SELECT coalesce(max(rid), 0) + 1 FROM enterprises").fetchone()[0]
        conn.execute("INSERT INTO meta (key, value) VALUES ('fts_deferred', '1')")
        yield
        for index, columns in (
            ("enterprise_fts", "name_fold, place_fold"),
            ("enterprise_tax", "tax_code"),
        ):
            conn.execute(
                f"INSERT INTO {index} (rowid, {columns})"
                f" SELECT rid, {columns} FROM enterprises WHERE rid >= ?",
                (first,),
            )
        conn.execute("DELETE FROM meta WHERE key = 'fts_deferred'")

    @staticmethod
    def _rows_by_id(conn: Any, ids: list[str]) -> dict[str, dict[str, Any]]:
        rows: dict[str, dict[str, Any]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            cur = conn.execute(
                f"SELECT * FROM enterprises WHERE id IN ({', '.join('?' * len(chunk))})", chunk
            )
            cols = [d[0] for d in cur.description]
            for values in cur:
                row = dict(zip(cols, values, strict=True))
                rows[row["id"]] = row
        return rows
