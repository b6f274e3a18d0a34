"""Bulk set: one context field, one value, for every selected link of an M2M grid.

The value is entered with the field's own interface (the one its grid cell uses), so it is
typed and checked the same way; a value the save would refuse (not a value of the type,
required, the validation rule) is named under it and the dialog stays open. Given the links'
own values, each link is checked with them (a rule or condition may name another field), and
only fields some link may edit are offered. It writes nothing: it dismisses `(field, value)`
and the grid's owner stages that value on the links (or None on Escape).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

from studio.engine.schema import FieldInfo
from studio.ui.interfaces.base import Interface, InterfaceContext
from studio.ui.interfaces.values import visible
from studio.ui.widgets.link_grid_rules import cell_locked, cell_problem


class BulkSetScreen(ModalScreen[tuple[str, Any] | None]):
    DEFAULT_CSS = """
    BulkSetScreen { align: center middle; }
    BulkSetScreen > Vertical {
        width: 64; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $panel; padding: 0 1;
    }
    BulkSetScreen .bulk-label { color: $text-muted; margin-top: 1; }
    BulkSetScreen #bulk-field-name { text-style: bold; }
    BulkSetScreen #bulk-value { height: auto; }
    BulkSetScreen #bulk-value Input.-textual-compact, BulkSetScreen SelectCurrent {
        background: $panel-lighten-1;
    }
    BulkSetScreen #bulk-value Input.-textual-compact:focus,
    BulkSetScreen Select:focus > SelectCurrent { background: $panel-lighten-2; }
    BulkSetScreen #bulk-error { color: $error; height: auto; }
    BulkSetScreen Horizontal { height: auto; align-horizontal: right; margin-top: 1; }
    BulkSetScreen Button { margin-left: 1; min-width: 0; width: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="bulk.cancel"),
        Binding("ctrl+s", "apply", "Apply", id="bulk.apply"),
    ]

    def __init__(
        self,
        fields: Sequence[FieldInfo],
        context_for: Callable[[FieldInfo], InterfaceContext],
        count: int,
        links: Sequence[Mapping[str, Any]] = (),
    ) -> None:
        super().__init__()
        self.links = [dict(values) for values in links]  # each link's context values
        rows = self.links or [{}]
        self.fields = {f.field: f for f in fields if any(not cell_locked(f, r) for r in rows)}
        self.context_for = context_for
        self.count = count
        self.field: FieldInfo | None = next(iter(self.fields.values())) if fields else None
        self.value: Any = None
        self.error: str | None = None

    def compose(self) -> ComposeResult:
        links = f"{self.count} link{'s' if self.count != 1 else ''}"
        with Vertical() as box:
            box.border_title = Content(f"Set a value on {links}")
            yield Static("Field", classes="bulk-label", markup=False)
            if len(self.fields) > 1:
                yield Select(
                    [(Text(visible(f.name)), f.field) for f in self.fields.values()],
                    value=self.field.field if self.field is not None else Select.NULL,
                    allow_blank=False,
                    id="bulk-field",
                    compact=True,
                )
            else:
                name = visible(self.field.name) if self.field is not None else "(no field)"
                yield Static(name, id="bulk-field-name", markup=False)
            yield Static("Value", classes="bulk-label", markup=False)
            yield Vertical(id="bulk-value")
            yield Static("", id="bulk-error", markup=False)
            with Horizontal():
                yield Button("Cancel (esc)", id="bulk-cancel", compact=True)
                yield Button("Apply (ctrl+s)", id="bulk-apply", variant="primary", compact=True)

    async def on_mount(self) -> None:
        await self._show_field()

    async def _show_field(self) -> None:
        """The chosen field's own interface, empty, with the cursor in it."""
        holder = self.query_one("#bulk-value", Vertical)
        await holder.remove_children()
        self.value, self.error = None, None
        self._say("")
        field = self.field
        if field is None:
            return
        from studio.ui.interfaces import create_interface  # the registry imports the M2M

        interface = create_interface(field, field.options, None, self.context_for(field))
        await holder.mount(interface)
        target = interface.focus_target()
        if target is not None:
            target.focus()

    @property
    def interface(self) -> Interface | None:
        return next(iter(self.query_one("#bulk-value", Vertical).query(Interface)), None)

    @on(Select.Changed, "#bulk-field")
    async def _field_chosen(self, event: Select.Changed) -> None:
        event.stop()
        chosen = self.fields.get(event.value) if isinstance(event.value, str) else None
        if chosen is None or chosen is self.field:
            return
        self.field = chosen
        await self._show_field()

    @on(Interface.Changed)
    def _typed(self, event: Interface.Changed) -> None:
        event.stop()
        if event.interface is not self.interface:
            return  # typed for the field chosen before, arriving after the switch
        self.value = event.value
        self.error = event.error
        self._say("")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_apply()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "bulk-cancel":
            self.action_cancel()
        elif event.button.id == "bulk-apply":
            self.action_apply()

    def _say(self, message: str) -> None:
        self.query_one("#bulk-error", Static).update(visible(message))

    @property
    def message(self) -> str:
        """The refusal shown under the value ("" for none)."""
        return str(self.query_one("#bulk-error", Static).content)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_apply(self) -> None:
        field = self.field
        if field is None:
            self._say("There is no field to set.")
            return
        problem = self.error or self._refusal(field, self.value)
        if problem is not None:
            self._say(problem)
            target = self.interface.focus_target() if self.interface is not None else None
            if target is not None:
                target.focus()
            return
        self.dismiss((field.field, self.value))

    def _refusal(self, field: FieldInfo, value: Any) -> str | None:
        """What a save would refuse about `value` on the links, each checked with its own
        values; how many links refuse it when not all do."""
        rows = self.links or [{}]
        locked = sum(1 for row in rows if cell_locked(field, row))
        if locked:
            return f"{field.name} is read-only on {locked} of {len(rows)} links."
        problems = [p for row in rows if (p := cell_problem(field, value, row)) is not None]
        if not problems or len(problems) == len(rows):
            return problems[0] if problems else None
        return f"{problems[0]} ({len(problems)} of {len(rows)} links)"
