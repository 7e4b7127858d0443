"""Folded, prefix-matching search over the registry (FTS5 on folded columns).

Every query word must match the start of a word in the name, the place (commune,
province, address) or the tax code. Words of three or more digits also match
anywhere inside a tax code, through a trigram index, so "0101" finds 4900101234.

Ranking: the whole name equal to the query, then names starting with it, then
names holding every query word as a whole word, then the rest; ties by name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from field_app.models.enterprise import EnterpriseSummary, SearchPage
from field_app.text import fold_words

if TYPE_CHECKING:
    from field_app.store.store import Store


def _fts_phrase(word: str) -> str:
    # Folded words are [0-9a-z]+ already; quoting keeps FTS5 syntax out regardless.
    return '"' + word.replace('"', '""') + '"'


def build_filter(
    words: list[str], kind: str | None, commune: str | None, tool: str | None
) -> tuple[str, dict[str, Any]]:
    """The WHERE clause and parameters for a folded query and filters."""
    clauses: list[str] = []
    params: dict[str, Any] = {}
    text_terms = []
    for i, word in enumerate(words):
        term = _fts_phrase(word) + "*"
        if word.isdigit() and len(word) >= 3:
            params[f"d{i}"] = term
            params[f"t{i}"] = _fts_phrase(word)
            clauses.append(
                f"(e.rid IN (SELECT rowid FROM enterprise_fts WHERE enterprise_fts MATCH :d{i})"
                f" OR e.rid IN (SELECT rowid FROM enterprise_tax WHERE enterprise_tax MATCH :t{i}))"
            )
        else:
            text_terms.append(term)
    if text_terms:
        params["fts"] = " AND ".join(text_terms)
        clauses.append("e.rid IN (SELECT rowid FROM enterprise_fts WHERE enterprise_fts MATCH :fts)")
    if kind:
        params["kind"] = kind
        clauses.append("e.kind = :kind")
    if commune:
        params["commune"] = commune
        clauses.append("e.commune = :commune")
    if tool:
        params["tool"] = tool
        clauses.append("e.id IN (SELECT enterprise_id FROM supports WHERE tool = :tool)")
    return (" AND ".join(clauses) or "1"), params


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
    """One page of results and the total number of matches."""
    words = fold_words(query)
    where, params = build_filter(words, kind, commune, tool)
    params.update(limit=limit, offset=offset)
    if words:
        phrase = " ".join(words)
        params.update(q=phrase, qprefix=phrase + "%")
        whole = " AND ".join(
            f"(' ' || e.name_fold || ' ') LIKE :w{i}" for i in range(len(words))
        )
        for i, word in enumerate(words):
            params[f"w{i}"] = f"% {word} %"
        order = (
            "CASE WHEN e.name_fold = :q THEN 0 WHEN e.name_fold LIKE :qprefix THEN 1"
            f" WHEN {whole} THEN 2 ELSE 3 END, e.name_fold"
        )
    else:
        order = "e.name_fold"
    with store.lock:
        total = store.conn.execute(
            f"SELECT count(*) FROM enterprises e WHERE {where}", params
        ).fetchone()[0]
        rows = store.conn.execute(
            "SELECT e.id, e.kind, e.name, e.tax_code, e.province, e.commune"
            f" FROM enterprises e WHERE {where} ORDER BY {order} LIMIT :limit OFFSET :offset",
            params,
        ).fetchall()
    items = [
        EnterpriseSummary(
            id=r[0], kind=r[1], name=r[2], tax_code=r[3], province=r[4], commune=r[5]
        )
        for r in rows
    ]
    return SearchPage(total=total, items=items, offset=offset)
