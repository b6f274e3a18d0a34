"""The collections browser: the navigation list beside the selected collection's items.

The screen owns what the user asked for (search, filter rules, archived shown or not, remembered
columns and sort) and hands the grid one query; the grid owns paging, cursor and selection.
Database writes (batch delete, batch edit) run in workers and end in a reload of the grid; so
does coming back from an item page, since the item may have changed. Enter on an M2O cell (or
`o`) follows the link to the related item's page; on a translated cell it opens the item on
that language's tab; `w` lists where the cursor's item is used.

A collection with translations reads its languages once when it is shown (a worker; kept per
collection), so the column picker can offer its translated fields in each language at once.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from studio.engine.errors import StudioError
from studio.engine.schema import CollectionInfo, SchemaOverview
from studio.ui.columns import (
    Column,
    available_columns,
    column_from_key,
    columns_from_prefs,
    columns_to_prefs,
    default_columns,
    translation_choices,
    translations_fields,
)
from studio.ui.filter_rules import FilterRule, archived_rule, combine, summary
from studio.ui.grid_pages import QueryItemList
from studio.ui.screens.item_return import ReloadsOnReturn
from studio.ui.translation_setup import Language, TranslationSetup, read_languages
from studio.ui.widgets.collection_nav import CollectionNav, ordered_children
from studio.ui.widgets.item_grid import ItemGrid, linked_key
from studio.ui.widgets.search_box import SearchBox

SEARCH_DELAY = 0.35  # seconds of no typing before a search is sent
TITLES_IN_CONFIRM = 5


class BrowserScreen(ReloadsOnReturn, Screen[None]):
    DEFAULT_CSS = """
    BrowserScreen #browser-main { width: 1fr; }
    BrowserScreen #browser-bar { height: 1; }
    BrowserScreen #browser-title { width: auto; max-width: 30; padding: 0 1; text-style: bold; }
    BrowserScreen #browser-search { width: 1fr; }
    BrowserScreen #browser-filter { height: 1; padding: 0 1; color: $warning; display: none; }
    BrowserScreen #browser-filter.active { display: block; }
    BrowserScreen #browser-status { height: 1; padding: 0 1; color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+b", "toggle_nav", "Collections", id="browser.toggle-nav", show=False),
        Binding("slash", "search", "Search", id="browser.search"),
        Binding("f", "filter", "Filter", id="browser.filter"),
        Binding("x", "clear_filter", "Clear filter and search", id="browser.clear-filter",
                show=False),
        Binding("c", "columns", "Columns", id="browser.columns", show=False),
        Binding("n", "create", "New", id="browser.create"),
        Binding("o", "open_related", "Open the related item", id="browser.open-related",
                show=False),
        Binding("w", "where_used", "Where is this item used", id="browser.where-used",
                show=False),
        Binding("d,delete", "delete", "Delete", id="browser.delete"),
        Binding("e", "batch_edit", "Edit field", id="browser.batch-edit", show=False),
        Binding("v", "archived", "Show archived", id="browser.archived", show=False),
        Binding("r", "reload", "Reload", id="browser.reload", show=False),
        Binding("t", "coverage", "Translation coverage", id="browser.coverage", show=False),
    ]  # fmt: skip

    class LanguagesRead(Message):
        """A collection's languages, by translations field (`error` set when the read failed)."""

        def __init__(
            self,
            collection: str,
            languages: dict[str, list[Language]] | None,
            error: str | None = None,
        ) -> None:
            super().__init__()
            self.collection = collection
            self.languages = languages
            self.error = error

    def __init__(self) -> None:
        super().__init__()
        self.languages: dict[str, dict[str, list[Language]]] = {}  # by collection
        self._picker_waiting: str | None = None
        self.collection: str | None = None
        self.rules: list[FilterRule] = []
        self.search_text = ""
        self.show_archived = False
        self._reload_on_resume = False
        self._opened: QueryItemList | None = None
        self._count_text = ""

    def compose(self) -> ComposeResult:
        overview = self.app.session.overview  # type: ignore[attr-defined]
        with Horizontal():
            yield CollectionNav(overview, id="nav")
            with Vertical(id="browser-main"):
                with Horizontal(id="browser-bar"):
                    yield Static("", id="browser-title", markup=False)
                    yield SearchBox(delay=SEARCH_DELAY, id="browser-search")
                yield Static("", id="browser-filter", markup=False)
                yield ItemGrid(id="browser-grid")
                yield Static("", id="browser-status", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        overview = self.app.session.overview  # type: ignore[attr-defined]
        first = _first_listable(overview, None)
        if first is not None:
            self.show_collection(first)
        else:
            self._show_empty_hint()
        self.query_one("#nav-tree").focus()

    def _show_empty_hint(self) -> None:
        self.query_one("#browser-title", Static).update("No collections yet")
        self.query_one("#browser-status", Static).update(
            "ctrl+g opens the data model, where n creates one."
        )

    def schema_changed(self) -> None:
        """After the data model changed: the navigation and the collection shown follow the
        new overview (the one shown may be gone)."""
        overview = self.app.session.overview  # type: ignore[attr-defined]
        self.query_one(CollectionNav).set_overview(overview)
        shown = self.collection if self.collection in overview.collections else None
        target = shown or _first_listable(overview, None)
        if target is None:
            self._show_empty_hint()
            return
        self.show_collection(target)

    # the collection and its query ------------------------------------------------------------

    @property
    def grid(self) -> ItemGrid:
        return self.query_one(ItemGrid)

    @property
    def info(self) -> CollectionInfo | None:
        if self.collection is None:
            return None
        return self.app.session.overview.collections.get(self.collection)  # type: ignore[attr-defined]

    def show_collection(self, collection: str) -> None:
        session = self.app.session  # type: ignore[attr-defined]
        info = session.overview.collection(collection)
        changed = collection != self.collection
        self.collection = collection
        self.query_one(CollectionNav).highlight(collection)
        self.query_one("#browser-title", Static).update(info.name)
        if changed:
            self.rules = []
            self.search_text = ""
            self.show_archived = False
            self._picker_waiting = None
            self.query_one("#browser-search", SearchBox).clear()
        reread = changed or collection not in self.languages
        if reread and translations_fields(session.overview, collection):
            self._load_languages(collection)
        prefs = session.prefs
        columns = columns_from_prefs(session.overview, collection, prefs.get(collection, "columns"))
        columns = columns or default_columns(session.overview, collection)
        known = {c.sort_path for c in columns} | {info.primary_key}
        saved_sort = prefs.get(collection, "sort") or []
        sort = [t for t in saved_sort if isinstance(t, str) and t.lstrip("-") in known]
        self._count_text = ""
        self.grid.show(
            session.items(collection), info, columns, sort, self._filter(), self.search_text
        )
        self._show_summary()

    def _filter(self) -> Any:
        info = self.info
        extra = []
        archived = archived_rule(info, self.show_archived) if info is not None else None
        if archived is not None:
            extra.append(archived)
        return combine(self.rules, extra)

    def _apply_query(self) -> None:
        self.grid.set_query(self._filter(), self.search_text)
        self._show_summary()

    def reload(self) -> None:
        """Read the items again (after an edit elsewhere); the cursor stays where it was."""
        self.grid.reload()

    # status ----------------------------------------------------------------------------------

    def _show_summary(self) -> None:
        line = self.query_one("#browser-filter", Static)
        parts = []
        if self.rules:
            parts.append("Filter: " + summary(self.rules))
        if self.search_text:
            parts.append(f"Search: {self.search_text}")
        line.update(("  ·  ".join(parts) + "   (x clears)") if parts else "")
        line.set_class(bool(parts), "active")
        self._show_status()

    def _show_status(self) -> None:
        info = self.info
        if info is None:
            return
        grid = self.grid
        parts = [info.name]
        if grid.error is None and grid.row_count is not None:
            prefix = "" if grid.count_exact else "~"
            noun = "item" if grid.row_count == 1 else "items"
            parts.append(f"{prefix}{grid.row_count:,} {noun}")
        elif grid.error is None:
            parts.append("counting…")
        if grid.selected:
            parts.append(f"{len(grid.selected):,} selected")
        if self.search_text:
            parts.append(f"search “{self.search_text}”")
        if self.rules:
            parts.append(f"{len(self.rules)} filter rule{'s' if len(self.rules) > 1 else ''}")
        if info.archive_field and info.archive_value is not None:
            parts.append("archived shown" if self.show_archived else "archived hidden")
        self.query_one("#browser-status", Static).update("  ·  ".join(parts))

    @on(ItemGrid.Counted)
    @on(ItemGrid.SelectionChanged)
    def _grid_changed(self) -> None:
        self._show_status()

    @on(ItemGrid.LoadFailed)
    def _load_failed(self, event: ItemGrid.LoadFailed) -> None:
        self.notify(event.message, title="Cannot list the items", severity="error", markup=False)
        self._show_status()

    @on(ItemGrid.SortChanged)
    def _sort_changed(self, event: ItemGrid.SortChanged) -> None:
        if self.collection is not None:
            prefs = self.app.session.prefs  # type: ignore[attr-defined]
            prefs.set(self.collection, "sort", list(event.sort))

    @on(ItemGrid.ColumnsResized)
    def _columns_resized(self, event: ItemGrid.ColumnsResized) -> None:
        self._remember_columns(event.columns)

    def _remember_columns(self, columns: list[Column]) -> None:
        if self.collection is not None:
            prefs = self.app.session.prefs  # type: ignore[attr-defined]
            prefs.set(self.collection, "columns", columns_to_prefs(columns))

    # navigation ------------------------------------------------------------------------------

    @on(CollectionNav.Selected)
    def _selected(self, event: CollectionNav.Selected) -> None:
        self.app.open_collection(event.collection)  # type: ignore[attr-defined]
        if isinstance(self.app.screen, BrowserScreen) and self.collection == event.collection:
            self.grid.focus()

    def action_toggle_nav(self) -> None:
        nav = self.query_one(CollectionNav)
        nav.display = not nav.display
        if nav.display:
            self.query_one("#nav-tree").focus()
        elif nav.has_focus_within or self.focused is None:
            self.grid.focus()

    @on(ItemGrid.Opened)
    def _open(self, event: ItemGrid.Opened) -> None:
        """Enter on an M2O cell that holds a link opens the related item; on a translated
        cell, the row on that language's tab; elsewhere the row."""
        if self.collection is None or self._follow(event.column, event.item):
            return
        self._opened = self.grid.item_list()
        column = event.column
        language = column.language if column is not None and column.kind == "translation" else None
        self.app.open_item(  # type: ignore[attr-defined]
            self.collection, event.key, item_list=self._opened, language=language
        )

    def action_open_related(self) -> None:
        grid = self.grid
        column, item = grid.current_column, grid.cursor_item
        if column is None or item is None:
            return
        if column.kind == "translation":
            self.notify(
                f"{column.label} is this item's own translation; "
                "enter opens the item on that language.",
                markup=False,
            )
        elif column.kind != "m2o":
            self.notify(
                f"{column.label} does not link to another item; "
                "o opens the item a many-to-one column points at.",
                markup=False,
            )
        elif not self._follow(column, item):
            self.notify(f"This row has no {column.label}.", markup=False)

    def _follow(self, column: Column | None, item: Any) -> bool:
        """Open the item an M2O cell points at (the browser reloads when it comes back)."""
        key = linked_key(column, item)
        if key is None or column is None or self.collection is None:
            return False
        overview = self.app.session.overview  # type: ignore[attr-defined]
        related = overview.relation_info(self.collection, column.key).related_collection
        if related is None or related not in overview.collections:
            return False
        self._opened = None
        self.app.open_item(related, key)  # type: ignore[attr-defined]
        return True

    def action_where_used(self) -> None:
        grid = self.grid
        item, key = grid.cursor_item, grid.cursor_key
        info = self.info
        if item is None or key is None or info is None:
            return
        self.app.show_where_used(  # type: ignore[attr-defined]
            info.collection, key, grid.title_of(item)
        )

    def action_coverage(self) -> None:
        """The collection's translation coverage (items by languages), for its first
        translations field."""
        info = self.info
        if info is None:
            return
        overview = self.app.session.overview  # type: ignore[attr-defined]
        for field in info.fields.values():
            if TranslationSetup.of(overview, info.collection, field.field) is not None:
                self.app.open_coverage(info.collection, field.field)  # type: ignore[attr-defined]
                return
        self.notify(f"{info.name} has no translations field.", markup=False)

    def action_create(self) -> None:
        info = self.info
        if info is None:
            return
        if not info.editable:
            self.notify(f"{info.name} cannot be edited: {info.not_editable_reason}", markup=False)
            return
        self.app.open_item(info.collection, None)  # type: ignore[attr-defined]

    def action_reload(self) -> None:
        self.reload()

    # search and filter -----------------------------------------------------------------------

    def action_search(self) -> None:
        self.query_one("#browser-search", SearchBox).focus()

    @on(SearchBox.Searched, "#browser-search")
    def _searched(self, event: SearchBox.Searched) -> None:
        if event.changed:
            self.search_text = event.text
            self._apply_query()
        if event.leave:
            self.grid.focus()

    def action_filter(self) -> None:
        from studio.ui.screens.filter_builder import FilterBuilderScreen

        if self.collection is None:
            return
        overview = self.app.session.overview  # type: ignore[attr-defined]

        def chosen(rules: list[FilterRule] | None) -> None:
            if rules is not None:
                self.rules = rules
                self._apply_query()

        self.app.push_screen(FilterBuilderScreen(overview, self.collection, self.rules), chosen)

    def action_clear_filter(self) -> None:
        self.rules = []
        self.search_text = ""
        self.query_one("#browser-search", SearchBox).clear()
        self._apply_query()

    def action_archived(self) -> None:
        info = self.info
        if info is None or not info.archive_field or info.archive_value is None:
            self.notify("This collection has no archive.")
            return
        self.show_archived = not self.show_archived
        self._apply_query()

    # columns ---------------------------------------------------------------------------------

    def action_columns(self) -> None:
        """The column picker; a collection with translations waits for its languages (read
        when it was shown; read now if that failed or is still under way)."""
        info = self.info
        if info is None:
            return
        overview = self.app.session.overview  # type: ignore[attr-defined]
        if translations_fields(overview, info.collection) and info.collection not in self.languages:
            self._picker_waiting = info.collection
            self._load_languages(info.collection)
            return
        self._pick_columns(info)

    @work(group="browser-languages", exclusive=True, exit_on_error=False)
    async def _load_languages(self, collection: str) -> None:
        session = self.app.session  # type: ignore[attr-defined]
        found: dict[str, list[Language]] = {}
        try:
            for setup in translations_fields(session.overview, collection):
                found[setup.field] = await read_languages(session, setup)
        except StudioError as error:
            self.post_message(self.LanguagesRead(collection, None, error.message))
            return
        self.post_message(self.LanguagesRead(collection, found))

    @on(LanguagesRead)
    def _languages_read(self, event: LanguagesRead) -> None:
        if event.languages is not None:
            self.languages[event.collection] = event.languages
        waiting = self._picker_waiting == event.collection == self.collection
        if not waiting:
            return
        self._picker_waiting = None
        if event.error is not None:
            self.notify(
                f"The languages could not be read: {event.error}",
                title="Columns",
                severity="warning",
                markup=False,
            )
        info = self.info
        if info is not None and self.app.screen is self:
            self._pick_columns(info)

    def _pick_columns(self, info: CollectionInfo) -> None:
        from studio.ui.screens.column_picker import ColumnPickerScreen

        overview = self.app.session.overview  # type: ignore[attr-defined]
        collection = info.collection
        current = {c.key: c for c in self.grid.columns}
        available = [*available_columns(overview, collection)]
        available += [c for c in current.values() if c.kind == "translation"]
        choices = translation_choices(overview, collection, self.languages.get(collection, {}))
        defaults = default_columns(overview, collection)
        available += [c for c in defaults if c.kind == "translation" and c.key not in current]

        def chosen(keys: list[str] | None) -> None:
            if keys is None or self.collection != collection:
                return
            columns = [
                column
                for key in keys
                if (column := current.get(key) or column_from_key(overview, collection, key))
            ]
            self.grid.set_columns(columns)
            self._remember_columns(columns)

        self.app.push_screen(
            ColumnPickerScreen(
                f"Columns of {info.name}",
                available,
                list(current),
                [c.key for c in defaults],
                choices,
            ),
            chosen,
        )

    # batch actions ---------------------------------------------------------------------------

    def _targets(self) -> dict[Any, str]:
        """The selected items, or the one under the cursor when none is selected."""
        grid = self.grid
        if grid.selected:
            return dict(grid.selected)
        item = grid.cursor_item
        if item is None or grid.primary_key is None:
            return {}
        return {item.get(grid.primary_key): grid.title_of(item)}

    def _describe(self, targets: dict[Any, str]) -> str:
        titles = [f"  • {title}" for title in list(targets.values())[:TITLES_IN_CONFIRM]]
        more = len(targets) - TITLES_IN_CONFIRM
        if more > 0:
            titles.append(f"  …and {more:,} more")
        return "\n".join(titles)

    def _editable(self) -> CollectionInfo | None:
        info = self.info
        if info is not None and not info.editable:
            self.notify(f"{info.name} cannot be edited: {info.not_editable_reason}", markup=False)
            return None
        return info

    def action_delete(self) -> None:
        info = self._editable()
        targets = self._targets()
        if info is None or not targets:
            return
        self._confirm_delete(info, targets)

    @work(group="browser-write", exit_on_error=False)
    async def _confirm_delete(self, info: CollectionInfo, targets: dict[Any, str]) -> None:
        """Ask, naming the items and what the foreign keys will do to the rows pointing at them."""
        from studio.ui.delete_consequences import consequences
        from studio.ui.screens.confirm import ConfirmScreen

        count = len(targets)
        noun = "item" if count == 1 else "items"
        body = f"Delete {count:,} {noun} from {info.name}? This cannot be undone.\n\n"
        body += self._describe(targets)
        try:
            effects = await consequences(self.app.session, info.collection, list(targets))  # type: ignore[attr-defined]
        except StudioError as error:
            effects = [f"(What else changes could not be read: {error.message})"]
        if effects:
            body += "\n\n" + "\n".join(effects)

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete(info.collection, list(targets))

        self.app.push_screen(ConfirmScreen(f"Delete {count:,} {noun}", body), answered)

    @work(group="browser-write", exit_on_error=False)
    async def _delete(self, collection: str, keys: list[Any]) -> None:
        service = self.app.session.items(collection)  # type: ignore[attr-defined]
        try:
            await service.delete_many(keys)
        except StudioError as error:
            self.notify(error.message, title="Not deleted", severity="error", markup=False)
            return
        noun = "item" if len(keys) == 1 else "items"
        self.notify(f"Deleted {len(keys):,} {noun}.", markup=False)
        self.grid.clear_selection()
        self.reload()

    def action_batch_edit(self) -> None:
        from studio.ui.screens.batch_edit import BatchEditScreen

        info = self._editable()
        targets = self._targets()
        if info is None or not targets:
            return
        service = self.app.session.items(info.collection)  # type: ignore[attr-defined]

        def done(count: int | None) -> None:
            if count:
                noun = "item" if count == 1 else "items"
                self.notify(f"Changed {count:,} {noun}.", markup=False)
                self.grid.clear_selection()  # edited items may have left the view
                self.reload()

        screen = BatchEditScreen(service, info, list(targets), self._describe(targets))
        self.app.push_screen(screen, done)


def _first_listable(overview: SchemaOverview, folder: str | None) -> str | None:
    """The first collection in navigation order that opens as a table (not a singleton)."""
    for info in ordered_children(overview, folder, False):
        if info.is_folder:
            found = _first_listable(overview, info.collection)
            if found is not None:
                return found
        elif not info.singleton:
            return info.collection
    return None
