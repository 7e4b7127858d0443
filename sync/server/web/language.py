"""The interface language of one web request.

field_app's messages, number formats and report writers read one process-wide
language (`field_app.i18n.set_language`), which suits a laptop with one officer.
A server answers several users at once, possibly in two languages, so every piece
of work that produces text runs while holding `speaking(lang)`: the language is set
for it and nobody else's request can switch it meanwhile. Pages take milliseconds,
so serialising them costs little at a department's scale.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from field_app import i18n

LANG_COOKIE = "hq_lang"
DEFAULT = "vi"
_lock = threading.RLock()


def choose(value: str | None) -> str:
    """A supported language from a cookie or query value (Vietnamese first)."""
    return value if value in i18n.LANGUAGES else DEFAULT


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Hold the process's language at `lang` for the duration of the block.

    The language is left as it is afterwards: switching reads the catalogs again, so
    it happens only when a request's language differs from the one before.
    """
    with _lock:
        if i18n.current_language() != lang:
            i18n.set_language(lang)
        yield
