"""What kind of relation a field is, and everything an interface needs to edit it.

Relations are stored from the "many" side (one row per FK column, as Directus does); this module
reads those rows from either end. An M2M is two rows on a junction tied by `junction_field`; an
M2A is the same with the second row polymorphic (`one_collection` NULL); translations are an M2M
whose alias carries the `translations` flag.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studio.engine.schema import Relation, SchemaOverview


class RelationKind(StrEnum):
    NONE = "none"
    M2O = "m2o"
    O2O = "o2o"
    O2M = "o2m"
    M2M = "m2m"
    M2A = "m2a"
    TRANSLATIONS = "translations"
    # The polymorphic `item` column of an M2A junction, seen from the junction.
    A2O = "a2o"


TO_MANY_KINDS = frozenset({RelationKind.O2M, RelationKind.M2M, RelationKind.M2A})
TO_MANY_KINDS |= {RelationKind.TRANSLATIONS}


@dataclass(frozen=True, slots=True)
class RelationInfo:
    """A field's relation, resolved.

    For junction kinds (m2m, m2a, translations): `junction_collection` holds the link rows,
    `junction_field` is its FK back to this collection (`recipes_id`), and
    `junction_related_field` its column towards the related items (`ingredients_id`, `item`,
    `languages_code`). For o2m, `related_field` is the child's FK; for m2o, `related_field` is the
    reverse alias on the related collection, if there is one.
    """

    kind: RelationKind
    collection: str
    field: str
    related_collection: str | None = None
    related_field: str | None = None
    related_primary_key: str | None = None
    junction_collection: str | None = None
    junction_field: str | None = None
    junction_related_field: str | None = None
    junction_primary_key: str | None = None
    sort_field: str | None = None
    deselect_action: str = "nullify"
    allowed_collections: tuple[str, ...] = ()
    collection_field: str | None = None
    relation: Relation | None = None
    junction_relation: Relation | None = None

    @property
    def is_to_many(self) -> bool:
        return self.kind in TO_MANY_KINDS


def resolve_relation(overview: SchemaOverview, collection: str, field: str) -> RelationInfo:
    info = overview.field(collection, field)
    many = overview.relation_by_many(collection, field)
    if many is not None:
        return _from_many_side(overview, many, info.is_unique)
    one = overview.relation_by_one(collection, field)
    if one is not None:
        return _from_one_side(overview, one, "translations" in info.special)
    return RelationInfo(RelationKind.NONE, collection, field)


def _primary_key(overview: SchemaOverview, collection: str | None) -> str | None:
    if collection is None or collection not in overview.collections:
        return None
    return overview.collections[collection].primary_key


def _from_many_side(overview: SchemaOverview, relation: Relation, unique: bool) -> RelationInfo:
    if relation.one_collection is None:
        return RelationInfo(
            RelationKind.A2O,
            relation.many_collection,
            relation.many_field,
            allowed_collections=relation.one_allowed_collections,
            collection_field=relation.one_collection_field,
            relation=relation,
        )
    return RelationInfo(
        RelationKind.O2O if unique else RelationKind.M2O,
        relation.many_collection,
        relation.many_field,
        related_collection=relation.one_collection,
        related_field=relation.one_field,
        related_primary_key=_primary_key(overview, relation.one_collection),
        deselect_action=relation.one_deselect_action,
        relation=relation,
    )


def _from_one_side(
    overview: SchemaOverview, relation: Relation, translations: bool
) -> RelationInfo:
    assert relation.one_collection is not None and relation.one_field is not None
    junction = relation.many_collection
    if relation.junction_field is None:
        return RelationInfo(
            RelationKind.O2M,
            relation.one_collection,
            relation.one_field,
            related_collection=junction,
            related_field=relation.many_field,
            related_primary_key=_primary_key(overview, junction),
            sort_field=relation.sort_field,
            deselect_action=relation.one_deselect_action,
            relation=relation,
        )
    other = overview.relation_by_many(junction, relation.junction_field)
    if other is not None and other.one_collection is None:
        kind = RelationKind.M2A
    elif translations:
        kind = RelationKind.TRANSLATIONS
    else:
        kind = RelationKind.M2M
    related = other.one_collection if other is not None else None
    return RelationInfo(
        kind,
        relation.one_collection,
        relation.one_field,
        related_collection=related,
        related_field=other.one_field if other is not None else None,
        related_primary_key=_primary_key(overview, related),
        junction_collection=junction,
        junction_field=relation.many_field,
        junction_related_field=relation.junction_field,
        junction_primary_key=_primary_key(overview, junction),
        sort_field=relation.sort_field,
        deselect_action=relation.one_deselect_action,
        allowed_collections=other.one_allowed_collections if other is not None else (),
        collection_field=other.one_collection_field if other is not None else None,
        relation=relation,
        junction_relation=other,
    )
