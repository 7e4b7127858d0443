"""The same enterprise created on several devices and in the registry: one record.

The tax code identifies an enterprise within a province. Headquarters keeps the
first record holding it, answers a later create of the same tax code with that
record's id, and merges the profile field by field; the device folds its own copy
into it and every record naming it follows.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from field_app import clock
from field_app.store import Store
from sync.engine import run_sync
from sync.linksim import LinkProxy
from sync.server.storage import HQStore
from tests.sync.conftest import (
    PROVINCE,
    add_enterprise,
    add_visit,
    enrolled,
    fast_link,
    field_app_cli,
    field_hq_cli,
)

TAX = "4900200001"


@pytest.fixture(autouse=True)
def wall_clock():
    """Start from the wall clock: the registry is imported by another process, which
    stamps with its own wall clock, and an earlier test may leave this process's hybrid
    logical clock ahead of it (which would change who wins below)."""
    clock._state.update(ms=0, counter=0)
    yield
    clock._state.update(ms=0, counter=0)


NAME = "Hợp tác xã Chè Shan tuyết Mẫu Sơn"


def _import_registry(hq_db: Path, tmp_path: Path, home: Path) -> None:
    csv = tmp_path / "registry.csv"
    csv.write_text(
        "Tên doanh nghiệp,Mã số thuế,Tỉnh,Xã,Người đại diện\n"
        f"{NAME},{TAX},{PROVINCE},Xã Mẫu Sơn,Lý Văn Páo\n"
        "Công ty TNHH Chè Bắc Sơn,4900100001,Lạng Sơn,Xã Bắc Sơn,\n",
        encoding="utf-8",
    )
    out = field_hq_cli(hq_db, "registry", "import", str(csv), home=home)
    assert out.returncode == 0, out.stderr


def _hq_enterprises(hq_db: Path) -> list[dict]:
    hqs = HQStore(hq_db)
    try:
        rows = hqs.query(
            "SELECT data FROM records WHERE entity = 'enterprise'"
            " AND json_extract(data, '$.tax_code') = ?",
            (TAX,),
        )
        return [json.loads(r["data"]) for r in rows]
    finally:
        hqs.close()


def _hq_visits(hq_db: Path, enterprise_id: str) -> set[str]:
    hqs = HQStore(hq_db)
    try:
        rows = hqs.query(
            "SELECT id FROM records WHERE entity = 'visit'"
            " AND json_extract(data, '$.enterprise_id') = ?",
            (enterprise_id,),
        )
        return {r["id"] for r in rows}
    finally:
        hqs.close()


def _local(device: Store) -> list:
    rows = device.query("SELECT id FROM enterprises WHERE tax_code = ?", (TAX,))
    return [device.enterprises.get(r["id"]) for r in rows]


def _mentions(device: Store, record_id: str) -> int:
    """Rows of the device's outbox still naming `record_id` anywhere."""
    return device.scalar(
        "SELECT count(*) FROM outbox WHERE record_id = ? OR instr(payload, ?) > 0",
        (record_id, record_id),
    )


def test_same_cooperative_on_two_devices_and_the_registry_becomes_one(
    hq, hq_db, make_device, tmp_path, isolated_home
):
    a, b = make_device("a"), make_device("b")
    ca, cb = enrolled(a, hq_db, hq.url), enrolled(b, hq_db, hq.url)
    # Both officers register the cooperative offline, each with a visit...
    ea = add_enterprise(a, NAME, tax_code=TAX, phone="0911111111", representative="Lý Văn Pao")
    va = add_visit(a, ea, "Kho chè chưa dán nhãn.")
    eb = add_enterprise(b, "HTX Chè Shan tuyết Mẫu Sơn", tax_code=TAX, phone="0922222222")
    vb = add_visit(b, eb, "Sân phơi chưa có mái che.")
    b.enterprises.update(eb, {"address": "Thôn Khuổi Cấp"})  # a pending per-field edit
    # ...and headquarters loads the province's official registry, which has it too.
    _import_registry(hq_db, tmp_path, isolated_home)
    [registry] = _hq_enterprises(hq_db)
    canonical = registry["id"]

    first = run_sync(a, credentials=ca)
    assert first.ok and first.merged == 1 and first.counts["rejected"] == 0
    assert run_sync(b, credentials=cb).ok
    assert run_sync(a, credentials=ca).ok  # receives b's visit and the merged profile

    # Headquarters: one enterprise with both visits; the device ids map to it.
    [kept] = _hq_enterprises(hq_db)
    assert kept["id"] == canonical
    assert _hq_visits(hq_db, canonical) == {va, vb}
    for device, local_id in ((a, ea), (b, eb)):
        [only] = _local(device)
        assert only.id == canonical
        assert device.enterprises.get(local_id) is None
        assert {v.id for v in device.visits.for_enterprise(canonical)} == {va, vb}
        assert _mentions(device, local_id) == 0  # queued records point at the kept id
        assert device.outbox.pending_count() == 0
        # Nothing typed is lost: the newest value of each field is kept, the others
        # are listed as conflicts; a field only one side filled (the registry left the
        # address blank) is simply merged.
        assert (
            (only.phone, only.representative, only.address)
            == (
                kept["phone"],
                kept["representative"],
                kept["address"],
            )
            == ("0922222222", "Lý Văn Páo", "Thôn Khuổi Cấp")
        )
        lost = {(c.field, c.lost_value) for c in device.pulled.conflicts()}
        assert ("phone", "0911111111") in lost  # a's older phone
        assert ("representative", "Lý Văn Pao") in lost  # older than the registry's
        assert all(c.record_id == canonical for c in device.pulled.conflicts())


