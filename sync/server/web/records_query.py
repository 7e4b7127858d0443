"""The filtered table of records (`/records`): parsing the filters of a URL and
reading one page of matches from a scope's copy, newest first."""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from field_app.i18n import _
from sync.server.storage import HQStore
from sync.server.web.mirror import ALL, Mirror
from sync.server.web.record_kinds import BY_KEY, LISTED, WebKind
from sync.server.web.site import BadInput, parse_day

PAGE_SIZE = 50
REVIEW_FILTERS = ("approved", "issues", "none")


@dataclass
class RecordFilter:
    """The `/records` query parameters, checked."""

    kind: str = ""
    officer: int | None = None
    start: date | None = None
    end: date | None = None
    commune: str = ""
    review: str = ""
    enterprise: str = ""
    page: int = 1
    devices: list[str] | None = field(default=None, repr=False)
    """The officer's devices (None: every device)."""

    def params(self) -> dict[str, Any]:
        """The filters as URL parameters (empty ones left out by `page_url`)."""
        return {
            "kind": self.kind,
            "officer": self.officer or "",
            "from": self.start.isoformat() if self.start else "",
            "to": self.end.isoformat() if self.end else "",
            "commune": self.commune,
            "review": self.review,
            "enterprise": self.enterprise,
        }

    def kinds(self) -> list[WebKind]:
        """The kinds this filter lists."""
        return [BY_KEY[self.kind]] if self.kind else [BY_KEY[k] for k in LISTED]


def parse_filter(
    query: dict[str, str], hq: HQStore, scope: str, *, paged: bool = True
) -> RecordFilter:
    """A RecordFilter from URL parameters; BadInput says which one to fix."""
    flt = RecordFilter()
    kind = query.get("kind", "").strip()
    if kind and kind not in BY_KEY:
        raise BadInput(
            _("kind '{kind}' is not known: use one of {kinds}").format(
                kind=kind, kinds=", ".join(BY_KEY)
            )
        )
    flt.kind = kind
    officer = query.get("officer", "").strip()
    if officer:
        if not officer.isdigit():
            raise BadInput(_("officer: choose an officer from the list"))
        flt.officer = int(officer)
        flt.devices = officer_devices(hq, flt.officer, scope)
    flt.start = parse_day(query.get("from"), _("From"))
    flt.end = parse_day(query.get("to"), _("To"))
    if flt.start and flt.end and flt.start > flt.end:
        raise BadInput(_("the 'from' date is after the 'to' date"))
    flt.commune = query.get("commune", "").strip()[:200]
    review = query.get("review", "").strip()
    if review and review not in REVIEW_FILTERS:
        raise BadInput(_("review: choose approved, has issues or not reviewed"))
    flt.review = review
    flt.enterprise = query.get("enterprise", "").strip()[:64]
    if paged:
        page = query.get("page", "1").strip() or "1"
        if not page.isdigit() or not 1 <= int(page) <= 100_000:
            raise BadInput(_("page: give a page number from 1"))
        flt.page = int(page)
    return flt


def officer_devices(hq: HQStore, officer_id: int, scope: str) -> list[str]:
    """The devices of an officer in `scope` (none for an officer of another province)."""
    sql = "SELECT d.id FROM devices d JOIN officers o ON o.id = d.officer_id WHERE o.id = ?"
    params: list[Any] = [officer_id]
    if scope != ALL:
        sql += " AND o.province_key = ?"
        params.append(scope)
    return [r[0] for r in hq.query(sql, params)]


def officers_in_scope(hq: HQStore, scope: str) -> list[dict[str, Any]]:
    """Officers (id, name, province) a user of `scope` may filter by."""
    sql = "SELECT id, name, province FROM officers"
    params: list[Any] = []
    if scope != ALL:
        sql += " WHERE province_key = ?"
        params.append(scope)
    return [dict(r) for r in hq.query(sql + " ORDER BY name", params)]


