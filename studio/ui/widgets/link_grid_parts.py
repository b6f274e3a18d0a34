"""The pieces a `LinkGrid` is built of: the header, one `GridSlot` per row on the page (its
`RowHandle` and a `GridCell` per context field holding that field's own interface, then the
row's messages), and the line shown when there are no rows.

Slots are reused from page to page (`GridSlot.assign` puts another link's values into the same
widgets), so paging mounts nothing; the grid builds afresh only a slot whose cells were edited.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Static

from studio.engine.schema import FieldInfo
from studio.ui.interfaces.base import Interface, InterfaceContext
from studio.ui.interfaces.values import visible
from studio.ui.widgets.link_grid_rules import cell_locked

if TYPE_CHECKING:
    from studio.ui.widgets.link_grid import LinkGrid

MARKER = 2  # the selection mark and its space, left of every row
SELECTED = "✓"
ERROR_MARK = "⚠"


@dataclass(frozen=True)
class GridRow:
    """One link: its id (a junction key or a NewId), its place in the whole list (1-based;
    None draws no number), the related item's title, the context values to show (staged over
    read), its staged marks as text with the style names to draw them with (new, edited,
    added, removed, moved), and a message per context field that is refused."""

    row: Any
    position: int | None
    title: str
    values: Mapping[str, Any]
    mark: str = ""
    kinds: tuple[str, ...] = ()
    errors: Mapping[str, str] = field(default_factory=dict)


def same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) != isinstance(b, bool):
        return False  # True is not 1 here
    try:
        return bool(a == b)
    except TypeError:
        return False


class RowHandle(Widget, can_focus=True):
    """The row's own cell: where the list keys act (select, edit, unlink, …)."""

    DEFAULT_CSS = """
    RowHandle { width: 1fr; height: 1; min-width: 8; }
    RowHandle > .link-grid--marker { color: $accent; text-style: bold; }
    RowHandle > .link-grid--position { color: $text-muted; }
    RowHandle > .link-grid--new { color: $text-success; }
    RowHandle > .link-grid--added { color: $text-success; }
    RowHandle > .link-grid--edited { color: $text-warning; }
    RowHandle > .link-grid--moved { color: $text-accent; }
    RowHandle > .link-grid--removed { color: $text-error; text-style: strike; }
    RowHandle > .link-grid--error { color: $text-error; text-style: bold; }
    RowHandle.-selected { background: $accent 35%; }
    RowHandle.-cursor {
        background: $block-cursor-blurred-background; color: $block-cursor-blurred-foreground;
    }
    RowHandle.-cursor:focus {
        background: $block-cursor-background; color: $block-cursor-foreground;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "link-grid--marker",
        "link-grid--position",
        "link-grid--new",
        "link-grid--added",
        "link-grid--edited",
        "link-grid--moved",
        "link-grid--removed",
        "link-grid--error",
    }

    def __init__(self, slot: GridSlot) -> None:
        super().__init__()
        self.slot = slot

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"link-grid--{name}", partial=True)

    def render(self) -> Text:
        slot = self.slot
        row = slot.row
        if row is None:
            return Text("", end="")
        width = max(self.content_region.width, MARKER + 1)
        marker = f"{SELECTED} " if slot.selected else " " * MARKER
        number = f"{row.position:>{slot.digits}} " if row.position is not None else ""
        warning = f"{ERROR_MARK} " if row.errors else ""
        mark = f" {row.mark}" if row.mark else ""
        room = max(width - MARKER - len(number) - cell_len(warning) - cell_len(mark), 1)
        title = Text(visible(row.title) or "—", end="")
        title.truncate(room, overflow="ellipsis", pad=True)
        text = Text(end="")
        text.append(marker, self._style("marker"))
        text.append(number, self._style("position"))
        text.append(warning, self._style("error"))
        removed = "removed" in row.kinds
        text.append(title.plain, self._style("removed") if removed else Style())
        if mark:
            kind = row.kinds[0] if row.kinds else "edited"
            text.append(mark, self._style(kind) + Style(strike=False))
        return text

    def on_click(self, event: events.Click) -> None:
        grid = self.slot.grid
        if self.slot.index < 0:
            return  # a row on its way out (the page changed under the mouse)
        if event.x < MARKER:
            self.focus()
            grid.toggle(self.slot.index)
        elif event.chain >= 2 and grid.check_action("command", ("edit",)):
            grid.action_command("edit")


class GridCell(Widget):
    """One context field of one row, edited by the field's own interface."""

    DEFAULT_CSS = """
    GridCell { height: 1; margin-left: 1; overflow: hidden hidden; }
    GridCell.-error { background: $error 25%; }
    GridCell Interface { height: 1; }
    GridCell .datetime-hint { display: none; }
    GridCell Input.-textual-compact, GridCell SelectCurrent { background: $panel; }
    GridCell.-error Input.-textual-compact { background: $error 25%; }
    GridCell Input.-textual-compact:focus, GridCell Select:focus > SelectCurrent {
        background: $panel-lighten-2;
    }
    GridCell Switch, GridCell Switch:focus { border: none; padding: 0; }
    """

    def __init__(self, slot: GridSlot, column: int, field: FieldInfo, interface: Interface):
        super().__init__()
        self.slot = slot
        self.column = column
        self.field = field
        self.interface = interface

    def compose(self) -> ComposeResult:
        yield self.interface


