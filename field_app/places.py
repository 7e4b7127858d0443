"""Provinces and communes as data (the 2025 two-tier map), never hard-coded.

`field_app/data/places.csv` holds the 34 provinces and 3,321 communes (xã, phường,
đặc khu) in force since 1 July 2025 with the statistics office's codes;
`places_old.csv` holds every pre-2025 commune with the new commune(s) its area went
to, so an old address is mapped to the new map (see `resolve`). Both are rebuilt by
`field_app/data/build_places.py`; headquarters can publish a newer list, which a
device stores and then prefers (`use_place_list`).

Lookups fold marks, case and unit words, so "lang son", "Tỉnh Lạng Sơn" and
"LẠNG SƠN" are the same province, and "xa chi lang" is the commune Chi Lăng.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from field_app.i18n import _
from field_app.text import fold_words

DATA = Path(__file__).parent / "data"
PLACES_FILE = DATA / "places.csv"
OLD_PLACES_FILE = DATA / "places_old.csv"

# Unit words written before a name ("Tỉnh Lạng Sơn", "TP. Hà Nội", "Huyện Chi Lăng",
# "X. Vân An"), folded, longest first so "thi tran" wins over "thi".
_UNIT_WORDS = sorted(
    (
        tuple(w.split())
        for w in (
            "tinh",
            "thanh pho",
            "tp",
            "thu do",
            "huyen",
            "quan",
            "thi xa",
            "tx",
            "xa",
            "phuong",
            "thi tran",
            "tt",
            "dac khu",
            "h",
            "q",
            "p",
            "x",
        )
    ),
    key=len,
    reverse=True,
)


def place_key(name: str | None) -> str:
    """A name folded for matching, without its unit word: "Xã Chi Lăng" -> "chi lang".

    A name that is only a unit word and a number keeps the word ("Phường 1"), since
    the number alone would match every "1".
    """
    return _place_key(name or "")


@lru_cache(maxsize=32768)  # the map's names are keyed once each; imports repeat names
def _place_key(name: str) -> str:
    words = fold_words(name)
    for unit in _UNIT_WORDS:
        if tuple(words[: len(unit)]) == unit and len(words) > len(unit):
            rest = words[len(unit) :]
            if not (len(rest) == 1 and rest[0].isdigit()):
                words = rest
            break
    return " ".join(w.lstrip("0") or "0" if w.isdigit() else w for w in words)


@dataclass(frozen=True)
class Place:
    """A commune (xã/phường/đặc khu) and its province."""

    province: str
    province_code: str
    commune: str
    commune_code: str
    kind: str

    @property
    def label(self) -> str:
        """'Chi Lăng (xã), Lạng Sơn' for lists where names repeat across provinces."""
        return f"{self.commune} ({self.kind}), {self.province}"


@dataclass(frozen=True)
class OldPlace:
    """A pre-2025 commune and one new commune its area went to."""

    old_province: str
    old_province_code: str
    old_district: str
    old_district_kind: str
    old_commune: str
    old_commune_kind: str
    old_commune_code: str
    province_code: str
    commune_code: str


@dataclass
class PlaceMatch:
    """What a province and commune as written resolve to on the current map."""

    province: str = ""
    province_code: str | None = None
    commune: str = ""
    commune_code: str | None = None
    old_text: str = ""
    """The address as written, when it named pre-2025 units (for old_address)."""
    warnings: list[str] = field(default_factory=list)
    candidates: list[Place] = field(default_factory=list)
    """New communes an old, divided commune may now be in (ambiguous)."""


class PlaceMap:
    """The current map, indexed by folded name."""

    def __init__(self, places: Iterable[Place]) -> None:
        self.places = tuple(places)
        self.by_code = {p.commune_code: p for p in self.places if p.commune_code}
        self.provinces: dict[str, tuple[str, str]] = {}  # key -> (name, code)
        self.communes: dict[tuple[str, str], list[Place]] = {}  # (province code, key)
        for place in self.places:
            self.provinces.setdefault(
                place_key(place.province), (place.province, place.province_code)
            )
            self.communes.setdefault((place.province_code, place_key(place.commune)), []).append(
                place
            )
        self.province_names = {code: name for name, code in self.provinces.values()}
        self.anywhere: dict[str, list[Place]] = {}  # commune key -> communes, all provinces
        for place in self.places:
            self.anywhere.setdefault(place_key(place.commune), []).append(place)

    # -- the current map ----------------------------------------------------------

    def province(self, text: str | None) -> tuple[str, str] | None:
        """(name, code) of a current province written any common way, or None."""
        return self.provinces.get(place_key(text))

    def commune(self, province_code: str, text: str | None) -> Place | None:
        """The commune of that province written any common way, or None.

        Two communes of one province may share a name when their kinds differ
        ("Phường Mỹ Tho", "Xã Mỹ Thọ" fold alike); the kind written decides then.
        """
        found = self.communes.get((province_code, place_key(text)), [])
        if len(found) > 1:
            words = fold_words(text)
            for place in found:
                if words and " ".join(words).startswith(" ".join(fold_words(place.kind))):
                    return place
        return found[0] if found else None


class OldUnits:
    """The pre-2025 provinces, districts and communes, with where each went; loaded
    only when an address names one (most imports never need it)."""

    def __init__(self, old: Iterable[OldPlace]) -> None:
        self.old_provinces: dict[str, tuple[str, set[str]]] = {}  # key -> (name, new codes)
        self.old_districts: dict[tuple[str, str], set[str]] = {}  # (old prov, district)
        self.old_communes: dict[tuple[str, str], list[OldPlace]] = {}  # (old prov, commune)
        for row in old:
            _name, codes = self.old_provinces.setdefault(
                place_key(row.old_province), (row.old_province, set())
            )
            codes.add(row.province_code)
            district = (row.old_province_code, place_key(row.old_district))
            self.old_districts.setdefault(district, set()).add(row.province_code)
            if row.old_commune:
                key = (row.old_province_code, place_key(row.old_commune))
                self.old_communes.setdefault(key, []).append(row)
        self.old_communes_anywhere: dict[str, list[OldPlace]] = {}
        for rows in self.old_communes.values():
            for row in rows:
                self.old_communes_anywhere.setdefault(place_key(row.old_commune), []).append(row)
        self.old_province_codes = {
            place_key(r.old_province): r.old_province_code for r in old_rows_of(self)
        }

    # -- the old units --------------------------------------------------------------

    def old_province(self, text: str | None) -> tuple[str, set[str]] | None:
        """(name, new province codes) of a pre-2025 province, or None."""
        return self.old_provinces.get(place_key(text))


def old_rows_of(places: OldUnits) -> Iterable[OldPlace]:
    """Every old commune row indexed in `places` (one per old commune and target)."""
    for rows in places.old_communes.values():
        yield from rows


def _read(path: Path, kind: type) -> list:
    text = path.read_text(encoding="utf-8-sig")
    return [kind(**row) for row in csv.DictReader(io.StringIO(text))]


PLACE_COLUMNS = ("province", "province_code", "commune", "commune_code", "kind")


def parse_place_list(text: str) -> tuple[Place, ...]:
    """A list of current communes in the shipped file's CSV form, checked: every column
    there, no empty name or code, each commune code once. ValueError says what is wrong."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in PLACE_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(
            _("the place list lacks the columns {columns}").format(columns=", ".join(missing))
        )
    places: list[Place] = []
    codes: set[str] = set()
    for line, row in enumerate(reader, start=2):
        values = {c: (row.get(c) or "").strip() for c in PLACE_COLUMNS}
        empty = [c for c in PLACE_COLUMNS if not values[c]]
        if empty:
            raise ValueError(
                _("line {line} of the place list: {columns} empty").format(
                    line=line, columns=", ".join(empty)
                )
            )
        if values["commune_code"] in codes:
            raise ValueError(
                _("line {line} of the place list: commune code {code} appears twice").format(
                    line=line, code=values["commune_code"]
                )
            )
        codes.add(values["commune_code"])
        places.append(Place(**values))
    if not places:
        raise ValueError(_("the place list is empty"))
    return tuple(places)


