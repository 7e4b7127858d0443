"""Choosing a province or commune from the official 2025 list as an officer types it.

The interface offers `*_suggestions` while the officer types (marks optional, a
pre-2025 name shown with the unit it joined) and `settle_*` when the field is left:
the official name, a note when a former unit was mapped, or why nothing could be
chosen (unknown, several matches, a former commune split between several).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from field_app.i18n import _
from field_app.places import (
    Place,
    find_commune,
    find_province,
    old_units,
    place_key,
    place_map,
    provinces,
    resolve,
    search_communes,
)

LIMIT = 6
"""Suggestions shown at once: a short list the officer reads at a glance."""


def prepare() -> None:
    """Load the 2025 map and the pre-2025 units (about a third of a second, once), so
    the first letter typed in a place field does not wait for them."""
    place_map()
    old_units()


@dataclass(frozen=True)
class Suggestion:
    """One line of the suggestion list: the official name it stands for and its label."""

    value: str
    label: str
    code: str | None = None
    note: str = ""
    """Why this line maps what was typed (a pre-2025 name), shown once it is chosen."""


@dataclass(frozen=True)
class Settled:
    """What a typed province or commune comes to on the official list."""

    value: str | None = None
    """The official name, "" for an empty field, None when nothing could be chosen."""
    code: str | None = None
    note: str = ""
    """Shown under the field when a pre-2025 name was mapped to its 2025 unit."""
    error: str = ""
    """Why nothing was chosen, and what to do."""
    candidates: tuple[Suggestion, ...] = ()
    """The units to choose between when the text matches several."""


def _former_province_note(old: str, new: str) -> str:
    return _("'{old}' is a former province: since 1 July 2025 it is part of {new}").format(
        old=old, new=new
    )


def _province_code(name: str) -> str | None:
    found = place_map().province(name)
    return found[1] if found else None


def province_suggestions(text: str, limit: int = LIMIT) -> list[Suggestion]:
    """Provinces whose name starts with `text`, then former provinces (shown with the
    province they joined), then provinces whose name contains it."""
    key = place_key(text)
    if not key:
        return []
    names = provinces()
    current = {place_key(n) for n in names}
    first = [n for n in names if place_key(n).startswith(key)]
    former: list[Suggestion] = []
    for old_key, (old_name, codes) in old_units().old_provinces.items():
        if old_key in current or len(codes) != 1 or not old_key.startswith(key):
            continue
        code = next(iter(codes))
        new = place_map().province_names[code]
        former.append(
            Suggestion(
                new,
                _("{new} (before 2025: {old})").format(new=new, old=old_name),
                code,
                _former_province_note(old_name, new),
            )
        )
    rest = [n for n in names if key in place_key(n) and n not in first]
    found = [Suggestion(n, n, _province_code(n)) for n in first]
    found += former + [Suggestion(n, n, _province_code(n)) for n in rest]
    return found[:limit]


def settle_province(text: str) -> Settled:
    """The official province `text` names: typed without marks, a former province
    (with a note), or the only one its letters match."""
    if not place_key(text):
        return Settled(value="")
    name = find_province(text)
    if name is not None:
        return Settled(name, _province_code(name))
    old = old_units().old_province(text)
    if old is not None and len(old[1]) == 1:
        code = next(iter(old[1]))
        new = place_map().province_names[code]
        return Settled(new, code, note=_former_province_note(old[0], new))
    return _settle_from(
        province_suggestions(text, limit=100),
        several=_("Several provinces match '{text}': choose one from the list.").format(
            text=text.strip()
        ),
        none=_(
            "'{text}' is not one of the 34 provinces of 2025: type part of its name "
            "(marks optional) and choose it from the list."
        ).format(text=text.strip()),
    )


def _settle_from(found: list[Suggestion], *, several: str, none: str) -> Settled:
    """One unit among `found` is chosen; several are offered; none is refused."""
    by_value = {s.value: s for s in found}
    if len(by_value) == 1:
        only = next(iter(by_value.values()))
        return Settled(only.value, only.code, note=only.note)
    if by_value:
        return Settled(error=several, candidates=tuple(by_value.values()))
    return Settled(error=none)


def _commune_suggestion(place: Place, note: str = "", label: str = "") -> Suggestion:
    return Suggestion(
        place.commune, label or f"{place.commune} ({place.kind})", place.commune_code, note
    )


def _former_name(province_code: str, text: str) -> str:
    """A pre-2025 commune's name as the old list wrote it ("xã Hoàng Đồng")."""
    for row in old_units().old_communes_anywhere.get(place_key(text), []):
        if row.province_code == province_code:
            return f"{row.old_commune_kind} {row.old_commune}".strip()
    return text.strip()


