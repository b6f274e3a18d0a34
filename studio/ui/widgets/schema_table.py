"""A row table for the data model's lists (collections, a collection's fields). Textual's
`DataTable` binds Enter to its own "select"; here Enter belongs to the screen (open the
collection's fields, edit a field), so the footer and the palette show what it does."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import DataTable


class SchemaTable(DataTable[Any], inherit_bindings=False):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Up", show=False, id="schema-table.up"),
        Binding("down", "cursor_down", "Down", show=False, id="schema-table.down"),
        Binding("left", "scroll_left", "Left", show=False, id="schema-table.left"),
        Binding("right", "scroll_right", "Right", show=False, id="schema-table.right"),
        Binding("pageup", "page_up", "Page up", show=False, id="schema-table.page-up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="schema-table.page-down"),
        Binding("home", "scroll_top", "First", show=False, id="schema-table.first"),
        Binding("end", "scroll_bottom", "Last", show=False, id="schema-table.last"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)

    @property
    def cursor_key(self) -> str | None:
        """The key of the row under the cursor (rows are added with the item's key)."""
        if self.row_count == 0:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return None if row_key.value is None else str(row_key.value)

    def move_to(self, key: str | None) -> None:
        if key is None:
            return
        if key in self.rows:
            self.move_cursor(row=self.get_row_index(key))