class GridSlot(Vertical):
    """One row on the page; `assign` points it at another link."""

    DEFAULT_CSS = """
    GridSlot { height: auto; }
    GridSlot > .link-grid--line { height: 1; }
    GridSlot > .link-grid--errors { color: $text-error; padding-left: 2; display: none; }
    GridSlot.-error > .link-grid--errors { display: block; }
    """

    def __init__(
        self,
        grid: LinkGrid,
        fields: Sequence[FieldInfo],
        context_for: Callable[[FieldInfo], InterfaceContext],
        row: GridRow,
        widths: Sequence[int],
        readonly: bool,
    ) -> None:
        super().__init__()
        self.grid = grid
        self.row: GridRow | None = row
        self.digits = 1
        self.selected = False
        self.is_cursor = False
        self.handle = RowHandle(self)
        self.cells: list[GridCell] = []
        from studio.ui.interfaces import create_interface  # the registry imports the M2M

        for column, (context_field, width) in enumerate(zip(fields, widths, strict=True)):
            value = row.values.get(context_field.field)
            interface = create_interface(
                context_field, context_field.options, value, context_for(context_field)
            )
            interface.readonly = readonly or _locked(context_field, row)
            cell = GridCell(self, column, context_field, interface)
            cell.styles.width = width
            self.cells.append(cell)
        self.messages = Static("", classes="link-grid--errors", markup=False)

    def compose(self) -> ComposeResult:
        with Horizontal(classes="link-grid--line"):
            yield self.handle
            yield from self.cells
        yield self.messages

    def shows(self, row: Any) -> bool:
        return self.row is not None and same(self.row.row, row)

    @property
    def index(self) -> int:
        return self.grid.slot_index(self)

    def allow_focus_children(self) -> bool:
        """Tab stops only in the cursor row, so the grid is one stop in the form (tabbing in
        lands on the cursor row, tabbing past its last cell leaves); a click still focuses
        any cell, and up/down go between rows."""
        return self.is_cursor

    def show_cursor(self, on: bool) -> None:
        """The cursor's mark is on the handle alone (on the whole row, a move would restyle
        every cell of the two rows)."""
        self.is_cursor = on
        self.handle.set_class(on, "-cursor")

    def show_selected(self, on: bool) -> None:
        self.selected = on
        self.handle.set_class(on, "-selected")
        self.handle.refresh()

    def assign(
        self,
        row: GridRow,
        *,
        digits: int,
        selected: bool,
        cursor: bool,
        readonly: bool,
        focused: Widget | None,
    ) -> None:
        """Show `row`. A cell being typed in keeps its text while it stays on the same link
        (the owner's redraw may carry a value older than the latest keystroke)."""
        moved = self.row is None or not same(self.row.row, row.row)
        self.row = row
        self.digits = digits
        self.show_cursor(cursor)
        self.show_selected(selected)
        for cell in self.cells:
            name = cell.field.field
            interface = cell.interface
            locked = readonly or _locked(cell.field, row)
            if interface.readonly != locked:
                interface.set_readonly(locked)
            value = row.values.get(name)
            typing = focused is not None and interface in focused.ancestors_with_self
            if moved or (not typing and not same(value, interface.value)):
                interface.set_value(value)
            cell.set_class(name in row.errors, "-error")
        self.set_class(bool(row.errors), "-error")
        messages = self._messages(row)
        if messages != str(self.messages.content):
            self.messages.update(messages)  # only then: an update lays the page out again
        self.handle.refresh()

    def _messages(self, row: GridRow) -> str:
        names = {cell.field.field: cell.field.name for cell in self.cells}
        parts = [_named(names.get(name, name), message) for name, message in row.errors.items()]
        return visible(f"{ERROR_MARK} " + " · ".join(parts)) if parts else ""

    def set_widths(self, widths: Sequence[int]) -> None:
        for cell, width in zip(self.cells, widths, strict=True):
            cell.styles.width = width


class GridHeader(Horizontal):
    DEFAULT_CSS = """
    GridHeader { height: 1; }
    GridHeader > Static { height: 1; color: $text-muted; text-style: bold; }
    GridHeader > .link-grid--title-head { width: 1fr; padding-left: 2; }
    GridHeader > .link-grid--field-head { margin-left: 1; }
    """

    def __init__(self, heading: str, fields: Sequence[FieldInfo], widths: Sequence[int]):
        super().__init__()
        self.heading = Static(visible(heading), classes="link-grid--title-head", markup=False)
        self.names: list[Static] = []
        for context_field, width in zip(fields, widths, strict=True):
            name = Static(classes="link-grid--field-head", markup=False)
            name.update(_fitted(context_field.name, width))
            name.styles.width = width
            self.names.append(name)
        self.fields = list(fields)

    def compose(self) -> ComposeResult:
        yield self.heading
        yield from self.names

    def set_widths(self, widths: Sequence[int]) -> None:
        for name, context_field, width in zip(self.names, self.fields, widths, strict=True):
            name.styles.width = width
            name.update(_fitted(context_field.name, width))


def _locked(field: FieldInfo, row: GridRow) -> bool:
    """A removed link's cells, and a field read-only for this link's values, take no edit."""
    return "removed" in row.kinds or cell_locked(field, row.values)


def _named(name: str, message: str) -> str:
    """A message with the field it is about, unless it names the field already."""
    return message if name.lower() in message.lower() else f"{name}: {message}"


def _fitted(text: str, width: int) -> str:
    shown = Text(visible(text))
    shown.truncate(width, overflow="ellipsis")
    return shown.plain


class GridEmpty(Static, can_focus=True):
    """Stands in for the rows when there are none, so the grid keeps a place for the focus
    (and its keys: add, new) while empty."""

    DEFAULT_CSS = """
    GridEmpty { height: 1; color: $text-muted; text-style: italic; padding-left: 2; }
    GridEmpty:focus { background: $block-cursor-background; color: $block-cursor-foreground; }
    """

    def __init__(self, text: str) -> None:
        super().__init__(text, markup=False)