def test_merge_survives_a_lost_reply(hq, hq_db, make_device):
    """The reply announcing the merge is cut after headquarters committed: the retry is
    answered as a duplicate that still names the kept id, and the device merges."""
    a, b = make_device("a"), make_device("b")
    ca, cb = enrolled(a, hq_db, hq.url), enrolled(b, hq_db, hq.url)
    ea = add_enterprise(a, NAME, tax_code=TAX)
    assert run_sync(a, credentials=ca).ok
    eb = add_enterprise(b, NAME, tax_code=TAX, email="htx.mauson@example.vn")
    vb = add_visit(b, eb)
    proxy = LinkProxy(hq.port).start()
    try:
        proxy.faults.extend(["cut_down"])  # the push lands, its answer never arrives
        result = run_sync(b, credentials=cb, link=fast_link(cb, proxy.url))
        pushes = [r for r in proxy.requests if r.startswith(b"POST /v1/push")]
    finally:
        proxy.stop()
    assert len(pushes) == 2  # the first answer was lost; the retry was answered
    assert result.ok and result.merged == 1
    assert [e.id for e in _local(b)] == [ea]
    assert b.visits.get(vb).enterprise_id == ea
    assert len(_hq_enterprises(hq_db)) == 1 and _hq_visits(hq_db, ea) == {vb}
    assert _hq_enterprises(hq_db)[0]["email"] == "htx.mauson@example.vn"


def test_tax_code_is_per_province_and_no_tax_code_never_merges(hq, hq_db, make_device):
    a, b = make_device("a"), make_device("b")
    ca = enrolled(a, hq_db, hq.url)
    cb = enrolled(b, hq_db, hq.url, province="Lai Châu")
    add_enterprise(a, NAME, tax_code=TAX)
    add_enterprise(b, NAME, tax_code=TAX, province="Lai Châu", commune="Xã Mường So")
    add_enterprise(a, "Hộ kinh doanh Hoàng Thị Mai")  # no tax code: two stay two
    add_enterprise(a, "Hộ kinh doanh Hoàng Thị Mai")
    ra, rb = run_sync(a, credentials=ca), run_sync(b, credentials=cb)
    assert ra.ok and rb.ok and ra.merged == rb.merged == 0
    assert len(_hq_enterprises(hq_db)) == 2  # one per province
    hqs = HQStore(hq_db)
    try:
        assert hqs.scalar("SELECT count(*) FROM records WHERE entity = 'enterprise'") == 4
    finally:
        hqs.close()


