"""The enterprise registry: search as you type, filter, open or pick an enterprise."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Select, Static

from field_app.i18n import N_, _, format_number, ngettext
from field_app.models.enterprise import EnterpriseKind, SearchPage
from field_app.place_choice import name_suggestions, settle_name
from screens.base import FieldScreen
from screens.labels import kind_label
from screens.registry import register_screen
from screens.search_thread import SearchThread
from screens.widgets.place_chooser import PlaceChooser
from screens.widgets.result_list import PAGE_SIZE, ResultList


@dataclass(frozen=True)
class Query:
    """What the officer is searching for."""

    text: str = ""
    kind: str | None = None
    commune: str | None = None
    tool: str | None = None
    commune_typed: str = ""
    """The commune filter as typed, when it is not one commune yet."""
    commune_known: bool = True
    """Whether `commune` is one of the registry's communes."""
    commune_matches: int = 0
    """How many registry communes the typed text matches, when it is several."""


class EnterpriseListScreen(FieldScreen):
    """Registry search. With `pick=True` it returns the chosen enterprise's id instead
    of opening its detail (used by the visit form)."""

    BINDINGS = [
        Binding("ctrl+f", "focus_search", N_("Search")),
        Binding("f4", "new_visit", N_("New visit")),
    ]

    class Results(Message):
        """A search finished in a worker; stale generations are discarded."""

        def __init__(self, generation: int, query: Query, page: SearchPage) -> None:
            super().__init__()
            self.generation = generation
            self.query = query
            self.page = page

    class FilterOptions(Message):
        """Communes and tools for the filters, loaded in a worker."""

        def __init__(self, communes: list[str], tools: list[str]) -> None:
            super().__init__()
            self.communes = communes
            self.tools = tools

    def __init__(self, *, pick: bool = False, initial: str = "") -> None:
        super().__init__()
        self.pick = pick
        self.initial = initial
        self.generation = 0
        self.shown_generation = 0
        self.communes: list[str] = []
        self._keep_cursor = 0
        self._searcher = SearchThread()

    def screen_title(self) -> str:
        return _("Choose the enterprise") if self.pick else _("Enterprise registry")

    def help_text(self) -> str:
        return (
            _(
                "Type part of a name, a place or a tax code; marks and case do not matter "
                '("lang son" finds "Lạng Sơn"). Results appear as you type.\n'
                "Down moves into the list, Enter opens the highlighted enterprise. "
                "Tab reaches the filters: kind, commune and support tool."
            )
            + "\n"
            + _(
                "The commune filter lists the registry's communes that match what you type "
                "(marks optional): ↑ ↓ and Enter pick one, and the count line says which commune "
                "is applied."
            )
        )

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="search-row"):
            yield Input(
                value=self.initial,
                placeholder=_("Search name, place or tax code…"),
                id="search",
            )
        with Horizontal(id="filter-row"):
            yield Select(
                [(kind_label(k), k.value) for k in EnterpriseKind],
                prompt=_("Any kind"),
                id="kind",
            )
            yield PlaceChooser(
                lambda text: name_suggestions(self.communes, text),
                lambda text: settle_name(self.communes, text),
                input_id="commune",
                placeholder=_("Commune (any)"),
                id="pc-commune",
            )
            yield Select([], prompt=_("Any support tool"), id="tool")
        yield Static("", id="result-count")
        yield ResultList(id="results")

    def on_unmount(self) -> None:
        self._searcher.close()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#search", Input).focus()
        self.start_search()
        self.run_worker(self._load_filters, thread=True, group="filters")

    # -- searching ---------------------------------------------------------------

    def current_query(self) -> Query:
        """The query as the form shows it now."""
        kind = self.query_one("#kind", Select).value
        tool = self.query_one("#tool", Select).value
        typed = self.query_one("#pc-commune", PlaceChooser).value
        settled = settle_name(self.communes, typed)
        if settled.value is not None:  # one registry commune (or no filter)
            commune, known = settled.value or None, True
        elif settled.candidates:  # several: no filter until the officer picks one
            commune, known = None, True
        else:  # unknown: nothing will match, and the count says so
            commune, known = typed, False
        return Query(
            text=self.query_one("#search", Input).value,
            kind=kind if isinstance(kind, str) else None,
            commune=commune,
            tool=tool if isinstance(tool, str) else None,
            commune_typed=typed.strip() if settled.candidates else "",
            commune_known=known,
            commune_matches=len(settled.candidates),
        )

    def refresh_results(self) -> None:
        """Search again with the same query, keeping the cursor (a profile changed)."""
        self._keep_cursor = self.query_one(ResultList).cursor
        self.start_search(keep_cursor=True)

    def start_search(self, *, keep_cursor: bool = False) -> None:
        """Search in a worker; only the newest search's results are shown."""
        if not keep_cursor:
            self._keep_cursor = 0
        self.generation += 1
        generation, query = self.generation, self.current_query()
        store = self.store

        def run() -> None:
            if generation != self.generation:
                return  # the officer typed again before this search started
            page = store.enterprises.search(
                query.text,
                kind=query.kind,
                commune=query.commune,
                tool=query.tool,
                limit=PAGE_SIZE,
            )
            self.post_message(self.Results(generation, query, page))

        self._searcher.submit(run)

    @on(Input.Changed, "#search, #commune")
    @on(Select.Changed, "#kind, #tool")
    def _changed(self, event: Message) -> None:
        event.stop()
        self.start_search()

    def on_enterprise_list_screen_results(self, message: Results) -> None:
        if message.generation != self.generation:
            return  # stale: a newer search is on its way
        query, store = message.query, self.store

        def loader(offset: int, limit: int) -> SearchPage:
            return store.enterprises.search(
                query.text,
                kind=query.kind,
                commune=query.commune,
                tool=query.tool,
                limit=limit,
                offset=offset,
            )

        results = self.query_one(ResultList)
        results.show_results(message.generation, message.page, loader)
        if self._keep_cursor and results.total:
            results.cursor = min(self._keep_cursor, results.total - 1)
        # One line of fixed height: no layout pass needed (keeps each keystroke cheap).
        self.query_one("#result-count", Static).update(self._count_text(message), layout=False)
        self.shown_generation = message.generation

    def _count_text(self, message: Results) -> str:
        total, query = message.page.total, message.query
        if not query.commune_known:
            return _("No commune of that name in the registry.")
        if query.commune_matches:
            return ngettext(
                "{n} commune matches '{text}': pick it with ↓ and Enter (not filtered yet)",
                "{n} communes match '{text}': pick one with ↓ and Enter (not filtered yet)",
                query.commune_matches,
            ).format(n=query.commune_matches, text=query.commune_typed)
        if total == 0:
            return _("No enterprise matches.")
        if query.commune:
            return ngettext(
                "{n} enterprise in {commune}", "{n} enterprises in {commune}", total
            ).format(n=format_number(total), commune=query.commune)
        return ngettext("{n} enterprise", "{n} enterprises", total).format(n=format_number(total))

    def _load_filters(self) -> None:
        store = self.store
        self.post_message(
            self.FilterOptions(store.enterprises.communes(), store.enterprises.tools())
        )

    def on_enterprise_list_screen_filter_options(self, message: FilterOptions) -> None:
        self.communes = message.communes
        self.query_one("#tool", Select).set_options([(t, t) for t in message.tools])

    # -- keys --------------------------------------------------------------------

    @on(Input.Submitted, "#search")
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(ResultList).action_open()

    def on_key(self, event: Any) -> None:
        if event.key == "down" and self.focused is self.query_one("#search", Input):
            event.stop()
            self.query_one(ResultList).focus()

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    @on(ResultList.Chosen)
    def _chosen(self, event: ResultList.Chosen) -> None:
        event.stop()
        if self.pick:
            self.dismiss(event.enterprise_id)
            return
        from screens.enterprise_detail import EnterpriseDetailScreen

        self.app.push_screen(EnterpriseDetailScreen(event.enterprise_id))

    def action_new_visit(self) -> None:
        item = self.query_one(ResultList).highlighted
        if self.pick:
            if item is not None:
                self.dismiss(item.id)
            return
        self.field_app.new_visit(item.id if item else None)

    async def action_back(self) -> None:
        if self.pick:
            self.dismiss(None)
            return
        await super().action_back()


register_screen(
    "enterprises",
    lambda app: EnterpriseListScreen(),
    title=N_("Enterprise registry"),
    help=N_("Search enterprises, cooperatives and household businesses"),
    key="f3",
)
