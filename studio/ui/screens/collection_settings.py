"""A collection's settings: note, icon, color, display template (F4 inserts a field path,
through M2O relations too), hidden, singleton, archive settings, sort field and accountability.
Only the settings that changed are sent; the preview shows the metadata row written, and a
refusal from the engine is shown beside the setting it names. A folder has only the settings
that describe navigation (note, icon, color, hidden). Dismissed with True once saved."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static

from studio.engine import types as ft
from studio.engine.collections import CollectionsService
from studio.engine.schema import CollectionInfo
from studio.ui.screens.schema_form import SchemaFormScreen

_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
ACCOUNTABILITY = [("All (activity and revisions)", "all"), ("Activity only", "activity"),
                  ("None", "none")]  # fmt: skip
TEXTS = ("note", "icon", "color", "display_template", "archive_value", "unarchive_value")
CHECKS = ("hidden", "singleton", "archive_app_filter")
SELECTS = ("archive_field", "sort_field", "accountability")
FOLDER_SETTINGS = frozenset({"note", "icon", "color", "hidden"})
SORTABLE = frozenset({ft.INTEGER, ft.BIG_INTEGER, ft.FLOAT, ft.DECIMAL})


def current_values(info: CollectionInfo) -> dict[str, Any]:
    """The settings as the form shows them ("" for no text, "none" for no accountability)."""
    values: dict[str, Any] = {key: getattr(info, key) or "" for key in TEXTS}
    values |= {key: bool(getattr(info, key)) for key in CHECKS}
    values["archive_field"] = info.archive_field
    values["sort_field"] = info.sort_field
    values["accountability"] = info.accountability or "none"
    return values


def to_meta(key: str, value: Any) -> Any:
    """A form value as the metadata row stores it (empty text and "none" are NULL)."""
    if key in TEXTS:
        return value.strip() or None
    if key == "accountability":
        return None if value == "none" else value
    return value


class CollectionSettingsScreen(SchemaFormScreen[bool]):
    DEFAULT_CSS = """
    CollectionSettingsScreen > Vertical { width: 84; }
    CollectionSettingsScreen .form-hint { color: $text-muted; height: auto; padding-left: 20; }
    CollectionSettingsScreen .form-heading { text-style: bold; color: $accent; margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="collection-settings.cancel"),
        Binding("ctrl+s", "save", "Preview & save", id="collection-settings.save"),
        Binding("f4", "pick_field", "Insert field", id="collection-settings.pick-field"),
    ]

    def __init__(self, collection: str) -> None:
        super().__init__()
        self.collection = collection

    @property
    def info(self) -> CollectionInfo:
        return self.studio.session.overview.collection(self.collection)

    def compose(self) -> ComposeResult:
        info = self.info
        values = current_values(info)
        folder = info.is_folder
        with Vertical() as box:
            box.border_title = Content(f"Settings of {info.name} ({self.collection})")
            with VerticalScroll():
                yield from self._text("note", "Note", values)
                yield from self._text("icon", "Icon", values, placeholder="e.g. public")
                yield from self._text("color", "Color", values, placeholder="#6644FF")
                if not folder:
                    yield from self._text(
                        "display_template", "Display template", values,
                        placeholder="{{name}} ({{country.name}})",
                    )  # fmt: skip
                    yield Static("F4 inserts a field", classes="form-hint", markup=False)
                yield Checkbox("Hidden in the navigation", values["hidden"],
                               id="set-hidden", compact=True)  # fmt: skip
                if not folder:
                    yield from self._item_settings(info, values)
                yield Static("", id="set-message", classes="form-message", markup=False)
            yield from self.buttons("settings-buttons", "save")

    def _item_settings(self, info: CollectionInfo, values: dict[str, Any]) -> ComposeResult:
        """What only a collection with items has: singleton, archive, sort, accountability."""
        yield Checkbox("Singleton (one item, opened as a form)", values["singleton"],
                       id="set-singleton", compact=True)  # fmt: skip
        yield Static("Archive", classes="form-heading")
        columns = [f for f in info.fields.values() if not f.is_alias]
        field_choices = [(f"{f.name} ({f.field})", f.field) for f in columns]
        yield from self._select("archive_field", "Archive field", field_choices, values)
        yield from self._text("archive_value", "Archive value", values, placeholder="archived")
        yield from self._text("unarchive_value", "Unarchive value", values, placeholder="draft")
        yield Checkbox("Hide archived items in the browser", values["archive_app_filter"],
                       id="set-archive_app_filter", compact=True)  # fmt: skip
        yield Static("Items", classes="form-heading")
        sortable = [(n, k) for n, k in field_choices if info.fields[k].type in SORTABLE]
        yield from self._select("sort_field", "Sort field", sortable, values)
        yield from self._select(
            "accountability", "Accountability", ACCOUNTABILITY, values, blank=False
        )

    def _text(
        self, key: str, label: str, values: dict[str, Any], *, placeholder: str = ""
    ) -> ComposeResult:
        with Horizontal(classes="form-row"):
            yield Label(label, classes="form-label")
            yield Input(values[key], placeholder=placeholder, id=f"set-{key}", compact=True)
        yield Static("", id=f"set-{key}-message", classes="form-message", markup=False)

    def _select(
        self,
        key: str,
        label: str,
        choices: list[tuple[str, str]],
        values: dict[str, Any],
        *,
        blank: bool = True,
    ) -> ComposeResult:
        current = values[key]
        known = {value for _, value in choices}
        if current is not None and current not in known:
            choices = [*choices, (current, current)]
        with Horizontal(classes="form-row"):
            yield Label(label, classes="form-label")
            yield Select(
                choices,
                value=current if current is not None else Select.NULL,
                allow_blank=blank,
                prompt="(none)",
                id=f"set-{key}",
                compact=True,
            )
        yield Static("", id=f"set-{key}-message", classes="form-message", markup=False)

    def on_mount(self) -> None:
        self.query_one("#set-note", Input).focus()

    # reading the form ------------------------------------------------------------------------

    def form_values(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for widget in self.query("Input, Checkbox, Select"):
            key = (widget.id or "").removeprefix("set-")
            if isinstance(widget, Input | Checkbox):
                found[key] = widget.value
            elif isinstance(widget, Select):
                found[key] = None if widget.value is Select.NULL else widget.value
        return found

    def changes(self) -> dict[str, Any]:
        """The settings that differ from the collection's, as metadata values."""
        before = current_values(self.info)
        return {
            key: to_meta(key, value)
            for key, value in self.form_values().items()
            if value != before.get(key)
        }

    def _message(self, key: str, text: str) -> None:
        found = self.query(f"#set-{key}-message")
        target = found.first(Static) if found else self.query_one("#set-message", Static)
        target.update(Content(text))
        target.display = bool(text)

    def _clear_messages(self) -> None:
        for message in self.query(".form-message"):
            if isinstance(message, Static):
                message.update("")
                message.display = False

    # actions ---------------------------------------------------------------------------------

    def action_cancel(self) -> None:
        self.dismiss(False)

    def action_pick_field(self) -> None:
        if self.info.is_folder:
            return
        from studio.ui.screens.template_picker import TemplatePickerScreen

        target = self.query_one("#set-display_template", Input)

        def picked(path: str | None) -> None:
            target.focus()
            if path:
                target.insert_text_at_cursor("{{" + path + "}}")

        self.app.push_screen(
            TemplatePickerScreen(self.studio.session.overview, self.collection), picked
        )

    def confirm(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        self._clear_messages()
        changes = self.changes()
        color = changes.get("color")
        if color and not _COLOR.match(color):
            self._message("color", "A color is #RGB or #RRGGBB, e.g. #6644FF.")
            self.query_one("#set-color").focus()
            return
        if not changes:
            self._message("", "Nothing changed.")
            return
        self._save(changes)

    @work(group="collection-settings", exclusive=True, exit_on_error=False)
    async def _save(self, changes: dict[str, Any]) -> None:
        service = CollectionsService(self.studio.session.db)
        await self.run_change(
            service.preview_update(self.collection, changes),
            lambda: service.update(self.collection, changes),
            "Save",
            True,
        )

    @on(SchemaFormScreen.Refused)
    def _refused(self, message: SchemaFormScreen.Refused) -> None:
        key = message.field or ""
        self._message(key, message.message)
        widget: Widget | None = self.query(f"#set-{key}").first() if key else None
        if widget is not None:
            widget.focus()
