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
from functools import cache

from field_app.clock import utc_now
from field_app.demo_profiles import CROPS, PRODUCTS, DemoProfile, farm_areas, farm_standards
from field_app.demo_profiles import TRADES as TRADE_LIST
from field_app.models.enterprise import Enterprise, EnterpriseKind
from field_app.models.visit import RecordStatus, Visit, VisitPurpose
from field_app.places import OldPlace, demo_places
from field_app.store import Store
from field_app.store.visits import insert_many
from field_app.text import fold_key

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
TRADES = [trade.name for trade in TRADE_LIST]
TOOLS = ["5S", "ISO 9001", "VietGAP", "Kaizen", "Lean", "ISO 22000", "HACCP", "OCOP"]
"""Tools and systems the programme supports (Kaizen and Lean are not certified)."""
# Hamlets and residential groups of the northern mountain provinces.
HAMLETS = [
    "Bản Chu", "Nà Hin", "Khòn Pát", "Pò Mã", "Phiêng Quăn", "Nà Pàn", "Khuổi Khe",
    "Pác Nặm", "Bản Đon", "Nà Sla", "Phai Xả", "Cốc Phường", "Nà Lạn", "Khòn Quang",
    "Bản Piềng", "Lũng Vài", "Pò Háng", "Thâm Sẩm", "Còn Quan", "Bản Mới", "Tân Lập",
    "Hợp Thành", "Pác Ká", "Nà Rì", "Khau Ràng", "Lũng Pù", "Bản Vền", "Nặm Cáy",
    "Đông Tiến", "Làng Giàng", "Bó Củng", "Khun Nà",
]  # fmt: skip
STREETS = [
    "Trần Đăng Ninh", "Bà Triệu", "Lê Lợi", "Hùng Vương", "Lý Thái Tổ", "Ngô Quyền",
    "Phai Vệ", "Nguyễn Du", "Tô Thị", "Chu Văn An", "Trần Hưng Đạo", "Bắc Sơn",
]  # fmt: skip
# First two digits of enterprise tax codes issued in each province (the tax office's).
TAX_PREFIX = {"langson": "49", "tuyenquang": "50", "laichau": "62", "hagiang": "51"}
CERT_ISSUERS = {
    "ISO": [
        "QUACERT",
        "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng 1",
        "Bureau Veritas Việt Nam",
    ],
    "HACCP": ["QUACERT", "Công ty CP Chứng nhận và Giám định VinaCert"],
    "VietGAP": [
        "Công ty CP Chứng nhận và Giám định VinaCert",
        "Trung tâm Chứng nhận Phù hợp (QUACERT)",
    ],
    "VietGAHP": ["Công ty CP Chứng nhận và Giám định VinaCert"],
}
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
    """One plausible registry entry (see `make_unit` for what its records may be about).

    `index` is kept for callers that number their units; tax codes are random."""
    return make_unit(rng, province, set())[0]


def _tax_code(rng: random.Random, prefix: str, taken: set[str]) -> str:
    while True:
        code = prefix + "".join(rng.choice("0123456789") for _ in range(8))
        if code not in taken:
            taken.add(code)
            return code


def _personal_id(rng: random.Random, province_code: str, taken: set[str]) -> str:
    # 12-digit personal number: province of birth registration, century and sex, year
    # of birth, then six digits.
    while True:
        born = rng.randint(1960, 2000)
        century_sex = rng.choice("01") if born < 2000 else rng.choice("23")
        code = f"0{province_code[-2:]:0>2}{century_sex}{born % 100:02d}{rng.randint(0, 999999):06d}"
        if code not in taken:
            taken.add(code)
            return code


@cache
def _former_communes() -> dict[str, list[OldPlace]]:
    """New commune code -> the pre-2025 communes whose area went to it."""
    from field_app.places import old_rows_of, old_units

    found: dict[str, list[OldPlace]] = {}
    for row in old_rows_of(old_units()):
        if row.old_commune:
            found.setdefault(row.commune_code, []).append(row)
    return found


def _old_address(rng: random.Random, commune_code: str) -> str:
    """The address as written before July 2025: one of the former communes that
    became this one, with its district."""
    rows = _former_communes().get(commune_code, [])
    if not rows:
        return ""
    row = rng.choice(rows)
    return (
        f"{row.old_commune_kind} {row.old_commune}, {row.old_district_kind} {row.old_district},"
        f" tỉnh {row.old_province}"
    )


