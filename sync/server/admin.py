"""Headquarters' own writes: the official registry, checklist templates, counts."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path
from typing import Any

from field_app.clock import hlc_now, utc_now
from field_app.ids import uuid7
from field_app.models.enterprise import ENTERPRISE_FIELDS
from field_app.text import fold_words
from sync.entities import KINDS, strip_none
from sync.protocol import Mutation
from sync.server.apply import HQ_DEVICE, apply_batch
from sync.server.officers import Principal
from sync.server.storage import HQStore

HQ = Principal(HQ_DEVICE, 0, "headquarters", "*", "*", 0, "")


def import_registry(
    hq: HQStore, path: Path, *, skip_invalid: bool = False, sheets: list[str] | None = None
) -> dict[str, Any]:
    """Load a province's official enterprise list (any file `field-app import` reads).

    The file is read and validated by the app's own importer into a scratch
    database; then each enterprise is matched to headquarters' copy by tax code
    (else name and commune) and sent through the same merge as a device's edit,
    so an officer's newer correction conflicts visibly instead of vanishing.
    """
    from field_app.importer import import_enterprises
    from field_app.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        scratch = open_store(Path(tmp) / "import.db")
        with scratch:
            report = import_enterprises(
                scratch, Path(path), skip_invalid=skip_invalid, sheets=sheets
            )
            rows = [dict(r) for r in scratch.query("SELECT * FROM enterprises")]
    result: dict[str, Any] = {
        "rejected": [
            {"line": r.line, "reason": r.reason, "sheet": r.sheet} for r in report.rejected
        ],
        "ignored_columns": report.ignored_columns,
        "summary": report.summary_lines(),
        "warnings": [n.text() for n in report.warnings],
        "added": 0,
        "updated": 0,
        "unchanged": 0,
        "written": report.written,
    }
    if not report.written:
        return result
    by_tax, by_name = _existing_keys(hq)
    mutations = []
    for row in rows:
        data = {
            k: row[k]
            for k in ("id", "created_at", "updated_at", "created_by", "version", *ENTERPRISE_FIELDS)
        }
        data["device_id"] = HQ_DEVICE
        key = (" ".join(fold_words(row["name"])), " ".join(fold_words(row["commune"])))
        existing = by_tax.get(row["tax_code"]) if row["tax_code"] else by_name.get(key)
        hlc = hlc_now(HQ_DEVICE)
        if existing is None:
            mutations.append(
                Mutation(uuid7(), "enterprise", data["id"], "create", strip_none(data), hlc)
            )
            result["added"] += 1
            continue
        record_id, current = existing
        changes = {
            f: data[f]
            for f in ENTERPRISE_FIELDS
            if data[f] not in (None, "") and current.get(f) != data[f]
        }
        if not changes:
            result["unchanged"] += 1
            continue
        mutations.append(Mutation(uuid7(), "enterprise", record_id, "update", changes, hlc))
        result["updated"] += 1
    for start in range(0, len(mutations), 1000):
        apply_batch(hq, HQ, mutations[start : start + 1000])
    return result


def _existing_keys(hq: HQStore) -> tuple[dict, dict]:
    by_tax: dict[str, tuple[str, dict]] = {}
    by_name: dict[tuple[str, str], tuple[str, dict]] = {}
    for rid, raw in hq.conn.execute("SELECT id, data FROM records WHERE entity = 'enterprise'"):
        data = json.loads(raw)
        if data.get("tax_code"):
            by_tax[data["tax_code"]] = (rid, data)
        else:
            key = (
                " ".join(fold_words(data.get("name"))),
                " ".join(fold_words(data.get("commune"))),
            )
            by_name[key] = (rid, data)
    return by_tax, by_name


def read_template(path: Path) -> dict[str, Any]:
    """A template file (TOML or JSON) checked by the app's checklist model when present."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"{path}: no such file")
    from field_app.checklists import load_template_file

    if path.suffix.lower() in (".toml", ".json"):
        template = load_template_file(path)
        body = template.model_dump(mode="json")
    else:
        text = path.read_text(encoding="utf-8")
        if path.suffix.lower() == ".json":
            body = json.loads(text)
        else:
            import tomllib

            body = tomllib.loads(text)
    for key in ("id", "version", "kind"):
        if key not in body:
            raise ValueError(f"{path}: the template has no '{key}'")
    if not isinstance(body["version"], int) or body["version"] < 1:
        raise ValueError(f"{path}: 'version' must be a whole number from 1")
    return body


