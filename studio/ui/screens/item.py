"""The item page (placeholder until the form lands)."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Static

from studio.ui.item_list import ItemList


class ItemScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="item.back"),
    ]

    def __init__(self, collection: str, key: Any = None, *, item_list: ItemList | None = None):
        super().__init__()
        self.collection = collection
        self.key = key
        self.item_list = item_list

    def compose(self) -> ComposeResult:
        yield Static(f"{self.collection} {self.key}", markup=False)
        yield Footer()