def make_unit(rng: random.Random, province: str, taken: set[str]) -> tuple[Enterprise, DemoProfile]:
    """One registry entry and what its demo records may be about."""
    # An officer's demo stays in their own province (headquarters refuses records from
    # elsewhere); with no province set, the demo communes of three provinces are used.
    place = rng.choice(demo_places(province))
    kind = rng.choices(list(EnterpriseKind), weights=[35, 25, 25, 5, 10])[0]
    product = rng.choice(PRODUCTS)
    person = _person(rng)
    prefix = TAX_PREFIX.get(fold_key(place.province), "01")
    tax: str | None = None
    stars = None
    if kind == EnterpriseKind.ENTERPRISE:
        trade = rng.choice(TRADE_LIST)
        form = rng.choice(["Công ty TNHH", "Công ty Cổ phần", "Doanh nghiệp tư nhân"])
        name = f"{form} {trade.name} {rng.choice(BRANDS)}"
        tax = _tax_code(rng, prefix, taken)
        if rng.random() < 0.1:
            tax += f"-{rng.randint(1, 5):03d}"  # a branch
        sector, products = trade.sector, trade.name.lower()
        profile = DemoProfile(trade.areas, None, trade.standards)
        if trade.food and rng.random() < 0.3:
            stars = rng.choice([3, 3, 4])
    else:
        sector = "Nông nghiệp" if product in CROPS else "Chăn nuôi, lâm sản"
        products = product
        cooperative = kind == EnterpriseKind.COOPERATIVE
        profile = DemoProfile(
            farm_areas(product, cooperative), product if product in CROPS else None,
            farm_standards(product),
        )  # fmt: skip
        if kind != EnterpriseKind.COOP_GROUP and rng.random() < 0.35:
            stars = rng.choice([3, 3, 3, 4, 4, 5])
        if cooperative:
            kind_word = rng.choice(["Nông nghiệp", "Dịch vụ nông nghiệp", ""])
            name = " ".join(f"Hợp tác xã {kind_word} {product} {place.commune}".split())
            tax = _tax_code(rng, prefix, taken)
        elif kind == EnterpriseKind.HOUSEHOLD:
            name = f"Hộ kinh doanh {person}"
            if rng.random() < 0.7:
                tax = _personal_id(rng, place.province_code or "0", taken)
        elif kind == EnterpriseKind.COOP_GROUP:
            name = f"Tổ hợp tác {product} thôn {rng.choice(HAMLETS)}"
        else:
            name = f"Trang trại {product} {person}"
    if stars:
        profile.standards = [*profile.standards, f"OCOP {stars} sao"]
    hamlet = rng.choice(HAMLETS)
    if place.kind != "phường":
        address = f"Thôn {hamlet}"
    elif rng.random() < 0.5:
        address = f"Số {rng.randint(2, 260)}, đường {rng.choice(STREETS)}"
    else:
        address = f"Tổ dân phố {rng.randint(1, 12)}"
    ent = Enterprise(
        kind=kind,
        name=name,
        tax_code=tax,
        province=place.province,
        province_code=place.province_code or None,
        commune=place.commune,
        commune_code=place.commune_code or None,
        address=address,
        old_address=_old_address(rng, place.commune_code) if rng.random() < 0.3 else "",
        sector=sector,
        main_products=products,
        representative=person,
        phone=f"09{rng.randint(10000000, 99999999)}",
        ocop_stars=stars,
    )
    return ent, profile


def _certificate(
    rng: random.Random, standard: str, issued: date, province: str
) -> dict[str, object]:
    """A certificate of `standard` (certifiable standards only) issued on `issued`."""
    if standard.startswith("OCOP"):
        issuer, months = f"UBND tỉnh {province}", 36
    else:
        family = "ISO" if standard.startswith("ISO") else standard
        issuer, months = rng.choice(CERT_ISSUERS[family]), 24 if "GA" in standard else 36
    year = issued.year
    return {
        "standard": standard,
        "number": f"{rng.randint(100, 9999)}/{year}/{standard.split()[0].replace(':', '')}",
        "issuer": issuer,
        "issued_on": issued,
        "valid_until": issued + timedelta(days=months * 30),
    }


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
    """Fill `store` with demo records, all in ONE transaction: a full disk or an
    interrupted run leaves the database as it was, never half a demo."""
    with store.atomic():
        return _generate(store, enterprises, visits, seed, province, today or date.today(),
                         progress)  # fmt: skip


