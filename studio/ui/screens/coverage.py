"""Translation coverage: a collection's items by its languages, which translations are missing
or incomplete, with counts per language.

The matrix is the browser's `ItemGrid` (keyset pages in a page cache): a title column, then one
`LanguageColumn` per language of the languages collection, so a page reads its items and their
translations in two queries. The counts (`coverage_reads.count_coverage`: one total and two per
language, over the current filter) are shown as a row of percentages under the columns and, for
the cursor's language, in words. `f` narrows the matrix to the items missing the cursor's
language (again: incomplete in it; again: either), `x` clears; `n`/`p` walk to the next or
previous gap (a missing or incomplete cell) left to right then down, through the loaded rows and
then with one engine read past them. Enter opens the item on the cell's language; coming back
reads the matrix and the counts again, the cursor staying where it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from studio.engine.errors import StudioError
from studio.engine.schema import CollectionInfo
from studio.ui.columns import Column
from studio.ui.coverage_column import (
    LanguageColumn,
    first_gap,
    language_columns,
    scan_gaps,
    title_column,
    totals_cells,
)
from studio.ui.coverage_reads import (
    Coverage,
    CoverageFilter,
    any_gap_rule,
    both,
    count_coverage,
    find_gap,
    position_of,
)
from studio.ui.filter_rules import archived_rule
from studio.ui.grid_pages import CACHE_PAGES, PAGE_SIZE, GridQuery, QueryItemList
from studio.ui.interfaces.values import visible
from studio.ui.screens.item_return import ReloadsOnReturn
from studio.ui.translation_setup import Language, TranslationSetup, read_languages
from studio.ui.widgets.coverage_grid import CoverageGrid
from studio.ui.widgets.item_grid import GUTTER, PADDING, ItemGrid

MIN_TITLE = 12
MAX_TITLE = 40
_TONE_STYLES = {"missing": "$error", "partial": "$warning", "complete": "$success"}


class CoverageScreen(ReloadsOnReturn, Screen[None]):
    DEFAULT_CSS = """
    CoverageScreen #coverage-title {
        height: 1; padding: 0 1; background: $panel; text-style: bold;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    CoverageScreen #coverage-filter {
        height: 1; padding: 0 1; color: $warning; display: none;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    CoverageScreen #coverage-filter.active { display: block; }
    CoverageScreen #coverage-totals { height: 1; background: $panel; text-wrap: nowrap; }
    CoverageScreen #coverage-status {
        height: 1; padding: 0 1; color: $text-muted; text-wrap: nowrap; text-overflow: ellipsis;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "walk(1)", "Next gap", id="coverage.next-gap"),
        Binding("p,N", "walk(-1)", "Previous gap", id="coverage.previous-gap", show=False),
        Binding("f", "filter", "Missing in…", id="coverage.filter"),
        Binding("x", "clear_filter", "Clear filter", id="coverage.clear-filter", show=False),
        Binding("v", "archived", "Show archived", id="coverage.archived", show=False),
        Binding("r", "reload", "Reload", id="coverage.reload", show=False),
        Binding("escape", "back", "Back", id="coverage.back"),
    ]

    page_size: ClassVar[int] = PAGE_SIZE  # tests make pages small to walk past them
    capacity: ClassVar[int] = CACHE_PAGES

    class LanguagesRead(Message):
        def __init__(self, languages: list[Language]) -> None:
            super().__init__()
            self.languages = languages

    class Counted(Message):
        def __init__(self, generation: int, coverage: Coverage | None, error: str = "") -> None:
            super().__init__()
            self.generation = generation
            self.coverage = coverage
            self.error = error

    class Walked(Message):
        """A gap found past the loaded rows (`index` None: there is none), for `query`."""

        def __init__(
            self,
            query: GridQuery,
            step: int,
            index: int | None,
            item: dict[str, Any] | None,
            error: str = "",
        ) -> None:
            super().__init__()
            self.query = query
            self.step = step
            self.index = index
            self.item = item
            self.error = error

    class Failed(Message):
        def __init__(self, message: str) -> None:
            super().__init__()
            self.message = message

    def __init__(self, collection: str, field: str) -> None:
        super().__init__()
        self.collection = collection
        self.field = field
        self.setup: TranslationSetup | None = None
        self.languages: list[Language] = []
        self.filter: CoverageFilter | None = None
        self.show_archived = False
        self.coverage: Coverage | None = None
        self.walk_message = ""  # the last "no more gaps" (tests read it)
        self.engine_walks = 0  # walks that had to ask the engine (tests and benchmarks)
        self._generation = 0
        self._walking = False
        self._reload_on_resume = False
        self._opened: QueryItemList | None = None

    @property
    def session(self) -> Any:
        return self.app.session  # type: ignore[attr-defined]

    @property
    def info(self) -> CollectionInfo:
        return self.session.overview.collection(self.collection)  # type: ignore[no-any-return]

    @property
    def grid(self) -> CoverageGrid:
        return self.query_one(CoverageGrid)

    @property
    def columns(self) -> list[Column]:
        return self.grid.columns

    def back_label(self) -> str:
        """How a page opened from here names the way back."""
        return f"{self.info.name} translation coverage"

    def compose(self) -> ComposeResult:
        yield Static("", id="coverage-title", markup=False)
        yield Static("", id="coverage-filter", markup=False)
        yield CoverageGrid(page_size=self.page_size, capacity=self.capacity, id="coverage-grid")
        yield Static("", id="coverage-totals")
        yield Static("", id="coverage-status", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        overview = self.session.overview
        self.setup = TranslationSetup.of(overview, self.collection, self.field)
        self._show_title()
        self.grid.focus()
        self.watch(self.grid, "scroll_x", self._show_totals, init=False)
        if self.setup is None:
            self._set_status(f"{self.info.name}.{self.field} is not a translations field.")
            return
        self._set_status("Reading the languages…")
        self._read_languages()

    # reads -----------------------------------------------------------------------------------

    @work(group="coverage-languages", exit_on_error=False)
    async def _read_languages(self) -> None:
        assert self.setup is not None
        try:
            languages = await read_languages(self.session, self.setup)
        except Exception as error:  # a driver error the engine did not word: never a crash
            self.post_message(self.Failed(_wording(error, "Cannot read the languages")))
            return
        self.post_message(self.LanguagesRead(languages))

    @on(LanguagesRead)
    def _languages_read(self, message: LanguagesRead) -> None:
        assert self.setup is not None
        self.languages = message.languages
        if not self.languages:
            self._set_status(f"{self.setup.languages} holds no languages yet.")
            return
        overview = self.session.overview
        columns = [title_column(overview, self.setup)]
        columns += language_columns(overview, self.setup, self.languages)
        self.grid.show(
            self.session.items(self.collection), self.info, self._fitted(columns), (), self._base()
        )
        self._recount()

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self._set_status(message.message)
        self.notify(message.message, severity="error", markup=False)

    def _base(self) -> dict[str, Any] | None:
        """The matrix's filter: archived items hidden (as in the browser), and the gap filter."""
        info = self.info
        archive = archived_rule(info, self.show_archived)
        chosen = self.filter.rule(self.setup) if self.filter and self.setup else None
        return both(archive, chosen)

    def _recount(self) -> None:
        self._generation += 1
        self.coverage = None
        self._show_totals()
        self._show_status()
        if self.setup is not None and self.languages:
            self._count(self._generation, self._base())

    @work(exclusive=True, group="coverage-count", exit_on_error=False)
    async def _count(self, generation: int, base: dict[str, Any] | None) -> None:
        assert self.setup is not None
        codes = [language.code for language in self.languages]
        try:
            reader = self.session.items(self.collection)
            found = await count_coverage(reader, self.setup, codes, base)
        except Exception as error:
            self.post_message(self.Counted(generation, None, _wording(error, "Cannot count")))
            return
        self.post_message(self.Counted(generation, found))

    @on(Counted)
    def _counted(self, message: Counted) -> None:
        if message.generation != self._generation:
            return  # counts of a filter since left
        if message.error:
            self.notify(message.error, severity="error", markup=False)
        self.coverage = message.coverage
        self._show_title()
        self._show_totals()
        self._show_status()

    def reload(self) -> None:
        """Read the matrix and the counts again (an item may have changed); the cursor stays."""
        if self.grid.cache is not None:
            self.grid.reload()
        self._recount()

    # layout ----------------------------------------------------------------------------------

    def _fitted(self, columns: Sequence[Column], width: int | None = None) -> list[Column]:
        """The title column takes what the languages leave of the width (within limits)."""
        if not columns:
            return list(columns)
        width = width if width is not None else self.app.size.width
        used = GUTTER + self.grid.styles.scrollbar_size_vertical
        used += sum(c.width + 2 * PADDING for c in columns[1:]) + 2 * PADDING
        title = max(MIN_TITLE, min(MAX_TITLE, width - used))
        return [columns[0].with_width(title), *columns[1:]]

    def on_resize(self, event: events.Resize) -> None:
        grid = self.grid
        if grid.columns:
            fitted = self._fitted(grid.columns, event.size.width)
            if fitted[0].width != grid.columns[0].width:
                grid.set_columns(fitted)
        self._show_totals()

    # what is shown ---------------------------------------------------------------------------

    def _show_title(self) -> None:
        info = self.info
        parts = [f"{info.name} · translation coverage"]
        if self.coverage is not None:
            noun = "item" if self.coverage.total == 1 else "items"
            parts.append(f"{self.coverage.total:,} {noun}")
        if info.archive_field and info.archive_value is not None:
            parts.append("archived shown" if self.show_archived else "archived hidden")
        self.query_one("#coverage-title", Static).update(visible("  ·  ".join(parts)))
        line = self.query_one("#coverage-filter", Static)
        if self.filter is not None:
            line.update(f"{self.filter.describe(self.languages)}   (f: next kind, x clears)")
        else:
            line.update("")
        line.set_class(self.filter is not None, "active")

    def _show_totals(self, *_: object) -> None:
        """Each language's complete share, under its column and scrolled with the grid."""
        grid = self.grid
        pad = " " * PADDING
        content = Content.assemble(
            *(
                (pad + text + pad, _TONE_STYLES[tone] if tone else "")
                for text, tone in totals_cells(grid.columns, self.coverage)
            )
        )
        left = int(grid.scroll_offset.x)
        shown = content[left : left + max(0, grid.size.width - GUTTER)]
        self.query_one("#coverage-totals", Static).update(Content.assemble(" " * GUTTER, shown))

    def _show_status(self) -> None:
        if self.setup is None or not self.languages:
            return
        if self.coverage is None:
            self._set_status("Counting…")
            return
        column = self.grid.current_column
        code = column.language if isinstance(column, LanguageColumn) else None
        self._set_status(self.coverage.describe(self.languages, code))

    def _set_status(self, text: str) -> None:
        self.query_one("#coverage-status", Static).update(visible(text))

    @on(CoverageGrid.ColumnMoved)
    def _column_moved(self) -> None:
        self._show_status()

    @on(ItemGrid.LoadFailed)
    def _load_failed(self, event: ItemGrid.LoadFailed) -> None:
        self.notify(event.message, title="Cannot list the items", severity="error", markup=False)

    # opening an item -------------------------------------------------------------------------

    @on(ItemGrid.Opened)
    def _open(self, event: ItemGrid.Opened) -> None:
        """Enter on a language's cell opens the item on that language; on the title, as usual."""
        language = event.column.language if isinstance(event.column, LanguageColumn) else None
        self._opened = self.grid.item_list()
        self.app.open_item(  # type: ignore[attr-defined]
            self.collection, event.key, item_list=self._opened, language=language
        )

    # filtering -------------------------------------------------------------------------------

    def action_filter(self) -> None:
        """Missing in the cursor's language; again: incomplete in it; again: either."""
        column = self.grid.current_column
        if not isinstance(column, LanguageColumn):
            self.notify("Put the cursor on a language's column to filter by it.")
            return
        if self.filter is not None and str(self.filter.language) == str(column.language):
            self.filter = self.filter.next_kind()
        else:
            self.filter = CoverageFilter("missing", column.language)
        self._apply()

    def action_clear_filter(self) -> None:
        self.filter = None
        self._apply()

    def action_archived(self) -> None:
        info = self.info
        if not info.archive_field or info.archive_value is None:
            self.notify("This collection has no archive.")
            return
        self.show_archived = not self.show_archived
        self._apply()

    def _apply(self) -> None:
        if self.grid.cache is not None:
            self.grid.set_query(self._base(), None)
        self._show_title()
        self._recount()
        self.refresh_bindings()

    def action_reload(self) -> None:
        self.reload()

    def action_back(self) -> None:
        self.dismiss()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            return self.filter is not None
        return True

    # walking the gaps ------------------------------------------------------------------------

    def _walked(self) -> list[int]:
        """The language columns a walk visits: the filter's language, else every one."""
        return [
            index
            for index, column in enumerate(self.columns)
            if isinstance(column, LanguageColumn)
            and (self.filter is None or str(column.language) == str(self.filter.language))
        ]

    def action_walk(self, step: int) -> None:
        """The next (`step` 1) or previous (-1) gap, left to right then down: first through the
        loaded rows; past them, one engine read for the first item with a gap beyond the last
        loaded row, in the grid's order, and one count for its place."""
        grid, cache = self.grid, self.grid.cache
        if self._walking or cache is None or grid.row_count is None or not self.languages:
            self.app.bell()
            return
        if grid.row_count == 0:
            self._no_more(step)
            return
        if cache.row(grid.cursor_row) is None:
            self.app.bell()  # the cursor's row is still being read (or read again)
            return
        found = scan_gaps(
            cache.row,
            grid.row_count,
            self.columns,
            self._walked(),
            (grid.cursor_row, grid.cursor_column),
            step,
        )
        if isinstance(found, tuple):
            self._land(*found)
            return
        edge = found
        if edge < 0 or (edge >= grid.row_count and cache.count_exact):
            self._no_more(step)
            return
        loaded = cache.peek(cache.page_of(edge - step))  # the last loaded row's page
        if loaded is None or self.setup is None:
            self.app.bell()
            return
        cursor = loaded.after if step > 0 else loaded.before
        if cursor is None:
            self._no_more(step)
            return
        columns = self.columns
        codes = [columns[i].language for i in self._walked()]
        gaps = any_gap_rule(self.setup, codes)
        if gaps is None:
            self._no_more(step)
            return
        self._walking = True
        self.engine_walks += 1
        self._find(cache.query, gaps, cursor, step)

    @work(exclusive=True, group="coverage-walk", exit_on_error=False)
    async def _find(
        self, query: GridQuery, gaps: dict[str, Any], cursor: tuple[Any, ...], step: int
    ) -> None:
        reader = self.session.items(self.collection)
        try:
            item = await find_gap(reader, query, gaps, cursor, backward=step < 0)
            index = None if item is None else await position_of(reader, query, item)
        except Exception as error:
            wording = _wording(error, "Cannot find the next gap")
            self.post_message(self.Walked(query, step, None, None, wording))
            return
        self.post_message(self.Walked(query, step, index, item))

    @on(Walked)
    def _walked_to(self, message: Walked) -> None:
        self._walking = False
        if message.error:
            self.notify(message.error, severity="error", markup=False)
            return
        if message.query != self.grid.grid_query:
            return  # the list changed meanwhile
        if message.index is None or message.item is None:
            self._no_more(message.step)
            return
        walked = self._walked()
        found = first_gap(self.columns, walked, message.item, message.step)
        self._land(message.index, found if found is not None else self.grid.cursor_column)

    def _land(self, row: int, column: int) -> None:
        self.walk_message = ""
        grid = self.grid
        grid.cursor_column = column
        grid.move_cursor(row)
        grid.action_column(0)  # scrolls the column into view and tells the status line

    def _no_more(self, step: int) -> None:
        self.walk_message = "No more gaps below." if step > 0 else "No more gaps above."
        self.notify(self.walk_message)


def _wording(error: Exception, what: str) -> str:
    return error.message if isinstance(error, StudioError) else f"{what}: {error}"
