"""`ChildList`: one page of an O2M list's rows, with a cursor and the list's keys.

It only draws what it is given (`show(lines, cursor)`) and turns keys and clicks into
`ChildList.Command` messages; the interface that owns it decides what they do (it knows the
pages, the staging and the database). So the list never reads and never holds more than a page.
Which keys are available is asked of the owner (`allowed`), so the footer shows only those.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widget import Widget

from studio.ui.interfaces.values import visible


@dataclass(frozen=True)
class Line:
    """One row: its place in the whole list (1-based; None draws no number), its title, and
    its staged marks as text (`mark`) with the style names to draw them with (`kinds`: new,
    edited, added, removed, moved)."""

    position: int | None
    title: str
    mark: str = ""
    kinds: tuple[str, ...] = ()


class ChildList(Widget, can_focus=True):
    DEFAULT_CSS = """
    ChildList { height: auto; min-height: 1; width: 1fr; background: $panel; }
    ChildList:focus { background: $panel-lighten-1; }
    ChildList > .child-list--cursor {
        background: $block-cursor-blurred-background; color: $block-cursor-blurred-foreground;
    }
    ChildList:focus > .child-list--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground;
    }
    ChildList > .child-list--position { color: $text-muted; }
    ChildList > .child-list--empty { color: $text-muted; text-style: italic; }
    ChildList > .child-list--new { color: $text-success; }
    ChildList > .child-list--added { color: $text-success; }
    ChildList > .child-list--edited { color: $text-warning; }
    ChildList > .child-list--moved { color: $text-accent; }
    ChildList > .child-list--removed { color: $text-error; text-style: strike; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "child-list--cursor",
        "child-list--position",
        "child-list--empty",
        "child-list--new",
        "child-list--added",
        "child-list--edited",
        "child-list--moved",
        "child-list--removed",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "command('cursor', -1)", "Up", show=False, id="o2m.up"),
        Binding("down", "command('cursor', 1)", "Down", show=False, id="o2m.down"),
        Binding("pageup", "command('page', -1)", "Page up", show=False, id="o2m.page-up"),
        Binding("pagedown", "command('page', 1)", "Page down", show=False, id="o2m.page-down"),
        Binding("home", "command('edge', -1)", "First", show=False, id="o2m.first"),
        Binding("end", "command('edge', 1)", "Last", show=False, id="o2m.last"),
        Binding("enter,f4", "command('edit')", "Edit", id="o2m.edit"),
        Binding("f7", "command('new')", "New", id="o2m.new"),
        Binding("f6", "command('add')", "Add", id="o2m.add"),
        Binding("delete,f8", "command('unlink')", "Unlink", id="o2m.unlink"),
        Binding("delete,f8", "command('delete')", "Delete", id="o2m.delete"),
        Binding("u", "command('undo')", "Undo", id="o2m.undo"),
        Binding("f3", "command('open')", "Open", show=False, id="o2m.open"),
        Binding("slash", "command('search')", "Search", show=False, id="o2m.search"),
        Binding("shift+up", "command('move', -1)", "Move up", show=False, id="o2m.move-up"),
        Binding("shift+down", "command('move', 1)", "Move down", show=False, id="o2m.move-down"),
        Binding("m", "command('move_to')", "Move to…", show=False, id="o2m.move-to"),
    ]

    class Command(Message):
        """A key (or click) asked for `name` with `argument` (a step, a row index)."""

        def __init__(self, child_list: ChildList, name: str, argument: Any = None) -> None:
            super().__init__()
            self.child_list = child_list
            self.name = name
            self.argument = argument

        @property
        def control(self) -> ChildList:
            return self.child_list

    def __init__(
        self,
        allowed: Callable[[str], bool | None] | None = None,
        *,
        empty: str = "no items",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.allowed = allowed
        self.empty = empty
        self.lines: list[Line] = []
        self.cursor = 0

    def show(self, lines: Sequence[Line], cursor: int, empty: str | None = None) -> None:
        """Draw `lines` with the cursor on line `cursor` (an index into `lines`)."""
        self.lines = list(lines)
        self.cursor = cursor
        if empty is not None:
            self.empty = empty
        self.refresh(layout=True)

    # drawing -------------------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"child-list--{name}", partial=True)

    def render(self) -> Text:
        if not self.lines:
            return Text(visible(self.empty), style=self._style("empty"), end="")
        width = max(self.content_region.width, 10)
        digits = max(len(str(line.position or "")) for line in self.lines)
        text = Text(end="")
        for index, line in enumerate(self.lines):
            if index:
                text.append("\n")
            text.append_text(self._line(line, width, digits, index == self.cursor))
        return text

    def _line(self, line: Line, width: int, digits: int, cursor: bool) -> Text:
        number = f"{line.position:>{digits}} " if line.position is not None else " "
        mark = f" {line.mark}" if line.mark else ""
        room = max(width - len(number) - cell_len(mark), 1)
        title = Text(visible(line.title) or "—", end="")
        title.truncate(room, overflow="ellipsis", pad=True)
        text = Text(end="")
        text.append(number, self._style("position"))
        title_style = Style()
        for kind in line.kinds:
            if kind == "removed":
                title_style += self._style("removed")
        text.append_text(Text(title.plain, style=title_style, end=""))
        if line.kinds:
            text.append(mark, self._style(line.kinds[0]) + Style(strike=False))
        if cursor:
            text.stylize(self._style("cursor"))
        return text

    # input ---------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "command" and parameters and self.allowed is not None:
            return self.allowed(str(parameters[0]))
        return True

    def action_command(self, name: str, argument: Any = None) -> None:
        self.post_message(self.Command(self, name, argument))

    def on_click(self, event: events.Click) -> None:
        index = event.y
        if 0 <= index < len(self.lines):
            self.post_message(self.Command(self, "cursor_to", index))
            if event.chain >= 2:
                self.post_message(self.Command(self, "edit"))
