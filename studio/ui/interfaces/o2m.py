"""`list-o2m`: the children of this item (an O2M alias), a page at a time, edited in place.

Every edit is staged (`O2MStaging`) and reported as one change-set; the item page's save
writes it with the parent's other edits, in one transaction. New children and edits are made in
a nested form (`NestedItemScreen`, which writes nothing), existing items are added through the
picker (taking an item from another parent asks first), removing names what the relation will
do (unlink or delete), and each staged row can be undone on its own. With a sort field the rows
are reordered with keys, across pages.

The other side of a one-to-one (an O2M alias whose FK is unique: a city's "capital of") is the
same list holding at most one item: creating or adding one unlinks the current one.

The rows are read a page at a time (`limit`, default 10), never the whole set: reordering
reads only the children's keys and sort values, once, and titles per page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.markup import escape
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
    parent_title,
    read_count,
    read_keys,
    read_max_sort,
    read_order,
    read_page,
    read_picked,
    read_stub,
    row_title,
    staged_item,
)
from studio.ui.o2m_staging import CHANGE_KEYS, ChildWindow, Mark, NewId, O2MStaging, RowId
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


def _option(options: Mapping[str, Any], name: str, default: bool) -> bool:
    value = options.get(name)
    return value if isinstance(value, bool) else default


class O2MInterface(Interface):
    interface_ids = ("list-o2m",)
    relational = True
    relation_kinds = frozenset({"o2m"})

    DEFAULT_CSS = """
    O2MInterface { height: auto; }
    O2MInterface .o2m-bar { height: 1; }
    O2MInterface #o2m-summary { width: 1fr; color: $text-muted; }
    O2MInterface #o2m-search { width: 1fr; max-width: 40; display: none; }
    O2MInterface.-searching #o2m-search { display: block; }
    O2MInterface #o2m-prompt { display: none; }
    O2MInterface.-prompting #o2m-prompt { display: block; }
    O2MInterface #o2m-hint { color: $text-muted; display: none; }
    O2MInterface #o2m-hint.-shown { display: block; }
    O2MInterface #o2m-hint.-error { color: $text-error; }
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
        def __init__(self, generation: int, rows: list[dict[str, Any]]) -> None:
            super().__init__()
            self.generation, self.rows = generation, rows

    class _OrderRead(Message):
        def __init__(self, generation: int, rows: list[tuple[Any, Any]]) -> None:
            super().__init__()
            self.generation, self.rows = generation, rows

    class _PickedRead(Message):
        def __init__(self, rows: list[dict[str, Any]], max_sort: int | None) -> None:
            super().__init__()
            self.rows, self.max_sort = rows, max_sort

    class _Restored(Message):
        def __init__(
            self,
            change_set: Mapping[str, Any],
            rows: list[dict[str, Any]],
            order: list[tuple[Any, Any]] | None,
        ) -> None:
            super().__init__()
            self.change_set, self.rows, self.order = change_set, rows, order

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
        yield ChildList(self._allowed, empty=self._empty_text(), id="o2m-list")
        yield Input(id="o2m-prompt", type="integer", compact=True)
        yield Static("", id="o2m-hint", markup=False)

    def _setup(self) -> None:
        self.source: ChildSource | None = None
        self.staging = O2MStaging("id")
        self.window = ChildWindow(self.staging, PAGE_SIZE)
        self.stub: dict[str, Any] | None = None
        self.single = False
        self._generation = 0
        self._pending: list[Callable[[], None]] = []
        self._order_reading = False
        self._message: tuple[str, bool] | None = None
        self._search_timer: Timer | None = None
        self._prompt_row: RowId | None = None
        self.deselect = "nullify"
        relation, session = self.context.relation, self.context.session
        if relation is None or session is None or relation.kind != RelationKind.O2M:
            return
        overview = session.overview
        if relation.related_collection not in overview.collections:
            return
        self.source = child_source(
            overview,
            self.context.collection,
            self.field.field,
            self.context.key,
            self.options.get("template"),
        )
        child = overview.collection(self.source.collection)
        self.fk_field = child.fields[self.source.fk]
        self.single = self.fk_field.is_unique
        self.deselect = relation.deselect_action
        self.staging = O2MStaging(self.source.pk, None if self.single else relation.sort_field)
        size = self.options.get("limit")
        size = size if isinstance(size, int) and not isinstance(size, bool) and size > 0 else 0
        self.window = ChildWindow(self.staging, size or PAGE_SIZE)

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
        value = self.value
        if isinstance(value, Mapping) and set(value) <= set(CHANGE_KEYS) and value:
            self._restore(dict(value))
        else:
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
        self._pending.clear()
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
        """Back in view: children may have been renamed or moved meanwhile; staging stays."""
        if self.source is not None:
            self._generation += 1
            self.window.reset()
            self._request()

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
            page = window.page if window.count is not None else 0
            want_stub = self.stub is None and bool(self.source and self.source.stub_paths())
            self._read_page(self._generation, page, window.count is None, want_stub)
        self._draw()

    @work(exclusive=True, group="o2m-read", exit_on_error=False)
    async def _read_page(self, generation: int, page: int, count_too: bool, stub: bool) -> None:
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
        if message.stub is not None:
            self.stub = dict(message.stub)
        pk = self.source.pk
        window.pages[message.page] = [row[pk] for row in message.rows]
        window.items.update({row[pk]: row for row in message.rows})
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
        self.post_message(self._ItemsRead(generation, rows))

    @on(_ItemsRead)
    def _items_read(self, message: _ItemsRead) -> None:
        if message.generation != self._generation or self.source is None:
            return
        pk = self.source.pk
        found = {row[pk]: row for row in message.rows}
        for key in self.window.missing():
            # gone meanwhile (deleted elsewhere): named by its key rather than read forever
            self.window.items[key] = found.get(key, {pk: key})
        self._request()

    @on(_ReadFailed)
    def _read_failed(self, message: _ReadFailed) -> None:
        self._order_reading = False
        self._pending.clear()
        self._say(f"Cannot read the list: {message.message}", error=True)

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
        counts = self.staging.counts()
        if counts:
            staged = [f"{n} {self._mark_word(mark)}" for mark, n in counts.items()]
            parts.append(", ".join(staged))
        if self.single:
            return " · ".join(parts[1:])  # "1 item" says nothing over the item itself
        if self.child_list.has_focus and not window.search:
            parts.append("/ search")
        return " · ".join(parts)

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
        shown = hint.has_class("-shown")
        hint.set_class(bool(text), "-shown")
        hint.set_class(error, "-error")
        if bool(text) != shown and self.child_list.has_focus:
            self.call_after_refresh(self.scroll_visible, animate=False)  # the line just grew

    def _row_hint(self) -> str:
        """What the cursor row's staged change will do, in words (only while focused)."""
        if self.source is None or not self.child_list.has_focus:
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
                return _option(self.options, "enableCreate", True)
            case "add":
                return _option(self.options, "enableSelect", True)
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
        if self.source is None:
            return
        self._message = None
        getattr(self, f"_do_{event.name}")(event.argument)
        self._draw()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._show_summary()
        self._show_hint()

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

    # create and edit ---------------------------------------------------------------------------

    def _nested(self, key: Any, staged: Mapping[str, Any] | None, then: Callable) -> None:
        from studio.ui.screens.nested_item import NestedItemScreen

        assert self.source is not None
        screen = NestedItemScreen(
            self.source.collection,
            key,
            trail=self.trail(),
            staged=staged,
            hidden={self.source.fk},
        )
        self.app.push_screen(screen, then)

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

    def _do_new(self, _: Any = None) -> None:
        def created(result: Any) -> None:
            if result is None:
                return
            if self.single and not self._unlink_current():
                return
            row = self.staging.create(result.values)
            self.staging.titles[row] = self._staged_title(row, result.values, None)
            self._changed(row)

        self._nested(None, None, created)

    def _do_edit(self, _: Any = None) -> None:
        row = self.window.current()
        if row is None:
            return
        if row in self.staging.removed:
            self._say("This item is removed: u undoes the removal before editing.", error=True)
            return
        key = None if isinstance(row, NewId) else row

        def edited(result: Any) -> None:
            if result is None:
                return
            base = None if isinstance(row, NewId) else self.window.items.get(row)
            self.staging.edit(row, result.values)
            if result.values or isinstance(row, NewId) or row in self.staging.added:
                self.staging.titles[row] = self._staged_title(row, result.values, base)
            self._changed(row)

        self._nested(key, self.staging.staged(row), edited)

    def _changed(self, row: RowId | None = None) -> None:
        """Staging changed: report the change-set and keep the cursor on `row`."""
        self.report(self.staging.change_set())
        if row is not None:
            index = self.window.index_of(row)
            if index is not None:
                self.window.move_cursor(index)
        self.window.clamp()
        self._request()

    # remove and undo ---------------------------------------------------------------------------

    @property
    def _unlink_refused(self) -> bool:
        return self.deselect != "delete" and not self.fk_field.nullable

    def _refusal(self, row: RowId) -> str:
        assert self.source is not None and self.context.session is not None
        child = self.context.session.overview.collection(self.source.collection)
        return (
            f"Cannot unlink “{self._title(row)}”: {child.name}'s {self.fk_field.name} cannot "
            "be empty. Delete it on its own page (f3), or change the relation's deselect "
            "action to delete."
        )

    def _is_child(self, row: RowId) -> bool:
        return not isinstance(row, NewId) and row not in self.staging.added

    def _do_unlink(self, _: Any = None) -> None:
        self._remove()

    def _do_delete(self, _: Any = None) -> None:
        self._remove()

    def _remove(self) -> None:
        row = self.window.current()
        if row is None:
            return
        if self._is_child(row) and self._unlink_refused and row not in self.staging.removed:
            self._say(self._refusal(row), error=True)
            return
        title = self._title(row)
        outcome = self.staging.remove(row)
        if outcome == Mark.REMOVED:
            self._say(f"“{title}” will be {self._effect()} when you save · u undoes")
        elif outcome == Mark.NEW:
            self._say(f"Dropped the new item “{title}”.")
        elif outcome == Mark.ADDED:
            self._say(f"“{title}” is no longer added.")
        self._changed(row if outcome == Mark.REMOVED else None)

    def _do_undo(self, _: Any = None) -> None:
        row = self.window.current()
        if row is None:
            return
        title = self._title(row)
        marks = self.staging.undo(row)
        if not marks:
            self._say("Nothing staged on this row.")
            return
        words = ", ".join(self._mark_word(mark) for mark in marks)
        self._say(f"Undone on “{title}”: {words}.")
        kept = not (Mark.NEW in marks or Mark.ADDED in marks)
        self._changed(row if kept else None)

    def _unlink_current(self) -> bool:
        """One-to-one: before another item comes in, the current one goes (staged)."""
        current = [row for row in self._live_rows()]
        if any(self._is_child(row) for row in current) and self._unlink_refused:
            self._say(self._refusal(current[0]), error=True)
            return False
        for row in current:
            self.staging.remove(row)
        return True

    def _live_rows(self) -> list[RowId]:
        rows = self.window.rows(0) or []
        return [row for row in rows if row not in self.staging.removed]

    # add existing ------------------------------------------------------------------------------

    def _do_add(self, _: Any = None) -> None:
        from studio.ui.screens.picker import PickerScreen

        assert self.source is not None and self.context.session is not None
        source = self.source
        rules: list[dict[str, Any]] = []
        if source.parent_key is not None:
            rules.append({source.fk: {"_neq": source.parent_key}})  # _neq matches null too
        if self.staging.added:
            rules.append({source.pk: {"_nin": list(self.staging.added)}})
        selectable = self.options.get("filter")
        if isinstance(selectable, Mapping) and selectable:
            rules.append(dict(selectable))
        restrict = rules[0] if len(rules) == 1 else ({"_and": rules} if rules else None)
        child = self.context.session.overview.collection(source.collection)
        verb = "Choose" if self.single else "Add"
        picker = PickerScreen(
            source.collection,
            title=f"{verb} {child.name} · {self.trail()}",
            multiple=not self.single,
            restrict=restrict,
            extra_columns=(source.fk,),
        )

        def picked(result: Any) -> None:
            if result:
                self._read_picked([p.key for p in result])

        self.app.push_screen(picker, picked)

    @work(exclusive=True, group="o2m-picked", exit_on_error=False)
    async def _read_picked(self, keys: list[Any]) -> None:
        assert self.source is not None
        session, source = self.context.session, self.source
        try:
            rows = await read_picked(session, source, keys)
            need_sort = source.sort_field and self.staging.order is None and not self.single
            max_sort = await read_max_sort(session, source) if need_sort else None
        except StudioError as error:
            self.post_message(self._ReadFailed(error.message))
            return
        order = {key: index for index, key in enumerate(keys)}
        rows.sort(key=lambda row: order.get(row[source.pk], 0))
        self.post_message(self._PickedRead(rows, max_sort))

    @on(_PickedRead)
    def _picked_read(self, message: _PickedRead) -> None:
        from studio.ui.screens.confirm import ConfirmScreen

        assert self.source is not None
        source = self.source
        elsewhere = [
            row
            for row in message.rows
            if parent_key_of(source, row) is not None
            and parent_key_of(source, row) != source.parent_key
        ]
        if not elsewhere:
            self._add(message.rows, message.max_sort)
            self._draw()
            return
        lines = []
        for row in elsewhere:
            title = row_title(source, row)
            was = parent_title(source, row) or "?"
            if self.single:
                lines.append(f"• {title} — its {self.fk_field.name} changes from {was}")
            else:
                lines.append(f"• {title} — will be moved from {was}")
        name = self.fk_field.name
        if len(elsewhere) == 1:
            head = f"One picked item already has a {name}; adding it moves it here"
        else:
            head = (
                f"{len(elsewhere)} picked items already have a {name}; adding them moves them here"
            )
        body = f"{head} when you save:\n" + "\n".join(lines)

        def answered(yes: bool | None) -> None:
            if yes:
                self._add(message.rows, message.max_sort)
                self._draw()

        title = escape("Move here?")
        self.app.push_screen(
            ConfirmScreen(title, visible(body, multiline=True), confirm_label="Move here"),
            answered,
        )

    def _add(self, rows: list[dict[str, Any]], max_sort: int | None) -> None:
        assert self.source is not None
        source = self.source
        if not rows:
            return
        if self.single:
            rows = rows[:1]
            if not self._unlink_current():
                return
        if max_sort is not None:
            self.staging.max_sort = max_sort
        first = None
        for row in rows:
            key = row[source.pk]
            other = parent_key_of(source, row)
            leaves = parent_title(source, row) if other not in (None, source.parent_key) else None
            title = self._staged_title(key, None, row)
            if self.staging.add(key, title, leaves):
                self.window.items[key] = row
                first = key if first is None else first
        added = len(rows)
        self._say(f"Added {added} item{'s' if added != 1 else ''} (written when you save).")
        self._changed(first)

    # reorder -----------------------------------------------------------------------------------

    def _reorder_refusal(self, row: RowId | None) -> str | None:
        if row is None:
            return ""
        if not self.staging.sort_field:
            return "No sort field: this list has no order of its own to change."
        if self.window.search:
            return "Reordering is off while searching (a search shows only some items)."
        if row in self.staging.removed:
            return "This item is removed: u undoes the removal before moving it."
        return None

    def _do_move(self, step: int) -> None:
        row = self.window.current()
        refusal = self._reorder_refusal(row)
        if refusal is not None:
            if refusal:
                self._say(refusal, error=True)
            return
        self._reorder(row, lambda index: index + step)

    def _do_move_to(self, _: Any = None) -> None:
        row = self.window.current()
        refusal = self._reorder_refusal(row)
        if refusal is not None:
            if refusal:
                self._say(refusal, error=True)
            return
        self._prompt_row = row
        prompt = self.query_one("#o2m-prompt", Input)
        prompt.value = ""
        total = self.window.total or 1
        prompt.placeholder = f"move “{self._title(row)}” to position 1 to {total}, enter"
        self.set_class(True, "-prompting")
        prompt.focus()

    @on(Input.Submitted, "#o2m-prompt")
    def _prompt_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        row, self._prompt_row = self._prompt_row, None
        self._close_prompt()
        try:
            position = int(event.value)
        except ValueError:
            return
        if row is not None:
            self._reorder(row, lambda index: position - 1)
            self._draw()

    def _close_prompt(self) -> None:
        self.set_class(False, "-prompting")
        self.child_list.focus()

    def _reorder(self, row: RowId, target: Callable[[int], int]) -> None:
        """Move `row`; the first move reads the children's order (keys and sort values)."""

        def apply() -> None:
            index = self.window.index_of(row)
            if index is None or self.staging.order is None:
                return
            placed = self.staging.move(row, target(index))
            self.window.move_cursor(placed)
            self.report(self.staging.change_set())
            self._request()

        if self.staging.order is not None:
            apply()
            return
        assert self.source is not None
        if self.source.parent_key is None:
            self.staging.start_order([])
            apply()
            return
        self._pending.append(apply)
        if not self._order_reading:
            self._order_reading = True
            self._say("Reading the order…")
            self._read_order(self._generation)

    @work(exclusive=True, group="o2m-order", exit_on_error=False)
    async def _read_order(self, generation: int) -> None:
        assert self.source is not None
        try:
            rows = await read_order(self.context.session, self.source)
        except StudioError as error:
            self.post_message(self._ReadFailed(error.message))
            return
        self.post_message(self._OrderRead(generation, rows))

    @on(_OrderRead)
    def _order_read(self, message: _OrderRead) -> None:
        self._order_reading = False
        if self.staging.order is None:
            self.staging.start_order(message.rows)
        pending, self._pending = self._pending, []
        self._message = None
        for apply in pending:
            apply()
        self._draw()

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
        self._generation += 1
        self.window.reset(keep_items=True)
        self._request()

    def on_key(self, event: events.Key) -> None:
        """Escape in the search or position box goes back to the list (not off the page)."""
        if event.key != "escape":
            return
        if self.query_one("#o2m-search", Input).has_focus:
            event.stop()
            self._search_now()
            self._close_search()
        elif self.query_one("#o2m-prompt", Input).has_focus:
            event.stop()
            self._prompt_row = None
            self._close_prompt()

    # a change-set given back (a nested form re-opened) -----------------------------------------

    @work(exclusive=True, group="o2m-restore", exit_on_error=False)
    async def _restore(self, change_set: dict[str, Any]) -> None:
        assert self.source is not None
        session, source = self.context.session, self.source
        keys = [e.get(source.pk) for e in change_set.get("update") or () if isinstance(e, Mapping)]
        keys += list(change_set.get("delete") or ())
        sorted_ = source.sort_field and any(
            isinstance(e, Mapping) and source.sort_field in e
            for name in ("create", "update")
            for e in change_set.get(name) or ()
        )
        try:
            rows = await read_picked(session, source, keys)
            order = await read_order(session, source) if sorted_ else None
        except StudioError as error:
            self.post_message(self._ReadFailed(error.message))
            return
        self.post_message(self._Restored(change_set, rows, order))

    @on(_Restored)
    def _restored(self, message: _Restored) -> None:
        assert self.source is not None
        source = self.source
        rows = {row[source.pk]: row for row in message.rows}
        children = [k for k, row in rows.items() if parent_key_of(source, row) == source.parent_key]
        if source.parent_key is None:
            children = []
        self.staging.restore(message.change_set, children, message.order)
        for key, row in rows.items():
            self.window.items[key] = row
            if key in self.staging.added:
                other = parent_key_of(source, row)
                if other not in (None, source.parent_key):
                    self.staging.added[key] = parent_title(source, row)
        for row in [*self.staging.extras, *self.staging.edits]:
            base = None if isinstance(row, NewId) else rows.get(row)
            self.staging.titles[row] = self._staged_title(row, self.staging.staged(row), base)
        self._reload()
