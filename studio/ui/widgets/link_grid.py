"""`LinkGrid`: one page of an M2M's links as a grid: a row handle (selection mark, position,
title, staged marks) and one cell per junction context field, edited in place by that field's
own interface.

Like `ChildList`, it draws only what it is given (`show(rows, cursor)`) and turns keys into
`LinkGrid.Command` messages (the same names and arguments, plus "bulk"); the owner knows the
pages, the staging and the database, and answers each command by calling `show` again. A cell
edit posts `CellChanged` (the interface's own `Changed` is stopped here, so it never reaches the
item form); the owner stages it and hands refused values back as the rows' `errors`, leaving the
cursor where it is (an edit may arrive after the keys have moved on to another row).

Focus stays where the user works: up/down go to the same column on the next row, also from
inside a text box, and the focus moves with the key itself, so what is typed right after lands
on the new row. A new page reuses the row widgets (`GridSlot.assign`), except those whose cells
were edited: they are built afresh, so an edit still on its way is told for the link it was
typed on; meanwhile the grid holds the focus itself and keys go nowhere. The selection is a set
of row ids, so it lasts across pages. The grid is one tab stop: tab and shift+tab go through
the cursor row's cells and then leave.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar
from weakref import WeakSet

from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer, Vertical
from textual.dom import NoScreen
from textual.events import Blur, DescendantFocus, Resize
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.widget import AwaitMount, Widget
from textual.widgets import Input, TextArea

from studio.engine.schema import FieldInfo
from studio.ui.interfaces.base import Interface, InterfaceContext
from studio.ui.widgets.link_grid_parts import (
    GridCell,
    GridEmpty,
    GridHeader,
    GridRow,
    GridSlot,
    RowHandle,
)
from studio.ui.widgets.link_grid_rules import cell_problem, cell_width, fit_widths

__all__ = ["GridRow", "LinkGrid"]

TITLE_ROOM = 20  # the title column keeps at least this much when cells shrink to fit
HANDLE_ONLY = frozenset({"select", "select_page", "extend"})
SCROLLING = frozenset({Widget, ScrollView, ScrollableContainer})
# a move's key, left to the widget in a cell when it has a use of its own for it (a text box's
# home/end, a select's or a suggestion list's up/down)
MOVE_KEYS = {
    ("cursor", -1): "up",
    ("cursor", 1): "down",
    ("page", -1): "pageup",
    ("page", 1): "pagedown",
    ("edge", -1): "home",
    ("edge", 1): "end",
}


class GridBody(Vertical):
    DEFAULT_CSS = """
    GridBody { height: auto; }
    """


class LinkGrid(Widget):
    DEFAULT_CSS = """
    LinkGrid { height: auto; layout: vertical; background: $panel; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "row('cursor', -1)", "Up", show=False, priority=True, id="linkgrid.up"),
        Binding("down", "row('cursor', 1)", "Down", show=False, priority=True,
                id="linkgrid.down"),
        Binding("left", "column(-1)", "Cell left", show=False, priority=True,
                id="linkgrid.left"),
        Binding("right", "column(1)", "Cell right", show=False, priority=True,
                id="linkgrid.right"),
        Binding("pageup", "row('page', -1)", "Page up", show=False, priority=True,
                id="linkgrid.page-up"),
        Binding("pagedown", "row('page', 1)", "Page down", show=False, priority=True,
                id="linkgrid.page-down"),
        Binding("home", "row('edge', -1)", "First", show=False, priority=True,
                id="linkgrid.first"),
        Binding("end", "row('edge', 1)", "Last", show=False, priority=True, id="linkgrid.last"),
        Binding("space", "select", "Select", id="linkgrid.select"),
        Binding("a", "select_page", "Select page / none", show=False,
                id="linkgrid.select-page"),
        Binding("v", "extend(1)", "Select and go down", show=False, id="linkgrid.extend-down"),
        Binding("V", "extend(-1)", "Select and go up", show=False, id="linkgrid.extend-up"),
        Binding("b", "command('bulk')", "Bulk set", id="linkgrid.bulk"),
        Binding("enter,f4", "command('edit')", "Edit", id="linkgrid.edit"),
        Binding("f7", "command('new')", "New", id="linkgrid.new"),
        Binding("f6", "command('add')", "Add", id="linkgrid.add"),
        Binding("delete,f8", "command('unlink')", "Unlink", id="linkgrid.unlink"),
        Binding("delete,f8", "command('delete')", "Delete", id="linkgrid.delete"),
        Binding("u", "command('undo')", "Undo", id="linkgrid.undo"),
        Binding("f3", "command('open')", "Open", show=False, id="linkgrid.open"),
        Binding("slash", "command('search')", "Search", show=False, id="linkgrid.search"),
        Binding("shift+up", "command('move', -1)", "Move up", show=False,
                id="linkgrid.move-up"),
        Binding("shift+down", "command('move', 1)", "Move down", show=False,
                id="linkgrid.move-down"),
        Binding("m", "command('move_to')", "Move to…", show=False, id="linkgrid.move-to"),
    ]  # fmt: skip

    class Command(Message):
        """A key (or click) asked for `name` with `argument`: the names and arguments of
        `ChildList.Command` (cursor(step), cursor_to(index on the page), page(step),
        edge(step), edit, new, add, unlink, delete, undo, open, search, move(step), move_to),
        and "bulk" with the selected row ids."""

        def __init__(self, grid: LinkGrid, name: str, argument: Any = None) -> None:
            super().__init__()
            self.grid = grid
            self.name = name
            self.argument = argument

        @property
        def control(self) -> LinkGrid:
            return self.grid

    class CellChanged(Message):
        """A context value was edited on link `row`. Stage `value` either way; while `error`
        is set the save must be refused with it (a typing problem: `value` is then the last
        good one; a required or validation refusal: `value` is what was entered)."""

        def __init__(
            self, grid: LinkGrid, row: Any, field: str, value: Any, error: str | None
        ) -> None:
            super().__init__()
            self.grid = grid
            self.row = row
            self.field = field
            self.value = value
            self.error = error

        @property
        def control(self) -> LinkGrid:
            return self.grid

    class SelectionChanged(Message):
        def __init__(self, grid: LinkGrid, selected: frozenset[Any]) -> None:
            super().__init__()
            self.grid = grid
            self.selected = selected

        @property
        def control(self) -> LinkGrid:
            return self.grid

    def __init__(
        self,
        fields: Sequence[FieldInfo],
        context_for: Callable[[FieldInfo], InterfaceContext],
        allowed: Callable[[str], bool | None] | None = None,
        *,
        heading: str = "item",
        empty: str = "no links",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.fields = list(fields)
        self.context_for = context_for
        self.allowed = allowed
        self.heading = heading
        self.empty = empty
        self.rows: list[GridRow] = []
        self.cursor = 0
        self.selected: set[Any] = set()
        self.column = 0  # 0: the row handle; n: the n-th context field
        self._slots: list[GridSlot] = []
        self._widths = [cell_width(f) for f in self.fields]
        self._parked = False  # the grid itself holds the focus while its rows change
        # rows the keys moved the cursor to on this page, which the owner has not drawn yet
        self._expected: list[int] = []
        self._placed: WeakSet[Widget] = WeakSet()  # focused by the grid, not by a click
        self._mounting = 0
        self._keys_state: tuple[bool, bool, bool] | None = None  # as the footer was told
        # slots whose cells have had the focus: on another link they are built afresh, so an
        # edit still on its way from one is told for the link it was typed on
        self._touched: set[GridSlot] = set()

    def compose(self) -> ComposeResult:
        yield GridHeader(self.heading, self.fields, self._widths)
        yield GridBody()
        yield GridEmpty(self.empty)

    def on_mount(self) -> None:
        self._sync()

    # owner → grid ------------------------------------------------------------------------------

    def show(self, rows: Sequence[GridRow], cursor: int, empty: str | None = None) -> None:
        """Draw one page: `rows`, the cursor on `rows[cursor]`. When the focus is in the grid
        it goes to the same column on the cursor row."""
        rows = list(rows)
        if [row.row for row in rows] == [row.row for row in self.rows] and (
            cursor in self._expected
        ):
            del self._expected[: self._expected.index(cursor) + 1]
            if self._expected:
                cursor = self.cursor  # an answer to an earlier key: the cursor is further on
        else:
            self._expected.clear()
        self.rows = rows
        self.cursor = max(0, min(cursor, len(self.rows) - 1))
        if empty is not None:
            self.empty = empty
        if self.is_mounted:
            self._sync()

    def clear_selection(self) -> None:
        if self.selected:
            self.selected = set()
            self._selection_changed()

    def focus_target(self) -> Widget | None:
        """Where the focus goes in the grid: the remembered column of the cursor row (the row
        handle when that cell takes no focus), or the empty line (None before mounting)."""
        if not self.is_mounted:
            return None
        if not self._slots or self.cursor >= len(self._slots):
            return self.query_one(GridEmpty)
        slot = self._slots[self.cursor]
        if self.column > 0 and self.column <= len(slot.cells):
            target = slot.cells[self.column - 1].interface.focus_target()
            if target is not None and target.focusable:
                return target
        return slot.handle

    def slot_index(self, slot: GridSlot) -> int:
        """Where `slot` is on the page (-1: it has left the page)."""
        return self._slots.index(slot) if slot in self._slots else -1

    @property
    def readonly(self) -> bool:
        return self.allowed is not None and self.allowed("edit") is False

    # drawing -----------------------------------------------------------------------------------

    def _sync(self) -> None:
        focused = self._focused()
        inside = focused is not None and (focused is self or self in focused.ancestors)
        digits = max((len(str(row.position or "")) for row in self.rows), default=1)
        readonly = self.readonly
        body = self.query_one(GridBody)
        mounts: list[AwaitMount] = []
        gone: list[GridSlot] = []
        for index, row in enumerate(self.rows):
            slot = self._slots[index] if index < len(self._slots) else None
            if slot is None or (slot in self._touched and not slot.shows(row.row)):
                fresh = GridSlot(self, self.fields, self.context_for, row, self._widths, readonly)
                if slot is None:
                    self._slots.append(fresh)
                    mounts.append(body.mount(fresh))
                else:
                    self._slots[index] = fresh
                    mounts.append(body.mount(fresh, before=slot))
                    gone.append(slot)
                slot = fresh
            slot.assign(
                row,
                digits=digits,
                selected=row.row in self.selected,
                cursor=index == self.cursor,
                readonly=readonly,
                focused=focused,
            )
        gone += self._slots[len(self.rows) :]
        del self._slots[len(self.rows) :]
        self._touched.difference_update(gone)
        empty = self.query_one(GridEmpty)
        if str(empty.content) != self.empty:
            empty.update(self.empty)
        empty.display = not self.rows
        if inside and mounts:
            self._park()  # until the new rows are there; never on a row that goes
            self._mounting += 1
            self.call_later(self._focus_when_mounted, mounts)
        elif inside and not self._mounting:
            self._focus_cursor()  # before the rows that go: the focus never lands elsewhere
        for slot in gone:
            slot.remove()
        self._keys_changed()

    async def _focus_when_mounted(self, mounts: list[AwaitMount]) -> None:
        for mounted in mounts:
            await mounted
        self._mounting -= 1
        if not self._mounting and self._focused() is self:
            self._focus_cursor()

    def _park(self) -> None:
        """Hold the focus on the grid itself while the rows change, so what is typed meanwhile
        goes nowhere rather than into a row that is leaving."""
        self._parked = True
        if not self.has_focus:
            self.screen.set_focus(self, scroll_visible=False)
        self._keys_changed()

    def allow_focus(self) -> bool:
        return self._parked

    def on_blur(self, event: Blur) -> None:
        """Whatever took the focus from the parked grid (the new rows, a click, the owner)
        ends the parking."""
        self._parked = False
        self._keys_changed()

    def _focus_cursor(self) -> None:
        self._parked = False
        target = self.focus_target()
        if target is not None and not target.has_focus:
            self._place_focus(target)
        self._keys_changed()

    def _keys_changed(self) -> None:
        """Tell the footer when what the grid's keys depend on has changed, and only then:
        each telling rebuilds the whole footer, far slower than a move. A change of focus
        tells it anyway, and so does the owner when what `allowed` answers changes."""
        state = (self._parked, bool(self.rows), self.readonly)
        if state != self._keys_state:
            self._keys_state = state
            self.refresh_bindings()

    def _place_focus(self, target: Widget) -> None:
        """Focus `target` now (keys already on their way land there), remembering that the
        grid moved it, so its focus event is not taken for a click. A text box is entered at
        the end of its text, not where its cursor was left (perhaps on another link)."""
        self._placed.add(target)
        if isinstance(target, Input):
            target.cursor_position = len(target.value)
        self.screen.set_focus(target)
        self._note_focus(target)
        place = self._place(target)
        if place is not None:
            self.column = place[1]

    def _note_focus(self, widget: Widget) -> None:
        place = self._place(widget)
        if place is not None and place[1] > 0:
            self._touched.add(place[0])

    def _focused(self) -> Widget | None:
        try:
            return self.screen.focused
        except NoScreen:
            return None

    def on_resize(self, event: Resize) -> None:
        widths = fit_widths(self.fields, self.content_region.width, TITLE_ROOM)
        if widths == self._widths:
            return
        self._widths = widths
        self.query_one(GridHeader).set_widths(widths)
        for slot in self._slots:
            slot.set_widths(widths)

    # focus and cells ---------------------------------------------------------------------------

    def _place(self, widget: Widget) -> tuple[GridSlot, int] | None:
        """The slot and column `widget` sits in (None: not in a row)."""
        for node in widget.ancestors_with_self:
            if isinstance(node, RowHandle):
                return node.slot, 0
            if isinstance(node, GridCell):
                return node.slot, node.column + 1
            if node is self:
                break
        return None

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        if event.widget is not self._focused():
            return  # focus has moved on since
        place = self._place(event.widget)
        if place is None:
            return
        slot, column = place
        self.column = column
        self._note_focus(event.widget)
        if event.widget in self._placed:
            self._placed.discard(event.widget)
        elif slot in self._slots and slot.index != self.cursor:
            self._expected.append(slot.index)  # its answer must not undo a move typed next
            self._set_cursor(slot.index)
            self.post_message(self.Command(self, "cursor_to", slot.index))

    def _set_cursor(self, index: int) -> None:
        """Move the cursor at once (the owner's `show` follows with the same)."""
        self.cursor = index
        for number, slot in enumerate(self._slots):
            slot.show_cursor(number == index)

    @on(Interface.Changed)
    def _cell_changed(self, event: Interface.Changed) -> None:
        event.stop()
        place = self._place(event.interface)
        if place is None or place[0].row is None or place[1] == 0:
            return
        slot, column = place
        row = slot.row
        assert row is not None
        field = self.fields[column - 1]
        error = event.error
        if error is None:
            error = cell_problem(field, event.value, row.values)
        self.post_message(self.CellChanged(self, row.row, field.field, event.value, error))

    @on(Input.Submitted)
    def _cell_submitted(self, event: Input.Submitted) -> None:
        """Enter in a cell goes down a row, as in a spreadsheet."""
        event.stop()
        self._move("cursor", 1)

    # keys --------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self._parked:  # keys between pages go nowhere: taken here, never passed on to the page
            return True
        if action in HANDLE_ONLY:
            return bool(self.rows) and isinstance(self._focused(), RowHandle)
        if action in ("command", "row") and parameters:
            name = str(parameters[0])
            if name == "bulk" and (self.readonly or not self.rows):
                return False
            if self.allowed is not None:
                return self.allowed(name)
        return True

    def action_command(self, name: str, argument: Any = None) -> None:
        if self._parked:
            return
        if name == "bulk":
            argument = frozenset(self.selected)
        self.post_message(self.Command(self, name, argument))

    def action_row(self, name: str, step: int) -> None:
        """Up/down, page up/down, first/last: moves of the cursor, which the owner answers with
        `show`. Within the page the focus moves at once (to the same column), so what is typed
        next lands on the new row; a move off the page parks the focus until the page is drawn.
        Inside a cell whose widget has a use of its own for the key, the key is left to it."""
        focused = self._focused()
        key = MOVE_KEYS.get((name, step))
        if focused is not None and key is not None and _binds(focused, key):
            raise SkipAction()
        self._move(name, step)

    def _move(self, name: str, step: int) -> None:
        focused = self._focused()
        place = self._place(focused) if focused is not None else None
        target = self.cursor + step
        if name == "cursor" and place is not None and 0 <= target < len(self._slots):
            self._expected.append(target)
            self._set_cursor(target)
            self._focus_cursor()
        elif place is not None:
            self._park()
        self.post_message(self.Command(self, name, step))

    def action_column(self, step: int) -> None:
        """Left/right go from cell to cell; inside a text box only from its edge, so the
        arrows still move through the text."""
        if self._parked:
            return
        focused = self._focused()
        place = self._place(focused) if focused is not None else None
        if focused is None or place is None:
            raise SkipAction()
        if isinstance(focused, Input):
            edge = 0 if step < 0 else len(focused.value)
            if focused.cursor_position != edge or not focused.selection.is_empty:
                raise SkipAction()
        elif isinstance(focused, TextArea) or _binds(focused, "left" if step < 0 else "right"):
            raise SkipAction()
        slot, column = place
        targets: list[Widget | None] = [slot.handle]
        targets += [cell.interface.focus_target() for cell in slot.cells]
        index = column + step
        while 0 <= index < len(targets):
            target = targets[index]
            if target is not None and target.focusable:
                self._place_focus(target)
                return
            index += step

    def action_select(self) -> None:
        if self.rows and not self._parked:
            self.toggle(self.cursor)

    def toggle(self, index: int) -> None:
        """Select the row at `index` on the page, or leave it out again."""
        if not 0 <= index < len(self.rows):
            return
        row = self.rows[index].row
        if row in self.selected:
            self.selected.discard(row)
        else:
            self.selected.add(row)
        self._selection_changed()

    def action_select_page(self) -> None:
        """Every row on the page; when they all are already, none (on any page)."""
        if self._parked:
            return
        page = {row.row for row in self.rows}
        if page and page <= self.selected:
            self.selected = set()
        else:
            self.selected |= page
        self._selection_changed()

    def action_extend(self, step: int) -> None:
        """Select the cursor row and go on to the next, so holding the key selects a run of
        rows (across pages too: the owner moves the cursor)."""
        if not self.rows or self._parked:
            return
        row = self.rows[self.cursor].row
        if row not in self.selected:
            self.selected.add(row)
            self._selection_changed()
        self._move("cursor", step)

    def _selection_changed(self) -> None:
        for slot in self._slots:
            if slot.row is not None:
                slot.show_selected(slot.row.row in self.selected)
        self.post_message(self.SelectionChanged(self, frozenset(self.selected)))


def _binds(widget: Widget, key: str) -> bool:
    """Whether `widget` or what holds it inside its cell has a use of its own for `key` (a
    text box's home/end, a select's or a suggestion list's up/down, a tag list's arrows): the
    grid then leaves the key to it. Scrolling, which every widget binds, does not count."""
    for node in widget.ancestors_with_self:
        if isinstance(node, GridCell | RowHandle | GridEmpty | LinkGrid):
            return False
        for cls in type(node).__mro__:
            if cls in SCROLLING:
                continue
            for binding in cls.__dict__.get("BINDINGS", ()):
                keys = binding.key if isinstance(binding, Binding) else binding[0]
                if key in (part.strip() for part in keys.split(",")):
                    return True
    return False
