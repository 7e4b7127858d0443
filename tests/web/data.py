"""Realistic data for the web tests: two provinces, officers with enrolled laptops,
visits, a 5S audit and a VietGAP check made on the devices and synced for real."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from field_app.checklists import bundled_templates
from field_app.models.audit_5s import Audit5S, ItemScore
from field_app.store import Store, open_store
from sync.credentials import Credentials
from sync.engine import run_sync
from sync.enrollment import enroll
from sync.server.officers import add_officer
from sync.server.storage import HQStore
from sync.server.users import add_user

PASSWORD = "mật-khẩu-đủ-dài-1"
LANG_SON, LAI_CHAU = "Lạng Sơn", "Lai Châu"


@dataclass
class Officer:
    """An officer's laptop at headquarters' end of a test."""

    name: str
    store: Store
    credentials: Credentials
    officer_id: int

    def sync(self) -> None:
        """Push and pull, as the interface does on a timer."""
        assert run_sync(self.store, credentials=self.credentials).ok


def make_officer(hq_db: Path, url: str, folder: Path, name: str, province: str) -> Officer:
    """Create an officer at headquarters and enroll a fresh laptop with their code."""
    hq = HQStore(hq_db)
    try:
        code = add_officer(hq, name, province)
        officer_id = int(hq.scalar("SELECT id FROM officers WHERE name = ?", (name,)))
    finally:
        hq.close()
    store = open_store(folder / f"{officer_id}.db", name)
    return Officer(name, store, enroll(store, url, code), officer_id)


def add_users(hq_db: Path) -> None:
    """A reviewer and an admin of Lạng Sơn, a viewer of Lai Châu, a national viewer."""
    hq = HQStore(hq_db)
    try:
        add_user(hq, "thu", "Nguyễn Thị Thu", LANG_SON, "reviewer", PASSWORD)
        add_user(hq, "admin", "Trần Văn Quản", LANG_SON, "admin", PASSWORD)
        add_user(hq, "lc", "Lò Thị Mai", LAI_CHAU, "reviewer", PASSWORD)
        add_user(hq, "national", "Phạm Quốc Gia", None, "viewer", PASSWORD)
    finally:
        hq.close()


def enterprise(store: Store, name: str, province: str, commune: str, tax: str) -> str:
    """An enterprise made on a laptop; returns its id."""
    return store.enterprises.add(
        {"name": name, "province": province, "commune": commune, "tax_code": tax}
    ).id


def visit(store: Store, enterprise_id: str, day: date, findings: str) -> str:
    """A completed site visit; returns its id."""
    draft = store.visits.save_draft(
        {
            "enterprise_id": enterprise_id,
            "visit_date": day.isoformat(),
            "officers": [store.officer],
            "purpose": "advice",
            "findings": findings,
        }
    )
    return store.visits.complete(draft.id).id


def audit(store: Store, enterprise_id: str, day: date) -> str:
    """A completed 5S audit of an office, one item scored low; returns its id."""
    template = next(t for t in bundled_templates() if t.id == "5s-office")
    items = [
        ItemScore(
            item_id=item.id,
            score=1 if n == 0 else 3,
            note="Tủ hồ sơ chưa dán nhãn" if n == 0 else "",
        )
        for n, (_s, item) in enumerate(template.items())
    ]
    draft = Audit5S(
        enterprise_id=enterprise_id,
        area="Văn phòng",
        template_id=template.id,
        template_version=template.version,
        audit_date=day,
        auditors=[store.officer],
        items=items,
    )
    proposals = store.audits_5s.propose(draft)
    return store.audits_5s.complete(draft, actions=proposals[:1]).id
