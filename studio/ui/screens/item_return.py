"""What a screen listing items (the browser, the coverage matrix) does when an item page it
opened closes: the items may have changed, so it reads them again with the cursor on the last
item that page showed (save & next may have walked on)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import ModalScreen

if TYPE_CHECKING:
    from studio.ui.grid_pages import QueryItemList
    from studio.ui.widgets.item_grid import ItemGrid


class ReloadsOnReturn:
    """Mixed into a `Screen` with a `grid` and a `reload()`; `_opened` is the item list the
    page it opened walks."""

    _reload_on_resume: bool = False
    _opened: QueryItemList | None = None

    def on_screen_suspend(self) -> None:
        """Only a full screen above (an item page) can change the items. A modal cannot: help,
        the palette, or this screen's own dialogs, whose results reload what they change."""
        above = self.app.screen  # type: ignore[attr-defined]
        if above is not self and not isinstance(above, ModalScreen):
            self._reload_on_resume = True

    def on_screen_resume(self) -> None:
        if not self._reload_on_resume:
            return
        self._reload_on_resume = False
        opened, self._opened = self._opened, None
        grid: ItemGrid = self.grid  # type: ignore[attr-defined]
        if opened is not None and opened.last_key is not None:
            grid.move_to_key(opened.last_key)
        self.reload()  # type: ignore[attr-defined]