_installed: tuple[Place, ...] | None = None
_installed_label = ""


def use_place_list(places: tuple[Place, ...] | None, label: str = "") -> None:
    """Use a newer current list (as headquarters publishes it) instead of the shipped
    one; None goes back to the shipped list. Old units always come from the shipped
    file: they are history and do not change."""
    global _installed, _installed_label
    if places == _installed:
        return
    _installed, _installed_label = places, label if places else ""
    place_map.cache_clear()
    load_places.cache_clear()


def place_list_in_use() -> str:
    """Which list lookups use: the label of a published one, or "" for the shipped file."""
    return _installed_label


@cache
def place_map() -> PlaceMap:
    """The map in use, loaded once (about 14,000 rows, read on first lookup only)."""
    return PlaceMap(load_places())


@cache
def old_units() -> OldUnits:
    """The pre-2025 units (about 10,600 communes), loaded on first need."""
    return OldUnits(_read(OLD_PLACES_FILE, OldPlace))


@cache
def load_places(path: Path | None = None) -> tuple[Place, ...]:
    """Every current commune, in file order."""
    if path is None and _installed is not None:
        return _installed
    return tuple(_read(path or PLACES_FILE, Place))


def provinces() -> list[str]:
    """Province names, in file order, without repeats."""
    return list(dict.fromkeys(p.province for p in load_places()))


