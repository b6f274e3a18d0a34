"""`tags`: a list of short texts, stored as a JSON array or as comma-separated text (csv).

Type a tag and press Enter (or a comma) to add it; backspace in the empty box removes the last
tag; the tag row is focusable too: left/right pick a tag, delete/backspace remove it. Text still
in the box counts as a tag, so a save right after typing keeps it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input

from studio.engine import types as ft
from studio.ui.interfaces.base import Interface
from studio.ui.interfaces.values import visible


def tags_of(value: Any) -> list[str]:
    """The tags in a stored value (a list, a CSV string, or nothing)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list | tuple):
        return [str(item) for item in value if item is not None and str(item) != ""]
    return [str(value)]


def clean_tag(text: str, options: Mapping[str, Any]) -> str:
    """A typed tag after the field's options (whitespace, capitalisation) are applied."""
    tag = text.strip()
    whitespace = options.get("whitespace")
    if isinstance(whitespace, str):
        tag = "".join(whitespace if ch.isspace() else ch for ch in tag)
    capitalization = options.get("capitalization")
    if capitalization == "lowercase":
        tag = tag.lower()
    elif capitalization == "uppercase":
        tag = tag.upper()
    return tag


class TagRow(Widget, can_focus=True):
    """The tags as chips; one of them is picked with left/right and removed with delete."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(-1)", "Previous tag", show=False, id="tags.previous"),
        Binding("right", "move(1)", "Next tag", show=False, id="tags.next"),
        Binding("delete,backspace", "remove", "Remove tag", show=False, id="tags.remove"),
    ]

    DEFAULT_CSS = """
    TagRow { height: auto; min-height: 1; width: 1fr; }
    TagRow:focus { background: $boost; }
    """

    cursor: reactive[int] = reactive(0)

    class Removed(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, tags: list[str]) -> None:
        super().__init__()
        self.tags = list(tags)

    def show(self, tags: list[str]) -> None:
        self.tags = list(tags)
        self.cursor = min(self.cursor, max(len(self.tags) - 1, 0))
        self.refresh(layout=True)

    def render(self) -> Text:
        if not self.tags:
            return Text("no tags", style="dim")
        text = Text()
        for index, tag in enumerate(self.tags):
            picked = self.has_focus and index == self.cursor
            text.append(f" {visible(tag)} ", style="reverse bold" if picked else "reverse")
            text.append(" ")
        return text

    def action_move(self, step: int) -> None:
        if self.tags:
            self.cursor = (self.cursor + step) % len(self.tags)

    def action_remove(self) -> None:
        if self.tags:
            self.post_message(self.Removed(self.cursor))

    def watch_cursor(self) -> None:
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


class TagsInterface(Interface):
    interface_ids = ("tags",)

    DEFAULT_CSS = """
    TagsInterface Input { width: 1fr; }
    """

    def compose(self) -> ComposeResult:
        self.tags = tags_of(self.value)
        self._typed_text = ""
        yield TagRow(self.tags)
        yield Input(
            placeholder=str(self.options.get("placeholder") or "add a tag: type it, then Enter"),
            compact=True,
        )

    def show_value(self, value: Any) -> None:
        self.tags = tags_of(value)
        self.query_one(TagRow).show(self.tags)
        box = self.query_one(Input)
        with box.prevent(Input.Changed):
            box.value = ""

    def _stored(self, tags: list[str]) -> Any:
        """The tags in the field's write format: a list for json/csv fields, else text."""
        if not tags:
            return None if self.nullable else ([] if self._is_list else "")
        return list(tags) if self._is_list else ",".join(tags)

    @property
    def _is_list(self) -> bool:
        return self.field.type in (ft.JSON, ft.CSV) or bool(
            {"cast-json", "cast-csv"} & set(self.field.special)
        )

    def _ordered(self, tags: list[str]) -> list[str]:
        return sorted(tags, key=str.lower) if self.options.get("alphabetize") else tags

    def _change(self, tags: list[str]) -> None:
        self.tags = self._ordered(tags)
        self.query_one(TagRow).show(self.tags)
        self._report_tags()

    def _pending(self) -> str:
        """The tag typed in the box and not added yet ("" when there is none to add)."""
        tag = clean_tag(self.query_one(Input).value, self.options)
        return "" if "," in tag or tag in self.tags else tag

    def _report_tags(self) -> None:
        pending = self._pending()
        tags = self._ordered([*self.tags, pending]) if pending else self.tags
        self.report(self._stored(tags))

    def add(self, text: str) -> bool:
        """Add a typed tag; False when it was empty or already there."""
        tag = clean_tag(text, self.options)
        if not tag or tag in self.tags:
            return False
        if self.field.type == ft.CSV and "," in tag:
            return False
        self._change([*self.tags, tag])
        return True

    def remove(self, index: int) -> None:
        if 0 <= index < len(self.tags):
            self._change([t for i, t in enumerate(self.tags) if i != index])

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.add(event.value):
            event.input.value = ""

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if "," in event.value:
            for part in event.value.split(",")[:-1]:
                self.add(part)
            event.input.value = event.value.split(",")[-1]  # its own Changed reports the rest
            return
        self._report_tags()

    @on(TagRow.Removed)
    def _removed(self, event: TagRow.Removed) -> None:
        event.stop()
        self.remove(event.index)

    def on_key(self, event: Any) -> None:
        box = self.query_one(Input)
        if event.key == "backspace" and box.has_focus and box.value == "" and self.tags:
            event.stop()
            event.prevent_default()
            self.remove(len(self.tags) - 1)
