"""Pick a field path for a display template: the collection's fields, and under each M2O (or
O2O) field the related collection's fields one level down (`country.name`), so a template like
`{{name}} ({{country.name}})` is built without remembering keys. Dismissed with the path, or
None on Escape."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from studio.engine.relations import RelationKind
from studio.engine.schema import FieldInfo, SchemaOverview


def _shown(field: FieldInfo) -> bool:
    """Columns only: an alias (a to-many list, a group) has no single value to show."""
    return not field.is_alias


def template_paths(overview: SchemaOverview, collection: str) -> list[tuple[str, str]]:
    """(path, label) in form order, each M2O followed by its related fields."""
    info = overview.collection(collection)
    paths: list[tuple[str, str]] = []
    for field in info.fields.values():
        if not _shown(field):
            continue
        relation = overview.relation_info(collection, field.field)
        related = relation.related_collection
        if relation.kind in (RelationKind.M2O, RelationKind.O2O) and related:
            paths.append((field.field, f"{field.name} (its {related} key)"))
            target = overview.collections.get(related)
            for inner in target.fields.values() if target else ():
                if _shown(inner):
                    paths.append((f"{field.field}.{inner.field}", f"  {field.name} → {inner.name}"))
            continue
        paths.append((field.field, field.name))
    return paths


class TemplatePickerScreen(ModalScreen[str | None]):
    DEFAULT_CSS = """
    TemplatePickerScreen { align: center middle; }
    TemplatePickerScreen > Vertical {
        width: 64; max-width: 100%; height: auto; max-height: 90%;
        border: round $accent; background: $panel; padding: 0 1;
    }
    TemplatePickerScreen OptionList, TemplatePickerScreen OptionList:focus {
        height: auto; max-height: 1fr; border: none; padding: 0; background: $panel;
    }
    TemplatePickerScreen .picker-hint { color: $text-muted; height: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="template-picker.cancel"),
    ]

    def __init__(self, overview: SchemaOverview, collection: str) -> None:
        super().__init__()
        self.overview = overview
        self.collection = collection
        self.paths = template_paths(overview, collection)

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Content(f"Insert a field of {self.collection}")
            options = [
                Option(Content.assemble((path.ljust(24), "bold"), " ", label), id=path)
                for path, label in self.paths
            ]
            yield OptionList(*options, id="template-paths")
            yield Static(
                "enter inserts {{path}} · esc cancels", classes="picker-hint", markup=False
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)