def communes_of(province: str) -> list[Place]:
    """The communes of one province (written any common way)."""
    found = place_map().province(province)
    if found is None:
        return []
    return [p for p in load_places() if p.province_code == found[1]]


def find_province(text: str | None) -> str | None:
    """The current province's name for `text` typed any way ("lang son" -> "Lạng Sơn")."""
    found = place_map().province(text)
    return found[0] if found else None


def find_commune(province: str | None, text: str | None) -> Place | None:
    """The current commune named `text` in `province`, both typed any way."""
    found = place_map().province(province)
    return place_map().commune(found[1], text) if found else None


def search_provinces(text: str, limit: int = 10) -> list[str]:
    """Current provinces whose folded name starts with, then contains, `text`."""
    key = place_key(text)
    names = provinces()
    first = [n for n in names if place_key(n).startswith(key)]
    rest = [n for n in names if key in place_key(n) and n not in first]
    return (first + rest)[:limit]


def search_communes(text: str, province: str | None = None, limit: int = 20) -> list[Place]:
    """Current communes (of `province`, if given) matching `text` typed without marks:
    names starting with it first, then names with a word starting with it."""
    key = place_key(text)
    pool = communes_of(province) if province else list(load_places())
    first, rest = [], []
    for place in pool:
        name = place_key(place.commune)
        if name.startswith(key):
            first.append(place)
        elif any(word.startswith(key) for word in name.split()) or (key and key in name):
            rest.append(place)
        if len(first) >= limit:
            break
    return (first + rest)[:limit]


# The communes demo data use when they can: a patch of real communes in three northern
# provinces, in a fixed order so a seed always gives the same demo (snapshots rely on it).
DEMO_COMMUNES = (
    "05977", "05983", "05986", "06187", "06184", "06463", "06385", "06211", "06529", "06526",
    "06325", "06112", "06253", "06046", "06040", "06613", "06541", "03408", "03388", "03430",
    "03549", "03478", "03595", "03598", "03445", "03434", "03390", "02215", "00694", "00691",
    "02374", "02287", "02221", "02536", "02473", "00721", "00769", "00820", "00874", "00913",
)  # fmt: skip


def demo_places(province: str | None = None) -> list[Place]:
    """Real communes for demo data: the demo patch (of `province`, when it has some
    there), else every commune of `province`; with no province, the whole patch."""
    by_code = place_map().by_code
    patch = [by_code[code] for code in DEMO_COMMUNES if code in by_code]
    if not province:
        return patch
    found = place_map().province(province)
    if found is None:
        return patch
    return [p for p in patch if p.province_code == found[1]] or communes_of(province)


