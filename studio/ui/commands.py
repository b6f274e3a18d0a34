"""The command palette (ctrl+p): jump to a collection, find an item by its title, create an
item, open a translated collection's coverage, switch theme (Textual's own command), and the
actions of the current screen.

The actions are the screen's enabled keys that have an id (ours), once each with all their
keys; a key of a field's widget is named by its field ("Cities: New"), so the O2M list's "New"
is not taken for the page's. Cursor moves (Up, Page down, First, ...) are left out: the palette
runs one action once, and a move is only useful as a key. Textual's own widget keys (scrolling,
text editing, focus) have no id and are left out too.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from studio.ui.app import StudioApp

ITEM_RESULTS = 8
ITEM_FLOOR = 0.5  # the score of an item whose title does not match the query
# binding ids' names that move a cursor or a selection edge (grid.up, o2m.page-down, ...)
MOVES = frozenset(
    {"up", "down", "left", "right", "first", "last", "page-up", "page-down"}
    | {"extend-up", "extend-down"}
)
# covered by Textual's own system command of the same name (which runs the same action)
SYSTEM_DUPLICATES = frozenset({"app.quit"})


class StudioCommands(Provider):
    @property
    def studio(self) -> StudioApp:
        return self.app  # type: ignore[return-value]

    def _ready(self) -> bool:
        return self.studio._session is not None

    def _commands(self) -> list[tuple[str, Any, str]]:
        """(title, callback, help) for everything that needs no typing."""
        commands: list[tuple[str, Any, str]] = []
        if self._ready():
            overview = self.studio.session.overview
            for info in sorted(overview.collections.values(), key=lambda c: c.name.lower()):
                if info.is_folder or info.collection.startswith("studio_"):
                    continue
                commands.append(
                    (
                        f"Open {info.name}",
                        partial(self.studio.open_collection, info.collection),
                        info.note or f"Browse the {info.collection} collection",
                    )
                )
                if info.editable and not info.singleton:
                    commands.append(
                        (
                            f"Create {info.name} item",
                            partial(self.studio.open_item, info.collection, None),
                            f"A new item in {info.collection}",
                        )
                    )
                if info.editable:
                    commands.append(
                        (
                            f"Add field to {info.name}…",
                            partial(self.studio.open_field_wizard, info.collection),
                            f"The field wizard: a new field in {info.collection}",
                        )
                    )
                field = _translations_field(overview, info)
                if field is not None:
                    commands.append(
                        (
                            f"Translation coverage of {info.name}",
                            partial(self.studio.open_coverage, info.collection, field),
                            "Which translations are missing or incomplete, by language",
                        )
                    )
        return commands + self._key_commands()

    def _key_commands(self) -> list[tuple[str, Any, str]]:
        """The screen's actions, one entry per action of each widget with all its keys."""
        found: dict[tuple[int, str], tuple[str, Any, list[str]]] = {}
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not active.enabled or not binding.description or binding.system:
                continue
            if binding.id is None or binding.id in SYSTEM_DUPLICATES:
                continue
            if binding.id.partition(".")[2] in MOVES:
                continue
            key = self.app.get_key_display(binding)
            slot = (id(active.node), binding.action)
            if slot in found:
                found[slot][2].append(key)
                continue
            area = _area(active.node)
            title = f"{area}: {binding.description}" if area else binding.description
            found[slot] = (title, partial(self._run, active.node, binding.action), [key])
        return [(title, run, f"Key: {', '.join(keys)}") for title, run, keys in found.values()]

    async def _run(self, node: Any, action: str) -> None:
        await node.run_action(action)

    async def discover(self) -> Hits:
        for title, callback, help_text in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback, help_text in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
        async for hit in self._items(query, matcher):
            yield hit

    async def _items(self, query: str, matcher: Any) -> Hits:
        """Items of the collection on screen whose searchable fields contain the query, ranked
        by how well their title matches it, like the commands (a title that does not show the
        query, found through another field, comes last)."""
        collection = getattr(self.screen, "collection", None)
        if not self._ready() or not collection or len(query.strip()) < 2:
            return
        from studio.engine import StudioError
        from studio.engine.templates import render_template, template_fields

        session = self.studio.session
        info = session.overview.collections.get(collection)
        if info is None or info.primary_key is None:
            return
        template = info.display_template or "{{" + info.primary_key + "}}"
        fields = [*template_fields(template), info.primary_key]
        try:
            items = await session.items(collection).read_many(
                fields=fields, search=query.strip(), limit=ITEM_RESULTS
            )
        except StudioError:
            return
        for item in items:
            title = render_template(template, item) or str(item[info.primary_key])
            yield Hit(
                max(matcher.match(title), ITEM_FLOOR),
                Text(f"{info.name}: {title}"),
                partial(self.studio.open_item, collection, item[info.primary_key]),
                help="Open this item",
            )


def _area(node: Any) -> str:
    """What a widget's keys act on, when it is part of the screen rather than the screen: the
    field an interface edits, the collections list."""
    from studio.ui.interfaces.base import Interface
    from studio.ui.widgets.collection_nav import CollectionNav

    for widget in getattr(node, "ancestors_with_self", ()):
        if isinstance(widget, Interface):
            return str(widget.field.name)
        if isinstance(widget, CollectionNav):
            return "Collections"
    return ""


def _translations_field(overview: Any, info: Any) -> str | None:
    """The collection's first working translations field (the one the browser's `t` opens)."""
    from studio.ui.translation_setup import TranslationSetup

    for field in info.fields.values():
        if field.is_alias and TranslationSetup.of(overview, info.collection, field.field):
            return str(field.field)
    return None
