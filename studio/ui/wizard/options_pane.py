"""Step 3 of the wizard (the "Interface" tab in advanced mode): the interface's options, edited
with the item form over the option fields the interface declares (`wizard/options.py`)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from studio.engine.schema import FieldInfo
from studio.ui.form.form import ItemForm
from studio.ui.form.layout import build_layout, field_nodes
from studio.ui.form.state import FormState
from studio.ui.interfaces import InterfaceContext
from studio.ui.wizard.draft import FieldDraft
from studio.ui.wizard.options import (
    OPTIONS_COLLECTION,
    form_values,
    option_fields,
    options_collection,
    stored_options,
)
from studio.ui.wizard.pane import DraftPane


class OptionsPane(DraftPane):
    DEFAULT_CSS = """
    OptionsPane { height: 1fr; }
    OptionsPane #options-heading { color: $text-muted; padding: 0 1; }
    OptionsPane #options-message { color: $error; padding: 0 1; height: auto; }
    OptionsPane #options-message.-empty { display: none; }
    OptionsPane #options-form { height: 1fr; }
    """

    TITLE: ClassVar[str] = "Interface"
    INPUTS: ClassVar[frozenset[str]] = frozenset({"options"})

    form: ItemForm | None = None

    @classmethod
    def applies(cls, draft: FieldDraft) -> bool:
        return bool(option_fields(draft.kind.interface, draft.type))

    @property
    def fields(self) -> tuple[FieldInfo, ...]:
        return option_fields(self.draft.kind.interface, self.draft.type)

    def compose(self) -> ComposeResult:
        fields = self.fields
        heading = f"Options of the {self.draft.kind.label} interface"
        yield Static(Content(heading), id="options-heading")
        yield Static("", id="options-message", classes="-empty")
        if not fields:
            yield Static(Content("This interface has no options."), id="options-none")
            return
        info = options_collection(fields)
        nodes = build_layout(info, lambda field: True)
        values = form_values(fields, self.draft.meta.get("options") or {})
        state = FormState(info, field_nodes(nodes), values, creating=True)
        self.form = ItemForm(self.overview, nodes, state, self._option_context, id="options-form")
        yield self.form

    def _option_context(self, field: FieldInfo) -> InterfaceContext:
        return InterfaceContext(collection=OPTIONS_COLLECTION)

    def focus_first(self) -> None:
        if self.form is not None:
            self.form.focus_first()

    def store(self) -> dict[str, str]:
        if self.form is None:
            return {}
        problems = self.form.problems()
        if problems:
            return problems
        options = stored_options(self.fields, self.form.state.values, self.draft.type)
        if options:
            self.draft.meta["options"] = options
        else:
            self.draft.meta.pop("options", None)
        return {}

    def show_error(self, input_name: str, message: str) -> None:
        elsewhere = [message]
        if self.form is not None and input_name in self.form.rows:
            elsewhere = self.form.show_errors({input_name: message})
            self.form.focus_field(input_name)
        if elsewhere:
            line = self.query_one("#options-message", Static)
            line.update(Content(" ".join(elsewhere)))
            line.remove_class("-empty")