def _conditions(k: WebKind, flt: RecordFilter) -> tuple[list[str], list[Any], bool, bool]:
    where, params = ["1"], []  # conditions are joined with AND
    if flt.devices is not None:
        marks = ", ".join("?" for _d in flt.devices) or "NULL"
        where.append(f"r.device_id IN ({marks})")
        params += flt.devices
    if flt.start:
        where.append(f"r.{k.day} >= ?")
        params.append(flt.start.isoformat())
    if flt.end:
        where.append(f"r.{k.day} <= ?")
        params.append(flt.end.isoformat())
    if (flt.enterprise or flt.commune) and not k.has_enterprise:
        where.append("0")  # a course belongs to no one enterprise or commune
    if flt.enterprise and k.has_enterprise:
        where.append("r.enterprise_id = ?")
        params.append(flt.enterprise)
    needs_enterprise = bool(flt.commune) and k.has_enterprise
    if flt.commune and k.has_enterprise:
        where.append("e.commune = ?")
        params.append(flt.commune)
    needs_review = bool(flt.review)
    if flt.review == "none":
        where.append("v.state IS NULL")
    elif flt.review:
        where.append("v.state = ?")
        params.append(flt.review)
    return where, params, needs_enterprise, needs_review


_SCORE = {
    "audits_5s": "r.total_percent",
    "vietgap_checks": "r.ready",
    "training_courses": "r.participants",
}


def _select(k: WebKind, flt: RecordFilter, limit: int) -> tuple[str, list[Any]]:
    where, params, _e, _v = _conditions(k, flt)
    score = _SCORE.get(k.table, "NULL")
    if k.has_enterprise:
        owner = "r.enterprise_id, e.name AS enterprise, e.commune"
        join = " JOIN enterprises e ON e.id = r.enterprise_id"
    else:
        owner, join = "NULL AS enterprise_id, r.place AS enterprise, NULL AS commune", ""
    sql = (
        f"SELECT '{k.key}' AS kind, r.id, {owner},"
        f" r.{k.day} AS day, r.status, r.created_by, r.device_id, {k.summary} AS summary,"
        f" {score} AS score, v.state AS review, v.comment AS review_comment"
        f" FROM {k.table} r{join}"
        " LEFT JOIN reviews v ON v.record_id = r.id"
        f" WHERE {' AND '.join(where)} ORDER BY r.{k.day} DESC, r.id DESC LIMIT {int(limit)}"
    )
    return sql, params


def count_records(mirror: Mirror, flt: RecordFilter) -> int:
    """How many records match."""
    total = 0
    for k in flt.kinds():
        where, params, with_enterprise, with_review = _conditions(k, flt)
        joins = " JOIN enterprises e ON e.id = r.enterprise_id" if with_enterprise else ""
        if with_review:
            joins += " LEFT JOIN reviews v ON v.record_id = r.id"
        total += int(
            mirror.store.scalar(
                f"SELECT count(*) FROM {k.table} r{joins} WHERE {' AND '.join(where)}",
                tuple(params),
            )
            or 0
        )
    return total


def record_page(mirror: Mirror, flt: RecordFilter, size: int = PAGE_SIZE) -> list[dict[str, Any]]:
    """One page of matching records, newest first across kinds."""
    offset = (flt.page - 1) * size
    lists = []
    for k in flt.kinds():
        sql, params = _select(k, flt, offset + size)
        lists.append([dict(r) for r in mirror.store.query(sql, tuple(params))])
    merged = heapq.merge(*lists, key=lambda r: (r["day"] or "", r["id"]), reverse=True)
    return list(merged)[offset : offset + size]


def matching_ids(mirror: Mirror, flt: RecordFilter, limit: int) -> list[tuple[str, str]]:
    """(kind key, id) of every match, up to `limit` (for exports)."""
    found: list[tuple[str, str]] = []
    for k in flt.kinds():
        sql, params = _select(k, flt, limit)
        found += [(r["kind"], r["id"]) for r in mirror.store.query(sql, tuple(params))]
    return found[:limit]
