"""A collection's fields in form order (a group's fields indented under it), each with its type,
interface, flags and relation. `n` adds a field and Enter/`e` edits one in the field wizard;
`r` renames, `d` deletes and `c` duplicates a standard field, each after a preview; alt+↑/↓
move a field among its siblings, written at once as one reorder (one transaction).

A move is shown before it is written; moves made while a write runs are sent together after
it, and a refused write puts the list back as the database has it."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.widgets import Static

from studio.engine.errors import StudioError
from studio.engine.fields import FieldsService
from studio.engine.names import unique_key
from studio.engine.relations import RelationKind
from studio.engine.schema import CollectionInfo, FieldInfo, SchemaOverview, thaw
from studio.ui.form.layout import is_group, ordered
from studio.ui.screens.schema_list import SchemaListScreen

DUPLICATED_META = (
    "special", "interface", "options", "display", "display_options", "readonly", "hidden",
    "width", "translations", "note", "conditions", "required", "group", "validation",
    "validation_message", "searchable",
)  # fmt: skip


@dataclass(frozen=True)
class FieldRow:
    field: FieldInfo
    depth: int
    parent: str | None  # the group it sits in


def form_rows(info: CollectionInfo) -> list[FieldRow]:
    """Every field in form order, groups followed by their fields (the item form's layout,
    with hidden fields and presentation aliases included)."""
    fields = list(info.fields.values())
    groups = {f.field for f in fields if is_group(f)}
    children: dict[str | None, list[FieldInfo]] = {}
    for item in fields:
        parent = item.group if item.group in groups and item.group != item.field else None
        children.setdefault(parent, []).append(item)
    rows: list[FieldRow] = []
    seen: set[str] = set()

    def walk(parent: str | None, depth: int) -> None:
        for item in ordered(children.get(parent, [])):
            if item.field in seen:
                continue
            seen.add(item.field)
            rows.append(FieldRow(item, depth, parent))
            if item.field in groups:
                walk(item.field, depth + 1)

    walk(None, 0)
    for item in fields:  # a group cycle leaves fields unvisited: list them at the end
        if item.field not in seen:
            rows.append(FieldRow(item, 0, None))
    return rows


def relation_text(overview: SchemaOverview, collection: str, field: str) -> str:
    """The relation in a few words: "m2o → countries", "m2m → ingredients via recipes_…"."""
    info = overview.relation_info(collection, field)
    kind, related = info.kind, info.related_collection
    if kind == RelationKind.NONE:
        return ""
    if kind in (RelationKind.M2O, RelationKind.O2O):
        return f"{kind} → {related}"
    if kind == RelationKind.O2M:
        return f"o2m ← {related}.{info.related_field}"
    if kind == RelationKind.M2A:
        return f"m2a → {', '.join(info.allowed_collections)} via {info.junction_collection}"
    if kind == RelationKind.A2O:
        return f"a2o → {', '.join(info.allowed_collections)}"
    return f"{kind} → {related} via {info.junction_collection}"


def flags(field: FieldInfo) -> str:
    found = []
    if field.is_primary_key:
        found.append("key")
    if field.required or (not field.nullable and not field.is_alias and not field.is_primary_key):
        found.append("req")
    if field.readonly:
        found.append("ro")
    if field.hidden:
        found.append("hidden")
    return " ".join(found)


def flag_words(field: FieldInfo) -> str:
    words = []
    if field.is_primary_key:
        words.append("primary key")
    if field.required:
        words.append("required")
    elif not field.nullable and not field.is_alias and not field.is_primary_key:
        words.append("required by the database (NOT NULL)")
    if field.readonly:
        words.append("read-only")
    if field.hidden:
        words.append("hidden on the form")
    if field.is_unique and not field.is_primary_key:
        words.append("unique")
    return ", ".join(words)


def duplicate_refusal(overview: SchemaOverview, collection: str, field: FieldInfo) -> str:
    """Why a field cannot be duplicated ("" when it can): only standard fields are."""
    if field.is_primary_key:
        return f"{field.field} is the primary key; a collection has one."
    if field.is_alias:
        return f"{field.field} has no column of its own; add another with n."
    if overview.relation_info(collection, field.field).kind != RelationKind.NONE:
        return f"{field.field} is relational; add another relation with n."
    return ""


class CollectionFieldsScreen(SchemaListScreen):
    ID_PREFIX: ClassVar[str] = "fields"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="fields.close"),
        Binding("n", "new", "New field", id="fields.new"),
        Binding("enter,e", "edit", "Edit", id="fields.edit"),
        Binding("r", "rename", "Rename", id="fields.rename"),
        Binding("d", "delete", "Delete", id="fields.delete"),
        Binding("c", "duplicate", "Duplicate", id="fields.duplicate"),
        Binding("alt+up", "move(-1)", "Move up", id="fields.move-up"),
        Binding("alt+down", "move(1)", "Move down", id="fields.move-down"),
    ]

    def __init__(self, collection: str) -> None:
        super().__init__()
        self.collection = collection
        self.rows: list[FieldRow] = []
        self._pending: dict[str | None, list[str]] = {}  # group → sibling order to write
        self._writing = asyncio.Lock()

    def on_mount(self) -> None:
        self.set_columns(("Field", "Type", "Interface", "Flags", "Relation"))
        self.reload(None)
        self.table.focus()

    def on_screen_resume(self) -> None:
        """Back from the field wizard: the fields may have changed."""
        if self.is_mounted and not self._pending:
            self.reload(self.table.cursor_key)

    def redraw(self, keep: str | None) -> None:
        self.reload(keep)

    def reload(self, keep: str | None) -> None:
        """The rows from the current overview (the collection may have gone: then back)."""
        info = self.overview.collections.get(self.collection)
        if info is None:
            self.app.pop_screen()
            return
        self.query_one("#fields-title", Static).update(
            f"Fields of {info.name} ({self.collection}) · {len(info.fields)} in form order"
        )
        self.rows = form_rows(info)
        self._draw(keep)

    def _draw(self, keep: str | None) -> None:
        self.fill_rows(((entry.field.field, self._cells(entry)) for entry in self.rows), keep)

    def _cells(self, entry: FieldRow) -> tuple[Text, str, str, str, str]:
        field = entry.field
        name = Text("  " * entry.depth + field.field, style="bold" if is_group(field) else "")
        relation = relation_text(self.overview, self.collection, field.field)
        return name, field.type, field.interface or "", flags(field), relation

    @property
    def current(self) -> FieldInfo | None:
        key = self.table.cursor_key
        for entry in self.rows:
            if entry.field.field == key:
                return entry.field
        return None

    def open_row(self) -> None:
        self.action_edit()

    def describe(self) -> None:
        field = self.current
        if field is None:
            self.show_detail("No fields. Press n to add one." if not self.rows else "")
            return
        parts = [f"{field.name}: {field.type}"]
        if field.db_type:
            parts[0] += f" ({field.db_type})"
        words = flag_words(field)
        if words:
            parts.append(words)
        relation = relation_text(self.overview, self.collection, field.field)
        if relation:
            parts.append(relation)
        lines = [" · ".join(parts)]
        if field.note:
            lines.append(field.note)
        self.show_detail("\n".join(lines))

    # actions ---------------------------------------------------------------------------------

    def action_close(self) -> None:
        self.app.pop_screen()

    def _wizard(self, field: str | None) -> None:
        opener = getattr(self.app, "open_field_wizard", None)
        if opener is None:
            self.say("The field wizard is not available in this version.")
            return
        if field is None:
            opener(self.collection)
        else:
            opener(self.collection, field)

    def action_new(self) -> None:
        self._wizard(None)

    def action_edit(self) -> None:
        field = self.current
        if field is not None:
            self._wizard(field.field)

    def action_rename(self) -> None:
        from studio.ui.screens.field_key_prompt import FieldKeyPromptScreen

        field = self.current
        if field is None:
            return
        if field.is_primary_key:
            self.say(f"{field.field} is the primary key; relations depend on its name.")
            return
        taken = list(self.overview.collection(self.collection).fields)

        def chosen(new_key: str | None) -> None:
            if new_key:
                self._rename(field.field, new_key)

        prompt = FieldKeyPromptScreen(f"Rename {self.collection}.{field.field} to", field.field,
                                      taken)  # fmt: skip
        self.app.push_screen(prompt, chosen)

    def action_delete(self) -> None:
        field = self.current
        if field is not None:
            self._delete(field.field)

    def action_duplicate(self) -> None:
        from studio.ui.screens.field_key_prompt import FieldKeyPromptScreen

        field = self.current
        if field is None:
            return
        refusal = duplicate_refusal(self.overview, self.collection, field)
        if refusal:
            self.say(refusal)
            return
        taken = list(self.overview.collection(self.collection).fields)
        initial = unique_key(f"{field.field}_copy", set(taken))

        def chosen(new_key: str | None) -> None:
            if new_key:
                self._duplicate(field, new_key)

        prompt = FieldKeyPromptScreen(f"Duplicate {self.collection}.{field.field} as", initial,
                                      taken)  # fmt: skip
        self.app.push_screen(prompt, chosen)

    def action_move(self, delta: int) -> None:
        key = self.table.cursor_key
        index = next((i for i, e in enumerate(self.rows) if e.field.field == key), None)
        if index is None:
            return
        entry = self.rows[index]
        siblings = [e.field.field for e in self.rows if e.parent == entry.parent]
        position = siblings.index(entry.field.field)
        target = position + delta
        if not 0 <= target < len(siblings):
            self.say("Already first." if delta < 0 else "Already last.")
            return
        siblings[position], siblings[target] = siblings[target], siblings[position]
        self.rows = _rearranged(self.rows, entry.parent, siblings)
        self._draw(entry.field.field)
        self._pending[entry.parent] = siblings
        # On the app, so leaving the screen does not cancel a write half-way.
        self.app.run_worker(self._write_order(), group="fields-order", exit_on_error=False)

    # workers ---------------------------------------------------------------------------------

    def _service(self) -> FieldsService:
        return FieldsService(self.studio.session.db)

    async def _write_order(self) -> None:
        async with self._writing:
            if not self._pending:
                return
            pending, self._pending = self._pending, {}
            try:
                for keys in pending.values():
                    await self._service().reorder(self.collection, keys)
            except StudioError as error:
                self.post_message(self.Refused(error.message))
            finally:
                await self.studio.session.reload_overview()
            if not self._pending:
                self.post_message(self.Changed(None))

    @work(group="fields", exclusive=True, exit_on_error=False)
    async def _rename(self, key: str, new_key: str) -> None:
        service = self._service()
        await self.run_change(
            service.preview_rename(self.collection, key, new_key),
            lambda: service.rename(self.collection, key, new_key),
            "Rename",
            new_key,
        )

    @work(group="fields", exclusive=True, exit_on_error=False)
    async def _delete(self, key: str) -> None:
        service = self._service()
        await self.run_change(
            service.preview_delete(self.collection, key),
            lambda: service.delete(self.collection, key),
            "Delete",
            None,
        )

    @work(group="fields", exclusive=True, exit_on_error=False)
    async def _duplicate(self, field: FieldInfo, new_key: str) -> None:
        service = self._service()
        schema: dict[str, Any] = {"nullable": field.nullable, "unique": field.is_unique}
        if field.is_indexed and not field.is_unique:
            schema["indexed"] = True
        if field.default_value is not None:
            schema["default"] = field.default_value
        if field.max_length is not None:
            schema["length"] = field.max_length
        if field.numeric_precision is not None and field.type == "decimal":
            schema["precision"] = field.numeric_precision
            schema["scale"] = field.numeric_scale
        meta = {key: thaw(getattr(field, key)) for key in DUPLICATED_META}
        meta = {key: value for key, value in meta.items() if value not in (None, (), [])}
        await self.run_change(
            service.preview_create(self.collection, new_key, field.type, schema=schema, meta=meta),
            lambda: service.create(self.collection, new_key, field.type, schema=schema, meta=meta),
            "Create",
            new_key,
        )


def _rearranged(rows: list[FieldRow], parent: str | None, order: list[str]) -> list[FieldRow]:
    """The rows with one group's fields in `order`, each keeping the rows nested under it."""
    blocks: dict[str, list[FieldRow]] = {}
    start = next(i for i, e in enumerate(rows) if e.parent == parent)
    depth = rows[start].depth
    index = start
    current: list[FieldRow] | None = None
    first_index: int | None = None
    while index < len(rows) and (rows[index].depth >= depth):
        entry = rows[index]
        if entry.depth == depth and entry.parent == parent:
            current = blocks.setdefault(entry.field.field, [])
            first_index = first_index if first_index is not None else index
        if current is not None:
            current.append(entry)
        index += 1
    assert first_index is not None
    rebuilt = [row for key in order for row in blocks[key]]
    return rows[:first_index] + rebuilt + rows[index:]
