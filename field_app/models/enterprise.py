"""The enterprise registry: enterprises, cooperatives, household businesses, farms."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from field_app.i18n import _
from field_app.models.common import (
    Email,
    LocalDate,
    OptionalText,
    Phone,
    RecordMeta,
    TaxCode,
    Text,
)
from field_app.models.described import (
    Described,
    DescribedField,
    ExportHint,
    WidgetHint,
    described_fields,
    header_index,
)
from field_app.text import fold_key


class EnterpriseKind(StrEnum):
    """Legal form of a unit the programme supports."""

    ENTERPRISE = "enterprise"  # doanh nghiệp
    COOPERATIVE = "cooperative"  # hợp tác xã (HTX)
    HOUSEHOLD = "household"  # hộ kinh doanh
    COOP_GROUP = "coop_group"  # tổ hợp tác
    FARM = "farm"  # trang trại


# Folded spellings officers and spreadsheets use for each kind. Matching is on the
# folded key, so "Hợp tác xã", "hop tac xa" and "HTX" all land on COOPERATIVE.
KIND_ALIASES: dict[str, EnterpriseKind] = {
    fold_key(alias): kind
    for kind, aliases in {
        EnterpriseKind.ENTERPRISE: [
            "enterprise",
            "company",
            "doanh nghiệp",
            "DN",
            "công ty",
            "cty",
            "công ty TNHH",
            "Cty TNHH",
            "Công ty TNHH MTV",
            "Cty TNHH MTV",
            "Công ty TNHH một thành viên",
            "Công ty TNHH hai thành viên trở lên",
            "TNHH",
            "công ty cổ phần",
            "Công ty CP",
            "Cty CP",
            "Cty cổ phần",
            "CTCP",
            "cổ phần",
            "Công ty hợp danh",
            "Cty HD",
            "doanh nghiệp tư nhân",
            "DNTN",
            "doanh nghiệp nhà nước",
            "DNNN",
            "chi nhánh",
            "CN",
        ],
        EnterpriseKind.COOPERATIVE: [
            "cooperative",
            "co-op",
            "coop",
            "hợp tác xã",
            "HTX",
            "liên hiệp hợp tác xã",
            "LHHTX",
            "HTX nông nghiệp",
            "HTXNN",
        ],
        EnterpriseKind.HOUSEHOLD: [
            "household",
            "household business",
            "hộ kinh doanh",
            "hộ kinh doanh cá thể",
            "HKD",
            "hộ KD",
            "hộ cá thể",
            "hộ gia đình",
            "hộ sản xuất",
            "cơ sở sản xuất",
            "cơ sở",
            "hộ",
        ],
        EnterpriseKind.COOP_GROUP: [
            "coop_group",
            "cooperative group",
            "tổ hợp tác",
            "THT",
            "tổ HT",
            "tổ hợp tác xã",
        ],
        EnterpriseKind.FARM: ["farm", "trang trại", "TT", "chủ trang trại", "kinh tế trang trại"],
    }.items()
    for alias in aliases
}
# Aliases that also start longer names ("Cty TNHH ABC"), longest first, so a kind
# column holding the whole name still says what it is.
_PREFIXES = sorted((a for a in KIND_ALIASES if len(a) >= 3), key=len, reverse=True)

KIND_LABELS = {
    EnterpriseKind.ENTERPRISE: ("Doanh nghiệp", "Enterprise"),
    EnterpriseKind.COOPERATIVE: ("Hợp tác xã", "Cooperative"),
    EnterpriseKind.HOUSEHOLD: ("Hộ kinh doanh", "Household business"),
    EnterpriseKind.COOP_GROUP: ("Tổ hợp tác", "Cooperative group"),
    EnterpriseKind.FARM: ("Trang trại", "Farm"),
}


def parse_kind(value: object) -> EnterpriseKind:
    """Match a kind written any common way; raise ValueError naming the choices."""
    if isinstance(value, EnterpriseKind):
        return value
    key = fold_key(str(value or ""))
    if not key:
        return EnterpriseKind.ENTERPRISE
    if key in KIND_ALIASES:
        return KIND_ALIASES[key]
    # "Công ty TNHH ABC" written into the kind column still means an enterprise.
    for alias in _PREFIXES:
        if key.startswith(alias):
            return KIND_ALIASES[alias]
    raise ValueError(
        _(
            "kind '{value}' is not known: use enterprise (doanh nghiệp), cooperative (HTX), "
            "household business (hộ kinh doanh), cooperative group (tổ hợp tác) or farm "
            "(trang trại)"
        ).format(value=value)
    )


class Certification(RecordMeta):
    """A certificate the enterprise holds (ISO 9001, VietGAP, OCOP, HACCP...)."""

    enterprise_id: str = ""
    standard: Text = Field(min_length=1)
    """The standard or scheme, e.g. "VietGAP", "ISO 9001:2015"."""
    number: Text = ""
    """Certificate number."""
    issuer: Text = ""
    """Certification body."""
    issued_on: LocalDate = None
    valid_until: LocalDate = None
    """Expiry date; VietGAP certificates last at most 2 years, OCOP 36 months."""

    def days_left(self, today: date) -> int | None:
        """Days until expiry (negative once expired), or None when undated."""
        return None if self.valid_until is None else (self.valid_until - today).days


class SupportStatus(StrEnum):
    """Where a support registration stands."""

    REGISTERED = "registered"
    APPROVED = "approved"
    PAID = "paid"
    CANCELLED = "cancelled"


class SupportRegistration(RecordMeta):
    """The programme's support to an enterprise for one tool or system in one year."""

    enterprise_id: str = ""
    tool: Text = Field(min_length=1)
    """Tool or system applied: 5S, ISO 9001, VietGAP, Kaizen, Lean..."""
    year: int = Field(ge=2000, le=2100)
    cost_share_percent: float | None = Field(default=None, ge=0, le=100)
    """Share of the cost the programme pays, in %."""
    amount_vnd: int | None = Field(default=None, ge=0)
    """Amount of support in VND."""
    status: SupportStatus = SupportStatus.REGISTERED


