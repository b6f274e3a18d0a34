"""A tiny host for one wizard pane (the pane over a scrolling area, as a tab shows it), and
keyboard helpers for the tests that drive panes through the Pilot."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, Select

from studio.engine import Database
from studio.engine.schema import SchemaOverview
from studio.ui.wizard.catalog import KINDS
from studio.ui.wizard.draft import FieldDraft
from studio.ui.wizard.pane import DraftPane


class PaneHost(App[None]):
    CSS = "VerticalScroll { height: 1fr; padding: 0 1; }"

    def __init__(self, pane: type[DraftPane], draft: FieldDraft, overview: SchemaOverview):
        super().__init__()
        self.pane = pane(draft, overview)

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield self.pane


def draft(collection: str, kind: str, key: str = "", **values: Any) -> FieldDraft:
    made = FieldDraft(collection, KINDS[kind])
    made.type_key(key)
    for name, value in values.items():
        setattr(made, name, value)
    return made


async def host(db: Database, pane: type[DraftPane], made: FieldDraft) -> PaneHost:
    return PaneHost(pane, made, await db.overview())


async def type_into(pilot: Pilot, name: str, text: str) -> None:
    """Focus the input `name`, empty it from the keyboard, and type `text`."""
    widget = pilot.app.query_one(name if name.startswith("#") else f"#in-{name}", Input)
    widget.focus()
    await pilot.press("end", *["backspace"] * len(widget.value))
    await pilot.press(*["space" if c == " " else c for c in text])


async def toggle(pilot: Pilot, name: str) -> None:
    pilot.app.query_one(f"#in-{name}", Checkbox).focus()
    await pilot.press("space")


async def choose(pilot: Pilot, name: str, value: str) -> None:
    """Open the select `name` (or a "#selector") and move to `value` with the arrow keys."""
    select = pilot.app.query_one(name if name.startswith("#") else f"#in-{name}", Select)
    select.focus()
    values = [v for _, v in select._options if v is not Select.NULL]
    await pilot.press("enter", "home")
    blank = 1 if select._allow_blank else 0
    await pilot.press(*["down"] * (values.index(value) + blank), "enter")
    await pilot.pause()
    assert select.value == value, (select.value, value)


def message(app: App[Any], name: str) -> str:
    shown = app.query_one(f"#error-{name}")
    return str(shown.render()) if shown.display else ""