def _former_communes(province: str, text: str) -> list[Suggestion]:
    """The 2025 communes a pre-2025 commune named `text` went to, labelled as such."""
    if find_commune(province, text) is not None:
        return []
    match = resolve(province, text)
    if not match.province_code or not (match.commune_code or match.candidates):
        return []
    old = _former_name(match.province_code, text)
    if match.commune_code:
        place = place_map().by_code[match.commune_code]
        note = _("'{old}' is a former commune: since 1 July 2025 it is part of {new}").format(
            old=old, new=f"{place.kind} {place.commune}, {place.province}"
        )
        label = _("{new} ({kind}, before 2025: {old})").format(
            new=place.commune, kind=place.kind, old=old
        )
        return [_commune_suggestion(place, note, label)]
    return [
        _commune_suggestion(
            place,
            _("part of '{old}' (before 2025) is now {new}").format(
                old=old, new=f"{place.kind} {place.commune}"
            ),
            _("{new} ({kind}, before 2025: part of {old})").format(
                new=place.commune, kind=place.kind, old=old
            ),
        )
        for place in match.candidates
    ]


def commune_suggestions(province: str | None, text: str, limit: int = LIMIT) -> list[Suggestion]:
    """Communes of `province` (an official province; none without one) matching
    `text`, then the 2025 communes a former commune of that name went to."""
    if not province or find_province(province) is None or not place_key(text):
        return []
    found = [_commune_suggestion(p) for p in search_communes(text, province, limit)]
    return (found + _former_communes(province, text))[:limit]


def settle_commune(province: str | None, text: str) -> Settled:
    """The official commune of `province` that `text` names: typed without marks, a
    former commune whose whole area went to one (with a note), or the only one its
    letters match. A former commune split between several lists them."""
    if not place_key(text):
        return Settled(value="")
    official = find_province(province) if province else None
    if official is None:
        return Settled(error=_("Choose the province first: communes are listed by province."))
    found = find_commune(official, text)
    if found is not None:
        return Settled(found.commune, found.commune_code)
    place = place_map().province(official)
    assert place is not None
    former = _former_communes(official, text)
    if len(former) == 1:
        return Settled(former[0].value, former[0].code, note=former[0].note)
    if former:
        return Settled(
            error=_(
                "'{old}' was a commune before 2025 and is now split between {candidates}: "
                "choose one from the list."
            ).format(
                old=_former_name(place[1], text), candidates=", ".join(s.value for s in former)
            ),
            candidates=tuple(former),
        )
    return _settle_from(
        [_commune_suggestion(p) for p in search_communes(text, official, limit=100)],
        several=_(
            "Several communes of {province} match '{text}': choose one from the list."
        ).format(province=official, text=text.strip()),
        none=_(
            "'{text}' is not a commune of {province} on the 2025 list: type part of its name "
            "(marks optional) and choose it from the list."
        ).format(text=text.strip(), province=official),
    )


def name_suggestions(names: Sequence[str], text: str, limit: int = LIMIT) -> list[Suggestion]:
    """Among `names` (the communes an officer's registry holds, say), those matching
    `text` typed without marks: the name itself, then names starting with it, then
    names with a word starting with it."""
    key = place_key(text)
    if not key:
        return []
    keyed = [(place_key(n), n) for n in dict.fromkeys(names)]
    exact = [n for k, n in keyed if k == key]
    first = [n for k, n in keyed if k.startswith(key) and n not in exact]
    rest = [
        n
        for k, n in keyed
        if n not in exact and not k.startswith(key) and any(w.startswith(key) for w in k.split())
    ]
    return [Suggestion(n, n) for n in exact + first + rest][:limit]


def settle_name(names: Sequence[str], text: str) -> Settled:
    """The one of `names` that `text` means: written the same way, or the only one
    its letters match; several are offered, none is refused."""
    if not place_key(text):
        return Settled(value="")
    found = name_suggestions(names, text, limit=100)
    if found and place_key(found[0].value) == place_key(text):
        return Settled(found[0].value)
    return _settle_from(
        found,
        several=_("Several communes match '{text}': choose one from the list.").format(
            text=text.strip()
        ),
        none=_("No commune of that name in the registry."),
    )
