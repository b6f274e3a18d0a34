"""`input`: one line of text, checked as typed against the field's type (numbers, UUIDs,
lengths), with the message next to the field until the text is a value again."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input

from studio.engine import types as ft
from studio.ui.form.state import generated
from studio.ui.interfaces.base import Interface
from studio.ui.interfaces.values import display_text, parse_text, type_hint

GENERATED = "generated when saved"


class InputInterface(Interface):
    interface_ids = ("input",)

    def compose(self) -> ComposeResult:
        self._shown = self._text_for(self.value)
        yield Input(
            self._shown,
            placeholder=self.placeholder(),
            password=bool(self.options.get("masked")) or self.field.type == ft.HASH,
            compact=True,
            select_on_focus=False,
        )

    def placeholder(self) -> str:
        if self.options.get("placeholder"):
            return str(self.options["placeholder"])
        field = self.field
        if self.context.creating and generated(field):
            return GENERATED
        if field.type == ft.HASH and self.value is not None:
            return "•••••• (stored; type to replace)"
        return type_hint(field)

    def _text_for(self, value: Any) -> str:
        if self.field.type == ft.HASH:
            return ""  # never show a stored hash as if it were the secret
        return display_text(self.field, value)

    def show_value(self, value: Any) -> None:
        self._shown = self._text_for(value)
        box = self.query_one(Input)
        with box.prevent(Input.Changed):
            box.value = self._shown

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value == self._shown:
            return  # the value we put there ourselves
        self._shown = event.value
        self.report_text(event.value)

    def report_text(self, text: str) -> None:
        if self.field.type == ft.HASH and text == "":
            self.report(self.initial_hash())
            return
        value, error = parse_text(self.field, text, self.context.dialect, self.options)
        self.report(value, error)

    def initial_hash(self) -> Any:
        return getattr(self, "_stored_hash", self.value)

    def on_mount(self) -> None:
        super().on_mount()
        self._stored_hash = self.value
