"""The field-app interface: one App, screens pushed on a stack, every key discoverable.

Screens, palette commands, status widgets and home panels register themselves in
`screens.registry`; see docs/interface.md for how a new area plugs in.
"""

from __future__ import annotations

import gc
import importlib
import inspect
import threading
from collections.abc import Awaitable, Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen

from field_app.i18n import N_, _, current_language, set_language
from screens import registry
from screens.base import FieldScreen, translate_bindings
from screens.commands import FieldCommands

if TYPE_CHECKING:
    from field_app.settings import Settings
    from field_app.store import Store
    from field_app.store.home_summary import EarlyRead, HomeSummary

# Textual's own palette binding; listed so its footer label gets a translation.
PALETTE_LABEL = N_("palette")


class AfterTyping(Message):
    """Carries `callback` through the focused widget's queue, behind the keys it still
    has to handle, so an action bound with priority (F5, Ctrl+Q) sees every key typed
    before it even when a burst of keys arrived at once."""

    def __init__(self, callback: Callable[[], Awaitable[Any] | Any]) -> None:
        super().__init__()
        self.callback = callback


class FieldApp(App[int]):
    """The officer's app on one database."""

    CSS_PATH = "app.tcss"
    TITLE = "field-app"
    COMMANDS = App.COMMANDS | {FieldCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", N_("Quit"), priority=True),
        Binding("f4", "new_visit", N_("New visit")),
        # Bound here, not only through the registry, so they work before the other
        # areas' modules are loaded (just after home's first paint).
        Binding("f2", "open('home')", N_("Home")),
        Binding("f3", "open('enterprises')", N_("Enterprise registry")),
    ]

    def __init__(
        self,
        db_path: Path | str,
        *,
        lang: str | None = None,
        today: date | None = None,
        settings: Settings | None = None,
        early_home: EarlyRead | None = None,
    ) -> None:
        if lang:
            set_language(lang)
        super().__init__()
        # Start-up is a budget: the database, the settings (pydantic) and the other
        # areas' screens are loaded when first needed or just after the first paint,
        # never before it. See bench/startup.py.
        self.db_path = Path(db_path)
        self._settings = settings
        self._store: Store | None = None
        self._open_lock = threading.Lock()
        self.fixed_today = today
        self.plugins_loaded = False
        self._early_home = early_home
        translate_bindings(self)
        self.language = current_language()

    @property
    def settings(self) -> Settings:
        """The officer's settings (read on first use)."""
        if self._settings is None:
            from field_app.settings import load_settings

            self._settings = load_settings()
        return self._settings

    @settings.setter
    def settings(self, value: Settings) -> None:
        self._settings = value

    @property
    def officer_name(self) -> str:
        """The officer's name, from the settings file as written until the settings are
        loaded (start-up does not load pydantic for a greeting)."""
        if self._settings is None:
            from field_app.settings_peek import officer_name

            return officer_name()
        return self._settings.officer_name

    def take_early_home(self, *, wait: bool) -> HomeSummary | None:
        """Home's data read at start-up, handed out once (later reads use the store):
        None when there is none for today (a new or older file, another day), or when it
        is not read yet and `wait` is false (then it stays for a later call)."""
        early = self._early_home
        if early is None or not (wait or early.done()):
            return None
        self._early_home = None
        return early.result(self.today)

    @property
    def store_open(self) -> bool:
        """True once the database has been opened (by `store`)."""
        return self._store is not None

    @property
    def store(self) -> Store:
        """The open database, opened on first use (usually from the home screen's worker)."""
        with self._open_lock:
            if self._store is None:
                from field_app.store import open_store

                self._store = open_store(self.db_path, self.settings.officer_name)
            return self._store

    def close_store(self) -> None:
        """Close the database if it was opened."""
        with self._open_lock:
            if self._store is not None:
                self._store.close()
                self._store = None

    @property
    def today(self) -> date:
        """Today's date (fixed in tests and snapshots)."""
        return self.fixed_today or date.today()

    def on_mount(self) -> None:
        from screens.home import HomeScreen

        # Home first; its worker switches to the welcome screen on a first run.
        self.push_screen(HomeScreen())  # it loads the other areas after its first paint

    def load_plugins(self) -> None:
        """Import every screen module (they register screens, keys, panels, status widgets)
        and let open screens add what was registered."""
        if self.plugins_loaded:
            return
        for module in registry.SCREEN_MODULES:
            importlib.import_module(module)
        for entry in registry.SCREENS.values():
            if entry.key and entry.key not in self._bindings.key_to_bindings:
                self.bind(entry.key, f"open('{entry.name}')", description=entry.title)
        translate_bindings(self)
        self.plugins_loaded = True
        for screen in self.screen_stack:
            if isinstance(screen, FieldScreen):
                screen.on_plugins_loaded()
        self.refresh_bindings()

    def show_welcome(self) -> None:
        """First run: replace home with the welcome screen."""
        from screens.welcome import WelcomeScreen

        self.switch_screen(WelcomeScreen())

    # -- navigation --------------------------------------------------------------

    async def action_open(self, name: str) -> None:
        """Open a registered screen by name ("home" goes back down the stack)."""
        await self.open(name)

    async def open(self, name: str) -> None:
        """Open a registered screen by name."""
        self.load_plugins()
        if name == "home":
            await self.go_home()
            return
        # A screen about one thing (an enterprise's page) may open it for that thing.
        here = getattr(self.screen, "open_here", None)
        if callable(here) and here(name):
            return
        self.push_screen(registry.SCREENS[name].factory(self))

    async def go_home(self) -> None:
        """Close every screen above home, saving what they hold."""
        from screens.home import HomeScreen

        while len(self.screen_stack) > 2 and not isinstance(self.screen, HomeScreen):
            screen = self.screen
            if isinstance(screen, FieldScreen) and not await screen.before_leave(then=self.go_home):
                return
            self.pop_screen()
        if not isinstance(self.screen, HomeScreen):
            self.switch_screen(HomeScreen())

    def action_new_visit(self) -> None:
        """Start a visit: pick the enterprise, then open a new draft."""
        self.new_visit(None)

    def new_visit(
        self, enterprise_id: str | None, on_close: Callable[[], Any] | None = None
    ) -> None:
        """Create a draft visit for `enterprise_id` (asking for it when None) and open it."""
        if enterprise_id is None:
            from screens.enterprise_list import EnterpriseListScreen

            def picked(chosen: str | None) -> None:
                if chosen:
                    self.new_visit(chosen, on_close)

            self.push_screen(EnterpriseListScreen(pick=True), picked)
            return
        from field_app.models.visit import Visit
        from screens.visit_form import VisitFormScreen

        store, officer, today = self.store, self.settings.officer_name, self.today

        def save() -> str:
            visit = Visit(
                enterprise_id=enterprise_id, visit_date=today, officers=[officer] if officer else []
            )
            return str(store.visits.save_draft(visit).id)

        def opened(draft_id: str) -> None:
            callback = (lambda _result: on_close()) if on_close else None
            form = VisitFormScreen(draft_id, new=True)
            self.push_screen(form, callback)
            # The enterprise's open corrective actions come first, to be checked off.
            from screens.open_actions import offer_open_actions

            offer_open_actions(self, enterprise_id, "visit", draft_id, form)

        from screens.draft_start import start_draft

        start_draft(self, save, opened)

    def profile_saved(self, enterprise_id: str) -> None:
        """An enterprise profile changed: screens listing enterprises show it at once."""
        for screen in self.screen_stack:
            refresh = getattr(screen, "refresh_results", None)
            if callable(refresh):
                refresh()

    # -- first run ---------------------------------------------------------------

    def save_officer(self, name: str, province: str) -> None:
        """Remember the officer's name and province in the settings file."""
        from field_app.settings import Settings, save_settings

        data = {**self.settings.model_dump(), "officer_name": name, "province": province}
        self.settings = Settings.model_validate(data)
        save_settings(self.settings)
        self.store.officer = self.settings.officer_name

    def identity_from_headquarters(self, officer: str, province: str) -> None:
        """After enrolment: fill the officer's name and province when still empty
        (headquarters knows them), so demo data, new enterprises and reports follow."""
        from field_app.settings import Settings, save_settings

        current = self.settings
        data = current.model_dump()
        if not current.officer_name and officer:
            data["officer_name"] = officer
        if not current.province and province:
            data["province"] = province
        if data != current.model_dump():
            self.settings = Settings.model_validate(data)
            save_settings(self.settings)
            if self._store is not None:
                self._store.officer = self.settings.officer_name

    def finish_welcome(self, then: str | None = None) -> None:
        """Leave the welcome screen for home (and open `then` on top, if given)."""
        store = self.store

        def run() -> None:
            store.set_meta("welcome_done", "1")

            def switch() -> None:
                from screens.home import HomeScreen

                self.switch_screen(HomeScreen())
                if then:
                    self.push_screen(registry.SCREENS[then].factory(self))

            self.call_from_thread(switch)

        self.run_worker(run, thread=True, group="welcome")

    # -- Textual's own palette, in the officer's language -----------------------------

    def action_command_palette(self) -> None:
        """The palette with its placeholder translated."""
        from textual.command import CommandPalette

        from screens.textual_texts import PALETTE_PLACEHOLDER

        app: App[Any] = self
        if self.use_command_palette and not CommandPalette.is_open(app):
            palette = CommandPalette(placeholder=_(PALETTE_PLACEHOLDER), id="--command-palette")
            self.push_screen(palette)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's system commands, translated (Quit saves the drafts first)."""
        from screens.textual_texts import SYSTEM_COMMANDS

        def command(name: str, callback: Callable[[], Any]) -> SystemCommand:
            title, help_text = SYSTEM_COMMANDS[name]
            return SystemCommand(_(title), _(help_text), callback)

        yield command("theme", self.action_change_theme)
        yield command("quit", lambda: self.after_typing(self.quit_saving))
        if screen.query("HelpPanel"):
            yield command("hide-keys", self.action_hide_help_panel)
        else:
            yield command("keys", self.action_show_help_panel)
        if screen.maximized is not None:
            yield command("minimize", screen.action_minimize)
        elif screen.focused is not None and screen.focused.allow_maximize:
            yield command("maximize", screen.action_maximize)
        yield command("screenshot", lambda: self.set_timer(0.1, self.deliver_screenshot))

    def after_typing(self, callback: Callable[[], Awaitable[Any] | Any]) -> None:
        """Run `callback` once the focused widget has handled the keys typed so far."""
        target = self.focused or self.screen
        message = AfterTyping(callback)
        # Sent "by the app", so it bubbles all the way up to the app (Textual stops a
        # message at its sender, which may be the screen that called this).
        message.set_sender(self)
        target.post_message(message)

    async def on_after_typing(self, message: AfterTyping) -> None:
        result = message.callback()
        if inspect.isawaitable(result):
            await result

    # -- quitting ----------------------------------------------------------------

    async def action_quit(self) -> None:
        """Save every open draft (with the keys typed just before), then quit."""
        self.after_typing(self.quit_saving)

    async def quit_saving(self) -> None:
        """Save every open draft, then quit (a screen may ask first and stay)."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, FieldScreen) and not await screen.before_leave(
                then=self.quit_saving
            ):
                return
        self.exit(0)


def run_app(db: Path | None = None, lang: str = "vi", early_home: EarlyRead | None = None) -> int:
    """Run the interface on `db` (the default database when None); `early_home` is home's
    data already being read."""
    from field_app import locations

    app = FieldApp(db or locations.default_db_path(), lang=lang, early_home=early_home)
    # Everything imported so far lives as long as the program: kept out of the cyclic
    # collector's full passes, which otherwise walk it again and again while the first
    # screen is built (~10% of start-up).
    gc.freeze()
    gc.enable()  # the command line held it while importing (see field_app.cli)
    try:
        result = app.run()
    finally:
        app.close_store()
    return int(result or 0)


__all__ = ["FieldApp", "run_app"]
