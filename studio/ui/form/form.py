"""`ItemForm`: the fields of one item, laid out from their metadata, edited through their
interfaces, collected into one payload.

Interfaces report edits (`Interface.Changed`); the form records them in its `FormState`,
re-evaluates every condition against the new values, updates the rows (hidden, read-only,
required, edited, message) and tells the screen (`ItemForm.Edited`). The screen decides when
to save and hands back the engine's refusals with `show_errors`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Container, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Collapsible, Static

from studio.engine.schema import FieldInfo, SchemaOverview
from studio.ui.form.conditions import field_state
from studio.ui.form.layout import GroupNode, Node, width_of
from studio.ui.form.row import FieldRow
from studio.ui.form.state import FormState
from studio.ui.interfaces import Interface, InterfaceContext, create_interface
from studio.ui.interfaces.values import visible


class FormGrid(Container):
    """Two columns: half-width fields sit side by side, the rest span both. The screen
    switches it to one column when the terminal is narrow."""

    DEFAULT_CSS = """
    FormGrid {
        layout: grid; grid-size: 2; grid-columns: 1fr 1fr; grid-gutter: 1 2;
        grid-rows: auto; height: auto;
    }
    FormGrid > .-full, FormGrid > .-fill { column-span: 2; }
    FormGrid > .form-spacer { height: 0; }
    """


def _paired(children: list[Widget]) -> list[Widget]:
    """Halves pair up left and right; a half with no partner before a wide field gets an empty
    right cell, or the grid would squeeze the wide field into that one column."""
    placed: list[Widget] = []
    alone = False
    for child in children:
        half = child.has_class("-half")
        if alone and not half:
            placed.append(Static("", classes="form-spacer"))
        placed.append(child)
        alone = half and not alone
    return placed


class GroupBox(Vertical):
    DEFAULT_CSS = """
    GroupBox { height: auto; border: round $primary-muted; padding: 0 1; }
    GroupBox.-raw { border: none; padding: 0; }
    GroupBox Collapsible { border: none; padding: 0; margin: 0; }
    GroupBox.-hidden { display: none; }
    """

    def __init__(self, field: FieldInfo, *children: Widget, classes: str) -> None:
        super().__init__(*children, classes=classes)
        self.field = field


class ItemForm(VerticalScroll, can_focus=False):
    DEFAULT_CSS = """
    ItemForm { height: 1fr; padding: 0 1; }
    """

    class Edited(Message):
        """The set of edited fields (or a message) changed."""

        def __init__(self, form: ItemForm) -> None:
            super().__init__()
            self.form = form

        @property
        def control(self) -> ItemForm:
            return self.form

    def __init__(
        self,
        overview: SchemaOverview,
        nodes: list[Node],
        state: FormState,
        context: Callable[[FieldInfo], InterfaceContext],
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.overview = overview
        self.nodes = nodes
        self.state = state
        self.context = context
        self.rows: dict[str, FieldRow] = {}
        self.groups: dict[str, GroupBox] = {}

    def compose(self) -> ComposeResult:
        yield self._grid(self.nodes)

    def _grid(self, nodes: list[Node]) -> FormGrid:
        return FormGrid(*_paired([self._node(node) for node in nodes]))

    def _node(self, node: Node) -> FieldRow | GroupBox:
        if isinstance(node, GroupNode):
            return self._group(node)
        field = node.field
        state = self.state.state(field.field)
        interface = create_interface(
            field, state.options, self.state.values.get(field.field), self.context(field)
        )
        interface.readonly = state.readonly
        row = FieldRow(field, interface)
        self.rows[field.field] = row
        return row

    def _group(self, node: GroupNode) -> GroupBox:
        field = node.field
        grid = self._grid(node.children)
        style = field.interface or "group-detail"
        options = dict(field.options or {})
        if style == "group-raw":
            box = GroupBox(field, grid, classes=f"-raw -{width_of(field)}")
        elif style in ("group-detail", "group-accordion"):
            collapsed = options.get("start") == "closed"
            inner = Collapsible(grid, title=Content(visible(field.name)), collapsed=collapsed)
            box = GroupBox(field, inner, classes=f"-{width_of(field)}")
        else:
            box = GroupBox(field, grid, classes=f"-{width_of(field)}")
            box.border_title = Content(visible(field.name))
        self.groups[field.field] = box
        return box

    def on_mount(self) -> None:
        self.refresh_rows()

    # state → rows ---------------------------------------------------------------------------

    def refresh_rows(self) -> None:
        """Apply conditions, markers and messages to every row (cheap: a dict per field)."""
        for name, row in self.rows.items():
            state = self.state.state(name)
            row.show_state(
                hidden=state.hidden,
                readonly=state.readonly,
                required=state.required or self.state.must_fill(name),
                edited=self.state.is_edited(name),
                message=self.state.message(name),
            )
            if state.options != row.interface.options and not row.interface.relational:
                row.interface.set_options(state.options)
        for box in self.groups.values():
            hidden = field_state(box.field, self.state.values).hidden
            empty = all(row.has_class("-hidden") for row in box.query(FieldRow))
            box.set_class(empty or hidden, "-hidden")

    @on(Interface.Changed)
    def _changed(self, event: Interface.Changed) -> None:
        event.stop()
        name = event.field
        if name not in self.state.fields:
            return
        self.state.set(name, event.value, event.error)
        self.refresh_rows()
        self.post_message(self.Edited(self))

    def problems(self) -> dict[str, str]:
        """Everything a save would be refused for, in form order: the state's checks, then
        what an edited field's interface finds inside its own value."""
        found = self.state.check()
        for name, row in self.rows.items():
            if name in found or not self.state.is_edited(name) or row.has_class("-hidden"):
                continue
            problem = row.interface.check()
            if problem:
                found[name] = problem
        return found

    # screen → form --------------------------------------------------------------------------

    def show_errors(self, errors: Mapping[str, str]) -> list[str]:
        """Put messages under their fields; returns those naming no field on this form."""
        elsewhere: list[str] = []
        for name, message in errors.items():
            if name in self.rows and not self.rows[name].has_class("-hidden"):
                self.state.errors[name] = message
            else:
                elsewhere.append(message)
        self.refresh_rows()
        self.post_message(self.Edited(self))
        return elsewhere

    def reset(self, initial: Mapping[str, Any] | None = None) -> None:
        """Revert (or, after a save, take the saved values as the new starting point)."""
        self.state.reset(initial)
        for name, row in self.rows.items():
            row.interface.set_value(self.state.values.get(name))
        self.refresh_rows()
        self.post_message(self.Edited(self))

    def shows(self, name: str) -> bool:
        row = self.rows.get(name)
        return row is not None and not row.has_class("-hidden")

    def focus_field(self, name: str, *, scroll: bool = True) -> bool:
        """Send the cursor to a field; never to a hidden one (what is typed would go unseen)."""
        if not self.shows(name):
            return False
        row = self.rows[name]
        target = row.interface.focus_target()
        if target is None:
            if scroll:
                row.scroll_visible(animate=False)
            return False
        for collapsible in target.ancestors_with_self:
            if isinstance(collapsible, Collapsible) and collapsible.collapsed:
                collapsible.collapsed = False  # a field to fix is never left folded away
        target.focus(scroll_visible=scroll)
        return True

    def focus_first(self) -> None:
        """Focus the first field that can be edited, with the form at its top."""
        for name, row in self.rows.items():
            usable = not row.has_class("-hidden") and not row.has_class("-readonly")
            if usable and self.focus_field(name, scroll=False):
                break
        self.scroll_home(animate=False, immediate=True)
