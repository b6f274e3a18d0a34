"""The schema overview: every collection, field and relation, as one immutable snapshot.

It merges what the database says (tables, columns, keys, foreign keys) with what the system
tables add (labels, interfaces, relation roles). Every service and screen reads this one object;
a schema change builds a new one instead of editing it, so a screen never sees half a change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from studio.engine.errors import UnknownCollection, UnknownField

if TYPE_CHECKING:
    from studio.engine.relations import RelationInfo


def freeze(value: Any) -> Any:
    """JSON from the system tables, made read-only so the overview cannot be edited in place."""
    if isinstance(value, dict):
        return MappingProxyType({k: freeze(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return tuple(freeze(v) for v in value)
    return value


def thaw(value: Any) -> Any:
    """The inverse of `freeze`, for code that must hand a value back as plain JSON."""
    if isinstance(value, Mapping):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [thaw(v) for v in value]
    return value


@dataclass(frozen=True, slots=True)
class ForeignKey:
    """A database foreign key as the server reports it (Directus's `relation.schema`)."""

    constraint_name: str | None
    table: str
    column: str
    foreign_table: str
    foreign_column: str
    on_delete: str
    on_update: str


@dataclass(frozen=True, slots=True)
class Relation:
    """One FK column on the "many" side, seen from both ends (a `studio_relations` row).

    `has_meta` is False for a relation known only from a database foreign key.
    """

    many_collection: str
    many_field: str
    one_collection: str | None
    one_field: str | None = None
    one_collection_field: str | None = None
    one_allowed_collections: tuple[str, ...] = ()
    junction_field: str | None = None
    sort_field: str | None = None
    one_deselect_action: str = "nullify"
    schema: ForeignKey | None = None
    has_meta: bool = False
    id: int | None = None


@dataclass(frozen=True, slots=True)
class FieldInfo:
    """A column or an alias, with its database facts and its metadata (or the defaults)."""

    collection: str
    field: str
    type: str
    name: str
    db_type: str | None = None
    nullable: bool = True
    default_value: Any = None
    max_length: int | None = None
    numeric_precision: int | None = None
    numeric_scale: int | None = None
    is_primary_key: bool = False
    is_unique: bool = False
    is_indexed: bool = False
    has_auto_increment: bool = False
    foreign_key: ForeignKey | None = None
    # metadata (studio_fields); defaults when has_meta is False
    has_meta: bool = False
    meta_id: int | None = None
    special: tuple[str, ...] = ()
    interface: str | None = None
    options: Mapping[str, Any] | None = None
    display: str | None = None
    display_options: Mapping[str, Any] | None = None
    readonly: bool = False
    hidden: bool = False
    required: bool = False
    width: str = "full"
    group: str | None = None
    sort: int | None = None
    note: str | None = None
    conditions: tuple[Any, ...] | None = None
    validation: Mapping[str, Any] | None = None
    validation_message: str | None = None
    searchable: bool = True
    translations: tuple[Any, ...] | None = None

    @property
    def is_alias(self) -> bool:
        """An alias has no column: O2M, M2M, M2A, translations, groups, presentation."""
        return self.db_type is None


@dataclass(frozen=True, slots=True)
class CollectionInfo:
    """A table (or a folder: a metadata row with no table) and its fields in display order."""

    collection: str
    name: str
    fields: Mapping[str, FieldInfo]
    primary_key: str | None
    editable: bool
    not_editable_reason: str | None = None
    is_folder: bool = False
    is_junction: bool = False
    has_meta: bool = False
    icon: str | None = None
    note: str | None = None
    display_template: str | None = None
    hidden: bool = False
    singleton: bool = False
    translations: tuple[Any, ...] | None = None
    archive_field: str | None = None
    archive_app_filter: bool = True
    archive_value: str | None = None
    unarchive_value: str | None = None
    sort_field: str | None = None
    accountability: str | None = "all"
    color: str | None = None
    item_duplication_fields: tuple[Any, ...] | None = None
    sort: int | None = None
    group: str | None = None
    collapse: str = "open"
    preview_url: str | None = None
    versioning: bool = False

    def field(self, key: str) -> FieldInfo:
        try:
            return self.fields[key]
        except KeyError:
            raise UnknownField(self.collection, key) from None


@dataclass(frozen=True)
class SchemaOverview:
    """Collections by key and every relation; look-ups raise errors a person can read."""

    dialect: str
    collections: Mapping[str, CollectionInfo]
    relations: tuple[Relation, ...]
    _by_many: Mapping[tuple[str, str], Relation] = field(init=False, repr=False)
    _by_one: Mapping[tuple[str, str], Relation] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        by_many: dict[tuple[str, str], Relation] = {}
        by_one: dict[tuple[str, str], Relation] = {}
        for relation in self.relations:
            by_many[(relation.many_collection, relation.many_field)] = relation
            if relation.one_collection and relation.one_field:
                by_one[(relation.one_collection, relation.one_field)] = relation
        object.__setattr__(self, "_by_many", MappingProxyType(by_many))
        object.__setattr__(self, "_by_one", MappingProxyType(by_one))

    def collection(self, key: str) -> CollectionInfo:
        try:
            return self.collections[key]
        except KeyError:
            raise UnknownCollection(key) from None

    def field(self, collection: str, key: str) -> FieldInfo:
        return self.collection(collection).field(key)

    def relation_by_many(self, collection: str, field: str) -> Relation | None:
        """The relation whose FK column is `collection.field` (the M2O side)."""
        return self._by_many.get((collection, field))

    def relation_by_one(self, collection: str, field: str) -> Relation | None:
        """The relation whose reverse alias is `collection.field` (the O2M/M2M/M2A side)."""
        return self._by_one.get((collection, field))

    def relation_info(self, collection: str, field: str) -> RelationInfo:
        """Everything an interface needs to know about a field's relation (kind "none" if any)."""
        from studio.engine.relations import resolve_relation

        return resolve_relation(self, collection, field)

    def editable_collections(self) -> list[CollectionInfo]:
        return [c for c in self.collections.values() if c.editable]
