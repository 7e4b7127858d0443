"""The photo picker: choose the file to attach by keys, starting in the folder the
last photo came from, photos first (newest first), then folders, then other files.

The path box on top completes what is typed (→ or End accepts the grey suggestion);
Enter on a folder opens it, Enter on a file chooses it; Backspace in the list goes
to the parent folder. The dialog answers the chosen path, or None on Escape.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.message import Message
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from field_app.i18n import N_, _, current_language, ngettext
from field_app.photo_folders import (
    FolderEntry,
    FolderListing,
    complete_path,
    list_folder,
    start_folder,
)
from screens.base import TranslatedKeys, translate_bindings

if TYPE_CHECKING:
    from field_app.models.attachment import Attachment
    from field_app.store import Store

PARENT = "\x00parent"
"""Option id of the ".." row (no file name can hold a NUL)."""


class PathSuggester(Suggester):
    """Completes a typed path to the first entry of its folder, photos first."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        return await asyncio.to_thread(complete_path, value)


def _size(n: int) -> str:
    """3,9 MB in Vietnamese, 3.9 MB in English."""
    if n >= 1_000_000:
        text = f"{n / 1_000_000:.1f} MB"
    elif n >= 1000:
        text = f"{n / 1000:.0f} KB"
    else:
        text = f"{n} B"
    return text.replace(".", ",") if current_language() == "vi" else text


class PhotoPicker(TranslatedKeys, ModalScreen[Path | None]):
    """Choose a file to attach; dismisses with its path, or None on Escape."""

    CSS_PATH = "photo_picker.tcss"
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("backspace", "parent", N_("Parent folder"), show=False),
        Binding("ctrl+l", "type_path", N_("Type a path")),
    ]

    class Listed(Message):
        """A folder was read (in a worker)."""

        def __init__(self, listing: FolderListing, focus_list: bool) -> None:
            super().__init__()
            self.listing = listing
            self.focus_list = focus_list

    def __init__(self, folder: Path, title: str = "") -> None:
        super().__init__()
        translate_bindings(self)
        self.folder = folder
        self.title_text = title or _("Attach a photo")
        self.listing: FolderListing | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box"):
            yield Static(self.title_text, id="picker-title")
            yield Input(
                value=self._folder_text(self.folder),
                placeholder=_("Path of a photo or document"),
                suggester=PathSuggester(),
                id="picker-path",
            )
            yield Static("", id="picker-count")
            yield OptionList(id="picker-list")
            yield Static(
                _(
                    "Enter opens a folder or attaches the file · Backspace: parent folder"
                    " · Ctrl+L: type a path (→ completes) · Esc: cancel"
                ),
                id="picker-hint",
                classes="hint",
            )
        yield Footer()  # the picker's own keys, not those of the form behind it

    def on_mount(self) -> None:
        self.show(self.folder, focus_list=True)

    @staticmethod
    def _folder_text(folder: Path) -> str:
        text = str(folder)
        return text if text.endswith("/") else text + "/"

    # -- reading a folder --------------------------------------------------------

    @work(thread=True, exclusive=True, group="picker-list")
    def show(self, folder: Path, focus_list: bool = True) -> None:
        """Read a folder in a worker and list it."""
        self.post_message(self.Listed(list_folder(folder), focus_list))

    @on(Listed)
    def _listed(self, message: Listed) -> None:
        listing = message.listing
        self.listing, self.folder = listing, listing.folder
        options = self.query_one("#picker-list", OptionList)
        options.clear_options()
        if listing.folder.parent != listing.folder:
            options.add_option(Option("▴ .. " + _("(parent folder)"), id=PARENT))
        options.add_options([self._row(e) for e in listing.entries])
        count = self.query_one("#picker-count", Static)
        if listing.error:
            count.update(
                _("Cannot read this folder: {error}").format(error=listing.error),
            )
        else:
            parts = [
                ngettext("{n} photo", "{n} photos", listing.photos).format(n=listing.photos),
                ngettext("{n} folder", "{n} folders", listing.folders).format(n=listing.folders),
                ngettext("{n} other file", "{n} other files", listing.files).format(
                    n=listing.files
                ),
            ]
            if listing.left_out:
                parts.append(_("{n} more not listed: type the name").format(n=listing.left_out))
            count.update(" · ".join(parts))
        path_box = self.query_one("#picker-path", Input)
        if message.focus_list or not path_box.has_focus:
            path_box.value = self._folder_text(listing.folder)
        if options.option_count:
            # The first entry (the newest photo when there is one), not the ".." row.
            has_parent = options.get_option_at_index(0).id == PARENT
            options.highlighted = 1 if has_parent and listing.entries else 0
        if message.focus_list:
            options.focus()

    def _row(self, entry: FolderEntry) -> Option:
        name = entry.path.name
        if entry.kind == "folder":
            return Option(f"▸ {name}/", id=str(entry.path))
        when = datetime.fromtimestamp(entry.modified).strftime("%d/%m/%Y %H:%M")
        detail = f"[$text-muted]{_size(entry.size)} · {when}[/]"
        if entry.kind == "photo":
            return Option(f"▣ {name}  {detail}", id=str(entry.path))
        return Option(f"◦ [$text-muted]{name}[/]  {detail}", id=str(entry.path))

    # -- choosing ----------------------------------------------------------------

    @on(OptionList.OptionSelected, "#picker-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id == PARENT:
            self.action_parent()
            return
        path = Path(event.option.id or "")
        if path.is_dir():
            self.show(path)
        else:
            self.dismiss(path)

    @on(Input.Submitted, "#picker-path")
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            return
        path = Path(text).expanduser()
        if path.is_dir():
            self.show(path)
        elif path.exists() or path.parent.is_dir():
            # A file, or a name the attachment step will refuse with its own sentence.
            self.dismiss(path)
        else:
            self.query_one("#picker-count", Static).update(
                _("No folder {folder}: check the path").format(folder=path.parent)
            )

    def action_parent(self) -> None:
        """Go up one folder (Backspace in the list; in the path box it deletes)."""
        if self.folder.parent != self.folder:
            self.show(self.folder.parent)

    def action_type_path(self) -> None:
        """Put the cursor in the path box."""
        box = self.query_one("#picker-path", Input)
        box.focus()
        box.cursor_position = len(box.value)

    def action_cancel(self) -> None:
        """Attach nothing."""
        self.dismiss(None)

    def on_key(self, event: events.Key) -> None:
        """Down from the path box goes to the list."""
        if event.key == "down" and isinstance(self.focused, Input):
            event.stop()
            self.query_one("#picker-list", OptionList).focus()


def pick_file(
    node: DOMNode, store: Store, title: str, chosen: Callable[[Path | None], Any]
) -> None:
    """Open the picker in the folder the last attached file came from (looked up in a
    worker); `chosen` gets the path, or None on Escape."""
    app = node.app

    def run() -> None:
        folder = start_folder(store.attachments.last_folder())
        app.call_from_thread(_open, folder)

    def _open(folder: Path) -> None:
        app.push_screen(PhotoPicker(folder, title), chosen)

    node.run_worker(run, thread=True, group="attach")


def attach_file(store: Store, path: Path | str) -> Attachment:
    """Copy a file in (call from a worker: a photo's upload copy takes a moment) and
    remember its folder for the picker, even when the file is refused: the next photo
    is likely beside this one. Raises AttachmentError (a ValueError) saying why."""
    folder = Path(path).expanduser().absolute().parent
    if folder.is_dir():
        store.attachments.remember_folder(folder)
    return store.attachments.add(path)
