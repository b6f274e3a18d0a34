"""`input-multiline`: a text area for long text; clearing it writes null where allowed."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import TextArea

from studio.ui.interfaces.base import Interface
from studio.ui.interfaces.values import display_text, parse_text


class MultilineInterface(Interface):
    interface_ids = ("input-multiline", "input-rich-text-md", "input-rich-text-html")

    DEFAULT_CSS = """
    MultilineInterface TextArea { height: 6; }
    """

    def text_for(self, value: Any) -> str:
        return display_text(self.field, value, multiline=True)

    def parse(self, text: str) -> tuple[Any, str | None]:
        return parse_text(self.field, text, self.context.dialect, self.options)

    def compose(self) -> ComposeResult:
        self._shown = self.text_for(self.value)
        area = TextArea(
            self._shown,
            soft_wrap=True,
            tab_behavior="focus",
            compact=True,
            placeholder=str(self.options.get("placeholder") or ""),
        )
        yield area

    def show_value(self, value: Any) -> None:
        self._shown = self.text_for(value)
        area = self.query_one(TextArea)
        with area.prevent(TextArea.Changed):
            area.text = self._shown

    @on(TextArea.Changed)
    def _typed(self, event: TextArea.Changed) -> None:
        event.stop()
        text = event.text_area.text
        if text == self._shown:
            return
        self._shown = text
        value, error = self.parse(text)
        self.report(value, error)
