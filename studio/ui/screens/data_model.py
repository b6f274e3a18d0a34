"""The data model: every collection of the database, including tables Studio has no metadata
for ("not configured", adopted with `a` after a preview) and tables it cannot edit (with the
reason), folders and junctions marked. From here an admin creates a collection (`n`), opens its
fields (Enter), its settings (`e`), or deletes it (`d`, confirmed by typing its key).

Every change ends in a new schema overview; leaving the screen hands it to the browser below,
so the navigation and the collection shown follow without a restart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from studio.engine.collections import CollectionsService
from studio.engine.errors import StudioError
from studio.engine.schema import CollectionInfo, SchemaOverview
from studio.ui.schema_apply import confirm_and_apply
from studio.ui.widgets.collection_nav import ordered_children
from studio.ui.widgets.schema_table import SchemaTable

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


class DataModelScreen(Screen[None]):
    DEFAULT_CSS = """
    DataModelScreen #dm-title { height: 1; padding: 0 1; text-style: bold; }
    DataModelScreen #dm-table { height: 1fr; }
    DataModelScreen #dm-empty { height: auto; padding: 1 2; color: $text-muted; display: none; }
    DataModelScreen.-empty #dm-empty { display: block; }
    DataModelScreen.-empty #dm-table { display: none; }
    DataModelScreen #dm-detail { height: auto; max-height: 3; padding: 0 1; color: $text-muted; }
    DataModelScreen #dm-message { height: auto; padding: 0 1; color: $error; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="data-model.close"),
        Binding("n", "create", "New collection", id="data-model.create"),
        Binding("enter", "fields", "Fields", id="data-model.fields"),
        Binding("e", "settings", "Settings", id="data-model.settings"),
        Binding("d", "delete", "Delete", id="data-model.delete"),
        Binding("a", "adopt", "Adopt", id="data-model.adopt"),
    ]

    class Changed(Message):
        """A schema change was applied: list again, the cursor on `collection` if it exists."""

        def __init__(self, collection: str | None) -> None:
            super().__init__()
            self.collection = collection

    class Refused(Message):
        def __init__(self, message: str) -> None:
            super().__init__()
            self.message = message

    def __init__(self) -> None:
        super().__init__()
        self._opened_with: SchemaOverview | None = None

    @property
    def studio(self) -> StudioApp:
        return self.app  # type: ignore[return-value]

    @property
    def overview(self) -> SchemaOverview:
        return self.studio.session.overview

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Data model", id="dm-title", markup=False)
            yield SchemaTable(id="dm-table")
            yield Static(
                "No collections yet. Press n to create the first one: a key (its table's "
                "name), the kind of primary key, and the system fields to add. Its fields "
                "come next, from its field list.",
                id="dm-empty",
                markup=False,
            )
            yield Static("", id="dm-detail", markup=False)
            yield Static("", id="dm-message", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._opened_with = self.overview
        table = self.query_one(SchemaTable)
        table.add_column("Key", key="key")
        table.add_column("Name", key="name")
        table.add_column("Fields", key="fields")
        table.add_column("Kind", key="kind")
        self._fill(None)
        table.focus()

    def on_screen_resume(self) -> None:
        """Back from a collection's fields (or its wizard): they may have changed."""
        if self.is_mounted:
            self._fill(self.query_one(SchemaTable).cursor_key)

    def _fill(self, keep: str | None) -> None:
        table = self.query_one(SchemaTable)
        row = table.cursor_row
        table.clear()
        rows = listed(self.overview)
        for info, depth in rows:
            indent = "  " * depth
            key = Text(indent + info.collection, style="bold" if info.is_folder else "")
            kind = Text(kind_of(info))
            if not info.editable and not info.is_folder:
                kind.stylize("italic")
            elif not info.has_meta and not info.is_folder:
                kind.stylize("bold")
            count = "" if info.is_folder else str(len(info.fields))
            table.add_row(key, Text(info.name), count, kind, key=info.collection)
        self.set_class(not rows, "-empty")
        if rows:
            table.move_cursor(row=min(row, len(rows) - 1))
        table.move_to(keep)
        self._describe()
        self.refresh_bindings()

    @property
    def current(self) -> CollectionInfo | None:
        key = self.query_one(SchemaTable).cursor_key
        return self.overview.collections.get(key) if key else None

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._say("")
        self._describe()
        self.refresh_bindings()

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_fields()

    def _describe(self) -> None:
        info = self.current
        detail = self.query_one("#dm-detail", Static)
        if info is None:
            detail.update("")
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
        detail.update("\n".join(lines))

    def _say(self, message: str) -> None:
        self.query_one("#dm-message", Static).update(message)

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
                self._fill(collection)
                self._say("")
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
            self._say(refusal)
            return
        self.app.push_screen(CollectionFieldsScreen(info.collection))

    def action_settings(self) -> None:
        from studio.ui.screens.collection_settings import CollectionSettingsScreen

        info = self.current
        if info is None:
            return
        refusal = self._refusal(info, "settings")
        if refusal:
            self._say(refusal)
            return

        def saved(done: bool | None) -> None:
            if done:
                self._fill(info.collection)
                self._say("")

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
        try:
            done = await confirm_and_apply(
                self.studio,
                service.preview_delete(collection),
                lambda: service.delete(collection),
                confirm_label="Delete",
                type_to_confirm=collection,
            )
        except StudioError as error:
            self.post_message(self.Refused(error.message))
            return
        if done:
            self.post_message(self.Changed(None))

    @work(group="data-model", exclusive=True, exit_on_error=False)
    async def _adopt(self, collection: str) -> None:
        service = CollectionsService(self.studio.session.db)
        try:
            done = await confirm_and_apply(
                self.studio,
                service.preview_adopt(collection),
                lambda: service.adopt(collection),
                confirm_label="Adopt",
            )
        except StudioError as error:
            self.post_message(self.Refused(error.message))
            return
        if done:
            self.post_message(self.Changed(collection))

    @on(Changed)
    def _changed(self, message: Changed) -> None:
        self._say("")
        self._fill(message.collection or self.query_one(SchemaTable).cursor_key)

    @on(Refused)
    def _refused(self, message: Refused) -> None:
        self._say(message.message)
