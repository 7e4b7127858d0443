"""Translation and local formatting for every user-facing message.

Code marks each message with `_()` (or `ngettext()` for counts). Translations live
in standard gettext `.po` catalogs, one file per area of the program so that
engineers adding strings at the same time never edit the same file:

    field_app/locale/<lang>/LC_MESSAGES/<area>.po   (core, screens, sync, audits, reports...)

Every `.po` file of a language is read when the language is chosen (once per
language), and `_()` looks a message up across all of them. The catalogs are parsed
at run time rather than compiled to `.mo`: there is no build step to forget, and a
freshly edited catalog is what runs and what the tests check. The parser below reads
the subset of the format our catalogs use in a few milliseconds (polib took ~45 ms of
every start-up); tests/test_i18n.py checks it reads every catalog as polib does.
With no catalog (English) the text is used as is.

Also here: dates as dd/mm/yyyy, money as "50.000.000 ₫" and scores as "62,5%" in
Vietnamese (one rounding for the screen, the exports and the PDFs).
"""

from __future__ import annotations

import gettext as _gettext
import re
from dataclasses import dataclass, field
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


@dataclass
class PoEntry:
    """One message of a `.po` file."""

    msgid: str = ""
    msgid_plural: str = ""
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    fuzzy: bool = False


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_ESCAPED = re.compile(r"\\(.)")


def _unquote(text: str) -> str:
    """The value of one quoted PO string (`"..."`), escapes resolved."""
    inner = text.strip()[1:-1]
    if "\\" not in inner:
        return inner
    return _ESCAPED.sub(lambda m: _ESCAPES.get(m.group(1), m.group(1)), inner)


def parse_po(text: str) -> list[PoEntry]:
    """The live entries of a `.po` file (obsolete `#~` ones are left out)."""
    entries: list[PoEntry] = []
    entry: PoEntry | None = None
    fuzzy = False
    field_name = ""
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            continue
        if line.startswith('"'):
            if entry is not None and field_name:
                _append(entry, field_name, _unquote(line))
            continue
        keyword, _sep, value = line.partition(" ")
        if keyword == "msgctxt" or (keyword == "msgid" and (entry is None or field_name != "")):
            entry = PoEntry(fuzzy=fuzzy)
            entries.append(entry)
            fuzzy = False
        if entry is None:
            continue
        field_name = keyword if keyword != "msgctxt" else ""
        if field_name:
            _append(entry, field_name, _unquote(value), start=True)
    return entries


def _append(entry: PoEntry, name: str, text: str, *, start: bool = False) -> None:
    if name.startswith("msgstr["):
        index = int(name[7:-1])
        entry.msgstr_plural[index] = ("" if start else entry.msgstr_plural.get(index, "")) + text
    elif name in ("msgid", "msgid_plural", "msgstr"):
        setattr(entry, name, ("" if start else getattr(entry, name)) + text)


def load_catalogs(language: str, locale_dir: Path = LOCALE_DIR) -> CatalogTranslations:
    """Read and merge all catalogs of `language`; fuzzy or empty entries are left out."""
    messages: dict[str, str] = {}
    plurals: dict[str, list[str]] = {}
    for path in catalog_files(language, locale_dir):
        for entry in parse_po(path.read_text(encoding="utf-8")):
            if entry.fuzzy or not entry.msgid:
                continue
            if entry.msgid_plural:
                forms = [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
                if forms and all(forms):
                    plurals[entry.msgid] = forms
            elif entry.msgstr:
                messages[entry.msgid] = entry.msgstr
    return CatalogTranslations(messages, plurals)


_translation: _gettext.NullTranslations = _gettext.NullTranslations()
_loaded: dict[str, CatalogTranslations] = {}
_language = "en"


def set_language(language: str) -> None:
    """Switch every later `_()` call to `language` ("vi" or "en")."""
    global _translation, _language
    _language = language if language in LANGUAGES else "en"
    if _language == "en":
        _translation = _gettext.NullTranslations()
    else:
        if _language not in _loaded:  # the command line and the app both set it
            _loaded[_language] = load_catalogs(_language)
        _translation = _loaded[_language]


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