class Enterprise(RecordMeta):
    """A unit in the registry. Validated on the way in; text stored NFC.

    Each field is described once here (labels, import headers, export column, form
    hints): the importer, the exports, `ENTERPRISE_FIELDS` and the profile form are
    derived from these descriptions (see `field_app.models.described`).
    """

    model_config = ConfigDict(validate_assignment=True, extra="ignore")

    id: Annotated[
        str,
        Described(
            ("Mã bản ghi", "Id"),
            aliases=("ID", "Mã định danh", "record id"),
            export=ExportHint(width=38),
            editable=False,
        ),
    ] = ""
    created_at: Annotated[
        str,
        Described(
            ("Ngày đăng ký", "Registered on"),
            aliases=("Ngày tạo", "created", "created on", "registration date"),
            # The day the unit entered the registry, after the profile's columns.
            export=ExportHint("date", 12, order=1),
            editable=False,
        ),
    ] = ""
    name: Annotated[
        Text,
        Described(
            ("Tên", "Name"),
            aliases=(
                "Tên doanh nghiệp",
                "Tên đơn vị",
                "Tên cơ sở",
                "Tên HTX",
                "Tên tổ chức",
                "Tên chủ thể",
                "Tên doanh nghiệp/HTX",
                "Tên đơn vị/cơ sở",
                "enterprise",
                "enterprise name",
                "company name",
            ),
            export=ExportHint(width=45),
            widget=WidgetHint(order=1),
        ),
    ] = Field(min_length=1)
    """Full name as registered, e.g. "Hợp tác xã Nông nghiệp Chi Lăng"."""
    kind: Annotated[
        EnterpriseKind,
        Described(
            ("Loại hình", "Kind"),
            aliases=("Loại hình doanh nghiệp", "Loại", "Loại hình tổ chức", "type"),
            widget=WidgetHint("choice", order=0),
        ),
    ] = EnterpriseKind.ENTERPRISE
    tax_code: Annotated[
        TaxCode,
        Described(
            ("Mã số thuế", "Tax code"),
            aliases=("MST", "Mã số DN", "Mã số doanh nghiệp", "Mã số ĐKKD", "tax id"),
            export=ExportHint(width=16),
            widget=WidgetHint(order=2),
        ),
    ] = None
    """Mã số thuế: 10 digits, 10-3 for a branch, or a 12-digit personal number."""
    province: Annotated[
        Text,
        Described(
            ("Tỉnh/thành phố", "Province"),
            aliases=("Tỉnh", "Tỉnh/TP", "Tỉnh thành", "Thành phố", "province/city"),
            widget=WidgetHint("province", order=3),
        ),
    ] = ""
    province_code: Annotated[
        OptionalText,
        Described(("Mã tỉnh", "Province code"), aliases=("Mã tỉnh/thành phố",), export=None),
    ] = None
    commune: Annotated[
        Text,
        Described(
            ("Xã/phường", "Commune"),
            aliases=(
                "Xã",
                "Phường",
                "Phường/Xã",
                "Xã/Phường/Đặc khu",
                "Xã, phường",
                "ward",
                "commune/ward",
            ),
            widget=WidgetHint("commune", order=4, label=("Xã / phường", "Commune / ward")),
        ),
    ] = ""
    """Commune, ward or special zone (xã/phường/đặc khu) under the 2025 two-tier map."""
    commune_code: Annotated[
        OptionalText,
        Described(("Mã xã", "Commune code"), aliases=("Mã xã/phường",), export=None),
    ] = None
    address: Annotated[
        Text,
        Described(
            ("Địa chỉ", "Address"),
            aliases=("Địa chỉ trụ sở", "Trụ sở", "Địa chỉ trụ sở chính", "Địa chỉ liên hệ"),
            export=ExportHint(width=40),
            widget=WidgetHint(order=5),
        ),
    ] = ""
    old_address: Annotated[
        Text,
        Described(
            ("Địa chỉ cũ", "Old address"),
            aliases=("Địa chỉ trước sáp nhập", "Địa chỉ (cũ)", "old_address"),
            export=ExportHint(width=30),
        ),
    ] = ""
    """Address as written before the July 2025 reorganisation (district names kept)."""
    sector: Annotated[
        Text,
        Described(
            ("Ngành nghề", "Sector"),
            aliases=("Lĩnh vực", "Ngành nghề kinh doanh", "Ngành", "industry"),
            widget=WidgetHint(order=9),
        ),
    ] = ""
    main_products: Annotated[
        Text,
        Described(
            ("Sản phẩm chính", "Main products"),
            aliases=("Sản phẩm", "Sản phẩm chủ lực", "products"),
            widget=WidgetHint(order=10),
        ),
    ] = ""
    representative: Annotated[
        Text,
        Described(
            ("Người đại diện", "Representative"),
            aliases=(
                "Đại diện",
                "Người đại diện pháp luật",
                "Người đại diện theo pháp luật",
                "Giám đốc",
                "Chủ hộ",
                "Chủ cơ sở",
                "Họ và tên người đại diện",
                "legal representative",
            ),
            widget=WidgetHint(order=6),
        ),
    ] = ""
    phone: Annotated[
        Phone,
        Described(
            ("Điện thoại", "Phone"),
            aliases=("SĐT", "Số điện thoại", "ĐT", "Điện thoại liên hệ", "tel", "telephone"),
            export=ExportHint(width=14),
            widget=WidgetHint(order=7),
        ),
    ] = None
    email: Annotated[
        Email,
        Described(
            ("Thư điện tử (email)", "Email"),
            aliases=("E-mail", "Thư điện tử", "Địa chỉ email", "mail"),
            widget=WidgetHint(order=8),
        ),
    ] = None
    ocop_stars: Annotated[
        int | None,
        Described(
            ("Sao OCOP", "OCOP stars"),
            aliases=("OCOP", "Số sao OCOP", "Hạng sao OCOP", "Xếp hạng OCOP", "Hạng OCOP"),
            export=ExportHint("int", 10),
            widget=WidgetHint("number", order=11, label=("Số sao OCOP (3-5)", "OCOP stars (3-5)")),
        ),
    ] = Field(default=None, ge=3, le=5)
    ocop_expiry: Annotated[
        LocalDate,
        Described(
            ("Hạn OCOP", "OCOP expiry"),
            aliases=("Ngày hết hạn OCOP", "Hạn chứng nhận OCOP", "OCOP valid until"),
            export=ExportHint("date", 12),
        ),
    ] = None
    founded_on: Annotated[
        LocalDate,
        Described(
            ("Ngày thành lập", "Founded"),
            aliases=(
                "Ngày cấp ĐKKD",
                "Ngày cấp đăng ký kinh doanh",
                "Ngày đăng ký kinh doanh",
                "Năm thành lập",
                "Ngày thành lập doanh nghiệp",
                "Founded on",
                "Date founded",
                "Establishment date",
                "founded_on",
            ),
            export=ExportHint("date", 12),
            widget=WidgetHint("date", order=12),
        ),
    ] = None
    """When the enterprise was founded or first registered (ĐKKD)."""
    notes: Annotated[
        Text,
        Described(
            ("Ghi chú", "Notes"),
            aliases=("Ghi chú khác", "Note", "Remarks", "Comments"),
            export=ExportHint(width=30),
            widget=WidgetHint(
                order=13,
                placeholder=("Ví dụ: số điện thoại khác, giờ làm việc", "E.g. other phones, hours"),
            ),
        ),
    ] = Field(default="", max_length=5000)
    """Free notes on the enterprise; an import puts extra phones of a cell here."""

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, value: object) -> EnterpriseKind:
        return parse_kind(value)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not value:
            raise ValueError(_("name is required"))
        return value