def resolve(province: str | None, commune: str | None, district: str | None = "") -> PlaceMatch:
    """Place a province and commune as written (maybe pre-2025) on the current map.

    A current province and commune come back with their codes. A former province is
    mapped to the province it joined (Hà Giang -> Tuyên Quang); a former commune (or
    one written with its former district) to the new commune when its whole area went
    to one, else the candidates are listed. The old text is returned for old_address
    and every change is explained in `warnings`.
    """
    places = place_map()
    match = PlaceMatch(province=(province or "").strip(), commune=(commune or "").strip())
    written = ", ".join(
        p.strip() for p in (commune or "", district or "", province or "") if p and p.strip()
    )
    current = places.province(province) if province else None
    if not province and commune and not district:
        # No province written: a commune name found in one province only tells it.
        found = places.anywhere.get(place_key(commune), [])
        if len(found) == 1:
            current = (found[0].province, found[0].province_code)
    elif not province and commune and district:
        # An old district and commune, no province: the pair often names one place.
        new_codes = {
            row.province_code
            for row in old_units().old_communes_anywhere.get(place_key(commune), [])
            if place_key(row.old_district) == place_key(district)
        }
        if len(new_codes) == 1:
            code = next(iter(new_codes))
            current = (places.province_names[code], code)
    # The old province whose communes to search: only when a former province is
    # written (Hà Giang); a current one (Tuyên Quang) searches all it took in.
    old_code = None
    if current is None and province:
        old = old_units()
        old_province = old.old_province(province)
        if old_province is not None and len(old_province[1]) == 1:
            code = next(iter(old_province[1]))
            current = (places.province_names[code], code)
            old_code = old.old_province_codes.get(place_key(province))
            match.warnings.append(
                _("'{old}' is a former province: since 1 July 2025 it is part of {new}").format(
                    old=match.province, new=current[0]
                )
            )
            match.old_text = written
    if current is None:
        if province:
            match.warnings.append(
                _("province '{value}' is not on the 2025 map of 34 provinces").format(
                    value=match.province
                )
            )
        return match
    match.province, match.province_code = current
    if not commune or not commune.strip():
        return match

    new_place = places.commune(current[1], commune) if not district else None
    if new_place is not None:
        match.commune, match.commune_code = new_place.commune, new_place.commune_code
        return match
    # A pre-2025 commune: look it up among the old communes of the old provinces that
    # are now (part of) this province, narrowed by the district when one is written.
    old = old_units()
    old_codes = [old_code] if old_code else _old_codes_of(old, current[1])
    rows = [
        row
        for code in old_codes
        for row in old.old_communes.get((code, place_key(commune)), [])
        if row.province_code == current[1]
        and (not district or place_key(row.old_district) == place_key(district))
    ]
    if not rows and district:
        new_place = places.commune(current[1], commune)
        if new_place is not None:  # a district written beside a current commune
            match.commune, match.commune_code = new_place.commune, new_place.commune_code
            match.old_text = written
            return match
    # A newer published list may have renumbered a commune: targets it lacks are dropped.
    targets = {
        r.commune_code: places.by_code[r.commune_code]
        for r in rows
        if r.commune_code in places.by_code
    }
    if len(targets) == 1:
        target = next(iter(targets.values()))
        match.commune, match.commune_code = target.commune, target.commune_code
        match.old_text = written
        match.warnings.append(
            _("'{old}' is a former commune: since 1 July 2025 it is part of {new}").format(
                old=written, new=f"{target.kind} {target.commune}, {target.province}"
            )
        )
        return match
    if targets:
        match.candidates = sorted(targets.values(), key=lambda p: p.commune)
        match.commune, match.commune_code = "", None
        match.old_text = written
        match.warnings.append(
            _(
                "'{old}' is a former commune now split between {candidates}: "
                "choose the commune on the profile"
            ).format(
                old=written,
                candidates=", ".join(f"{p.kind} {p.commune}" for p in match.candidates),
            )
        )
        return match
    match.warnings.append(
        _("commune '{value}' is not on the 2025 map of {province}").format(
            value=match.commune, province=match.province
        )
    )
    return match


def _old_codes_of(places: OldUnits, province_code: str) -> list[str]:
    return sorted(
        places.old_province_codes[key]
        for key, (_name, codes) in places.old_provinces.items()
        if province_code in codes
    )
