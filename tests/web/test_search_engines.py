"""Headquarters' folded search answers the same on SQLite and PostgreSQL: typed
without marks, with an abbreviation or a tax-code fragment, in the user's province
only (the search runs on the web copy, in the device's own folded columns)."""

from __future__ import annotations

from tests.web.conftest import login

SEARCHES = [
    ("che shan", "htx", "cty"),  # no marks: "Chè Shan tuyết"
    ("htx chi lang", "htx", "cty"),  # an abbreviation officers type
    ("555", "cty", "htx"),  # part of a tax code
]


def test_folded_search_on_both_engines(site):
    client = login(site.url, "thu")
    for typed, found, not_found in SEARCHES:
        page = client.get("/enterprises", params={"q": typed})
        assert page.status_code == 200, typed
        assert site.ids[found] in page.text and site.ids[not_found] not in page.text, typed
        assert site.ids["lc"] not in page.text  # Lai Châu is another province
