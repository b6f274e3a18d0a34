"""Editing an existing field with the wizard's panes: the draft it starts from, and what can no
longer change (with the reason the pane shows under the locked input).

An edit becomes one `FieldsService.update`: metadata, and the schema settings that keep the
type (default, nullable, unique, indexed). The draft's `schema` then holds only the settings the
admin changed, so the preview lists only those; the panes show the rest from the field itself.
"""

from __future__ import annotations

from typing import Any, Final

from studio.engine.relations import RelationKind
from studio.engine.schema import FieldInfo, SchemaOverview, thaw
from studio.ui.wizard.catalog import FieldKind, kind_of_field
from studio.ui.wizard.draft import RELATION_OPTIONS, FieldDraft

# The metadata an edit carries over (special stays what the field was made as).
EDITABLE_META: Final = (
    "interface", "options", "display", "display_options", "required", "readonly", "hidden",
    "note", "width", "group", "translations", "validation", "validation_message", "conditions",
)  # fmt: skip
CHANGEABLE_SCHEMA: Final = frozenset({"default", "nullable", "unique", "indexed"})

TYPE_REASON: Final = "The type is changed with Change type, which converts the values."
KEY_REASON: Final = "A rename is a change of its own (Rename on the field list)."
RELATION_REASON: Final = (
    "A relationship cannot change once made; delete the field and create it again."
)
LOCKED: Final = {
    "type": TYPE_REASON,
    "length": TYPE_REASON,
    "precision": TYPE_REASON,
    "scale": TYPE_REASON,
    "field": KEY_REASON,
    "related_collection": RELATION_REASON,
    "allowed_collections": RELATION_REASON,
}


def locked_reason(draft: FieldDraft, input_name: str) -> str | None:
    """Why `input_name` cannot change, or None when it can (always None when creating)."""
    if draft.editing is None:
        return None
    if input_name in LOCKED:
        return LOCKED[input_name]
    relation = draft.kind.relation
    if relation is not None and (
        input_name in RELATION_OPTIONS.get(relation, ()) or input_name == "nullable"
    ):
        return RELATION_REASON
    return None


def current_field(draft: FieldDraft, overview: SchemaOverview) -> FieldInfo | None:
    """The field being edited, as the overview has it (None when creating)."""
    if draft.editing is None:
        return None
    return overview.field(draft.collection, draft.editing)


def current_schema(field: FieldInfo) -> dict[str, Any]:
    return {
        "length": field.max_length,
        "precision": field.numeric_precision,
        "scale": field.numeric_scale,
        "default": field.default_value,
        "nullable": field.nullable,
        "unique": field.is_unique,
        "indexed": field.is_indexed,
    }


def _kind(field: FieldInfo) -> FieldKind:
    kind = kind_of_field(field.interface, field.special, field.is_unique)
    if kind is not None:
        return kind
    interface = field.interface or "input"
    return FieldKind(interface, field.name, "", interface, (field.type,))


def draft_for_field(overview: SchemaOverview, collection: str, field: str) -> FieldDraft:
    info = overview.field(collection, field)
    draft = FieldDraft(collection, _kind(info), key=field, type=info.type, editing=field)
    for key in EDITABLE_META:
        value = getattr(info, key)
        if value is not None:
            draft.meta[key] = thaw(value)
    relation = overview.relation_info(collection, field)
    if relation.kind == RelationKind.M2A:
        draft.allowed = relation.allowed_collections
    elif relation.kind != RelationKind.NONE:
        draft.related = relation.related_collection or ""
    draft.relation = _relation_options(overview, info, relation)
    return draft


def _relation_options(overview: SchemaOverview, info: FieldInfo, relation: Any) -> dict[str, Any]:
    kind = relation.kind
    options: dict[str, Any] = {}
    if kind in (RelationKind.M2O, RelationKind.O2O):
        options["nullable"] = info.nullable
        if info.foreign_key is not None:
            options["on_delete"] = info.foreign_key.on_delete
        if relation.related_field:
            options["corresponding_field"] = relation.related_field
    elif kind == RelationKind.O2M:
        options["related_field"] = relation.related_field
        options["deselect_action"] = relation.deselect_action
        if relation.sort_field:
            options["sort_field"] = relation.sort_field
        if relation.relation is not None and relation.relation.schema is not None:
            options["on_delete"] = relation.relation.schema.on_delete
    elif kind in (RelationKind.M2M, RelationKind.M2A, RelationKind.TRANSLATIONS):
        options["junction"] = relation.junction_collection
        options["deselect_action"] = relation.deselect_action
        if relation.sort_field:
            options["sort_field"] = relation.sort_field
        if kind == RelationKind.M2M:
            options["junction_field"] = relation.junction_field
            options["related_junction_field"] = relation.junction_related_field
            other = relation.junction_relation
            if other is not None and other.one_field:
                options["corresponding_field"] = other.one_field
        if kind == RelationKind.TRANSLATIONS:
            options["languages_collection"] = relation.related_collection
        if relation.relation is not None and relation.relation.schema is not None:
            options["on_delete"] = relation.relation.schema.on_delete
        junction = overview.collections.get(relation.junction_collection or "")
        if junction is not None and kind != RelationKind.M2A:
            made = {"id", relation.junction_field, relation.junction_related_field}
            extra = [
                {"field": f.field, "type": f.type}
                for f in junction.fields.values()
                if f.field not in made and f.field != relation.sort_field and not f.is_alias
            ]
            name = "translated_fields" if kind == RelationKind.TRANSLATIONS else "context_fields"
            options[name] = extra
    return options
