"""The collections browser: the navigation list beside the selected collection's items."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from studio.ui.widgets.collection_nav import CollectionNav, ordered_children


class BrowserScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+b", "toggle_nav", "Collections", id="browser.toggle-nav"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.collection: str | None = None

    def compose(self) -> ComposeResult:
        overview = self.app.session.overview  # type: ignore[attr-defined]
        with Horizontal():
            yield CollectionNav(overview, id="nav")
            with Vertical(id="browser-main"):
                yield Static("", id="browser-title", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        overview = self.app.session.overview  # type: ignore[attr-defined]
        first = next((c for c in ordered_children(overview, None, False) if not c.is_folder), None)
        if first is not None:
            self.show_collection(first.collection)
        self.query_one("#nav-tree").focus()

    def show_collection(self, collection: str) -> None:
        self.collection = collection
        self.query_one(CollectionNav).highlight(collection)
        info = self.app.session.overview.collection(collection)  # type: ignore[attr-defined]
        self.query_one("#browser-title", Static).update(info.name)

    @on(CollectionNav.Selected)
    def _selected(self, event: CollectionNav.Selected) -> None:
        self.app.open_collection(event.collection)  # type: ignore[attr-defined]

    def action_toggle_nav(self) -> None:
        nav = self.query_one(CollectionNav)
        nav.display = not nav.display
