"""The items a "where used" line stands for (a country's cities, the recipes using an
ingredient), in the picker's grid with its search, filter, sort and paging.

It is a `PickerScreen` restricted by the usage's filter, except that Enter opens the item's page
on top instead of picking: the list stays underneath, so Escape on the page comes back to it
(with the cursor where it was) and the next item is one key away; save-and-next on the page
walks this list. Coming back from a page reads the rows again, since the item may have been
edited out of the list.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Static

from studio.ui.grid_pages import QueryItemList
from studio.ui.screens.picker import PickerScreen
from studio.ui.usages import Usage
from studio.ui.widgets.item_grid import ItemGrid


class UsageListScreen(PickerScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Back", id="usages.back"),
    ]

    def __init__(self, usage: Usage, *, title: str) -> None:
        super().__init__(usage.collection, title=title, restrict=usage.filter)
        self.usage = usage
        self._opened: QueryItemList | None = None
        self._reload_on_resume = False

    def back_label(self) -> str:
        return self.title_text

    @on(ItemGrid.Opened)
    def _open_item(self, event: ItemGrid.Opened) -> None:
        """Open the item's page instead of picking it (the picker's handler is skipped)."""
        event.prevent_default()
        event.stop()
        self._opened = self.grid.item_list()
        self.app.open_item(  # type: ignore[attr-defined]
            self.collection, event.key, item_list=self._opened
        )

    @on(ItemGrid.Counted)
    @on(ItemGrid.SelectionChanged)
    def _grid_status(self, message: Message) -> None:
        message.prevent_default()  # the picker's own line says "enter picks"
        self._show_status()

    def _show_status(self) -> None:
        grid = self.grid
        if grid.error is not None:
            text = grid.error
        elif grid.row_count is None:
            text = "counting…"
        else:
            noun = "item" if grid.row_count == 1 else "items"
            text = f"{'' if grid.count_exact else '~'}{grid.row_count:,} {noun}"
        status = self.query_one("#picker-status", Static)
        status.update(f"{text}  ·  enter opens  ·  esc back")

    def on_screen_suspend(self) -> None:
        above = self.app.screen
        self._reload_on_resume = above is not self and not isinstance(above, ModalScreen)

    def on_screen_resume(self) -> None:
        if not self._reload_on_resume:
            return
        self._reload_on_resume = False
        opened, self._opened = self._opened, None
        if opened is not None and opened.last_key is not None:
            self.grid.move_to_key(opened.last_key)
        self.grid.reload()