def _support_tools(profile: DemoProfile) -> list[str]:
    """Tools and systems a unit applies with the programme's support."""
    if profile.crop is not None or "VietGAHP" in profile.standards:
        return ["VietGAP", "OCOP", "5S"] if profile.crop else ["OCOP", "5S"]
    tools = ["5S", "Kaizen", "Lean"]
    tools += [t for t in ("ISO 9001", "ISO 22000", "HACCP") if any(
        s.startswith(t) for s in profile.standards)]  # fmt: skip
    return tools


def _generate(
    store: Store,
    enterprises: int,
    visits: int,
    seed: int,
    province: str,
    today: date,
    progress: Callable[[str, int], None] | None,
) -> DemoResult:
    rng = random.Random(seed)
    taken = {r[0] for r in store.query("SELECT tax_code FROM enterprises WHERE tax_code != ''")}
    units = [make_unit(rng, province, taken) for _ in range(enterprises)]
    store.enterprises.upsert_many([(e, None, set()) for e, _p in units])
    if progress:
        progress("enterprises", enterprises)
    rows = store.query("SELECT id FROM enterprises ORDER BY rid DESC LIMIT ?", (enterprises,))
    ids = [r["id"] for r in reversed(rows)]
    profiles = {ent_id: profile for ent_id, (_e, profile) in zip(ids, units, strict=True)}
    places = {ent_id: ent.province for ent_id, (ent, _p) in zip(ids, units, strict=True)}
    certs = supports = 0
    for ent_id, profile in profiles.items():
        if profile.standards and rng.random() < 0.3:
            standard = rng.choice(profile.standards)
            issued = today - timedelta(days=rng.randint(20, 700))
            store.enterprises.add_certification(
                ent_id, _certificate(rng, standard, issued, places[ent_id])
            )
            certs += 1
        if rng.random() < 0.35:
            for tool in rng.sample(_support_tools(profile), k=rng.choice([1, 1, 2])):
                year = today.year if rng.random() < 0.6 else today.year - 1
                status = rng.choices(["registered", "approved", "paid", "cancelled"],
                                     weights=[30, 30, 35, 5])[0]  # fmt: skip
                if year < today.year and status == "registered":
                    status = "paid"  # last year's applications have been decided
                store.enterprises.add_support(
                    ent_id,
                    {
                        "tool": tool,
                        "year": year,
                        "cost_share_percent": 50,
                        "amount_vnd": rng.randint(8, 50) * 1_000_000,
                        "status": status,
                    },
                )
                supports += 1
    if progress:
        progress("certifications", certs)
    made_visits: list[Visit] = []
    for _ in range(visits):
        ent_id = rng.choice(ids) if ids else None
        if ent_id is None:
            break
        day = today - timedelta(days=rng.randint(0, 730))
        # A draft is a visit being written up: recent, never one of last year.
        completed = (today - day).days > 10 or rng.random() < 0.6
        stamp = store.stamp()
        if not completed:
            # Last touched on the day of the visit: drafts list most recently touched
            # first, so their order must not hang on the milliseconds between two
            # inserts of this loop (the seed's random sequence is left as it was).
            touched = f"{day.isoformat()}T16:{len(made_visits) % 60:02d}:00.000Z"
            stamp.update(created_at=touched, updated_at=touched)
        # Follow-ups of recent visits only: older ones were made long ago, so none is
        # shown overdue by a year.
        recent = (today - day).days <= 90
        follow = (
            day + timedelta(days=rng.randint(21, 90)) if recent and rng.random() < 0.7 else None
        )
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
        profiles=profiles,
    )
    if progress:
        progress("audits", more.audits_5s + more.vietgap_checks)
    from field_app.demo_training import generate_training

    courses = generate_training(store, ids, today, courses=visits // 40, seed=seed)
    if progress:
        progress("training courses", courses)
    return DemoResult(
        len(units),
        len(made_visits),
        certs,
        supports,
        more.audits_5s,
        more.vietgap_checks,
        more.actions,
        courses,
    )
