"""What a demo unit does, so its records fit it: the trade, the areas a 5S audit
looks at, the crop a VietGAP check covers, and the certificates it can hold.

Someone from the programme reads the demo first: a cardamom cooperative has a
pre-processing area and a store, not a garment workshop; a mechanical workshop holds
ISO 9001, never a "Kaizen certificate" (Kaizen and Lean are improvement tools the
programme supports, not standards anyone certifies).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Crops a VietGAP crop-production check applies to, with a plausible scope.
CROPS = {
    "Na": "Na, {ha} ha",
    "Hồi": "Hồi, {ha} ha",
    "Quế": "Quế, {ha} ha",
    "Chè Shan tuyết": "Chè Shan tuyết, {ha} ha",
    "Rau an toàn": "Rau cải, rau muống, {ha} ha",
    "Khoai lang": "Khoai lang, {ha} ha",
    "Thảo quả": "Thảo quả dưới tán rừng, {ha} ha",
    "Cam sành": "Cam sành, {ha} ha",
    "Hồng không hạt": "Hồng không hạt, {ha} ha",
    "Mận Tam Hoa": "Mận Tam Hoa, {ha} ha",
    "Dược liệu": "Dược liệu (cà gai leo, ba kích), {ha} ha",
}
# Products of livestock, bees and forest: VietGAHP or other schemes, not VietGAP crops.
OTHER_PRODUCTS = ["Mật ong", "Gà đồi", "Lợn đen", "Bò vàng", "Nấm hương", "Miến dong"]
PRODUCTS = [*CROPS, *OTHER_PRODUCTS]


@dataclass(frozen=True)
class Trade:
    """A line of business of an enterprise."""

    name: str
    sector: str
    areas: dict[str, list[str]]
    """5S form kind (production, warehouse, office) -> areas of that kind."""
    standards: list[str]
    """Certifiable standards such a firm holds."""
    food: bool = False


TRADES = [
    Trade("Chế biến nông sản", "Chế biến thực phẩm",
          {"production": ["Xưởng chế biến", "Khu sơ chế", "Dây chuyền đóng gói"],
           "warehouse": ["Kho nguyên liệu", "Kho thành phẩm"], "office": ["Văn phòng"]},
          ["HACCP", "ISO 22000:2018", "ISO 9001:2015"], food=True),
    Trade("Cơ khí", "Công nghiệp chế biến",
          {"production": ["Xưởng gia công cơ khí", "Khu hàn", "Khu sơn"],
           "warehouse": ["Kho vật tư", "Kho thành phẩm"], "office": ["Văn phòng"]},
          ["ISO 9001:2015", "ISO 14001:2015"]),
    Trade("May mặc", "Công nghiệp chế biến",
          {"production": ["Xưởng may số 1", "Xưởng may số 2", "Khu cắt"],
           "warehouse": ["Kho vải", "Kho thành phẩm"], "office": ["Văn phòng"]},
          ["ISO 9001:2015"]),
    Trade("Vật liệu xây dựng", "Công nghiệp chế biến",
          {"production": ["Xưởng sản xuất gạch không nung", "Khu trộn phối liệu"],
           "warehouse": ["Kho xi măng", "Bãi thành phẩm"], "office": ["Văn phòng"]},
          ["ISO 9001:2015", "ISO 14001:2015"]),
    Trade("Chế biến gỗ", "Công nghiệp chế biến",
          {"production": ["Xưởng xẻ gỗ", "Xưởng hoàn thiện"],
           "warehouse": ["Kho gỗ nguyên liệu", "Kho thành phẩm"], "office": ["Văn phòng"]},
          ["ISO 9001:2015"]),
    Trade("Thực phẩm", "Chế biến thực phẩm",
          {"production": ["Xưởng sản xuất", "Khu đóng gói"],
           "warehouse": ["Kho nguyên liệu", "Kho lạnh"], "office": ["Văn phòng"]},
          ["HACCP", "ISO 22000:2018"], food=True),
    Trade("Nước khoáng", "Chế biến thực phẩm",
          {"production": ["Dây chuyền chiết rót", "Khu rửa vỏ bình"],
           "warehouse": ["Kho thành phẩm"], "office": ["Văn phòng"]},
          ["HACCP", "ISO 22000:2018", "ISO 9001:2015"], food=True),
    Trade("Bao bì", "Công nghiệp chế biến",
          {"production": ["Xưởng in", "Xưởng cắt dán"],
           "warehouse": ["Kho giấy", "Kho thành phẩm"], "office": ["Văn phòng"]},
          ["ISO 9001:2015"]),
    Trade("Thương mại dịch vụ", "Thương mại",
          {"warehouse": ["Kho hàng"], "office": ["Văn phòng", "Phòng kinh doanh"]},
          ["ISO 9001:2015"]),
]  # fmt: skip


@dataclass
class DemoProfile:
    """What one demo unit's audits, checks and certificates may be about."""

    areas: dict[str, list[str]]
    crop: str | None = None
    """The crop a VietGAP check covers; None when the unit grows none."""
    standards: list[str] = field(default_factory=list)


def farm_areas(product: str, cooperative: bool) -> dict[str, list[str]]:
    """Areas of a cooperative, household or farm working on `product`."""
    areas = {
        "production": ["Khu sơ chế", f"Xưởng chế biến {product[0].lower()}{product[1:]}"],
        "warehouse": ["Kho nông sản", "Kho phân bón và thuốc BVTV"],
    }
    if cooperative:
        areas["office"] = ["Văn phòng HTX"]
    return areas


def farm_standards(product: str) -> list[str]:
    """Certificates a unit working on `product` can hold."""
    return (
        ["VietGAP"] if product in CROPS else ["VietGAHP"] if product in OTHER_PRODUCTS[:4] else []
    )
