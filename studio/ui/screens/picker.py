"""Pick related items from the related collection's whole table: the browser's grid with its
search, filter, sort and paging, over a million rows as well as ten.

`restrict` is a filter the user cannot remove (items already linked, capitals already taken);
the user's own search and filter rules narrow it further. One item (`multiple=False`): Enter
picks the row under the cursor. Several: space (or shift+arrows, `a`) selects, Enter picks the
selection, or the row under the cursor when nothing is selected. The selection is kept while the
search and filter change, so several items can be found one search at a time. Escape picks
nothing.

A screen that lists items for another purpose (the "where used" list opens them) overrides
`enter_row` (what Enter on a row does) and `hint` (what the status line says the keys do).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Static

from studio.ui.columns import Column, available_columns, default_columns
from studio.ui.filter_rules import FilterRule, combine, summary
from studio.ui.widgets.item_grid import ItemGrid
from studio.ui.widgets.search_box import SearchBox

SEARCH_DELAY = 0.25


@dataclass(frozen=True)
class Picked:
    key: Any
    title: str


class PickerScreen(Screen[list[Picked] | None]):
    DEFAULT_CSS = """
    PickerScreen #picker-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    PickerScreen #picker-bar { height: 1; }
    PickerScreen #picker-search { width: 1fr; }
    PickerScreen #picker-filter { height: 1; padding: 0 1; color: $warning; display: none; }
    PickerScreen #picker-filter.active { display: block; }
    PickerScreen #picker-status { height: 1; padding: 0 1; color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
        Binding("slash", "search", "Search", id="picker.search"),
        Binding("f", "filter", "Filter", id="picker.filter"),
        Binding("x", "clear_filter", "Clear filter", id="picker.clear-filter", show=False),
    ]

    def __init__(
        self,
        collection: str,
        *,
        title: str,
        multiple: bool = False,
        restrict: Mapping[str, Any] | None = None,
        extra_columns: Sequence[str] = (),
        search: str = "",
    ) -> None:
        super().__init__()
        self.collection = collection
        self.title_text = title
        self.multiple = multiple
        self.restrict = dict(restrict) if restrict else None
        self.extra_columns = tuple(extra_columns)
        self.rules: list[FilterRule] = []
        self.search_text = search.strip()

    @property
    def session(self) -> Any:
        return self.app.session  # type: ignore[attr-defined]

    @property
    def grid(self) -> ItemGrid:
        return self.query_one(ItemGrid)

    def compose(self) -> ComposeResult:
        yield Static(self.title_text, id="picker-title", markup=False)
        with Horizontal(id="picker-bar"):
            yield SearchBox(self.search_text, delay=SEARCH_DELAY, id="picker-search")
        yield Static("", id="picker-filter", markup=False)
        yield ItemGrid(id="picker-grid")
        yield Static("", id="picker-status", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        overview = self.session.overview
        info = overview.collection(self.collection)
        self.grid.show(
            self.session.items(self.collection),
            info,
            self._columns(),
            (),
            self._filter(),
            self.search_text,
        )
        self._show_summary()
        self.grid.focus()

    def _columns(self) -> list[Column]:
        overview = self.session.overview
        columns = default_columns(overview, self.collection)
        shown = {c.key for c in columns}
        by_key = {c.key: c for c in available_columns(overview, self.collection)}
        extra = [by_key[key] for key in self.extra_columns if key in by_key and key not in shown]
        return columns + extra

    def _filter(self) -> Any:
        return combine(self.rules, [self.restrict] if self.restrict else [])

    def _apply_query(self) -> None:
        """Search or filter again. The grid drops its selection on a new query; picking several,
        the selection is what the user has found so far, so it is put back."""
        grid = self.grid
        kept = dict(grid.selected) if self.multiple else {}
        grid.set_query(self._filter(), self.search_text)
        if kept:
            grid.selected = kept
            grid.refresh()
            grid.refresh_bindings()
        self._show_summary()

    # status ----------------------------------------------------------------------------------

    def _show_summary(self) -> None:
        line = self.query_one("#picker-filter", Static)
        parts = []
        if self.rules:
            parts.append("Filter: " + summary(self.rules))
        if self.search_text:
            parts.append(f"Search: {self.search_text}")
        line.update(("  ·  ".join(parts) + "   (x clears)") if parts else "")
        line.set_class(bool(parts), "active")
        self._show_status()

    @on(ItemGrid.Counted)
    @on(ItemGrid.SelectionChanged)
    def _show_status(self) -> None:
        grid = self.grid
        parts = []
        if grid.error is not None:
            parts.append(grid.error)
        elif grid.row_count is None:
            parts.append("counting…")
        else:
            noun = "item" if grid.row_count == 1 else "items"
            parts.append(f"{'' if grid.count_exact else '~'}{grid.row_count:,} {noun}")
        if self.multiple:
            parts.append(f"{len(grid.selected):,} selected")
        parts.append(self.hint())
        self.query_one("#picker-status", Static).update("  ·  ".join(parts))

    def hint(self) -> str:
        """What the keys do, at the end of the status line."""
        return "space selects · enter adds" if self.multiple else "enter picks"

    # picking ---------------------------------------------------------------------------------

    @on(ItemGrid.Opened)
    def _opened(self, event: ItemGrid.Opened) -> None:
        event.stop()
        self.enter_row(event.key)

    def enter_row(self, key: Any) -> None:
        """Enter on the row holding `key`: pick it (picking several: the selection, if any)."""
        grid = self.grid
        if self.multiple and grid.selected:
            self.dismiss([Picked(k, title) for k, title in grid.selected.items()])
            return
        item = grid.cursor_item
        if item is not None:
            self.dismiss([Picked(key, grid.title_of(item))])

    def action_cancel(self) -> None:
        self.dismiss(None)

    # search and filter -----------------------------------------------------------------------

    def action_search(self) -> None:
        self.query_one("#picker-search", SearchBox).focus()

    @on(SearchBox.Searched, "#picker-search")
    def _searched(self, event: SearchBox.Searched) -> None:
        if event.changed:
            self.search_text = event.text
            self._apply_query()
        if event.leave:
            self.grid.focus()

    def action_filter(self) -> None:
        from studio.ui.screens.filter_builder import FilterBuilderScreen

        def chosen(rules: list[FilterRule] | None) -> None:
            if rules is not None:
                self.rules = rules
                self._apply_query()

        overview = self.session.overview
        self.app.push_screen(FilterBuilderScreen(overview, self.collection, self.rules), chosen)

    def action_clear_filter(self) -> None:
        self.rules = []
        self.search_text = ""
        self.query_one("#picker-search", SearchBox).clear()
        self._apply_query()