def test_duplicate_of_a_pulled_enterprise_folds_every_linked_record(
    hq, hq_db, make_device, tmp_path, isolated_home
):
    """The officer did not find the registry's record and typed the cooperative again,
    with a visit, a corrective action and a certificate: all move to the kept record."""
    _import_registry(hq_db, tmp_path, isolated_home)
    c, d = make_device("c"), make_device("d")
    cc, cd = enrolled(c, hq_db, hq.url), enrolled(d, hq_db, hq.url)
    assert run_sync(c, credentials=cc).ok
    [registry] = _local(c)
    again = add_enterprise(c, "HTX chè Mẫu Sơn", tax_code=TAX, email="mauson@example.vn")
    visit = add_visit(c, again)
    action = c.actions.add({"enterprise_id": again, "what": "Dán nhãn kho chè"}).id
    cert = c.enterprises.add_certification(again, {"standard": "VietGAP"}).id
    result = run_sync(c, credentials=cc)
    assert result.ok and result.merged == 1 and result.counts["rejected"] == 0
    assert [e.id for e in _local(c)] == [registry.id]
    assert c.enterprises.get(again) is None
    assert c.visits.get(visit).enterprise_id == registry.id
    assert c.actions.get(action).enterprise_id == registry.id
    assert [x.id for x in c.enterprises.certifications(registry.id)] == [cert]
    assert c.enterprises.get(registry.id).email == "mauson@example.vn"  # merged, not lost
    assert c.enterprises.search("che mau son").total == 1  # the search index has one
    assert _mentions(c, again) == 0
    assert run_sync(d, credentials=cd).ok  # the next officer sees one, with everything
    assert [e.id for e in _local(d)] == [registry.id]
    assert d.visits.get(visit).enterprise_id == registry.id
    assert d.actions.get(action).enterprise_id == registry.id
    assert [x.id for x in d.enterprises.certifications(registry.id)] == [cert]
    assert len(_hq_enterprises(hq_db)) == 1


def test_two_creates_of_one_tax_code_in_one_batch(hq, hq_db, make_device):
    a = make_device("a")
    ca = enrolled(a, hq_db, hq.url)
    first = add_enterprise(a, NAME, tax_code=TAX, phone="0911111111")
    second = add_enterprise(a, NAME, tax_code=TAX, sector="Chè")
    visit = add_visit(a, second)
    result = run_sync(a, credentials=ca)
    assert result.ok and result.merged == 1
    [kept] = _hq_enterprises(hq_db)
    assert kept["id"] == first and (kept["phone"], kept["sector"]) == ("0911111111", "Chè")
    assert [e.id for e in _local(a)] == [first]
    assert a.enterprises.get(first).sector == "Chè"  # the merged profile came back
    assert a.visits.get(visit).enterprise_id == first
    assert _hq_visits(hq_db, first) == {visit}


def test_field_app_sync_says_what_it_merged(hq, hq_db, make_device, isolated_home):
    a = make_device("a")
    enrolled(a, hq_db, hq.url)
    add_enterprise(a, NAME, tax_code=TAX)
    add_enterprise(a, NAME, tax_code=TAX)
    db = a.path
    a.close()
    out = field_app_cli("--lang", "vi", "--db", str(db), "sync", home=isolated_home)
    assert out.returncode == 0, out.stderr
    assert "1 doanh nghiệp tạo trên máy này đã có ở trụ sở (trùng mã số thuế)" in out.stderr


def test_notes_and_founding_date_reach_headquarters(hq, hq_db, make_device):
    """Notes are long text (an import's extra phones, an officer's remarks): headquarters
    takes them past the length a name may have, with the founding date."""
    a = make_device("a")
    ca = enrolled(a, hq_db, hq.url)
    long_notes = "Số điện thoại khác: 0912 000 111. " + "Ghi chép buổi làm việc. " * 120
    assert len(long_notes) > 2_000  # longer than any short text field may be
    add_enterprise(a, NAME, tax_code=TAX, notes=long_notes, founded_on="2009-04-01")
    result = run_sync(a, credentials=ca)
    assert result.ok and a.outbox.by_state("rejected") == []
    [kept] = _hq_enterprises(hq_db)
    assert kept["notes"] == long_notes.strip() and kept["founded_on"] == "2009-04-01"


def test_a_later_duplicate_leaves_blank_never_wipes_what_headquarters_keeps(hq, hq_db, make_device):
    """The second device's copy carries its empty defaults (no sector, no notes): a
    blank is not an edit, so what the first officer recorded stays."""
    a, b = make_device("a"), make_device("b")
    ca, cb = enrolled(a, hq_db, hq.url), enrolled(b, hq_db, hq.url)
    add_enterprise(a, NAME, tax_code=TAX, sector="Chè", notes="Số điện thoại khác: 0912000111")
    assert run_sync(a, credentials=ca).ok
    add_enterprise(b, NAME, tax_code=TAX, phone="0922222222")
    second = run_sync(b, credentials=cb)
    assert second.ok and second.merged == 1
    [kept] = _hq_enterprises(hq_db)
    assert (kept["sector"], kept["notes"]) == ("Chè", "Số điện thoại khác: 0912000111")
    assert kept["phone"] == "0922222222"  # what b did fill is merged
    assert run_sync(a, credentials=ca).ok
    [only] = _local(a)
    assert (only.sector, only.notes, only.phone) == ("Chè", kept["notes"], "0922222222")
