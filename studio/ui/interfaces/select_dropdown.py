"""`select-dropdown`: one of the choices in `options.choices`; `allowNone` adds an empty
choice, `allowOther` a box for a value that is not listed. A stored value that is not a choice
is kept and shown as such, never silently replaced by the first choice."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Select

from studio.ui.interfaces.base import Interface
from studio.ui.interfaces.values import display_text, parse_text, visible

OTHER = "\x00other"


def choices_of(options: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """(text, value) pairs from Directus's `choices` option (objects or bare values)."""
    result: list[tuple[str, Any]] = []
    for choice in options.get("choices") or ():
        if isinstance(choice, Mapping):
            value = choice.get("value")
            text = choice.get("text", value)
        else:
            value = text = choice
        result.append((str(text if text is not None else ""), value))
    return result


class SelectDropdownInterface(Interface):
    interface_ids = ("select-dropdown", "select-radio", "select-icon", "select-color")

    DEFAULT_CSS = """
    SelectDropdownInterface Select { width: 1fr; }
    SelectDropdownInterface Input { display: none; }
    SelectDropdownInterface.-other Input { display: block; }
    """

    def compose(self) -> ComposeResult:
        self._selected = self._selection_for(self.value)
        yield Select(
            self._select_options(self.value),
            prompt=str(self.options.get("placeholder") or "(no value)"),
            allow_blank=self._allow_blank(),
            value=self._selected,
            compact=True,
        )
        self._other_text = "" if self._listed(self.value) else display_text(self.field, self.value)
        yield Input(self._other_text, placeholder="other value", compact=True)
        self.set_class(self._selected == OTHER, "-other")

    def _allow_blank(self) -> bool:
        return bool(self.options.get("allowNone")) or self.value is None or not self._choices()

    def _choices(self) -> list[tuple[str, Any]]:
        return choices_of(self.options)

    def _listed(self, value: Any) -> bool:
        return value is None or any(v == value for _, v in self._choices())

    def _allow_other(self) -> bool:
        return bool(self.options.get("allowOther"))

    def _selection_for(self, value: Any) -> Any:
        if value is None:
            return Select.NULL
        if self._listed(value):
            return next(v for _, v in self._choices() if v == value)
        return OTHER if self._allow_other() else value

    def _select_options(self, value: Any) -> list[tuple[Text, Any]]:
        options = [(Text(visible(text)), choice) for text, choice in self._choices()]
        if self._allow_other():
            options.append((Text("Other…"), OTHER))
        elif not self._listed(value):
            options.append(
                (Text(f"{display_text(self.field, value)} (not a listed choice)"), value)
            )
        return options

    def show_value(self, value: Any) -> None:
        select = self.query_one(Select)
        self._selected = self._selection_for(value)
        with select.prevent(Select.Changed):
            select.set_options(self._select_options(value))
            select.value = self._selected
        if self._selected == OTHER:
            self._other_text = display_text(self.field, value)
            box = self.query_one(Input)
            with box.prevent(Input.Changed):
                box.value = self._other_text
        self.set_class(self._selected == OTHER, "-other")

    def set_options(self, options: Mapping[str, Any] | None) -> None:
        super().set_options(options)
        if self.is_mounted:
            self.show_value(self.value)

    @on(Select.Changed)
    def _picked(self, event: Select.Changed) -> None:
        event.stop()
        if event.value == self._selected:
            return
        self._selected = event.value
        self.set_class(event.value == OTHER, "-other")
        if event.value == OTHER:
            self._report_other(self.query_one(Input).value)
            return
        self.report(None if event.value == Select.NULL else event.value)

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value == self._other_text:
            return
        self._other_text = event.value
        if self._selected == OTHER:
            self._report_other(event.value)

    def _report_other(self, text: str) -> None:
        value, error = parse_text(self.field, text, self.context.dialect, self.options)
        self.report(value, error)
