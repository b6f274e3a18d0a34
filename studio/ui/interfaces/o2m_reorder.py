"""Reordering an O2M list with keys, when the relation has a sort field: shift+up/down move the
cursor row one place, `m` moves it to a typed position, across pages.

The first move reads the children's keys and sort values (one read, never the rows), then the
list shows pages as slices of that staged order and reads titles a page at a time; the save
sends new sort values only where they change (`O2MStaging.sort_values`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import events, on, work
from textual.message import Message
from textual.widgets import Input

from studio.engine.errors import StudioError
from studio.ui.interfaces.o2m_list import O2MList
from studio.ui.o2m_reads import read_order
from studio.ui.o2m_staging import RowId


class ReorderableO2MList(O2MList):
    """`O2MList` with the move keys."""

    def _setup(self) -> None:
        self._pending: list[Callable[[], None]] = []  # moves waiting for the order's read
        self._order_reading = False
        self._prompt_row: RowId | None = None
        self._resets = 0  # reverts so far: an order read before one is void
        super()._setup()

    def show_value(self, value: Any) -> None:
        self._pending.clear()
        self._order_reading = False
        self._resets += 1
        super().show_value(value)

    def _reading_failed(self) -> None:
        self._order_reading = False
        self._pending.clear()

    def on_key(self, event: events.Key) -> None:
        """Escape in the position box goes back to the list (not off the page)."""
        if event.key == "escape" and self.query_one("#o2m-prompt", Input).has_focus:
            event.stop()
            self._prompt_row = None
            self._close_prompt()
            return
        super().on_key(event)

    class _OrderRead(Message):
        def __init__(self, resets: int, rows: list[tuple[Any, Any]]) -> None:
            super().__init__()
            self.resets, self.rows = resets, rows

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
            self._read_order(self._resets)

    @work(exclusive=True, group="o2m-order", exit_on_error=False)
    async def _read_order(self, resets: int) -> None:
        assert self.source is not None
        try:
            rows = await read_order(self.context.session, self.source)
        except StudioError as error:
            self.post_message(self._ReadFailed(error.message))
            return
        self.post_message(self._OrderRead(resets, rows))

    @on(_OrderRead)
    def _order_read(self, message: _OrderRead) -> None:
        if message.resets != self._resets:
            return  # read before a revert (which dropped the moves waiting for it)
        self._order_reading = False
        if self.staging.order is None:
            self.staging.start_order(message.rows)
        pending, self._pending = self._pending, []
        self._message = None
        for apply in pending:
            apply()
        self._draw()
