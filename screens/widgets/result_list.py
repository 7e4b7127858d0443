"""A virtual list of search results (Line API): only the rows on screen are drawn,
and pages are fetched on demand, so 100,000 matches cost no more than fifty.

The owner hands over the first page with the total and a `loader(offset, limit)`;
the list fetches further pages in a thread worker as the officer scrolls.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from time import perf_counter

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from field_app.i18n import N_
from field_app.models.enterprise import EnterpriseSummary, SearchPage
from screens.labels import kind_label

PAGE_SIZE = 100
Loader = Callable[[int, int], SearchPage]


def _cell(text: str, width: int) -> str:
    if width <= 0:
        return ""
    if len(text) > width:
        return text[: max(0, width - 1)] + "…"
    return text.ljust(width)


# Legal forms as officers abbreviate them: on a narrow terminal the part of a name
# that tells two cooperatives apart comes after the form, so the form is shortened.
SHORT_FORMS = (
    ("Hợp tác xã", "HTX"),
    ("Công ty trách nhiệm hữu hạn", "Cty TNHH"),
    ("Công ty TNHH", "Cty TNHH"),
    ("Công ty cổ phần", "Cty CP"),
    ("Doanh nghiệp tư nhân", "DNTN"),
    ("Hộ kinh doanh", "HKD"),
)
NARROW = 100
"""Below this width the kind column goes (the name's legal form says it) and names
are shortened in the middle, keeping their end."""


def short_name(name: str, width: int) -> str:
    """`name` in `width` columns keeping what tells enterprises apart: the legal form
    abbreviated, then the middle cut rather than the end."""
    if len(name) <= width:
        return name
    for long, short in SHORT_FORMS:
        if name.lower().startswith(long.lower()):
            name = short + name[len(long) :]
            break
    if len(name) <= width or width < 8:
        return name[:width]
    head = max(3, (width - 1) // 3)
    tail = width - 1 - head
    return name[:head] + "…" + name[-tail:]


class ResultList(ScrollView, can_focus=True):
    """Search results, one enterprise per line, with a cursor."""

    BINDINGS = [
        Binding("enter", "open", N_("Open")),
        Binding("up", "cursor(-1)", show=False),
        Binding("down", "cursor(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "jump(0)", show=False),
        Binding("end", "jump(-1)", show=False),
    ]
    COMPONENT_CLASSES = {"result-list--cursor", "result-list--dim"}
    DEFAULT_CSS = """
    ResultList { height: 1fr; }
    ResultList > .result-list--cursor { background: $accent 40%; text-style: bold; }
    ResultList:focus > .result-list--cursor { background: $accent; color: $text; }
    ResultList > .result-list--dim { color: $text-muted; }
    """

    cursor = reactive(0, always_update=True)

    class Chosen(Message):
        """The officer pressed Enter on a result."""

        def __init__(self, enterprise_id: str) -> None:
            super().__init__()
            self.enterprise_id = enterprise_id

    class PageLoaded(Message):
        """A page fetched in a worker has arrived (ignored if the search changed)."""

        def __init__(self, generation: int, offset: int, items: list[EnterpriseSummary]) -> None:
            super().__init__()
            self.generation = generation
            self.offset = offset
            self.items = items

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        from screens.base import translate_bindings  # base imports the widgets package

        translate_bindings(self)
        self.total = 0
        self.generation = -1
        self._pages: OrderedDict[int, list[EnterpriseSummary]] = OrderedDict()
        self._loading: set[int] = set()
        self._loader: Loader | None = None
        self._lines: LRUCache[tuple[int, int, int, bool], Strip] = LRUCache(1024)
        self.painted_generation = -1
        self.painted_at = 0.0

    # -- data --------------------------------------------------------------------

    def show_results(self, generation: int, page: SearchPage, loader: Loader) -> None:
        """Replace the list with a new search's first page."""
        self.generation = generation
        self.total = page.total
        self._loader = loader
        self._pages.clear()
        self._loading.clear()
        self._lines.clear()
        self._store_page(page.offset, page.items)
        self._set_virtual_height(self.total)
        self.scroll_to(y=0, animate=False, immediate=True)
        self.cursor = 0
        self.refresh()

    def _set_virtual_height(self, rows: int) -> None:
        """Resize the scrollable area without a layout pass when the scrollbar stays as
        it is: assigning `virtual_size` re-lays out the whole screen, which costs more
        than the search itself on every keystroke."""
        new = Size(self.size.width, rows)
        height = self.size.height
        if (self.virtual_size.height > height) != (rows > height) or not height:
            self.virtual_size = new  # the scrollbar appears or goes: lay out again
            return
        self.set_reactive(ResultList.virtual_size, new)
        self._scroll_update(new)  # Textual's own scrollbar refresh for a new virtual size

    def _store_page(self, offset: int, items: list[EnterpriseSummary]) -> None:
        for start in range(0, len(items), PAGE_SIZE):
            self._pages[(offset + start) // PAGE_SIZE] = items[start : start + PAGE_SIZE]
        while len(self._pages) > 40:  # keep memory flat while scrolling far
            self._pages.popitem(last=False)

    def row(self, index: int) -> EnterpriseSummary | None:
        """The result at `index` if its page is loaded."""
        page = self._pages.get(index // PAGE_SIZE)
        if page is None:
            return None
        offset = index % PAGE_SIZE
        return page[offset] if offset < len(page) else None

    @property
    def highlighted(self) -> EnterpriseSummary | None:
        """The result under the cursor."""
        return self.row(self.cursor) if self.total else None

    def _want_page(self, page_no: int) -> None:
        if page_no in self._loading or self._loader is None:
            return
        self._loading.add(page_no)
        loader, generation = self._loader, self.generation

        def fetch() -> None:
            result = loader(page_no * PAGE_SIZE, PAGE_SIZE)
            self.post_message(self.PageLoaded(generation, page_no * PAGE_SIZE, result.items))

        self.run_worker(fetch, thread=True, group="result-pages")

    def on_result_list_page_loaded(self, message: PageLoaded) -> None:
        message.stop()
        if message.generation != self.generation:
            return  # a page of an older search
        self._loading.discard(message.offset // PAGE_SIZE)
        self._store_page(message.offset, message.items)
        self._lines.clear()
        self.refresh()

    # -- drawing -----------------------------------------------------------------

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, self.total)
        self._lines.clear()

    def render_line(self, y: int) -> Strip:
        if self.painted_generation != self.generation:
            # First line of a new search drawn: what bench/typing.py times.
            self.painted_generation = self.generation
            self.painted_at = perf_counter()
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if index >= self.total:
            return Strip.blank(width, self.rich_style)
        selected = index == self.cursor
        key = (index, width, self.generation, selected)
        cached = self._lines.get(key)
        if cached is not None:
            return cached
        item = self.row(index)
        if item is None:
            self._want_page(index // PAGE_SIZE)
            style = self.get_component_rich_style("result-list--dim")
            return Strip([Segment(_cell("  …", width), style)], width)
        if width < NARROW:  # no kind column; the name keeps its distinguishing end
            name_w = max(10, width - 36)
            text = (
                " "
                + _cell(short_name(item.name, name_w), name_w)
                + " "
                + _cell(item.commune, 18)
                + " "
                + _cell(item.tax_code or "", 14)
            )
        else:
            name_w = max(10, width - 54)
            text = (
                " "
                + _cell(short_name(item.name, name_w), name_w)
                + " "
                + _cell(kind_label(item.kind), 18)
                + " "
                + _cell(item.commune, 18)
                + " "
                + _cell(item.tax_code or "", 14)
            )
        style = self.get_component_rich_style("result-list--cursor") if selected else Style.null()
        strip = Strip([Segment(_cell(text, width), self.rich_style + style)], width)
        self._lines[key] = strip
        return strip

    # -- keys --------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        height = self.scrollable_content_region.height
        top = self.scroll_offset.y
        if new < top:
            self.scroll_to(y=new, animate=False, immediate=True)
        elif height and new >= top + height:
            self.scroll_to(y=new - height + 1, animate=False, immediate=True)
        self.refresh()

    def action_cursor(self, delta: int) -> None:
        if self.total:
            self.cursor = max(0, min(self.total - 1, self.cursor + delta))

    def action_page(self, direction: int) -> None:
        self.action_cursor(direction * max(1, self.scrollable_content_region.height - 1))

    def action_jump(self, where: int) -> None:
        if self.total:
            self.cursor = self.total - 1 if where < 0 else 0

    def action_open(self) -> None:
        item = self.highlighted
        if item is not None:
            self.post_message(self.Chosen(item.id))
