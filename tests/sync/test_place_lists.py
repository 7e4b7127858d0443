"""A newer list of provinces and communes, published at headquarters, reaches devices
through sync like a checklist template and is used from the next start."""

from __future__ import annotations

from field_app.places import PLACES_FILE, find_commune, place_list_in_use, use_place_list
from field_app.store import open_store
from sync.engine import run_sync
from tests.sync.conftest import enrolled, field_hq_cli


def test_a_published_place_list_is_pulled_and_used(
    hq, hq_db, make_device, tmp_path, isolated_home
) -> None:
    newer = tmp_path / "places-2026-04.csv"
    newer.write_text(
        PLACES_FILE.read_text(encoding="utf-8") + "Lạng Sơn,20,Hữu Nghị Mới,99001,xã\n",
        encoding="utf-8",
    )
    damaged = tmp_path / "damaged.csv"
    damaged.write_text("province,commune\nLạng Sơn,Chi Lăng\n", encoding="utf-8")
    refused = field_hq_cli(
        hq_db, "places", "publish", str(damaged), "--version", "1", home=isolated_home
    )
    assert refused.returncode == 2 and "lacks the columns" in refused.stderr

    out = field_hq_cli(hq_db, "places", "publish", str(newer), "--version", "1", home=isolated_home)
    assert out.returncode == 0, out.stderr
    assert "places@1: published (3322 communes)" in out.stdout
    again = field_hq_cli(
        hq_db, "places", "publish", str(newer), "--version", "1", home=isolated_home
    )
    assert "unchanged" in again.stdout

    device = make_device("a")
    try:
        assert find_commune("Lạng Sơn", "Hữu Nghị Mới") is None  # the shipped list
        creds = enrolled(device, hq_db, hq.url)
        assert run_sync(device, credentials=creds).ok
        assert device.scalar("SELECT count(*) FROM place_lists") == 34  # one per province
        with open_store(device.path):  # the next start
            assert place_list_in_use().startswith("places@1")
            place = find_commune("lang son", "huu nghi moi")
            assert place is not None and place.commune_code == "99001"
    finally:
        use_place_list(None)
