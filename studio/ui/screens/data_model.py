"""The data model: every collection of the database, including tables Studio has no metadata
for ("not configured", adopted with `a` after a preview) and tables it cannot edit (with the
reason), folders and junctions marked. From here an admin creates a collection (`n`), opens its
fields (Enter), its settings (`e`), or deletes it (`d`, confirmed by typing its key).

Every change ends in a new schema overview; leaving the screen hands it to the browser below,
so the navigation and the collection shown follow without a restart.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import Static

from studio.engine.collections import CollectionsService
from studio.engine.schema import CollectionInfo, SchemaOverview
from studio.ui.screens.schema_list import SchemaListScreen
from studio.ui.widgets.collection_nav import ordered_children

if TYPE_CHECKING:
    from studio.ui.app import StudioApp


def listed(overview: SchemaOverview) -> list[tuple[CollectionInfo, int]]:
    """Every collection with its depth, in the navigation's order (folders first-class, hidden
    and junction collections included: an admin needs to see them all)."""
    found: list[tuple[CollectionInfo, int]] = []
    seen: set[str] = set()

    def walk(parent: str | None, depth: int) -> None:
        for info in ordered_children(overview, parent, True):
            if info.collection in seen:
                continue
            seen.add(info.collection)
            found.append((info, depth))
            if info.is_folder:
                walk(info.collection, depth + 1)

    walk(None, 0)
    return found


def kind_of(info: CollectionInfo) -> str:
    """The state an admin acts on: configured, not configured (adopt it), or why not editable."""
    if info.is_folder:
        return "folder"
    if not info.editable:
        return f"cannot edit: {info.not_editable_reason or 'unknown reason'}"
    words = ["configured" if info.has_meta else "not configured"]
    if info.is_junction:
        words.append("junction")
    if info.singleton:
        words.append("singleton")
    if info.hidden and not info.is_junction:  # junctions are always out of the navigation
        words.append("hidden")
    return " · ".join(words)


def adoptable(info: CollectionInfo) -> bool:
    """A table made outside Studio that Studio can edit once it has metadata."""
    return info.editable and not info.has_meta and not info.is_folder


def open_data_model(app: StudioApp) -> None:
    """Show the data model from anywhere: brought back if it is already open below."""
    if app._session is None:
        return
    stack = app.screen_stack
    if isinstance(app.screen, DataModelScreen):
        return
    if any(isinstance(screen, DataModelScreen) for screen in stack):
        app.leave_screens(lambda screen: isinstance(screen, DataModelScreen), lambda: None)
        return
    app.push_screen(DataModelScreen())


def refresh_browsers(app: StudioApp) -> None:
    """After a schema change: each browser in the stack reads the new overview."""
    from studio.ui.screens.browser import BrowserScreen

    for screen in app.screen_stack:
        if isinstance(screen, BrowserScreen):
            screen.schema_changed()


class DataModelScreen(SchemaListScreen):
    DEFAULT_CSS = """
    DataModelScreen #dm-empty { height: auto; padding: 1 2; color: $text-muted; display: none; }
    DataModelScreen.-empty #dm-empty { display: block; }
    DataModelScreen.-empty #dm-table { display: none; }
    """
    ID_PREFIX: ClassVar[str] = "dm"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="data-model.close"),
        Binding("n", "create", "New collection", id="data-model.create"),
        Binding("enter", "fields", "Fields", id="data-model.fields"),
        Binding("e", "settings", "Settings", id="data-model.settings"),
        Binding("d", "delete", "Delete", id="data-model.delete"),
        Binding("a", "adopt", "Adopt", id="data-model.adopt"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._opened_with: SchemaOverview | None = None

    def compose_below_table(self) -> Iterable[Widget]:
        yield Static(
            "No collections yet. Press n to create the first one: a key (its table's "
            "name), the kind of primary key, and the system fields to add. Its fields "
            "come next, from its field list.",
            id="dm-empty",
            markup=False,
        )

    def on_mount(self) -> None:
        self._opened_with = self.overview
        self.query_one("#dm-title", Static).update("Data model")
        self.set_columns(("Key", "Name", "Fields", "Kind"))
        self.redraw(None)
        self.table.focus()

    def on_screen_resume(self) -> None:
        """Back from a collection's fields (or its wizard): they may have changed."""
        if self.is_mounted:
            self.redraw(self.table.cursor_key)

    def redraw(self, keep: str | None) -> None:
        rows = listed(self.overview)
        self.set_class(not rows, "-empty")
        self.fill_rows(((info.collection, _cells(info, depth)) for info, depth in rows), keep)

    @property
    def current(self) -> CollectionInfo | None:
        key = self.table.cursor_key
        return self.overview.collections.get(key) if key else None

    def open_row(self) -> None:
        self.action_fields()

    def describe(self) -> None:
        info = self.current
        if info is None:
            self.show_detail("")
            return
        lines = [info.note] if info.note else []
        if info.is_folder:
            lines.append("A folder groups collections in the navigation; it has no table.")
        elif not info.editable:
            lines.append(f"Studio cannot edit {info.collection}: {info.not_editable_reason}.")
        elif not info.has_meta:
            lines.append(
                f"{info.collection} was made outside Studio: press a to adopt it (default "
                "metadata for it and its fields, shown before anything is written)."
            )
        self.show_detail("\n".join(lines))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        info = self.current if self.is_mounted else None
        if action == "adopt":
            return info is not None and adoptable(info)
        if action in ("fields", "settings", "delete"):
            return info is not None
        return True

    # actions ---------------------------------------------------------------------------------

    def action_close(self) -> None:
        changed = self.overview is not self._opened_with
        self.app.pop_screen()
        if changed:
            refresh_browsers(self.studio)

    def action_create(self) -> None:
        from studio.ui.screens.collection_create import CollectionCreateScreen

        def created(collection: str | None) -> None:
            if collection:
                self.redraw(collection)
                self.say("")
                self.notify(f"Created {collection}. Press Enter to add its fields.", markup=False)

        self.app.push_screen(CollectionCreateScreen(), created)

    def _refusal(self, info: CollectionInfo, action: str) -> str | None:
        """Why `action` ("fields", "settings") does not apply to this collection, if it does not."""
        if info.is_folder and action == "fields":
            return f"{info.name} is a folder: it has no fields. Press e for its settings."
        if not info.is_folder and not info.editable:
            return f"Studio cannot edit {info.collection}: {info.not_editable_reason}."
        if not info.is_folder and not info.has_meta:
            return f"{info.collection} is not configured: press a to adopt it first."
        return None

    def action_fields(self) -> None:
        from studio.ui.screens.collection_fields import CollectionFieldsScreen

        info = self.current
        if info is None:
            return
        refusal = self._refusal(info, "fields")
        if refusal:
            self.say(refusal)
            return
        self.app.push_screen(CollectionFieldsScreen(info.collection))

    def action_settings(self) -> None:
        from studio.ui.screens.collection_settings import CollectionSettingsScreen

        info = self.current
        if info is None:
            return
        refusal = self._refusal(info, "settings")
        if refusal:
            self.say(refusal)
            return

        def saved(done: bool | None) -> None:
            if done:
                self.redraw(info.collection)
                self.say("")

        self.app.push_screen(CollectionSettingsScreen(info.collection), saved)

    def action_delete(self) -> None:
        info = self.current
        if info is not None:
            self._delete(info.collection)

    def action_adopt(self) -> None:
        info = self.current
        if info is not None and adoptable(info):
            self._adopt(info.collection)

    @work(group="data-model", exclusive=True, exit_on_error=False)
    async def _delete(self, collection: str) -> None:
        service = CollectionsService(self.studio.session.db)
        await self.run_change(
            service.preview_delete(collection),
            lambda: service.delete(collection),
            "Delete",
            None,
            type_to_confirm=collection,
        )

    @work(group="data-model", exclusive=True, exit_on_error=False)
    async def _adopt(self, collection: str) -> None:
        service = CollectionsService(self.studio.session.db)
        await self.run_change(
            service.preview_adopt(collection),
            lambda: service.adopt(collection),
            "Adopt",
            collection,
        )


def _cells(info: CollectionInfo, depth: int) -> tuple[Text, Text, str, Text]:
    key = Text("  " * depth + info.collection, style="bold" if info.is_folder else "")
    kind = Text(kind_of(info))
    if not info.editable and not info.is_folder:
        kind.stylize("italic")
    elif not info.has_meta and not info.is_folder:
        kind.stylize("bold")
    count = "" if info.is_folder else str(len(info.fields))
    return key, Text(info.name), count, kind
