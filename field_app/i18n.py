"""Translation and local formatting for every user-facing message.

Code marks each message with `_()` (or `ngettext()` for counts). Translations live
in standard gettext `.po` catalogs, one file per area of the program so that
engineers adding strings at the same time never edit the same file:

    field_app/locale/<lang>/LC_MESSAGES/<area>.po   (core, screens, sync, audits, reports...)

Every `.po` file of a language is read when the language is chosen, and `_()`
looks a message up across all of them. The catalogs are parsed at run time with
polib rather than compiled to `.mo`: there is no build step to forget, a freshly
edited catalog is what runs and what the tests check, and parsing a few hundred
messages costs about a millisecond. With no catalog (English) the text is used as is.

Also here: dates as dd/mm/yyyy, money as "50.000.000 ₫" and scores as "62,5%" in
Vietnamese (one rounding for the screen, the exports and the PDFs).
"""

from __future__ import annotations

import gettext as _gettext
from datetime import date, datetime
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("vi", "en")


class CatalogTranslations(_gettext.NullTranslations):
    """gettext translations merged from every `.po` catalog of one language."""

    def __init__(self, messages: dict[str, str], plurals: dict[str, list[str]]) -> None:
        super().__init__()
        self.messages = messages
        self.plurals = plurals

    def gettext(self, message: str) -> str:
        """The translation of `message`, or `message` itself when there is none."""
        return self.messages.get(message) or message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        """The translation for count `n`; Vietnamese has one form for every count."""
        forms = self.plurals.get(msgid1)
        if forms:
            return forms[0] if len(forms) == 1 or n == 1 else forms[1]
        return msgid1 if n == 1 else msgid2


def catalog_files(language: str, locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Every `.po` catalog of `language`, in a stable order."""
    return sorted((locale_dir / language / "LC_MESSAGES").glob("*.po"))


def load_catalogs(language: str, locale_dir: Path = LOCALE_DIR) -> CatalogTranslations:
    """Read and merge all catalogs of `language`; fuzzy or empty entries are left out."""
    import polib

    messages: dict[str, str] = {}
    plurals: dict[str, list[str]] = {}
    for path in catalog_files(language, locale_dir):
        for entry in polib.pofile(str(path), wrapwidth=0):
            if entry.obsolete or "fuzzy" in entry.flags:
                continue
            if entry.msgid_plural:
                forms = [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
                if all(forms):
                    plurals[entry.msgid] = forms
            elif entry.msgstr:
                messages[entry.msgid] = entry.msgstr
    return CatalogTranslations(messages, plurals)


_translation: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"


def set_language(language: str) -> None:
    """Switch every later `_()` call to `language` ("vi" or "en")."""
    global _translation, _language
    _language = language if language in LANGUAGES else "en"
    _translation = _gettext.NullTranslations() if _language == "en" else load_catalogs(_language)


def current_language() -> str:
    """The language set last ("en" until told otherwise)."""
    return _language


def _(message: str) -> str:
    """Translate `message` into the current language."""
    return _translation.gettext(message)


def N_(message: str) -> str:
    """Mark `message` for translation without translating it yet (gettext's N_ idiom).

    For text fixed at import time, such as key binding descriptions: the extraction
    test finds it, and the code that shows it calls `_()` then.
    """
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate with a plural form chosen by `n`."""
    return _translation.ngettext(singular, plural, n)


def format_date(value: date | datetime | None) -> str:
    """A date as officers write it, dd/mm/yyyy (in both languages); "" for None."""
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y")


def format_number(value: int | float) -> str:
    """An integer with thousands grouped: 50.000.000 in Vietnamese, 50,000,000 in English."""
    text = f"{round(value):,}"
    return text.replace(",", ".") if _language == "vi" else text


def format_money(value: int | float | None) -> str:
    """An amount of Vietnamese dong: "50.000.000 ₫" in Vietnamese, "50,000,000 VND" in English."""
    if value is None:
        return ""
    return f"{format_number(value)} ₫" if _language == "vi" else f"{format_number(value)} VND"


def round_percent(value: float) -> float:
    """A percentage rounded half up to one decimal: the one rounding of every score the
    officer sees (screens, stored totals, sheets, CSV, PDFs), so 62.5 is 62.5 everywhere
    and 62.25 is 62.3 everywhere (Python's round() would say 62.2)."""
    from decimal import ROUND_HALF_UP, Decimal

    return float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def format_percent(value: float | None, digits: int = 1) -> str:
    """A percentage, "87,5%" in Vietnamese (decimal comma), "87.5%" in English; "—" for
    None. Scores use the default one decimal (see `round_percent`)."""
    if value is None:
        return "—"
    text = f"{round_percent(value):.1f}" if digits == 1 else f"{value:.{digits}f}"
    if _language == "vi":
        text = text.replace(".", ",")
    return f"{text}%"


def format_points(value: float | None) -> str:
    """A signed change in percentage points, one decimal: "+12,5" / "-3.0"; "—" for None."""
    if value is None:
        return "—"
    text = f"{round_percent(value):+.1f}"
    return text.replace(".", ",") if _language == "vi" else text
