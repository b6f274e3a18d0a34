"""The navigation list: collections by group and sort order, with display names and notes.

Hidden and junction collections are left out until the user asks for them (`h`); a collection
that cannot be edited stays in the list, marked, and its reason is shown under the list.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static, Tree

from studio.engine import CollectionInfo, SchemaOverview


def ordered_children(
    overview: SchemaOverview, parent: str | None, show_hidden: bool
) -> list[CollectionInfo]:
    """Collections directly under `parent` (a folder), in the admin's sort order."""
    children = [
        info
        for info in overview.collections.values()
        if (info.group if info.group in overview.collections else None) == parent
        and (show_hidden or not (info.hidden or info.is_junction))
        and not info.collection.startswith("studio_")
    ]
    return sorted(children, key=lambda c: (c.sort is None, c.sort or 0, c.name.lower()))


def nav_label(info: CollectionInfo) -> Text:
    label = Text(info.name)
    if info.singleton:
        label.append(" ◆", style="dim")
    if not info.editable:
        label.append(" (read-only)", style="dim italic")
    if info.hidden or info.is_junction:
        label.stylize("dim")
    return label


class CollectionTree(Tree[str]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("h", "toggle_hidden", "Hidden", id="nav.toggle-hidden"),
    ]

    def action_toggle_hidden(self) -> None:
        nav = self.parent
        if isinstance(nav, CollectionNav):
            nav.show_hidden = not nav.show_hidden


class CollectionNav(Vertical):
    DEFAULT_CSS = """
    CollectionNav { width: 24; border-right: vkey $foreground 20%; }
    CollectionNav CollectionTree { height: 1fr; background: transparent; }
    CollectionNav #nav-note { height: auto; max-height: 4; color: $text-muted; padding: 0 1; }
    """

    show_hidden: reactive[bool] = reactive(False)

    class Selected(Message):
        """The user opened a collection (Enter or click)."""

        def __init__(self, collection: str) -> None:
            super().__init__()
            self.collection = collection

    def __init__(self, overview: SchemaOverview, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.overview = overview

    def compose(self) -> ComposeResult:
        tree: CollectionTree = CollectionTree("Collections", id="nav-tree")
        tree.show_root = False
        tree.guide_depth = 2
        yield tree
        yield Static("", id="nav-note", markup=False)

    def on_mount(self) -> None:
        self.rebuild()

    def watch_show_hidden(self) -> None:
        if self.is_mounted:
            self.rebuild()

    def set_overview(self, overview: SchemaOverview) -> None:
        self.overview = overview
        self.rebuild()

    def rebuild(self) -> None:
        tree = self.query_one(CollectionTree)
        selected = tree.cursor_node.data if tree.cursor_node else None
        tree.clear()
        self._add(tree.root, None)
        tree.root.expand_all()
        if selected:
            self.highlight(selected)

    def _add(self, node, parent: str | None) -> None:
        for info in ordered_children(self.overview, parent, self.show_hidden):
            if info.is_folder:
                folder = node.add(Text(info.name, style="bold"), data=None, expand=True)
                self._add(folder, info.collection)
            else:
                node.add_leaf(nav_label(info), data=info.collection)

    def highlight(self, collection: str) -> None:
        tree = self.query_one(CollectionTree)
        for line in range(tree.last_line + 1):
            node = tree.get_node_at_line(line)
            if node is not None and node.data == collection:
                tree.move_cursor(node)
                return

    @on(Tree.NodeHighlighted)
    def _describe(self, event: Tree.NodeHighlighted[str]) -> None:
        note = self.query_one("#nav-note", Static)
        info = self.overview.collections.get(event.node.data or "")
        if info is None:
            note.update("")
            return
        lines = [info.note] if info.note else []
        if not info.editable and info.not_editable_reason:
            lines.append(f"Read-only: {info.not_editable_reason}")
        note.update("\n".join(lines))

    @on(Tree.NodeSelected)
    def _open(self, event: Tree.NodeSelected[str]) -> None:
        event.stop()
        if event.node.data:
            self.post_message(self.Selected(event.node.data))
