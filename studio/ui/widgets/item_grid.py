"""`ItemGrid`: a collection's items as a windowed table (a Line-API `ScrollView`).

Textual's `DataTable` holds and measures every row, which stops scaling at a few thousand rows.
This grid holds only a `PageCache` of keyset pages: `render_line` draws the rows it has and a
placeholder for the rest, and one loader worker reads the missing visible pages (then the
neighbours a cursor reaches cheaply), refreshing as each arrives. So a million-row collection
opens and scrolls in the time of a few page reads, and memory stays flat.

The first line is the header (fixed; a click on it sorts). A two-cell gutter at the left marks
selected rows and stays put when the columns scroll sideways. Values are drawn as plain text
(never markup), and every segment carries its full style, since Textual 6 no longer fills blank
segments with the widget's background.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from studio.engine.errors import StudioError
from studio.engine.schema import CollectionInfo
from studio.ui.columns import Column, fit, item_title, read_fields
from studio.ui.grid_pages import (
    CACHE_PAGES,
    PAGE_SIZE,
    GridQuery,
    ItemsReader,
    LoadedPage,
    PageCache,
    QueryItemList,
    total_sort,
)

GUTTER = 2
PADDING = 1  # cells each side of a column's text
PREFETCH_BELOW = 0.05  # seconds: a page read slower than this (an unindexed sort) is not
# followed by reading the neighbours ahead of need


class ItemGrid(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    ItemGrid { height: 1fr; background: $surface; color: $foreground; }
    ItemGrid > .item-grid--header { background: $panel; color: $foreground; text-style: bold; }
    ItemGrid > .item-grid--header-cursor { background: $panel-lighten-2; text-style: bold; }
    ItemGrid > .item-grid--cursor {
        background: $block-cursor-blurred-background; color: $block-cursor-blurred-foreground;
    }
    ItemGrid > .item-grid--tone-missing { color: $error; }
    ItemGrid > .item-grid--tone-partial { color: $warning; }
    ItemGrid > .item-grid--tone-complete { color: $success; }
    ItemGrid:focus > .item-grid--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground;
    }
    ItemGrid > .item-grid--cursor-cell { text-style: underline; }
    ItemGrid:focus > .item-grid--cursor-cell { text-style: bold underline; }
    ItemGrid > .item-grid--selected { background: $accent 35%; }
    ItemGrid > .item-grid--marker { color: $accent; text-style: bold; }
    ItemGrid > .item-grid--placeholder { color: $text-muted; }
    ItemGrid > .item-grid--message { color: $text-muted; text-style: italic; }
    ItemGrid > .item-grid--error { color: $error; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "item-grid--header",
        "item-grid--header-cursor",
        "item-grid--cursor",
        "item-grid--cursor-cell",
        "item-grid--selected",
        "item-grid--marker",
        "item-grid--placeholder",
        "item-grid--message",
        "item-grid--error",
        "item-grid--tone-missing",
        "item-grid--tone-partial",
        "item-grid--tone-complete",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="grid.open"),
        Binding("space", "toggle_select", "Select", id="grid.select"),
        Binding("shift+down", "extend(1)", "Extend selection down", show=False,
                id="grid.extend-down"),
        Binding("shift+up", "extend(-1)", "Extend selection up", show=False, id="grid.extend-up"),
        Binding("a", "select_visible", "Select all visible / none", show=False,
                id="grid.select-visible"),
        Binding("escape", "select_none", "Select none", show=False, id="grid.select-none"),
        Binding("s", "sort", "Sort by column", show=False, id="grid.sort"),
        Binding("plus,greater_than_sign", "resize(2)", "Widen column", show=False,
                id="grid.widen"),
        Binding("minus,less_than_sign", "resize(-2)", "Narrow column", show=False,
                id="grid.narrow"),
        Binding("up", "move(-1)", "Up", show=False, id="grid.up"),
        Binding("down", "move(1)", "Down", show=False, id="grid.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="grid.page-up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="grid.page-down"),
        Binding("home,ctrl+home,g", "first", "First item", show=False, id="grid.first"),
        Binding("end,ctrl+end,G", "last", "Last item", show=False, id="grid.last"),
        Binding("left", "column(-1)", "Column left", show=False, id="grid.left"),
        Binding("right", "column(1)", "Column right", show=False, id="grid.right"),
    ]  # fmt: skip

    class Opened(Message):
        """Enter (or a double click) on a row: open this item. `column` and `item` say which
        cell it was on, so a screen may follow an M2O cell to the related item instead."""

        def __init__(
            self, key: Any, column: Column | None = None, item: Mapping[str, Any] | None = None
        ) -> None:
            super().__init__()
            self.key = key
            self.column = column
            self.item = item

    class Counted(Message):
        """The row count is known or changed (`exact` False: an estimate)."""

        def __init__(self, count: int, exact: bool) -> None:
            super().__init__()
            self.count = count
            self.exact = exact

    class SelectionChanged(Message):
        def __init__(self, count: int) -> None:
            super().__init__()
            self.count = count

    class SortChanged(Message):
        def __init__(self, sort: tuple[str, ...]) -> None:
            super().__init__()
            self.sort = sort

    class ColumnsResized(Message):
        def __init__(self, columns: list[Column]) -> None:
            super().__init__()
            self.columns = columns

    class PageLoaded(Message):
        """A page arrived (and was drawn); tests and benchmarks wait on it."""

        def __init__(self, page: int) -> None:
            super().__init__()
            self.page = page

    class LoadFailed(Message):
        def __init__(self, message: str) -> None:
            super().__init__()
            self.message = message

    def __init__(
        self,
        *,
        page_size: int = PAGE_SIZE,
        capacity: int = CACHE_PAGES,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.page_size = page_size
        self.capacity = capacity
        self.reader: ItemsReader | None = None
        self.info: CollectionInfo | None = None
        self.columns: list[Column] = []
        self.sort: tuple[str, ...] = ()
        self.filter: Mapping[str, Any] | None = None
        self.search: str | None = None
        self.cache: PageCache | None = None
        self.cursor_row = 0
        self.cursor_column = 0
        self.selected: dict[Any, str] = {}
        self.error: str | None = None
        self._anchor: int | None = None
        self._range_base: dict[Any, str] = {}
        self._stale: dict[int, LoadedPage] = {}
        self._loading = False
        self._pending_last = False
        self._last_read = 0.0
        self._sized_rows = 0

    # what the grid shows ---------------------------------------------------------------------

    def show(
        self,
        reader: ItemsReader,
        info: CollectionInfo,
        columns: Sequence[Column],
        sort: Sequence[str] = (),
        filter: Mapping[str, Any] | None = None,
        search: str | None = None,
    ) -> None:
        """Show another collection (or the same one afresh): cursor, selection and scroll reset."""
        self.reader = reader
        self.info = info
        self.columns = list(columns)
        self.sort = tuple(sort)
        self.filter = filter
        self.search = search or None
        self.selected = {}
        self._anchor = None
        self.cursor_column = 0
        self._restart(keep_position=False)
        self.post_message(self.SelectionChanged(0))

    def set_query(self, filter: Mapping[str, Any] | None, search: str | None) -> None:
        """A new filter or search: the list starts again from the top, and the selection is
        dropped (it could hold items the new filter hides)."""
        self.filter = filter
        self.search = search or None
        if self.selected:
            self.clear_selection()
        self._restart(keep_position=False)

    def set_sort(self, sort: Sequence[str]) -> None:
        self.sort = tuple(sort)
        self._restart(keep_position=False)
        self.post_message(self.SortChanged(self.sort))

    def set_columns(self, columns: Sequence[Column]) -> None:
        self.columns = list(columns)
        self.cursor_column = min(self.cursor_column, max(0, len(self.columns) - 1))
        known = {c.sort_path for c in self.columns}
        if any(term.lstrip("-") not in known for term in self.sort):
            self.sort = tuple(t for t in self.sort if t.lstrip("-") in known)
            self.post_message(self.SortChanged(self.sort))
        self._restart(keep_position=True)

    def reload(self) -> None:
        """Read the visible rows again (items may have changed); cursor and scroll stay, and the
        old rows stay drawn until the new ones arrive."""
        if self.cache is not None:
            self._stale = dict(self.cache.pages)
        self._restart(keep_position=True)

    @property
    def grid_query(self) -> GridQuery | None:
        """The grid's current query (fields, total sort, filter, search)."""
        return self.cache.query if self.cache is not None else None

    def _restart(self, *, keep_position: bool) -> None:
        if self.reader is None or self.info is None:
            return
        self.error = None
        if not keep_position:
            self._pending_last = False
            self._stale = {}
            self._sized_rows = 0
            self.cursor_row = 0
            self.scroll_to(0, 0, animate=False)
        try:
            query = self._build_query()
        except StudioError as error:
            self._fail(error.message)
            return
        old = self.cache
        exact = keep_position and old is not None and old.row_count is not None and old.count_exact
        self.cache = PageCache(
            self.reader, query, page_size=self.page_size, capacity=self.capacity, exact=exact
        )
        self._resize()
        self.refresh()
        self._ensure_loading()

    def _build_query(self) -> GridQuery:
        assert self.info is not None
        pk = self.info.primary_key
        if pk is None:
            reason = self.info.not_editable_reason or "it has no primary key"
            raise StudioError(f"The items of {self.info.name} cannot be listed: {reason}.")
        fields, deep = read_fields(self.columns, pk, self.info.display_template)
        return GridQuery(
            fields=tuple(fields),
            sort=total_sort(self.sort, pk),
            filter=self.filter,
            search=self.search,
            deep=deep,
        )

    # facts for the screen --------------------------------------------------------------------

    @property
    def row_count(self) -> int | None:
        return self.cache.row_count if self.cache is not None else None

    @property
    def count_exact(self) -> bool:
        return self.cache.count_exact if self.cache is not None else True

    @property
    def primary_key(self) -> str | None:
        return self.info.primary_key if self.info is not None else None

    def row(self, index: int) -> dict[str, Any] | None:
        """The loaded row at `index` (None while its page is not loaded)."""
        if self.cache is None:
            return None
        found = self.cache.row(index)
        if found is None and self._stale:
            page, offset = divmod(index, self.page_size)
            stale = self._stale.get(page)
            if stale is not None and offset < len(stale.rows):
                found = stale.rows[offset]
        return found

    @property
    def settled(self) -> bool:
        """Nothing left to read for what is on screen (tests and benchmarks wait for this)."""
        if self.error is not None:
            return True
        if self.cache is None or self.row_count is None or self._loading:
            return False
        return all(self.cache.row(i) is not None for i in self.visible_range())

    @property
    def cursor_item(self) -> dict[str, Any] | None:
        return self.row(self.cursor_row)

    @property
    def cursor_key(self) -> Any:
        item = self.cursor_item
        return item.get(self.primary_key or "") if item is not None else None

    @property
    def current_column(self) -> Column | None:
        """The column the cursor is in."""
        if not self.columns:
            return None
        return self.columns[min(self.cursor_column, len(self.columns) - 1)]

    def title_of(self, item: Mapping[str, Any]) -> str:
        assert self.info is not None
        return item_title(self.info, item)

    def visible_range(self) -> range:
        """Row indexes on screen."""
        first = self.scroll_offset.y
        body = self.body_height
        count = self.row_count or 0
        return range(first, max(first, min(first + body, count)))

    def move_to_key(self, key: Any) -> bool:
        """Put the cursor on an item if its page is loaded (after paging on the item page)."""
        if self.cache is None or self.primary_key is None:
            return False
        index = self.cache.index_of(self.primary_key, key)
        if index is None:
            return False
        self.move_cursor(index)
        return True

    def item_list(self) -> QueryItemList | None:
        """The grid's order as an `ItemList`, for the item page's previous/next."""
        if self.reader is None or self.cache is None or self.primary_key is None:
            return None
        return QueryItemList(self.reader, self.cache.query, self.primary_key, self.cache)

    # loading ---------------------------------------------------------------------------------

    def _wanted_pages(self) -> list[int]:
        if self.cache is None:
            return []
        first = self.scroll_offset.y
        body = self.body_height
        pages = list(range(first // self.page_size, (first + body - 1) // self.page_size + 1))
        cursor_page = self.cursor_row // self.page_size
        if cursor_page not in pages:
            pages.append(cursor_page)
        return pages

    def _prefetch_pages(self) -> list[int]:
        """Pages just outside the window that a cursor reaches (never an offset read), as many
        as the cache holds beside the window's: one more would evict a page on screen, which
        would be read again, evicting the next, without end."""
        assert self.cache is not None
        wanted = self._wanted_pages()
        around = [min(wanted) - 1, max(wanted) + 1]
        room = self.cache.capacity - len(set(wanted))
        found = [p for p in around if p >= 0 and self.cache.plan(p).how != "offset"]
        return found[: max(0, room)]

    def _ensure_loading(self) -> None:
        if self._loading or self.cache is None or self.error is not None:
            return
        self._loading = True
        self.run_worker(self._load(), group="item-grid-pages", exit_on_error=False)

    async def _load(self) -> None:
        try:
            while self.cache is not None and self.error is None:
                cache = self.cache
                try:
                    if not await self._load_step(cache):
                        break
                except Exception as error:
                    if cache is not self.cache:
                        continue  # a read of a query the user has since left: never its error
                    if isinstance(error, StudioError):
                        self._fail(error.message)
                    else:  # a driver error the engine did not word; never a crash
                        self._fail(f"Cannot read the items: {error}")
            self._stale = {}
        finally:
            self._loading = False

    async def _load_step(self, cache: PageCache) -> bool:
        """Count or read one page of `cache`; False when nothing on screen is missing."""
        if cache.row_count is None or cache.needs_exact_count:
            if cache.row_count is None:
                await cache.count()
            else:
                await cache.exact_count()
            if cache is self.cache and cache.row_count is not None:
                self._counted()
            return True
        if self._pending_last and not cache.count_exact:
            await cache.exact_count()
            if cache is self.cache:
                self._counted()
            return True
        plan = cache.choose(self._wanted_pages())
        if plan is None and self._last_read < PREFETCH_BELOW:
            plan = cache.choose(self._prefetch_pages())
        if plan is None:
            return False
        before = (cache.row_count, cache.count_exact)
        started = time.perf_counter()
        loaded = await cache.load(plan)
        self._last_read = time.perf_counter() - started
        if loaded is None or cache is not self.cache:
            return True
        if (cache.row_count, cache.count_exact) != before:
            self._counted()
        self._stale.pop(plan.page, None)
        self.refresh()
        self.post_message(self.PageLoaded(plan.page))
        return True

    def _counted(self) -> None:
        assert self.cache is not None and self.cache.row_count is not None
        count = self.cache.row_count
        self._resize()
        if self._pending_last and self.cache.count_exact:
            self._pending_last = False
            self.move_cursor(count - 1)
        elif self.cursor_row >= count:
            self.move_cursor(count - 1)
        self.refresh()
        self.post_message(self.Counted(count, self.cache.count_exact))

    def _fail(self, message: str) -> None:
        self.error = message
        self._stale = {}
        self.refresh()
        self.post_message(self.LoadFailed(message))

    def _content_width(self) -> int:
        return sum(c.width + 2 * PADDING for c in self.columns)

    def _resize(self) -> None:
        """Fit the scroll area to the count; while a reload recounts, the old count holds it,
        so the scroll position survives."""
        if self.row_count is not None:
            self._sized_rows = self.row_count
        self.virtual_size = Size(GUTTER + self._content_width(), self._sized_rows + 1)

    # cursor and scrolling --------------------------------------------------------------------

    @property
    def body_height(self) -> int:
        """Rows on screen: the view less the header and a horizontal scrollbar (`size`
        counts the scrollbars in)."""
        return max(1, self.scrollable_content_region.height - 1)

    def move_cursor(self, row: int, *, extend: bool = False) -> None:
        self._pending_last = False  # a move made while End waits for the exact count wins
        count = self.row_count or 0
        if count <= 0:
            return
        row = max(0, min(row, count - 1))
        if extend:
            if self._anchor is None:
                self._anchor = self.cursor_row
                self._range_base = dict(self.selected)
        else:
            self._anchor = None
        self.cursor_row = row
        if extend:
            self._select_range()
        self._scroll_to_cursor()
        self.refresh()
        self._ensure_loading()

    def _scroll_to_cursor(self) -> None:
        top = self.scroll_offset.y
        body = self.body_height
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False)
        elif self.cursor_row >= top + body:
            self.scroll_to(y=self.cursor_row - body + 1, animate=False)

    def _column_span(self, index: int) -> tuple[int, int]:
        start = sum(c.width + 2 * PADDING for c in self.columns[:index])
        return start, start + self.columns[index].width + 2 * PADDING

    def _scroll_to_column(self) -> None:
        if not self.columns:
            return
        start, end = self._column_span(self.cursor_column)
        left = self.scroll_offset.x
        visible = max(1, self.scrollable_content_region.width - GUTTER)
        if start < left:
            self.scroll_to(x=start, animate=False)
        elif end > left + visible:
            self.scroll_to(x=min(start, end - visible), animate=False)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._ensure_loading()

    def on_resize(self) -> None:
        self._ensure_loading()

    # actions ---------------------------------------------------------------------------------

    def action_move(self, delta: int) -> None:
        self.move_cursor(self.cursor_row + delta)

    def action_page(self, direction: int) -> None:
        body = self.body_height
        self.scroll_to(y=self.scroll_offset.y + direction * body, animate=False)
        self.move_cursor(self.cursor_row + direction * body)

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        """The last row; an estimated count is settled first (the end must be known)."""
        if self.cache is None:
            return
        if self.cache.count_exact:
            self.move_cursor((self.row_count or 0) - 1)
            return
        self._pending_last = True
        self._ensure_loading()

    def action_column(self, delta: int) -> None:
        if not self.columns:
            return
        self.cursor_column = max(0, min(self.cursor_column + delta, len(self.columns) - 1))
        self._scroll_to_column()
        self.refresh()

    def action_open(self) -> None:
        item = self.cursor_item
        key = self.cursor_key
        if key is not None:
            self.post_message(self.Opened(key, self.current_column, item))

    def action_toggle_select(self) -> None:
        item = self.cursor_item
        if item is None or self.primary_key is None:
            self.app.bell()  # the row is still being read
            return
        key = item.get(self.primary_key)
        if key in self.selected:
            del self.selected[key]
        else:
            self.selected[key] = self.title_of(item)
        self._anchor = None
        self._selection_changed()

    def action_extend(self, delta: int) -> None:
        self.move_cursor(self.cursor_row + delta, extend=True)

    def _select_range(self) -> None:
        assert self._anchor is not None and self.primary_key is not None
        low, high = sorted((self._anchor, self.cursor_row))
        chosen = dict(self._range_base)
        for index in range(low, high + 1):
            item = self.row(index)
            if item is not None:
                chosen[item.get(self.primary_key)] = self.title_of(item)
        self.selected = chosen
        self._selection_changed()

    def action_select_visible(self) -> None:
        """Select every row on screen; if they all are already, select none."""
        if self.primary_key is None:
            return
        items = [item for i in self.visible_range() if (item := self.row(i)) is not None]
        keys = [item.get(self.primary_key) for item in items]
        if keys and all(key in self.selected for key in keys):
            self.selected = {}
        else:
            for key, item in zip(keys, items, strict=True):
                self.selected[key] = self.title_of(item)
        self._anchor = None
        self._selection_changed()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape with nothing selected is left to the screen (a picker closes on it)."""
        return action != "select_none" or bool(self.selected)

    def action_select_none(self) -> None:
        if self.selected:
            self.selected = {}
            self._selection_changed()

    def clear_selection(self) -> None:
        self.selected = {}
        self._anchor = None
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.refresh()
        self.refresh_bindings()
        self.post_message(self.SelectionChanged(len(self.selected)))

    def action_sort(self) -> None:
        if self.columns:
            self.cycle_sort(self.cursor_column)

    def cycle_sort(self, index: int) -> None:
        """Ascending, then descending, then unsorted, on one column."""
        column = self.columns[index]
        if column.sort_path is None:
            self.notify(column.why_unsorted or f"{column.label} cannot be sorted.", markup=False)
            return
        path = column.sort_path
        current = self.sort[0] if self.sort else None
        if current == path:
            self.set_sort([f"-{path}"])
        elif current == f"-{path}":
            self.set_sort([])
        else:
            self.set_sort([path])

    def action_resize(self, delta: int) -> None:
        if not self.columns:
            return
        column = self.columns[self.cursor_column]
        self.columns[self.cursor_column] = column.with_width(column.width + delta)
        self._resize()
        self._scroll_to_column()
        self.refresh()
        self.post_message(self.ColumnsResized(list(self.columns)))

    # mouse -----------------------------------------------------------------------------------

    def _column_at(self, x: int) -> int | None:
        if x < GUTTER:
            return None
        position = x - GUTTER + self.scroll_offset.x
        for index in range(len(self.columns)):
            start, end = self._column_span(index)
            if start <= position < end:
                return index
        return None

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        column = self._column_at(offset.x)
        if offset.y == 0:
            if column is not None:
                self.cursor_column = column
                self.cycle_sort(column)
            return
        index = self.scroll_offset.y + offset.y - 1
        if index >= (self.row_count or 0):
            return
        if column is not None:
            self.cursor_column = column
        self.move_cursor(index)
        if event.chain >= 2:
            self.action_open()

    # drawing ---------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y == 0:
            return self._header(width, base)
        index = self.scroll_offset.y + y - 1
        if self.error is not None or (self.row_count == 0 and self.cache is not None):
            return self._message_line(index, width, base)
        rows = self.row_count if self.row_count is not None else self._sized_rows
        if index >= rows:  # while a reload recounts, the old rows stay drawn
            return Strip.blank(width, base)
        return self._row_line(index, width, base)

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(name, partial=True)

    def _header(self, width: int, base: Style) -> Strip:
        style = base + self._style("item-grid--header")
        cursor_style = style + self._style("item-grid--header-cursor")
        segments = []
        sorted_by = {t.lstrip("-"): ("▼" if t.startswith("-") else "▲") for t in self.sort[:1]}
        for index, column in enumerate(self.columns):
            mark = sorted_by.get(column.sort_path or "")
            label = f"{column.label} {mark}" if mark else column.label
            text = " " * PADDING + fit(label, column.width, column.numeric) + " " * PADDING
            chosen = cursor_style if index == self.cursor_column else style
            segments.append(Segment(text, chosen))
        return self._join_line(Segment(" " * GUTTER, style), segments, width, style)

    def _row_line(self, index: int, width: int, base: Style) -> Strip:
        item = self.row(index)
        key = item.get(self.primary_key or "") if item is not None else None
        selected = item is not None and key in self.selected
        style = base
        if selected:
            style = style + self._style("item-grid--selected")
        is_cursor = index == self.cursor_row
        if is_cursor:
            style = style + self._style("item-grid--cursor")
        if item is None:
            placeholder = style + self._style("item-grid--placeholder")
            segments = []
            for position, column in enumerate(self.columns):
                text = fit("…" if position else "loading…", column.width)
                segments.append(Segment(" " * PADDING + text + " " * PADDING, placeholder))
            return self._join_line(Segment(" " * GUTTER, style), segments, width, style)
        cell_style = style + self._style("item-grid--cursor-cell")
        segments = []
        for position, column in enumerate(self.columns):
            text = " " * PADDING + column.cell(item) + " " * PADDING
            chosen = cell_style if is_cursor and position == self.cursor_column else style
            tone = column.tone(item)
            if tone is not None and not is_cursor:
                chosen = style + self._style(f"item-grid--tone-{tone}")
            segments.append(Segment(text, chosen))
        marker = Segment(
            "✓ " if selected else " " * GUTTER, style + self._style("item-grid--marker")
        )
        return self._join_line(marker, segments, width, style)

    def _join_line(
        self, gutter: Segment, segments: list[Segment], width: int, fill: Style
    ) -> Strip:
        left = self.scroll_offset.x
        visible = max(0, width - GUTTER)
        content = Strip(segments).crop_extend(left, left + visible, fill)
        return Strip.join([Strip([gutter]), content]).simplify()

    def _message_line(self, index: int, width: int, base: Style) -> Strip:
        if index != 0:
            return Strip.blank(width, base)
        if self.error is not None:
            text, style = self.error, base + self._style("item-grid--error")
        else:
            filtered = bool(self.filter or self.search)
            text = "No items match." if filtered else "No items yet."
            style = base + self._style("item-grid--message")
        return Strip([Segment(" " * GUTTER + text, style)]).crop_extend(0, width, base)

    def refresh_row(self, index: int) -> None:
        y = index - self.scroll_offset.y + 1
        if 1 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))


def linked_key(column: Column | None, item: Mapping[str, Any] | None) -> Any:
    """The key of the item an M2O (or O2O) cell points at; None for other cells or no link."""
    if column is None or item is None or column.kind != "m2o" or column.related_key is None:
        return None
    related = item.get(column.key)
    if isinstance(related, Mapping):
        return related.get(column.related_key)
    return related  # a bare key, when the template was not read through the relation
