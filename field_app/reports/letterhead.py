"""The head of a document a department signs (Decree 30/2020/NĐ-CP), as text.

Top left: the managing body above the issuing body, in capitals. Top right: the
national heading and the motto. Under them, the place-and-date line. English
reports keep the same structure in English words. Drawn by ReportDocument.letterhead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from field_app.i18n import current_language

if TYPE_CHECKING:
    from field_app.settings import Settings

NATIONAL_HEADING = {
    "vi": ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"),
    "en": ("SOCIALIST REPUBLIC OF VIET NAM", "Independence - Freedom - Happiness"),
}
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True)
class Letterhead:
    """What the top of a signed report says, in the report's language."""

    managing_body: str
    issuing_body: str
    heading: str
    motto: str
    place_and_date: str


def place_and_date(place: str, day: date, language: str | None = None) -> str:
    """ "Lạng Sơn, ngày 17 tháng 7 năm 2026" / "Lạng Sơn, 17 July 2026"."""
    if (language or current_language()) == "vi":
        # Decree 30: days below 10 and months 1-2 take a leading zero.
        month = f"{day.month:02d}" if day.month < 3 else str(day.month)
        text = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    else:
        text = f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"
    return f"{place}, {text}" if place else text


def letterhead(settings: Settings | None, day: date, language: str | None = None) -> Letterhead:
    """The letterhead for a report dated `day`, from the officer's settings."""
    from field_app.settings import Settings

    settings = settings or Settings()
    language = language or current_language()
    head = settings.letterhead
    managing, issuing = head.managing_body, head.issuing_body
    if language != "vi":
        managing = head.managing_body_en or managing
        issuing = head.issuing_body_en or issuing
    heading, motto = NATIONAL_HEADING["vi" if language == "vi" else "en"]
    return Letterhead(
        managing_body=managing.upper(),
        issuing_body=issuing.upper(),
        heading=heading,
        motto=motto,
        place_and_date=place_and_date(head.place or settings.province, day, language),
    )
