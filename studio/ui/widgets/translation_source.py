"""The split view's read-only side: another language's translation as it stands now (its
staged edits included), field by field in form order, to read from while typing the target."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from studio.engine.schema import FieldInfo
from studio.ui.interfaces.values import display_text, visible
from studio.ui.translation_setup import is_filled


class TranslationSource(Vertical):
    DEFAULT_CSS = """
    TranslationSource { height: auto; }
    TranslationSource .source-heading {
        height: 1; color: $text-muted; text-style: bold;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    TranslationSource .source-label { text-style: bold; margin-top: 1; }
    TranslationSource .source-label.-first { margin-top: 0; }
    TranslationSource .source-value { background: $panel-darken-1; padding: 0 1; }
    TranslationSource .source-value.-empty { color: $text-muted; text-style: italic; }
    """

    def __init__(self, fields: Sequence[FieldInfo], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.fields = list(fields)
        self.boxes: dict[str, Static] = {}

    def compose(self) -> ComposeResult:
        yield Static("", classes="source-heading", markup=False)
        for index, field in enumerate(self.fields):
            first = " -first" if index == 0 else ""
            yield Static(visible(field.name), classes=f"source-label{first}", markup=False)
            box = Static("", classes="source-value", markup=False)
            self.boxes[field.field] = box
            yield box

    def show(self, heading: str, values: Mapping[str, Any]) -> None:
        if not self.is_mounted:
            return
        self.query_one(".source-heading", Static).update(visible(heading))
        for field in self.fields:
            box = self.boxes[field.field]
            value = values.get(field.field)
            empty = not is_filled(field, value)
            box.set_class(empty, "-empty")
            box.update("empty" if empty else display_text(field, value, multiline=True))

    def value_text(self, name: str) -> str:
        return str(self.boxes[name].content)
