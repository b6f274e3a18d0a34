"""The Display tab: how the value is shown where it is read rather than edited (the browser's
columns, related items' titles), and that display's options. The displays are Directus's ids
the app knows; each declares its options as (key, label, kind) so they render as a form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Final

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Select, Static

from studio.engine import types as ft
from studio.ui.wizard.draft import FieldDraft
from studio.ui.wizard.panes.parts import FormPane, choice, flag, line, pane_foot, text_input


@dataclass(frozen=True, slots=True)
class Display:
    id: str
    label: str
    options: tuple[tuple[str, str, str], ...] = ()  # (key, label, "text" | "flag")
    types: frozenset[str] | None = None  # None: any type
    relational: bool = False


DISPLAYS: Final = (
    Display("raw", "Raw value"),
    Display("formatted-value", "Formatted value",
            (("format", "Format numbers, title-case words", "flag"), ("prefix", "Prefix", "text"),
             ("suffix", "Suffix", "text"), ("bold", "Bold", "flag"))),
    Display("boolean", "Boolean", (("labelOn", "Label when on", "text"),
                                   ("labelOff", "Label when off", "text")),
            types=frozenset({ft.BOOLEAN})),
    Display("datetime", "Date & time", (("format", "Format (long, short)", "text"),
                                        ("relative", "Relative (3 days ago)", "flag")),
            types=frozenset({ft.DATE, ft.TIME, ft.DATETIME, ft.TIMESTAMP})),
    Display("labels", "Labels", (("showAsDot", "Show as a dot", "flag"),),
            types=frozenset({ft.STRING, ft.INTEGER, ft.JSON, ft.CSV})),
    Display("formatted-json-value", "Formatted JSON", (("format", "Template", "text"),),
            types=frozenset({ft.JSON})),
    Display("related-values", "Related values", (("template", "Display template", "text"),),
            relational=True),
)  # fmt: skip
BY_ID: Final = {d.id: d for d in DISPLAYS}
_NONE: Final = "+none"


def displays_for(draft: FieldDraft) -> list[Display]:
    if draft.kind.is_relational:
        return [d for d in DISPLAYS if d.relational or d.id == "raw"]
    return [d for d in DISPLAYS if not d.relational and (d.types is None or draft.type in d.types)]


class DisplayPane(FormPane):
    TITLE: ClassVar[str] = "Display"
    INPUTS: ClassVar[frozenset[str]] = frozenset({"display", "display_options"})
    DEFAULT_CSS = FormPane.DEFAULT_CSS + "#display-options { height: auto; }"

    def compose(self) -> ComposeResult:
        chosen = self.draft.meta.get("display")
        found = displays_for(self.draft)
        if chosen in BY_ID and BY_ID[chosen] not in found:
            found.append(BY_ID[chosen])
        options = [("the default", _NONE)] + [(f"{d.label} ({d.id})", d.id) for d in found]
        if chosen and chosen not in BY_ID:
            options.append((f"{chosen} (not known to Studio)", chosen))
        yield Static("How the value reads in lists and titles.", classes="pane-lead")
        yield line("Display", choice(options, chosen or _NONE), "display")
        yield Vertical(*self._option_lines(chosen), id="display-options")
        yield pane_foot()

    def _option_lines(self, display: str | None) -> list[Vertical]:
        found = BY_ID.get(display or "")
        values: dict[str, Any] = self.draft.meta.get("display_options") or {}
        if display != self.draft.meta.get("display"):
            values = {}
        lines = []
        for key, label, kind in found.options if found else ():
            widget = (
                flag("", values.get(key, False)) if kind == "flag" else text_input(values.get(key))
            )
            lines.append(line(label, widget, f"option-{key}"))
        return lines

    @on(Select.Changed, "#in-display")
    async def _display_chosen(self, event: Select.Changed) -> None:
        box = self.query_one("#display-options", Vertical)
        await box.remove_children()
        chosen = event.value if isinstance(event.value, str) and event.value != _NONE else None
        await box.mount_all(self._option_lines(chosen))

    def store(self) -> dict[str, str]:
        display = self.read("display")
        display = None if display in (None, _NONE) else display
        options: dict[str, Any] = {}
        found = BY_ID.get(display or "")
        for key, _label, kind in found.options if found else ():
            name = f"option-{key}"
            if not self.has_input(name):
                continue
            value = self.read(name)
            if kind == "flag" and value:
                options[key] = True
            elif kind == "text" and value:
                options[key] = value
        meta = self.draft.meta
        meta["display"] = display
        if found is None and display is not None:
            return self.report({})  # an unknown display keeps its options as they were
        meta["display_options"] = options or None
        return self.report({})
