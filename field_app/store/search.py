"""Folded, prefix-matching search over the registry.

Matching: every query word must be the start of a word in the folded name or place
(commune, province, address), through an FTS5 index on folded columns. A word of
three or more digits may instead sit anywhere inside the tax code, so "0101" finds
4900101234.

Ranking, in tiers:
1. names equal to the query or starting with it (alphabetical; the exact name first),
2. names holding every query word as a whole word (alphabetical),
3. every other match, in registry order.

Each tier is read through an index that already yields its order, and a tier is only
read when the page reaches it, so a one-letter query over 100,000 enterprises costs
no more than a precise one: nothing sorts all the matches.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from field_app.models.enterprise import EnterpriseSummary, SearchPage
from field_app.text import fold_words

if TYPE_CHECKING:
    from field_app.store.store import Store

_COLUMNS = "e.id, e.kind, e.name, e.tax_code, e.province, e.commune"
# Sorts after every folded character ([0-9a-z ]), closing a prefix range.
_HIGH = "\x7f"


def _phrase(word: str) -> str:
    # Folded words are [0-9a-z]+ already; quoting keeps FTS5 syntax out regardless.
    return '"' + word.replace('"', '""') + '"'


# Abbreviations officers type for legal forms (folded). "htx chi lang" must find
# "Hợp tác xã ... Chi Lăng"; the abbreviation itself still matches names written with it.
ABBREVIATIONS: dict[str, str] = {
    "htx": "hop tac xa",
    "tht": "to hop tac",
    "hkd": "ho kinh doanh",
    "cty": "cong ty",
    "ctcp": "cong ty co phan",
    "dntn": "doanh nghiep tu nhan",
    "dn": "doanh nghiep",
}


def _match_term(word: str) -> str:
    """The FTS5 term for one query word: a prefix, or an abbreviation or its words."""
    term = _phrase(word) + "*"
    if word in ABBREVIATIONS:
        return f"({term} OR {_phrase(ABBREVIATIONS[word])})"
    return term


def is_tax_fragment(word: str) -> bool:
    """Digits long enough to be worth looking for inside tax codes."""
    return word.isdigit() and len(word) >= 3


@dataclass
class _Query:
    """A folded query turned into SQL pieces shared by the tiers."""

    words: list[str]
    text: list[str]
    digits: list[str]
    where: list[str] = field(default_factory=list)  # conditions on `e` every tier applies
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def phrase(self) -> str:
        return " ".join(self.words)


def _compile(words: list[str], kind: str | None, commune: str | None, tool: str | None) -> _Query:
    q = _Query(
        words,
        [w for w in words if not is_tax_fragment(w)],
        [w for w in words if is_tax_fragment(w)],
    )
    for i, digit in enumerate(q.digits):
        # In the tax code anywhere, or a word of name/place starting with it ("thôn 123").
        q.params[f"d{i}"] = _phrase(digit)
        q.params[f"dw{i}"] = _phrase(digit) + "*"
        q.where.append(
            f"(e.rid IN (SELECT rowid FROM enterprise_tax WHERE enterprise_tax MATCH :d{i})"
            f" OR e.rid IN (SELECT rowid FROM enterprise_fts WHERE enterprise_fts MATCH :dw{i}))"
        )
    if kind:
        q.params["kind"] = kind
        q.where.append("e.kind = :kind")
    if commune:
        q.params["commune"] = commune
        q.where.append("e.commune = :commune")
    if tool:
        q.params["tool"] = tool
        q.where.append("e.id IN (SELECT enterprise_id FROM supports WHERE tool = :tool)")
    if q.text:
        q.params["fts"] = " AND ".join(_match_term(w) for w in q.text)
        q.params["whole"] = " AND ".join(f"name_fold : {_phrase(w)}" for w in q.words)
        q.params["q"] = q.phrase
        q.params["q_hi"] = q.phrase + _HIGH
    for i, word in enumerate(q.words):
        q.params[f"w{i}"] = f"% {word} %"
    return q


def _and(conditions: list[str]) -> str:
    return " AND ".join(conditions) if conditions else "1"


class _Tier:
    """One ranking tier: FROM clause, its conditions and its natural order."""

    def __init__(self, source: str, conditions: list[str], order: str) -> None:
        self.source, self.conditions, self.order = source, conditions, order

    def count(self, store: Store, params: dict[str, Any]) -> int:
        sql = f"SELECT count(*) FROM {self.source} WHERE {_and(self.conditions)}"
        return store.conn.execute(sql, params).fetchone()[0]

    def rows(self, store: Store, params: dict[str, Any], limit: int, offset: int) -> list:
        sql = (
            f"SELECT {_COLUMNS} FROM {self.source} WHERE {_and(self.conditions)}"
            f" ORDER BY {self.order} LIMIT {int(limit)} OFFSET {int(offset)}"
        )
        return store.conn.execute(sql, params).fetchall()


def _tiers(q: _Query) -> tuple[list[_Tier], _Tier]:
    """The ranking tiers of a query, and one 'all matches' tier for the total."""
    if not q.words:
        everything = _Tier("enterprises e INDEXED BY enterprises_name", q.where, "e.name_fold")
        return [everything], everything
    if not q.text and len(q.digits) == 1:
        return _tax_tiers(q)
    fts = "enterprise_fts f JOIN enterprises e ON e.rid = f.rowid"
    starts = "e.name_fold >= :q AND e.name_fold < :q_hi"
    whole_like = " AND ".join(
        f"(' ' || e.name_fold || ' ') LIKE :w{i}" for i in range(len(q.words))
    )
    first = _Tier("enterprises e INDEXED BY enterprises_name", [starts, *q.where], "e.name_fold")
    whole = _Tier(fts, ["enterprise_fts MATCH :whole", f"NOT ({starts})", *q.where], "e.name_fold")
    rest = _Tier(
        fts,
        ["enterprise_fts MATCH :fts", f"NOT ({starts})", f"NOT ({whole_like})", *q.where],
        "f.rowid",
    )
    # With no other condition the total comes from the index alone, without a join.
    source = fts if q.where else "enterprise_fts f"
    return [first, whole, rest], _Tier(source, ["enterprise_fts MATCH :fts", *q.where], "f.rowid")


class _TaxTotal(_Tier):
    """Matches of one tax fragment, counted from the two indexes without a join."""

    def __init__(self) -> None:
        super().__init__("", [], "")

    def count(self, store: Store, params: dict[str, Any]) -> int:
        in_tax = store.conn.execute(
            "SELECT count(*) FROM enterprise_tax WHERE enterprise_tax MATCH :d0", params
        ).fetchone()[0]
        # Names or places with a word starting with the digits, not already counted.
        in_text = store.conn.execute(
            "SELECT count(*) FROM enterprises e WHERE e.rid IN"
            " (SELECT rowid FROM enterprise_fts WHERE enterprise_fts MATCH :dw0)"
            " AND e.rid NOT IN (SELECT rowid FROM enterprise_tax WHERE enterprise_tax MATCH :d0)",
            params,
        ).fetchone()[0]
        return in_tax + in_text


def _tax_tiers(q: _Query) -> tuple[list[_Tier], _Tier]:
    """A lone tax fragment: codes starting with it, codes containing it, then names."""
    digit = q.digits[0]
    q.params.update(t_lo=digit, t_hi=digit + _HIGH)
    starts = "e.tax_code >= :t_lo AND e.tax_code < :t_hi"
    prefix = _Tier("enterprises e INDEXED BY enterprises_tax", [starts, *q.where], "e.tax_code")
    inside = _Tier(
        "enterprise_tax t JOIN enterprises e ON e.rid = t.rowid",
        ["enterprise_tax MATCH :d0", f"NOT ({starts})", *q.where[1:]],
        "t.rowid",
    )
    text = _Tier(
        "enterprise_fts f JOIN enterprises e ON e.rid = f.rowid",
        [
            "enterprise_fts MATCH :dw0",
            "e.rid NOT IN (SELECT rowid FROM enterprise_tax WHERE enterprise_tax MATCH :d0)",
            *q.where[1:],
        ],
        "f.rowid",
    )
    everything = _TaxTotal() if len(q.where) == 1 else _Tier("enterprises e", q.where, "e.rid")
    return [prefix, inside, text], everything


def search_enterprises(
    store: Store,
    query: str,
    *,
    kind: str | None = None,
    commune: str | None = None,
    tool: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> SearchPage:
    """One page of results, best first, and the total number of matches."""
    q = _compile(fold_words(query), kind, commune, tool)
    tiers, everything = _tiers(q)
    rows: list = []
    with store.lock:
        total = everything.count(store, q.params)
        skip = offset
        for index, tier in enumerate(tiers):
            want = limit - len(rows)
            if want <= 0:
                break
            last = index == len(tiers) - 1
            if skip > 0 and not last:
                size = tier.count(store, q.params)
                if skip >= size:
                    skip -= size
                    continue
            got = tier.rows(store, q.params, want, skip)
            rows.extend(got)
            skip = 0
    items = [
        EnterpriseSummary(id=r[0], kind=r[1], name=r[2], tax_code=r[3], province=r[4], commune=r[5])
        for r in rows
    ]
    return SearchPage(total=total, items=items, offset=offset)