ENTERPRISE_DESCRIPTION: tuple[DescribedField, ...] = described_fields(Enterprise)
"""Every described field of the enterprise (id and created_at included), model order."""

# Fields an officer may change on the profile; each merges separately in sync.
ENTERPRISE_FIELDS: tuple[str, ...] = tuple(
    f.name for f in ENTERPRISE_DESCRIPTION if f.description.editable
)

HEADERS: dict[str, str] = header_index(ENTERPRISE_DESCRIPTION)
"""Folded import header -> enterprise field, from the descriptions above."""


def enterprise_fields() -> tuple[DescribedField, ...]:
    """Every described field of the enterprise, in model order."""
    return ENTERPRISE_DESCRIPTION


def export_fields() -> tuple[DescribedField, ...]:
    """The fields the exports write, in column order."""
    exported = [f for f in ENTERPRISE_DESCRIPTION if f.description.export is not None]
    return tuple(sorted(exported, key=lambda f: f.description.export.order))  # type: ignore[union-attr]


def profile_fields() -> tuple[DescribedField, ...]:
    """The fields the profile form edits, in form order."""
    shown = [f for f in ENTERPRISE_DESCRIPTION if f.description.widget is not None]
    return tuple(sorted(shown, key=lambda f: f.description.widget.order))  # type: ignore[union-attr]


def describe(name: str) -> DescribedField:
    """One field's description by name; KeyError when the field is not described."""
    for described in ENTERPRISE_DESCRIPTION:
        if described.name == name:
            return described
    raise KeyError(name)


class EnterpriseSummary(BaseModel):
    """One row of a search result: enough to show in a list."""

    id: str
    kind: EnterpriseKind
    name: str
    tax_code: str | None
    province: str
    commune: str


class SearchPage(BaseModel):
    """One page of search results and the number of all matches."""

    total: int
    items: list[EnterpriseSummary]
    offset: int = 0
