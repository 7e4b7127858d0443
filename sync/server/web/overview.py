"""`/`: the province at a glance for this year."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from field_app.store.status import COUNTS
from sync.server.storage import HQStore
from sync.server.web.mirror import ALL, Mirror
from sync.server.web.record_kinds import BY_KEY, LISTED
from sync.server.web.site import Web, localized

STALE_DAYS = 14
EXPIRY_DAYS = 90


def router(web: Web) -> APIRouter:
    """The overview route."""
    routes = APIRouter()

    @routes.get("/")
    @localized(web)
    def overview(request: Request) -> Response:
        viewer = web.viewer(request)
        mirror = web.mirror(viewer)
        today = date.today()
        return web.render(
            request,
            viewer,
            "overview.html",
            this_year=today.year,
            today=today,
            counts=counts(mirror),
            months=by_month(mirror, today.year),
            kinds=[BY_KEY[k] for k in LISTED],
            officers=officer_activity(web.hq, mirror, viewer.scope, today),
            stale=stale_devices(web.hq, viewer.scope, STALE_DAYS),
            overdue=overdue_actions(mirror, today),
            expiring=expiring_certificates(mirror, today),
        )

    return routes


def counts(mirror: Mirror) -> dict[str, int]:
    """What headquarters holds in this scope, with the keys of `status --json`."""
    return {key: int(mirror.store.scalar(sql) or 0) for key, sql in COUNTS.items()}


def by_month(mirror: Mirror, year: int) -> list[dict[str, Any]]:
    """Records per month of `year`, one count per listed kind."""
    rows = []
    for m in range(1, 13):
        last = calendar.monthrange(year, m)[1]
        rows.append(
            {
                "month": m,
                "start": f"{year}-{m:02d}-01",
                "end": f"{year}-{m:02d}-{last:02d}",
                **{k: 0 for k in LISTED},
            }
        )
    for key in LISTED:
        k = BY_KEY[key]
        for month, n in mirror.store.query(
            f"SELECT substr({k.day}, 6, 2), count(*) FROM {k.table}"
            f" WHERE {k.day} BETWEEN ? AND ? GROUP BY 1",
            (f"{year}-01-01", f"{year}-12-31"),
        ):
            if month and month.isdigit() and 1 <= int(month) <= 12:
                rows[int(month) - 1][key] = n
    return rows


def _scoped(sql: str, scope: str, column: str = "o.province_key") -> tuple[str, list[Any]]:
    if scope == ALL:
        return sql, []
    glue = " AND " if " WHERE " in sql else " WHERE "
    return f"{sql}{glue}{column} = ?", [scope]


def officer_activity(hq: HQStore, mirror: Mirror, scope: str, today: date) -> list[dict[str, Any]]:
    """Each officer: last sync, records this month, refused records not yet fixed."""
    sql, params = _scoped(
        "SELECT o.id, o.name, o.province, o.revoked, max(d.last_seen) AS last_seen,"
        " group_concat(d.id) AS devices FROM officers o"
        " LEFT JOIN devices d ON d.officer_id = o.id",
        scope,
    )
    officers = [dict(r) for r in hq.query(sql + " GROUP BY o.id ORDER BY o.name", params)]
    start = today.replace(day=1).isoformat()
    per_device: dict[str, int] = {}
    for key in LISTED:
        k = BY_KEY[key]
        for device, n in mirror.store.query(
            f"SELECT device_id, count(*) FROM {k.table} WHERE {k.day} >= ? GROUP BY device_id",
            (start,),
        ):
            per_device[device] = per_device.get(device, 0) + n
    refused: dict[str, int] = dict(
        hq.query(
            "SELECT f.device_id, count(*) FROM refusals f WHERE NOT EXISTS (SELECT 1 FROM records"
            " r WHERE r.entity = f.entity AND r.id = f.record_id) GROUP BY f.device_id"
        )
    )
    for o in officers:
        devices = (o.pop("devices") or "").split(",")
        o["this_month"] = sum(per_device.get(d, 0) for d in devices if d)
        o["refused"] = sum(refused.get(d, 0) for d in devices if d)
    return officers


def stale_devices(hq: HQStore, scope: str, days: int) -> list[dict[str, Any]]:
    """Enrolled devices (token still valid) not heard from for `days` days."""
    limit = (datetime.now(UTC) - timedelta(days=days)).isoformat()
    sql, params = _scoped(
        "SELECT d.id, d.name, o.name AS officer, d.last_seen, d.enrolled_at FROM devices d"
        " JOIN officers o ON o.id = d.officer_id WHERE d.token_hash IS NOT NULL"
        " AND coalesce(d.last_seen, d.enrolled_at) < ?",
        scope,
    )
    return [dict(r) for r in hq.query(sql + " ORDER BY d.last_seen", [limit, *params])]


def overdue_actions(mirror: Mirror, today: date, limit: int = 20) -> dict[str, Any]:
    """Open actions past their due date: how many, and the oldest ones."""
    where = "a.status = 'open' AND a.due_date IS NOT NULL AND a.due_date < ?"
    total = mirror.store.scalar(
        f"SELECT count(*) FROM actions a WHERE {where}", (today.isoformat(),)
    )
    rows = mirror.store.query(
        "SELECT a.what, a.due_date, a.enterprise_id, e.name AS enterprise FROM actions a"
        f" JOIN enterprises e ON e.id = a.enterprise_id WHERE {where}"
        f" ORDER BY a.due_date LIMIT {int(limit)}",
        (today.isoformat(),),
    )
    return {"total": int(total or 0), "rows": [dict(r) for r in rows]}


def expiring_certificates(mirror: Mirror, today: date, limit: int = 20) -> dict[str, Any]:
    """Certificates whose validity ends in the next EXPIRY_DAYS days."""
    span = (today.isoformat(), (today + timedelta(days=EXPIRY_DAYS)).isoformat())
    where = "c.valid_until BETWEEN ? AND ?"
    total = mirror.store.scalar(f"SELECT count(*) FROM certifications c WHERE {where}", span)
    rows = mirror.store.query(
        "SELECT c.standard, c.number, c.valid_until, c.enterprise_id, e.name AS enterprise"
        f" FROM certifications c JOIN enterprises e ON e.id = c.enterprise_id WHERE {where}"
        f" ORDER BY c.valid_until LIMIT {int(limit)}",
        span,
    )
    return {"total": int(total or 0), "rows": [dict(r) for r in rows]}
