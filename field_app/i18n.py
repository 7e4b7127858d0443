"""Translation hook for the domain's messages.

Domain code marks every user-facing message with `_()`. The interface installs the
chosen language through `set_language`, backed by gettext catalogs in
`field_app/locale/`. With no catalog the English text is used as is.
"""

from __future__ import annotations

import gettext as _gettext
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "field_app"

_translation: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"


def set_language(language: str) -> None:
    """Switch every later `_()` call to `language` ("vi" or "en")."""
    global _translation, _language
    _language = language
    _translation = _gettext.translation(
        DOMAIN, localedir=LOCALE_DIR, languages=[language], fallback=True
    )


def current_language() -> str:
    """The language set last ("en" until told otherwise)."""
    return _language


def _(message: str) -> str:
    """Translate `message` into the current language."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate with a plural form chosen by `n`."""
    return _translation.ngettext(singular, plural, n)
