"""`CoverageGrid`: the item grid as the translation coverage matrix uses it.

Nothing in the matrix acts on a selection, so space, `a` and Escape are not the grid's here
(Escape goes back); the screen is told when the cursor changes column, since its status line
names the cursor's language; and only the title column sorts (a language's cells hold lists).
"""

from __future__ import annotations

from textual import events
from textual.message import Message

from studio.ui.widgets.item_grid import ItemGrid

_NO_SELECTION = frozenset({"toggle_select", "select_visible", "select_none", "extend"})


class CoverageGrid(ItemGrid):
    """Items by language: ✗ missing, 1/2 incomplete, ✓ complete; Enter opens that language.

    (Help shows the first line.) The item grid without selection, telling its screen when the
    cursor changes column."""

    class ColumnMoved(Message):
        pass

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _NO_SELECTION:
            return False
        return super().check_action(action, parameters)

    def action_column(self, delta: int) -> None:
        super().action_column(delta)
        self.post_message(self.ColumnMoved())

    async def _on_click(self, event: events.Click) -> None:
        before = self.cursor_column
        await super()._on_click(event)
        if self.cursor_column != before:
            self.post_message(self.ColumnMoved())

    def cycle_sort(self, index: int) -> None:
        if self.columns[index].sort_path is None:
            self.notify("Only the titles can be sorted.")
            return
        super().cycle_sort(index)
