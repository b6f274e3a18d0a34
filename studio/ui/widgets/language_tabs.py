"""`LanguageTabs`: one tab per language, each with how complete it is, wrapped over as many
lines as the width needs, so every language (and the active one) is always in view: eight
languages take two lines at 80 columns and one at 120.

Like `ChildList` it only draws what it is given (`show(tabs, active, source)`) and turns keys
and clicks into `LanguageTabs.Chosen`; the translations interface decides what a choice does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget

from studio.ui.interfaces.values import visible

GAP = 1  # cells between two tabs on a line


@dataclass(frozen=True)
class Tab:
    """A language's tab: its label ("Arabic (RTL)"), its completeness ("1/2", "—" when it has
    no translation), its tone (missing, partial, complete) and its staged mark ("●" edited,
    "+" new, "✕" to delete) with the mark's kind."""

    label: str
    count: str
    tone: str = "missing"
    mark: str = ""
    kind: str = ""

    @property
    def text(self) -> str:
        mark = f"{self.mark} " if self.mark else ""
        return f" {mark}{visible(self.label)} {self.count} "

    @property
    def width(self) -> int:
        return cell_len(self.text)


def wrap(tabs: Sequence[Tab], width: int) -> list[list[int]]:
    """The tabs' indexes line by line: as many as fit on each line, never a tab cut in two
    (one wider than the line has a line to itself)."""
    lines: list[list[int]] = []
    used = 0
    for index, tab in enumerate(tabs):
        need = tab.width + (GAP if lines and lines[-1] else 0)
        if not lines or used + need > width:
            lines.append([index])
            used = tab.width
        else:
            lines[-1].append(index)
            used += need
    return lines


class LanguageTabs(Widget, can_focus=True):
    DEFAULT_CSS = """
    LanguageTabs { height: auto; width: 1fr; }
    LanguageTabs > .language-tabs--tab { background: $panel; }
    LanguageTabs > .language-tabs--active {
        background: $block-cursor-blurred-background; color: $block-cursor-blurred-foreground;
        text-style: bold;
    }
    LanguageTabs:focus > .language-tabs--active {
        background: $block-cursor-background; color: $block-cursor-foreground;
    }
    LanguageTabs > .language-tabs--source { background: $primary-muted; text-style: italic; }
    LanguageTabs > .language-tabs--missing { color: $text-muted; }
    LanguageTabs > .language-tabs--partial { color: $text-warning; }
    LanguageTabs > .language-tabs--complete { color: $text-success; }
    LanguageTabs > .language-tabs--edited { color: $text-warning; }
    LanguageTabs > .language-tabs--new { color: $text-success; }
    LanguageTabs > .language-tabs--deleted { color: $text-error; text-style: strike; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "language-tabs--tab",
        "language-tabs--active",
        "language-tabs--source",
        "language-tabs--missing",
        "language-tabs--partial",
        "language-tabs--complete",
        "language-tabs--edited",
        "language-tabs--new",
        "language-tabs--deleted",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "step(-1)", "Previous language", show=False, id="translations.tab-left"),
        Binding("right", "step(1)", "Next language", show=False, id="translations.tab-right"),
        Binding("home", "edge(-1)", "First language", show=False, id="translations.tab-first"),
        Binding("end", "edge(1)", "Last language", show=False, id="translations.tab-last"),
    ]

    class Chosen(Message):
        """The tab at `index` was chosen (a key or a click)."""

        def __init__(self, tabs: LanguageTabs, index: int) -> None:
            super().__init__()
            self.tabs = tabs
            self.index = index

        @property
        def control(self) -> LanguageTabs:
            return self.tabs

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.tabs: list[Tab] = []
        self.active = 0
        self.source: int | None = None
        self.empty = "reading languages…"

    def show(
        self, tabs: Sequence[Tab], active: int, source: int | None = None, empty: str = ""
    ) -> None:
        changed = len(tabs) != len(self.tabs) or any(
            a.width != b.width for a, b in zip(tabs, self.tabs, strict=False)
        )
        self.tabs = list(tabs)
        self.active = active
        self.source = source
        if empty:
            self.empty = empty
        self.refresh(layout=changed)

    # drawing -------------------------------------------------------------------------------

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, len(wrap(self.tabs, max(width, 1))))

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"language-tabs--{name}", partial=True)

    def render(self) -> Text:
        if not self.tabs:
            return Text(visible(self.empty), style=self._style("missing"), end="")
        text = Text(end="")
        for number, line in enumerate(wrap(self.tabs, max(self.content_region.width, 1))):
            if number:
                text.append("\n")
            for place, index in enumerate(line):
                if place:
                    text.append(" " * GAP)
                text.append_text(self._tab(index))
        return text

    def _tab(self, index: int) -> Text:
        tab = self.tabs[index]
        if index == self.active:
            base = self._style("active")
        elif index == self.source:
            base = self._style("tab") + self._style("source")
        else:
            base = self._style("tab")
        plain = index != self.active
        text = Text(" ", style=base, end="")
        if tab.mark:
            mark = base + self._style(tab.kind) if plain and tab.kind else base
            text.append(tab.mark, style=mark)
            text.append(" ", style=base)
        label = base + self._style("deleted") if tab.kind == "deleted" and plain else base
        text.append(visible(tab.label), style=label)
        text.append(" ", style=base)
        text.append(tab.count, style=base + self._style(tab.tone) if plain else base)
        text.append(" ", style=base)
        return text

    # keys and clicks -----------------------------------------------------------------------

    def _choose(self, index: int) -> None:
        if self.tabs and 0 <= index < len(self.tabs):
            self.post_message(self.Chosen(self, index))

    def action_step(self, step: int) -> None:
        if self.tabs:
            self._choose((self.active + step) % len(self.tabs))

    def action_edge(self, step: int) -> None:
        self._choose(0 if step < 0 else len(self.tabs) - 1)

    def tab_at(self, x: int, y: int) -> int | None:
        lines = wrap(self.tabs, max(self.content_region.width, 1))
        if not 0 <= y < len(lines):
            return None
        left = 0
        for index in lines[y]:
            right = left + self.tabs[index].width
            if left <= x < right:
                return index
            left = right + GAP
        return None

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = self.tab_at(offset.x, offset.y)
        if index is not None:
            event.stop()
            self._choose(index)
