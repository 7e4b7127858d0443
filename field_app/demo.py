"""Realistic, deterministic demo data: Vietnamese names with marks, real provinces
and communes, every kind of enterprise, visits spread over two years.

The same seed gives the same names, places and texts (ids are UUIDv7, so they
differ). Demo records are ordinary records: they sync and export like any other.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from field_app.clock import utc_now
from field_app.models.enterprise import Enterprise, EnterpriseKind
from field_app.models.visit import RecordStatus, Visit, VisitPurpose
from field_app.places import demo_places
from field_app.store import Store
from field_app.store.visits import insert_many

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Hoàng",
    "Nông",
    "Lương",
    "Hà",
    "Vi",
    "Lò",
    "Lộc",
    "Đặng",
    "Phạm",
    "Triệu",
    "Hứa",
    "Bế",
    "Đinh",
    "Vũ",
    "Đỗ",
    "Chu",
    "Mã",
]
MIDDLE = {"m": ["Văn", "Đức", "Quang", "Minh", "Hữu"], "f": ["Thị", "Thu", "Ngọc", "Thanh"]}
GIVEN = {
    "m": ["Hùng", "Dũng", "Thắng", "Cường", "Tuấn", "Đạt", "Khánh", "Sơn", "Long", "Việt"],
    "f": ["Hoa", "Lan", "Hương", "Thủy", "Hằng", "Nga", "Mai", "Phượng", "Duyên", "Yến"],
}
PRODUCTS = [
    "Na",
    "Hồi",
    "Quế",
    "Chè Shan tuyết",
    "Thạch đen",
    "Rau an toàn",
    "Miến dong",
    "Mật ong",
    "Gà đồi",
    "Khoai lang",
    "Đậu tương",
    "Gạo nếp",
    "Thảo quả",
    "Cam sành",
    "Hồng không hạt",
    "Mận Tam Hoa",
    "Lợn đen",
    "Nấm hương",
    "Dược liệu",
    "Bò vàng",
]
# Trade names make firms of the same trade and commune tell apart, as they do in life.
BRANDS = [
    "Phú Thịnh",
    "Hoàng Long",
    "An Bình",
    "Thành Đạt",
    "Minh Phát",
    "Hưng Thịnh",
    "Đại Dương",
    "Tân Tiến",
    "Việt Bắc",
    "Kỳ Lừa",
    "Mẫu Sơn",
    "Đông Bắc",
    "Hồng Phúc",
    "Trường Sơn",
    "Quang Minh",
    "Bảo An",
]
TRADES = [
    "Chế biến nông sản",
    "Cơ khí",
    "May mặc",
    "Vật liệu xây dựng",
    "Chế biến gỗ",
    "Thực phẩm",
    "Nước khoáng",
    "Thương mại dịch vụ",
    "Bao bì",
    "Đồ gỗ nội thất",
]
SECTORS = [
    "Nông nghiệp",
    "Chế biến thực phẩm",
    "Công nghiệp chế biến",
    "Thủ công mỹ nghệ",
    "Du lịch",
    "Thương mại",
]
TOOLS = ["5S", "ISO 9001", "VietGAP", "Kaizen", "Lean", "ISO 22000", "HACCP", "OCOP"]
FINDINGS = [
    "Kho nguyên liệu còn lẫn vật tư hỏng, chưa dán nhãn khu vực.",
    "Sổ ghi chép sử dụng thuốc bảo vệ thực vật chưa đầy đủ thời gian cách ly.",
    "Lối đi xưởng chưa kẻ vạch, dụng cụ để không đúng chỗ.",
    "Khu sơ chế sạch sẽ, có phân công người phụ trách.",
    "Chưa có quy trình kiểm tra nội bộ hằng năm.",
    "Nguồn nước tưới đã được xét nghiệm, đạt yêu cầu.",
]
RECOMMENDATIONS = [
    "Sàng lọc vật tư thừa, lập bảng phân công vệ sinh theo tuần.",
    "Bổ sung sổ nhật ký sản xuất và lưu hồ sơ truy xuất nguồn gốc.",
    "Kẻ vạch lối đi, làm bảng chỉ dẫn vị trí dụng cụ.",
    "Tổ chức tập huấn VietGAP cho thành viên HTX.",
]


@dataclass
class DemoResult:
    """How many records the demo made."""

    enterprises: int
    visits: int
    certifications: int
    supports: int
    audits_5s: int = 0
    vietgap_checks: int = 0
    actions: int = 0
    training_courses: int = 0


def _person(rng: random.Random) -> str:
    sex = rng.choice("mf")
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"


def make_enterprise(rng: random.Random, index: int, province: str = "") -> Enterprise:
    """One plausible registry entry; `index` keeps tax codes unique."""
    # An officer's demo stays in their own province (headquarters refuses records from
    # elsewhere); with no province set, every province in the places list is used.
    place = rng.choice(demo_places(province))
    kind = rng.choices(list(EnterpriseKind), weights=[35, 25, 25, 5, 10])[0]
    product = rng.choice(PRODUCTS)
    person = _person(rng)
    if kind == EnterpriseKind.ENTERPRISE:
        form = rng.choice(["Công ty TNHH", "Công ty Cổ phần", "Doanh nghiệp tư nhân"])
        name = f"{form} {rng.choice(TRADES)} {rng.choice(BRANDS)} {place.commune}"
        number = f"{4900000000 + index:010d}"
        # A branch carries the parent's code plus a three-digit suffix.
        tax: str | None = number + f"-{rng.randint(1, 20):03d}" if rng.random() < 0.1 else number
    elif kind == EnterpriseKind.COOPERATIVE:
        name = f"Hợp tác xã {rng.choice(['Nông nghiệp', 'Dịch vụ', ''])} {product} {place.commune}"
        tax = f"{4800000000 + index:010d}"
    elif kind == EnterpriseKind.HOUSEHOLD:
        name = f"Hộ kinh doanh {person}"
        tax = (
            f"0{place.province_code}{index:09d}"[:12].ljust(12, "0") if rng.random() < 0.7 else None
        )
    elif kind == EnterpriseKind.COOP_GROUP:
        name = f"Tổ hợp tác {product} thôn {rng.choice(['Bản', 'Nà', 'Khuổi', 'Pác'])} {index % 97}"
        tax = None
    else:
        name = f"Trang trại {product} {person}"
        tax = None
    return Enterprise(
        kind=kind,
        name=name,
        tax_code=tax,
        province=place.province,
        province_code=place.province_code or None,
        commune=place.commune,
        commune_code=place.commune_code or None,
        address=f"Thôn {rng.choice(['Bản Chu', 'Nà Hin', 'Khòn Pát', 'Pò Mã', 'Phiêng Quăn'])}, "
        f"{place.kind} {place.commune}",
        old_address=f"huyện {place.commune}, tỉnh {place.province}" if rng.random() < 0.3 else "",
        sector=rng.choice(SECTORS),
        main_products=product,
        representative=person,
        phone=f"09{rng.randint(10000000, 99999999)}",
        ocop_stars=rng.choice([None, None, None, 3, 4, 5]),
    )


def generate(
    store: Store,
    *,
    enterprises: int = 200,
    visits: int = 400,
    seed: int = 1,
    province: str = "",
    today: date | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> DemoResult:
    """Fill `store` with demo records; each kind is written in one transaction."""
    rng = random.Random(seed)
    today = today or date.today()
    base = store.scalar("SELECT count(*) FROM enterprises") or 0
    made = [make_enterprise(rng, base + i, province) for i in range(enterprises)]
    store.enterprises.upsert_many([(e, None, set()) for e in made])
    if progress:
        progress("enterprises", enterprises)
    rows = store.query("SELECT id, kind FROM enterprises ORDER BY rid DESC LIMIT ?", (enterprises,))
    ids = [r["id"] for r in rows]
    certs = supports = 0
    with store.atomic():
        for ent_id in ids[: max(1, len(ids) // 5)]:
            tool = rng.choice(TOOLS)
            issued = today - timedelta(days=rng.randint(30, 700))
            months = 36 if tool == "OCOP" else 24
            store.enterprises.add_certification(
                ent_id,
                {
                    "standard": tool if tool != "5S" else "VietGAP",
                    "number": f"GCN-{rng.randint(100, 9999)}",
                    "issuer": rng.choice(["Trung tâm Kỹ thuật TĐC", "QUACERT", "Sở NN&MT"]),
                    "issued_on": issued,
                    "valid_until": issued + timedelta(days=months * 30),
                },
            )
            certs += 1
            store.enterprises.add_support(
                ent_id,
                {
                    "tool": tool,
                    "year": rng.choice([today.year - 1, today.year]),
                    "cost_share_percent": 50,
                    "amount_vnd": rng.randint(5, 50) * 1_000_000,
                    "status": rng.choice(["registered", "approved", "paid"]),
                },
            )
            supports += 1
    if progress:
        progress("certifications", certs)
    made_visits = []
    for _ in range(visits):
        ent_id = rng.choice(ids) if ids else None
        if ent_id is None:
            break
        day = today - timedelta(days=rng.randint(0, 730))
        completed = rng.random() < 0.95
        stamp = store.stamp()
        follow = day + timedelta(days=rng.randint(14, 120)) if rng.random() < 0.5 else None
        made_visits.append(
            Visit(
                **stamp,
                enterprise_id=ent_id,
                visit_date=day,
                officers=[store.officer or _person(rng)],
                purpose=rng.choice(list(VisitPurpose)),
                findings=rng.choice(FINDINGS),
                recommendations=rng.choice(RECOMMENDATIONS),
                next_steps="Kiểm tra lại việc khắc phục ở lần thăm sau.",
                follow_up_date=follow,
                status=RecordStatus.COMPLETED if completed else RecordStatus.DRAFT,
                completed_at=utc_now() if completed else None,
            )
        )
    insert_many(store, made_visits)
    if progress:
        progress("visits", len(made_visits))
    # 5S audits, VietGAP checks and their corrective actions (issue 4).
    from field_app.demo_audits import generate_audits

    more = generate_audits(
        store,
        rng,
        ids,
        today,
        audits=max(1, visits // 4) if visits else 0,
        checks=max(1, visits // 10) if visits else 0,
        officer=store.officer or _person(rng),
    )
    if progress:
        progress("audits", more.audits_5s + more.vietgap_checks)
    from field_app.demo_training import generate_training

    courses = generate_training(store, ids, today, courses=visits // 40, seed=seed)
    if progress:
        progress("training courses", courses)
    return DemoResult(
        len(made),
        len(made_visits),
        certs,
        supports,
        more.audits_5s,
        more.vietgap_checks,
        more.actions,
        courses,
    )
