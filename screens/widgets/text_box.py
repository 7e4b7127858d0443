"""A multi-line text field that leaves the function keys to the app."""

from __future__ import annotations

from typing import Any

from textual.widgets import TextArea


class TextBox(TextArea):
    """TextArea without its F6 (select line) and F7 (select all) keys: in field-app
    the F-keys open screens and complete forms whatever widget has the focus
    (selecting with Shift and the arrows still works)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key in [k for k in self._bindings.key_to_bindings if _is_function_key(k)]:
            del self._bindings.key_to_bindings[key]


def _is_function_key(key: str) -> bool:
    return key.startswith("f") and key[1:].isdigit()
