"""`input-code`: a code editor; on a JSON field the text is parsed as typed and a message says
where it stops being JSON. Reformatting without changing the data is not an edit."""

from __future__ import annotations

import json
from typing import Any

from textual.app import ComposeResult
from textual.widgets import TextArea

from studio.engine import types as ft
from studio.ui.interfaces.input_multiline import MultilineInterface

_languages: set[str] | None = None


def known_language(name: str) -> str | None:
    global _languages
    if _languages is None:
        _languages = set(TextArea().available_languages)
    return name if name in _languages else None


def parse_json(label: str, text: str) -> tuple[Any, str | None]:
    """(value, None) for JSON text (empty text is null), else (None, where it goes wrong)."""
    if not text.strip():
        return None, None
    try:
        return json.loads(text), None
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        return None, f"{label} is not valid JSON: {error.msg} ({where})."


def json_text(value: Any) -> str:
    if value is None:
        return ""
    return json.dumps(value, indent=2, ensure_ascii=False)


class InputCodeInterface(MultilineInterface):
    """The multiline interface as a code editor, with JSON parsed as typed."""

    interface_ids = ("input-code",)

    DEFAULT_CSS = """
    InputCodeInterface TextArea { height: 8; }
    """

    @property
    def is_json(self) -> bool:
        return self.field.type == ft.JSON or "cast-json" in self.field.special

    def text_for(self, value: Any) -> str:
        return json_text(value) if self.is_json else super().text_for(value)

    def parse(self, text: str) -> tuple[Any, str | None]:
        return parse_json(self.field.name, text) if self.is_json else super().parse(text)

    def compose(self) -> ComposeResult:
        self._shown = self.text_for(self.value)
        language = str(self.options.get("language") or ("json" if self.is_json else "")).lower()
        area = TextArea.code_editor(
            self._shown,
            language=known_language(language),
            theme="css",
            tab_behavior="focus",
            compact=True,
            show_line_numbers=bool(self.options.get("lineNumber", True)),
            soft_wrap=False,
        )
        yield area
