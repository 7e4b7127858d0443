"""Certificate expiry warnings: VietGAP 2 years, OCOP 36 months."""

from __future__ import annotations

from datetime import date

from field_app.certificates import add_months, expiring, expiry_date, validity_months
from field_app.store import Store


def test_validity_by_scheme() -> None:
    assert validity_months("VietGAP") == 24
    assert validity_months("VietGAP trồng trọt") == 24
    assert validity_months("OCOP 4 sao") == 36
    assert validity_months("ISO 9001:2015") is None
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2023, 11, 15), 36) == date(2026, 11, 15)
    assert expiry_date("VietGAP", date(2025, 3, 1), None) == date(2027, 3, 1)
    assert expiry_date("VietGAP", date(2025, 3, 1), date(2026, 1, 1)) == date(2026, 1, 1)
    assert expiry_date("HACCP", date(2025, 3, 1), None) is None


def test_home_warns_before_expiry(store: Store) -> None:
    today = date(2026, 11, 22)
    farm = store.enterprises.add({"name": "HTX Rau an toàn Văn Quan"})
    shop = store.enterprises.add(
        {"name": "Hộ kinh doanh Miến dong Bình Gia", "ocop_stars": 4, "ocop_expiry": "10/01/2027"}
    )
    # Issued two years ago with no expiry written: lapses within the window.
    store.enterprises.add_certification(
        farm.id, {"standard": "VietGAP", "issued_on": date(2024, 12, 1)}
    )
    store.enterprises.add_certification(
        farm.id, {"standard": "OCOP", "number": "OC-12", "valid_until": date(2026, 11, 1)}
    )
    store.enterprises.add_certification(
        farm.id, {"standard": "VietGAP", "valid_until": date(2028, 1, 1)}
    )
    store.enterprises.add_certification(
        farm.id, {"standard": "ISO 9001", "issued_on": date(2020, 1, 1)}
    )
    found = expiring(store, today, within_days=90)
    assert [(e.standard, e.expires_on, e.days_left) for e in found] == [
        ("OCOP", date(2026, 11, 1), -21),
        ("VietGAP", date(2026, 12, 1), 9),
        ("OCOP 4★", date(2027, 1, 10), 49),
    ]
    assert found[2].enterprise_id == shop.id
    assert expiring(store, today, within_days=5)[-1].days_left == -21