def publish_template(hq: HQStore, path: Path) -> dict[str, Any]:
    """Publish a checklist template version to every device (a version never changes)."""
    body = read_template(path)
    record_id = f"{body['id']}@{body['version']}"
    data = {
        "id": body["id"],
        "version": body["version"],
        "kind": str(body["kind"]),
        "body": json.dumps(body, ensure_ascii=False, separators=(",", ":")),
        "installed_at": utc_now(),
    }
    row = hq.query("SELECT data FROM records WHERE entity = 'template' AND id = ?", (record_id,))
    if row:
        old = json.loads(row[0]["data"])
        if old["body"] == data["body"]:
            return {"template": record_id, "status": "unchanged"}
        raise ValueError(
            f"template {record_id} is already published with other content;"
            " publish it as a new version"
        )
    results = apply_batch(
        hq, HQ, [Mutation(uuid7(), "template", record_id, "create", data, hlc_now(HQ_DEVICE))]
    ).outcomes
    if results[0].status == "rejected":
        raise ValueError(f"template refused: {results[0].reason}")
    return {"template": record_id, "status": "published"}


def publish_places(hq: HQStore, path: Path, version: int) -> dict[str, Any]:
    """Publish a newer list of provinces and communes (the shipped file's CSV form) to
    every device; devices use the newest list from their next start."""
    from field_app.places import parse_place_list

    if version < 1:
        raise ValueError("--version must be a whole number from 1")
    from field_app.places import PLACE_COLUMNS

    places = parse_place_list(Path(path).read_text(encoding="utf-8-sig"))
    label = f"places@{version}"
    # One record per province keeps each record within the sync bounds.
    parts: dict[str, list[Any]] = {}
    for place in places:
        parts.setdefault(place.province_code, []).append(place)
    mutations, unchanged = [], 0
    today, now = utc_now()[:10], utc_now()
    for code, members in sorted(parts.items()):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(PLACE_COLUMNS)
        writer.writerows([getattr(p, c) for c in PLACE_COLUMNS] for p in members)
        record_id = f"{label}:{code}"
        data = {
            "id": record_id,
            "version": version,
            "part": code,
            "parts": len(parts),
            "published_on": today,
            "body": out.getvalue(),
            "installed_at": now,
        }
        row = hq.query(
            "SELECT data FROM records WHERE entity = 'place_list' AND id = ?", (record_id,)
        )
        if row:
            if json.loads(row[0]["data"])["body"] != data["body"]:
                raise ValueError(
                    f"{label} is already published with other content; use a new version"
                )
            unchanged += 1
            continue
        mutations.append(
            Mutation(uuid7(), "place_list", record_id, "create", data, hlc_now(HQ_DEVICE))
        )
    if not mutations:
        return {"place_list": label, "status": "unchanged", "communes": len(places)}
    for outcome in apply_batch(hq, HQ, mutations).outcomes:
        if outcome.status == "rejected":
            raise ValueError(f"place list refused: {outcome.reason}")
    return {"place_list": label, "status": "published", "communes": len(places)}


def status_counts(hq: HQStore) -> dict[str, Any]:
    """Counts with the record keys of `field-app status --json`, plus devices."""
    from field_app.store.status import COUNTS

    rows = hq.query("SELECT entity, count(*) FROM records GROUP BY entity")
    by_entity: dict[str, int] = {row[0]: row[1] for row in rows}
    result: dict[str, Any] = {"db": hq.location}
    for key in COUNTS:
        entities = [k.name for k in KINDS.values() if k.count_key == key]
        result[key] = sum(by_entity.get(e, 0) for e in entities)
    for k in KINDS.values():
        if k.count_key and k.count_key not in result:
            result[k.count_key] = by_entity.get(k.name, 0)
    result["templates"] = by_entity.get("template", 0)
    result["devices"] = hq.scalar("SELECT count(*) FROM devices") or 0
    result["officers"] = hq.scalar("SELECT count(*) FROM officers") or 0
    result["conflicts"] = hq.scalar("SELECT count(*) FROM conflicts") or 0
    result["files"] = hq.scalar("SELECT count(*) FROM files") or 0
    result["mutations"] = hq.scalar("SELECT count(*) FROM mutations") or 0
    result["seq"] = hq.current_seq()
    return result
