"""Rebuild the shipped administrative map from the `vietnamadminunits` dataset.

Run by hand when the dataset publishes a newer list (the app does not depend on the
package at run time: it pulls in geocoding libraries a field laptop does not need):

    pip install --no-deps vietnamadminunits
    python -m field_app.data.build_places

It writes `places.csv` (the 34 provinces and 3,321 communes of the two-tier map in
force since 1 July 2025, with the statistics office's codes) and `places_old.csv`
(every pre-2025 commune, with the new commune or communes its area went to).
The dataset is MIT-licensed; its notice is kept in `PLACES_NOTICE.txt`.
"""

from __future__ import annotations

import csv
import json
import re
from importlib.util import find_spec
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
_KINDS = {"Xã": "xã", "Phường": "phường", "Đặc khu": "đặc khu", "Thị trấn": "thị trấn"}


def _load(name: str) -> dict[str, Any]:
    # Located without importing the package: its __init__ needs the geocoding libraries.
    spec = find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("install the dataset first: pip install --no-deps vietnamadminunits")
    folder = Path(next(iter(spec.submodule_search_locations)))
    data: dict[str, Any] = json.loads((folder / "data" / name).read_text(encoding="utf-8"))
    return data


def _short(name: str) -> str:
    # "Yên Viên (Thị trấn)" tells two units of one district apart; the kind column
    # already says so, and a spreadsheet writes "Thị trấn Yên Viên".
    return re.sub(r"\s*\([^)]*\)$", "", name)


def _kind(text: str) -> str:
    return _KINDS.get(text, text.lower())


def build(target: Path = HERE) -> tuple[int, int]:
    """Write both files into `target`; return (communes, old commune rows)."""
    new = _load("parser_from_2025.json")
    old = _load("parser_legacy.json")
    moves = _load("converter_2025.json")

    provinces = new["DICT_PROVINCE"]
    wards: dict[str, dict[str, Any]] = {}
    for province_key, found in new["DICT_PROVINCE_WARD_NO_ACCENTED"].items():
        wards.setdefault(province_key, {}).update(found)
    for province_key, found in new["DICT_PROVINCE_WARD_ACCENTED"].items():
        wards.setdefault(province_key, {}).update(found)

    rows = []
    for province_key, info in provinces.items():
        for ward in wards[province_key].values():
            rows.append(
                (
                    info["provinceShort"],
                    info["provinceCode"],
                    ward["wardShort"],
                    ward["wardCode"],
                    _kind(ward["wardType"]),
                )
            )
    rows.sort(key=lambda r: (r[1], r[3]))
    with (target / "places.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["province", "province_code", "commune", "commune_code", "kind"])
        writer.writerows(rows)

    old_provinces = old["DICT_PROVINCE"]
    old_districts = old["DICT_PROVINCE_DISTRICT"]
    old_wards: dict[str, dict[str, dict[str, Any]]] = {}
    for table in (
        "DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED",
        "DICT_PROVINCE_DISTRICT_WARD_ACCENTED",
    ):
        for province_key, districts in old[table].items():
            for district_key, found in districts.items():
                old_wards.setdefault(province_key, {}).setdefault(district_key, {}).update(found)
    new_province_of = {o: n for n, olds in moves["DICT_PROVINCE"].items() for o in olds}

    # old "province_district_ward" key -> new ward keys (several when it was divided)
    targets: dict[str, list[str]] = {}
    for found in moves["DICT_PROVINCE_WARD_NO_DIVIDED"].values():
        for ward_key, olds in found.items():
            for old_key in olds:
                targets.setdefault(old_key, []).append(ward_key)
    for found in moves["DICT_PROVINCE_WARD_DIVIDED"].values():
        for old_key, parts in found.items():
            for part in parts:
                if part["newWardKey"] not in targets.setdefault(old_key, []):
                    targets[old_key].append(part["newWardKey"])

    out = []
    for old_key, new_keys in targets.items():
        province_key, district_key, ward_key = old_key.split("_")
        new_province = new_province_of[province_key]
        district = old_districts[province_key][district_key]
        ward = old_wards.get(province_key, {}).get(district_key, {}).get(ward_key)
        for new_key in new_keys:
            out.append(
                (
                    old_provinces[province_key]["provinceShort"],
                    old_provinces[province_key]["provinceCode"],
                    _short(district["districtShort"]),
                    _kind(district["districtType"]),
                    _short(ward["wardShort"]) if ward else "",
                    _kind(ward["wardType"]) if ward else "",
                    ward["wardCode"] if ward else "",
                    provinces[new_province]["provinceCode"],
                    wards[new_province][new_key]["wardCode"],
                )
            )
    out.sort(key=lambda r: (r[1], r[2], r[6], r[8]))
    with (target / "places_old.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(
            [
                "old_province",
                "old_province_code",
                "old_district",
                "old_district_kind",
                "old_commune",
                "old_commune_kind",
                "old_commune_code",
                "province_code",
                "commune_code",
            ]
        )
        writer.writerows(out)
    return len(rows), len(out)


if __name__ == "__main__":
    print("communes: {}, old commune rows: {}".format(*build()))
