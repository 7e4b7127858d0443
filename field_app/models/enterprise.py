"""The enterprise registry: enterprises, cooperatives, household businesses, farms."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

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
            "doanh nghiệp",
            "DN",
            "công ty",
            "company",
            "cty",
            "doanh nghiep",
            "công ty TNHH",
            "công ty cổ phần",
            "doanh nghiệp tư nhân",
            "DNTN",
        ],
        EnterpriseKind.COOPERATIVE: ["cooperative", "hợp tác xã", "HTX", "co-op", "coop"],
        EnterpriseKind.HOUSEHOLD: [
            "household",
            "household business",
            "hộ kinh doanh",
            "HKD",
            "hộ gia đình",
            "hộ",
        ],
        EnterpriseKind.COOP_GROUP: [
            "coop_group",
            "cooperative group",
            "tổ hợp tác",
            "THT",
            "tổ hợp tác xã",
        ],
        EnterpriseKind.FARM: ["farm", "trang trại", "TT", "trang trai"],
    }.items()
    for alias in aliases
}

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
    for alias, kind in KIND_ALIASES.items():
        if len(alias) > 3 and key.startswith(alias):
            return kind
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
    """A unit in the registry. Validated on the way in; text stored NFC."""

    model_config = ConfigDict(validate_assignment=True, extra="ignore")

    kind: EnterpriseKind = EnterpriseKind.ENTERPRISE
    name: Text = Field(min_length=1)
    """Full name as registered, e.g. "Hợp tác xã Nông nghiệp Chi Lăng"."""
    tax_code: TaxCode = None
    """Mã số thuế: 10 digits, 10-3 for a branch, or a 12-digit personal number."""
    province: Text = ""
    province_code: OptionalText = None
    commune: Text = ""
    """Commune, ward or special zone (xã/phường/đặc khu) under the 2025 two-tier map."""
    commune_code: OptionalText = None
    address: Text = ""
    old_address: Text = ""
    """Address as written before the July 2025 reorganisation (district names kept)."""
    sector: Text = ""
    main_products: Text = ""
    representative: Text = ""
    phone: Phone = None
    email: Email = None
    ocop_stars: int | None = Field(default=None, ge=3, le=5)
    ocop_expiry: LocalDate = None

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


# Fields an officer may change on the profile; each merges separately in sync.
ENTERPRISE_FIELDS: tuple[str, ...] = (
    "kind",
    "name",
    "tax_code",
    "province",
    "province_code",
    "commune",
    "commune_code",
    "address",
    "old_address",
    "sector",
    "main_products",
    "representative",
    "phone",
    "email",
    "ocop_stars",
    "ocop_expiry",
)


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
