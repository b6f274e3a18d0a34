"""The items a "where used" line stands for (a country's cities, the recipes using an
ingredient), in the picker's grid with its search, filter, sort and paging.

It is a `PickerScreen` restricted by the usage's filter, except that Enter opens the item's page
on top instead of picking (its `enter_row` and `hint`): the list stays underneath, so Escape on
the page comes back to it (with the cursor where it was) and the next item is one key away;
save-and-next on the page walks this list. Coming back from a page reads the rows again, since
the item may have been edited out of the list.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.screen import ModalScreen

from studio.ui.grid_pages import QueryItemList
from studio.ui.screens.picker import PickerScreen
from studio.ui.usages import Usage


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

    def hint(self) -> str:
        return "enter opens  ·  esc back"

    def enter_row(self, key: Any) -> None:
        """Open the item's page over the list; nothing is picked."""
        self._opened = self.grid.item_list()
        self.app.open_item(  # type: ignore[attr-defined]
            self.collection, key, item_list=self._opened
        )

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
