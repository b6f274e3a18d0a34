"""Create a collection: its key, the kind of primary key and its name, and the optional system
fields of Directus's dialog. The key is made safe as it is typed (lowercase, underscores) and
checked against the existing collections at once, the message beside it; nothing is written
until the preview has been confirmed. Dismissed with the new collection's key, or None."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Checkbox, Input, Label, Select, Static

from studio.engine.collections import CollectionsService
from studio.engine.errors import StudioError
from studio.engine.names import check_key, sanitize_key
from studio.ui.screens.schema_form import SchemaFormScreen
from studio.ui.widgets.key_input import KeyInput

KEY_KINDS = [
    ("Auto-increment integer", "integer"),
    ("Auto-increment big integer", "bigInteger"),
    ("Generated UUID", "uuid"),
    ("Manual string", "string"),
]
SYSTEM_FIELDS = [
    ("status", "Status (with archive settings)"),
    ("sort", "Sort (manual order)"),
    ("date_created", "Date created"),
    ("user_created", "User created"),
    ("date_updated", "Date updated"),
    ("user_updated", "User updated"),
]


def key_problem(key: str, taken: set[str], *, what: str, prefix: str = "studio") -> str:
    """What is wrong with a key as typed so far ("" when nothing is)."""
    if not key:
        return ""
    if key.lower() in taken:
        return f"{key} exists; choose another key."
    try:
        check_key(key.rstrip("_") or key, what=what, field="key", prefix=prefix)
    except StudioError as error:
        return error.message
    return ""


class CollectionCreateScreen(SchemaFormScreen[str | None]):
    DEFAULT_CSS = """
    CollectionCreateScreen > Vertical { width: 72; }
    CollectionCreateScreen .form-row { margin-top: 1; }
    CollectionCreateScreen #create-system-label { margin-top: 1; }
    CollectionCreateScreen #create-buttons { margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="collection-create.cancel"),
        Binding("ctrl+s", "preview", "Preview & create", id="collection-create.preview"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "New collection"
            with VerticalScroll():
                with Horizontal(classes="form-row"):
                    yield Label("Key", classes="form-label")
                    yield KeyInput(placeholder="e.g. articles", id="create-key", compact=True)
                yield Static("", id="create-key-message", classes="form-message", markup=False)
                with Horizontal(classes="form-row"):
                    yield Label("Primary key", classes="form-label")
                    yield Select(
                        KEY_KINDS, value="integer", allow_blank=False, id="create-pk-kind",
                        compact=True,
                    )  # fmt: skip
                with Horizontal(classes="form-row"):
                    yield Label("Primary key field", classes="form-label")
                    yield KeyInput("id", id="create-pk-field", compact=True)
                yield Static("", id="create-pk-message", classes="form-message", markup=False)
                yield Label("System fields", id="create-system-label")
                for key, label in SYSTEM_FIELDS:
                    yield Checkbox(label, id=f"create-system-{key}", compact=True)
                yield Static("", id="create-message", classes="form-message", markup=False)
            yield from self.buttons("create-buttons", "preview")

    def on_mount(self) -> None:
        self.query_one("#create-key", Input).focus()

    def _taken(self) -> set[str]:
        return {key.lower() for key in self.studio.session.overview.collections}

    @on(Input.Changed, "#create-key")
    def _key_typed(self, event: Input.Changed) -> None:
        key = event.value
        prefix = self.studio.session.db.system.prefix
        self.show_message("create-key-message", key_problem(key, self._taken(), what="collection",
                                                        prefix=prefix))  # fmt: skip

    @on(Input.Changed, "#create-pk-field")
    def _pk_typed(self, event: Input.Changed) -> None:
        key = event.value
        self.show_message("create-pk-message", key_problem(key, set(), what="field"))

    def confirm(self) -> None:
        self.action_preview()

    def action_preview(self) -> None:
        key = sanitize_key(self.query_one("#create-key", Input).value)
        if not key:
            self.show_message("create-key-message", "Give the collection a key.")
            self.query_one("#create-key", Input).focus()
            return
        self.query_one("#create-key", Input).value = key
        kind = self.query_one("#create-pk-kind", Select).value
        pk_field = sanitize_key(self.query_one("#create-pk-field", Input).value) or "id"
        system = [
            key_name
            for key_name, _ in SYSTEM_FIELDS
            if self.query_one(f"#create-system-{key_name}", Checkbox).value
        ]
        self._create(key, str(kind), pk_field, system)

    @work(group="collection-create", exclusive=True, exit_on_error=False)
    async def _create(self, key: str, kind: str, pk_field: str, system: list[str]) -> None:
        service = CollectionsService(self.studio.session.db)
        options = {"primary_key": kind, "primary_key_field": pk_field, "system_fields": system}
        await self.run_change(
            service.preview_create(key, **options),
            lambda: service.create(key, **options),  # type: ignore[arg-type]
            "Create",
            key,
        )

    @on(SchemaFormScreen.Refused)
    def _refused(self, message: SchemaFormScreen.Refused) -> None:
        targets = {
            "collection": ("create-key-message", "#create-key"),
            "primary_key_field": ("create-pk-message", "#create-pk-field"),
        }
        where, focus = targets.get(message.field or "", ("create-message", None))
        self.show_message(where, message.message)
        if focus:
            self.query_one(focus).focus()
