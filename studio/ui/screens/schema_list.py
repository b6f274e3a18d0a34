"""The shape the data model's two lists share (the collections, a collection's fields): a title,
a row table whose Enter belongs to the screen, a detail of the row under the cursor and a message
line, and schema changes run as preview → confirm → apply whose outcome comes back as a message
(workers post; the handlers redraw)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Static

from studio.engine.changes import SchemaChange
from studio.engine.errors import StudioError
from studio.engine.schema import SchemaOverview
from studio.ui.schema_apply import confirm_and_apply
from studio.ui.widgets.schema_table import SchemaTable

if TYPE_CHECKING:
    from studio.ui.app import StudioApp


class SchemaListScreen(Screen[None]):
    DEFAULT_CSS = """
    SchemaListScreen .list-title { height: 1; padding: 0 1; text-style: bold; }
    SchemaListScreen SchemaTable { height: 1fr; }
    SchemaListScreen .list-detail { height: auto; max-height: 3; padding: 0 1; color: $text-muted; }
    SchemaListScreen .list-message { height: auto; padding: 0 1; color: $error; }
    """
    ID_PREFIX: ClassVar[str] = "list"  # the widgets' ids: "<prefix>-title", "-table", …

    class Changed(Message):
        """A change was applied: list again with the cursor on `key` (or where it was)."""

        def __init__(self, key: str | None) -> None:
            super().__init__()
            self.key = key

    class Refused(Message):
        def __init__(self, message: str) -> None:
            super().__init__()
            self.message = message

    @property
    def studio(self) -> StudioApp:
        return self.app  # type: ignore[return-value]

    @property
    def overview(self) -> SchemaOverview:
        return self.studio.session.overview

    @property
    def table(self) -> SchemaTable:
        return self.query_one(SchemaTable)

    def compose(self) -> ComposeResult:
        prefix = self.ID_PREFIX
        with Vertical():
            yield Static("", id=f"{prefix}-title", classes="list-title", markup=False)
            yield SchemaTable(id=f"{prefix}-table")
            yield from self.compose_below_table()
            yield Static("", id=f"{prefix}-detail", classes="list-detail", markup=False)
            yield Static("", id=f"{prefix}-message", classes="list-message", markup=False)
        yield Footer(compact=True)

    def compose_below_table(self) -> Iterable[Widget]:
        """Widgets between the table and the detail line (none by default)."""
        return ()

    def set_columns(self, labels: Sequence[str]) -> None:
        for label in labels:
            self.table.add_column(label, key=label.lower())

    def fill_rows(self, rows: Iterable[tuple[str, Sequence[Any]]], keep: str | None) -> None:
        """Put `(key, cells)` rows in the table, the cursor on `keep` when it is among them,
        else on the row number it had."""
        table = self.table
        row = table.cursor_row
        table.clear()
        for key, cells in rows:
            table.add_row(*cells, key=key)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        table.move_to(keep)
        self.describe()
        self.refresh_bindings()

    def say(self, message: str) -> None:
        self.query_one(f"#{self.ID_PREFIX}-message", Static).update(message)

    def show_detail(self, text: str) -> None:
        self.query_one(f"#{self.ID_PREFIX}-detail", Static).update(text)

    def describe(self) -> None:
        """Show the row under the cursor in the detail line."""

    def open_row(self) -> None:
        """What Enter on a row does."""

    def redraw(self, keep: str | None) -> None:
        """List again from the current overview."""

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self.say("")
        self.describe()
        self.refresh_bindings()

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.open_row()

    async def run_change(
        self,
        preview: Awaitable[SchemaChange],
        apply: Callable[[], Awaitable[SchemaChange]],
        label: str,
        then: str | None,
        type_to_confirm: str = "",
    ) -> None:
        """Preview, confirm and apply one change (from a worker); the outcome is posted."""
        try:
            done = await confirm_and_apply(
                self.studio, preview, apply, confirm_label=label, type_to_confirm=type_to_confirm
            )
        except StudioError as error:
            self.post_message(self.Refused(error.message))
            return
        if done:
            self.post_message(self.Changed(then))

    @on(Changed)
    def _changed(self, message: Changed) -> None:
        self.say("")
        self.redraw(message.key or self.table.cursor_key)

    @on(Refused)
    def _refused(self, message: Refused) -> None:
        self.redraw(self.table.cursor_key)
        self.say(message.message)
