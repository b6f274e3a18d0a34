"""The O2M list's frame: its children a page at a time, drawn with their staged marks, with the
cursor, paging and the search within the list. The editing actions are layered on top
(`o2m_reorder`, then `o2m`), each in its own module; this one reads and draws.

A page is one read (`limit` rows, default 10) and the count another; the search is the engine's
search over the children. What is read is kept in a `ChildWindow` (no Textual), what is staged
in an `O2MStaging`; every draw is computed from those two.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.geometry import Region
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Static

from studio.engine.errors import StudioError
from studio.engine.relations import RelationKind
from studio.ui.interfaces.base import Interface
from studio.ui.interfaces.values import visible
from studio.ui.o2m_reads import (
    ChildSource,
    child_source,
    parent_key_of,
    read_count,
    read_keys,
    read_page,
    read_stub,
    row_title,
    staged_item,
)
from studio.ui.o2m_staging import Mark, NewId, O2MStaging, RowId
from studio.ui.o2m_window import ChildWindow
from studio.ui.widgets.child_list import ChildList, Line

PAGE_SIZE = 10
SEARCH_DELAY = 0.25
EDITING = frozenset({"edit", "new", "add", "unlink", "delete", "undo", "move", "move_to"})
MARK_ORDER = (Mark.REMOVED, Mark.NEW, Mark.ADDED, Mark.EDITED, Mark.MOVED)
MARK_TEXT = {
    Mark.NEW: "+ new",
    Mark.ADDED: "+ added",
    Mark.EDITED: "● edited",
    Mark.MOVED: "↕ moved",
}


def option(options: Mapping[str, Any], name: str, default: bool) -> bool:
    value = options.get(name)
    return value if isinstance(value, bool) else default


class O2MList(Interface):
    """The list without its editing actions; `_do_<name>` methods answer `ChildList`
    commands, subclasses add theirs."""

    DEFAULT_CSS = """
    O2MList { height: auto; }
    O2MList .o2m-bar { height: auto; }
    O2MList #o2m-summary { width: 1fr; height: auto; color: $text-muted; }
    O2MList #o2m-search { width: 1fr; max-width: 40; display: none; }
    O2MList.-searching #o2m-search { display: block; }
    O2MList #o2m-prompt { display: none; }
    O2MList.-prompting #o2m-prompt { display: block; }
    O2MList #o2m-hint { color: $text-muted; display: none; }
    O2MList #o2m-hint.-shown { display: block; }
    O2MList #o2m-hint.-error { color: $text-error; }
    """

    # worker → interface ------------------------------------------------------------------------

    class _PageRead(Message):
        def __init__(
            self,
            generation: int,
            page: int,
            count: int | None,
            rows: list[dict[str, Any]],
            stub: dict[str, Any] | None,
        ) -> None:
            super().__init__()
            self.generation, self.page, self.count = generation, page, count
            self.rows, self.stub = rows, stub

    class _ItemsRead(Message):
        def __init__(self, generation: int, keys: list[Any], rows: list[dict[str, Any]]) -> None:
            super().__init__()
            self.generation, self.keys, self.rows = generation, keys, rows

    class _ReadFailed(Message):
        def __init__(self, message: str) -> None:
            super().__init__()
            self.message = message

    # building ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        self._setup()
        with Horizontal(classes="o2m-bar"):
            yield Static("", id="o2m-summary", markup=False)
            yield Input(placeholder="search the list", id="o2m-search", compact=True)
        yield self._list_widget()
        yield Input(id="o2m-prompt", type="integer", compact=True)
        yield Static("", id="o2m-hint", markup=False)

    def _list_widget(self) -> ChildList:
        """The rows' widget (a junction list names its keys for links)."""
        return ChildList(self._allowed, empty=self._empty_text(), id="o2m-list")

    def _setup(self) -> None:
        self.source: ChildSource | None = None
        self.staging = O2MStaging("id")
        self.window = ChildWindow(self.staging, PAGE_SIZE)
        self.stub: dict[str, Any] | None = None
        self.single = False
        self._generation = 0
        self._message: tuple[str, bool] | None = None
        self._search_timer: Timer | None = None
        self._refreshing = False  # the rows shown are being read again
        self._follow: RowId | None = None  # a row the cursor goes to once it is placed
        self.deselect = "nullify"
        relation, session = self.context.relation, self.context.session
        if relation is None or session is None:
            return
        self.source = self._source()
        if self.source is None:
            return
        child = session.overview.collection(self.source.collection)
        self.fk_field = child.fields[self.source.fk]
        self.single = self._single()
        self.deselect = relation.deselect_action
        self.staging = O2MStaging(self.source.pk, None if self.single else relation.sort_field)
        size = self.options.get("limit")
        size = size if isinstance(size, int) and not isinstance(size, bool) and size > 0 else 0
        self.window = ChildWindow(self.staging, size or PAGE_SIZE)

    def _source(self) -> ChildSource | None:
        """Where the rows live: the O2M's children. A junction list (M2M, M2A) returns its
        junction rows instead, so paging, staging and reordering work on them unchanged."""
        relation, session = self.context.relation, self.context.session
        assert relation is not None and session is not None
        overview = session.overview
        if relation.kind != RelationKind.O2M or relation.related_collection not in (
            overview.collections
        ):
            return None
        return child_source(
            overview,
            self.context.collection,
            self.field.field,
            self.context.key,
            self.options.get("template"),
        )

    def _single(self) -> bool:
        """At most one row: the other side of a one-to-one (its FK is unique)."""
        return self.fk_field.is_unique

    def _empty_text(self) -> str:
        if self.source is None:
            return "(relation not set up)"
        noun = "item" if self.single else "items"
        return f"no {noun} yet" if self.source.parent_key is None else f"no {noun}"

    def on_mount(self) -> None:
        super().on_mount()
        if self.source is None:
            self._draw()
            return
        self._start()

    def _start(self) -> None:
        """First read (a subclass may first stage a change-set it was given)."""
        self._reload()

    @property
    def child_list(self) -> ChildList:
        return self.query_one(ChildList)

    # form → interface --------------------------------------------------------------------------

    def show_value(self, value: Any) -> None:
        """A revert, or the page saved: what was staged is dropped and the list read again."""
        if self.source is None:
            return
        self.staging.clear()
        self._follow = None
        self.window.search = ""
        self.window.cursor = 0
        self._message = None
        search = self.query_one("#o2m-search", Input)
        search.value = ""
        self.set_class(False, "-searching")
        self._reload()

    def apply_readonly(self, readonly: bool) -> None:
        """Read-only still browses (and opens children); only the editing keys go."""
        if self.is_mounted:
            self.child_list.refresh_bindings()
            self._draw()

    def focus_target(self) -> Widget | None:
        return self.child_list

    def related_changed(self) -> None:
        """Back in view: children may have been renamed or moved meanwhile, so the page is
        read again (staging stays). What is shown stays on screen until the read arrives."""
        if self.source is None:
            return
        self._generation += 1
        window = self.window
        if window.ordered:
            keys = [row for row in window.rows() or [] if not isinstance(row, NewId)]
            window.items = {key: window.items[key] for key in keys if key in window.items}
            if keys:
                self._read_items(self._generation, keys)
            return
        self._refreshing = True  # the rows shown stay usable until the new ones arrive
        self._refresh_page(self._generation, window.page)

    # reading -----------------------------------------------------------------------------------

    def _reload(self) -> None:
        self._generation += 1
        self.window.reset()
        self._request()

    def _request(self) -> None:
        """Read what the cursor's page lacks, then draw."""
        window = self.window
        if window.ordered:
            missing = window.missing()
            if missing:
                self._read_items(self._generation, missing)
        elif window.rows() is None:
            want_stub = self.stub is None and bool(self.source and self.source.stub_paths())
            self._read_page(self._generation, window.page, window.count is None, want_stub)
        self._draw()

    @work(exclusive=True, group="o2m-refresh", exit_on_error=False)
    async def _refresh_page(self, generation: int, page: int) -> None:
        await self._read_page_now(generation, page, True, False)

    @work(exclusive=True, group="o2m-read", exit_on_error=False)
    async def _read_page(self, generation: int, page: int, count_too: bool, stub: bool) -> None:
        await self._read_page_now(generation, page, count_too, stub)

    async def _read_page_now(self, generation: int, page: int, count_too: bool, stub: bool) -> None:
        assert self.source is not None
        session, source, search = self.context.session, self.source, self.window.search
        try:
            count = await read_count(session, source, search) if count_too else None
            rows = await read_page(session, source, search, page, self.window.size)
            found = None
            if stub and not any(isinstance(row.get(source.fk), Mapping) for row in rows):
                found = await read_stub(session, source)
            elif stub:
                found = next(r[source.fk] for r in rows if isinstance(r.get(source.fk), Mapping))
        except StudioError as error:
            self.post_message(self._ReadFailed(error.message))
            return
        self.post_message(self._PageRead(generation, page, count, rows, found))

    @on(_PageRead)
    def _page_read(self, message: _PageRead) -> None:
        if message.generation != self._generation or self.source is None:
            return
        window = self.window
        if message.count is not None:
            window.count = message.count
            if self._refreshing:
                self._refreshing = False
                window.pages.clear()  # read before the refresh: stale
        if message.stub is not None:
            self.stub = dict(message.stub)
        pk = self.source.pk
        window.pages[message.page] = [row[pk] for row in message.rows]
        window.items.update({row[pk]: row for row in message.rows})
        if self._follow is not None:
            self._follow_row()
        window.clamp()
        self._request()

    @work(exclusive=True, group="o2m-read", exit_on_error=False)
    async def _read_items(self, generation: int, keys: list[Any]) -> None:
        assert self.source is not None
        try:
            rows = await read_keys(self.context.session, self.source, keys)
        except StudioError as error:
            self.post_message(self._ReadFailed(error.message))
            return
        self.post_message(self._ItemsRead(generation, keys, rows))

    @on(_ItemsRead)
    def _items_read(self, message: _ItemsRead) -> None:
        if message.generation != self._generation or self.source is None:
            return
        pk = self.source.pk
        items = self.window.items
        items.update({row[pk]: row for row in message.rows})
        for key in message.keys:
            # gone meanwhile (deleted elsewhere): named by its key rather than read forever
            items.setdefault(key, {pk: key})
        self._request()

    @on(_ReadFailed)
    def _read_failed(self, message: _ReadFailed) -> None:
        self._refreshing = False
        self._reading_failed()
        self._say(f"Cannot read the list: {message.message}", error=True)

    def _reading_failed(self) -> None:
        """A read failed: a subclass drops what waited for it."""

    # drawing -----------------------------------------------------------------------------------

    def _title(self, row: RowId) -> str:
        if self.staging.titles.get(row):
            return self.staging.titles[row]
        item = self.window.items.get(row)
        if item is None or self.source is None:
            return "…"
        return row_title(self.source, item) or str(row)

    def _line(self, row: RowId, position: int | None) -> Line:
        marks = [m for m in MARK_ORDER if m in self.staging.marks(row)]
        texts = [self._removed_text() if m == Mark.REMOVED else MARK_TEXT[m] for m in marks]
        return Line(position, self._title(row), " ".join(texts), tuple(m.value for m in marks))

    def _removed_text(self) -> str:
        return "✕ delete" if self.deselect == "delete" else "- unlink"

    def _draw(self) -> None:
        if not self.is_mounted:
            return
        window = self.window
        rows = window.rows()
        start = window.page * window.size
        lines = [
            self._line(row, None if self.single else start + i + 1)
            for i, row in enumerate(rows or [])
        ]
        empty = "reading…" if rows is None and self.source is not None else self._empty_text()
        self.child_list.show(lines, window.cursor - start, empty)
        self._show_summary()
        self._show_hint()
        self.child_list.refresh_bindings()
        self._reveal()

    def _reveal(self) -> None:
        """While the list has focus, keep the cursor row and the hint under the list on
        screen once laid out (a page taller than the screen, a hint grown by a line)."""
        if self.child_list.has_focus:
            self.call_after_refresh(self._scroll_to_cursor)

    def _scroll_to_cursor(self) -> None:
        if not self.is_attached or not self.query(ChildList):
            return  # taken off the screen meanwhile (the page read again after a save)
        listing = self.child_list
        container = next(
            (a for a in self.ancestors if isinstance(a, Widget) and a.allow_vertical_scroll),
            None,
        )
        if container is None or not listing.has_focus or not listing.region:
            return
        window = container.scrollable_content_region
        wanted = self.region  # the whole list with its summary and hint, when it fits
        if wanted.height > window.height:  # else the cursor row, with the hint if both fit
            row = listing.region.y + max(0, min(listing.cursor, listing.region.height - 1))
            height = wanted.bottom - row
            wanted = Region(wanted.x, row, wanted.width, height if height <= window.height else 1)
        virtual = wanted.translate(-window.offset).translate(container.scroll_offset)
        container.scroll_to_region(virtual, animate=False, immediate=True)

    def _summary(self) -> str:
        window = self.window
        total = window.total
        if self.source is None:
            return ""
        if total is None:
            return "reading…"
        noun = "item" if total == 1 else "items"
        parts = [f"{total:,} {noun}" if total else f"no {noun}"]
        if window.search:
            parts[0] += " found"
        if window.page_count > 1:
            parts.append(f"page {window.page + 1} of {window.page_count}")
        staged = self._staged_words()
        if staged:
            parts.append(", ".join(staged))
        if self.single:
            return " · ".join(parts[1:])  # "1 item" says nothing over the item itself
        if self._rows_focused() and not window.search:
            parts.append("/ search")
        return " · ".join(parts)

    def _rows_focused(self) -> bool:
        """The cursor is in the rows (a junction list's grid may stand in for the list)."""
        return self.child_list.has_focus

    def _staged_words(self) -> list[str]:
        """The staged rows counted by mark ("2 new", "1 to unlink") for the summary."""
        return [f"{n} {self._mark_word(mark)}" for mark, n in self.staging.counts().items()]

    def _show_summary(self) -> None:
        text = self._summary()
        self.query_one("#o2m-summary", Static).update(text)
        searching = self.has_class("-searching")
        self.query_one(".o2m-bar").display = bool(text) or searching

    def _mark_word(self, mark: Mark) -> str:
        if mark == Mark.REMOVED:
            return "to delete" if self.deselect == "delete" else "to unlink"
        return mark.value

    def _show_hint(self) -> None:
        hint = self.query_one("#o2m-hint", Static)
        text, error = self._message or (self._row_hint(), False)
        hint.update(visible(text))
        hint.set_class(bool(text), "-shown")
        hint.set_class(error, "-error")

    def _row_hint(self) -> str:
        """What the cursor row's staged change will do, in words (only while focused)."""
        if self.source is None or not self._rows_focused():
            return ""
        row = self.window.current()
        if row is None:
            return ""
        marks = self.staging.marks(row)
        if not marks:
            return ""
        words = []
        for mark in marks:
            if mark == Mark.REMOVED:
                words.append(self._effect() + " when saved")
            elif mark == Mark.ADDED:
                leaves = self.staging.added.get(row)
                words.append(f"added (moved from {leaves})" if leaves else "added")
            else:
                words.append(mark.value)
        return f"{', '.join(words)} · u undoes"

    def _effect(self) -> str:
        if self.deselect == "delete":
            return "deleted"
        return f"unlinked ({self.fk_field.name} set to null)"

    def _say(self, text: str, *, error: bool = False) -> None:
        self._message = (text, error)
        self._show_hint()

    # keys --------------------------------------------------------------------------------------

    def _allowed(self, name: str) -> bool | None:
        if self.source is None:
            return False
        if name in EDITING and self.readonly:
            return False
        match name:
            case "new":
                return option(self.options, "enableCreate", True)
            case "add":
                return option(self.options, "enableSelect", True)
            case "unlink":
                return self.deselect != "delete"
            case "delete":
                return self.deselect == "delete"
            case "search" | "move" | "move_to":
                return not self.single
        return True

    @on(ChildList.Command)
    def _command(self, event: ChildList.Command) -> None:
        event.stop()
        if self.source is None or self._allowed(event.name) is False:
            return  # a click asks without the bindings' check (a read-only list, no create)
        self._message = None
        getattr(self, f"_do_{event.name}")(event.argument)
        self._draw()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._show_summary()
        self._show_hint()
        self._reveal()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self._show_summary()
        self._show_hint()

    def _go(self, index: int) -> None:
        self.window.move_cursor(index)
        self._request()

    def _do_cursor(self, step: int) -> None:
        self._go(self.window.cursor + step)

    def _do_cursor_to(self, index: int) -> None:
        self._go(self.window.page * self.window.size + index)

    def _do_page(self, step: int) -> None:
        self._go(self.window.cursor + step * self.window.size)  # clamped: first or last row

    def _do_edge(self, step: int) -> None:
        self._go(0 if step < 0 else (self.window.total or 1) - 1)

    def _do_open(self, _: Any = None) -> None:
        row = self.window.current()
        if row is None:
            return
        if isinstance(row, NewId):
            self._say("A new item has no page until this item is saved.")
            return
        assert self.source is not None
        self.app.open_item(self.source.collection, row)  # type: ignore[attr-defined]

    # staged rows' titles -------------------------------------------------------------------

    def _staged_title(self, row: RowId, values: Mapping[str, Any] | None, base: Any) -> str:
        assert self.source is not None and self.context.session is not None
        overview = self.context.session.overview
        item = staged_item(overview, self.source, base, values, self._stub())
        return row_title(self.source, item) or str(row)

    def _stub(self) -> dict[str, Any] | None:
        """This parent as the row template shows it through the FK (read once, or found on a
        child already read)."""
        if self.stub is not None or self.source is None:
            return self.stub
        for item in self.window.items.values():
            parent = item.get(self.source.fk)
            if isinstance(parent, Mapping) and parent_key_of(self.source, item) == (
                self.source.parent_key
            ):
                self.stub = dict(parent)
                break
        return self.stub

    def _changed(self, row: RowId | None = None) -> None:
        """Staging changed: report the change-set and keep the cursor on `row`."""
        self.report(self.staging.change_set())
        self._follow = row
        self._follow_row()
        self.window.clamp()
        self._request()

    def _follow_row(self) -> None:
        """Put the cursor on the row just staged, once its place is known (a re-read may be
        on its way)."""
        index = self.window.index_of(self._follow) if self._follow is not None else None
        if index is not None:
            self.window.move_cursor(index)
            self._follow = None

    # search ------------------------------------------------------------------------------------

    def _do_search(self, _: Any = None) -> None:
        self.set_class(True, "-searching")
        self.query_one("#o2m-search", Input).focus()

    @on(Input.Changed, "#o2m-search")
    def _search_typed(self, event: Input.Changed) -> None:
        event.stop()
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DELAY, self._search_now)

    @on(Input.Submitted, "#o2m-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._search_now()
        self._close_search()

    def _close_search(self) -> None:
        if not self.window.search:
            self.set_class(False, "-searching")
        self.child_list.focus()

    def _search_now(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None
        text = self.query_one("#o2m-search", Input).value.strip()
        if text == self.window.search:
            return
        self.window.search = text
        self.window.cursor = 0
        self._follow = None  # a row staged before: not looked for in the new list
        self._generation += 1
        self.window.reset(keep_items=True)
        self._request()

    def on_key(self, event: events.Key) -> None:
        """Escape in the search box goes back to the list (not off the page)."""
        if event.key == "escape" and self.query_one("#o2m-search", Input).has_focus:
            event.stop()
            self._search_now()
            self._close_search()
