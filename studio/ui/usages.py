"""Where an item is used: every relation whose rows point at it, as a list a person can open.

A relation is stored from its "many" side, so the rows pointing at an item of `C` are those of
each relation whose `one_collection` is `C` (an M2O's FK, with or without a reverse alias; a
junction's FK), and of each M2A relation that allows `C` (the junction's `item` column, scoped by
its collection column). For each one this says which items to list and the filter that finds
them for one key, so the screen counts each relation with one query and opens the same filter.

Through a junction, a user wants the items on the other side, not link rows: an ingredient is
used by recipes, a heading by pages, a language by the articles translated into it. So when the
junction's other FK leads to a collection with an alias over the junction (recipes.ingredients),
the list is that collection filtered with `_some` over the alias. A junction row pointing back at
the item whose own field it belongs to (a page's sections, an article's translations, the links
of its related articles when nothing names the other direction) is that item's content, shown on
its own page: it is not where the item is used, so it is left out. Only a junction no alias
names at all is listed as its rows.
No Textual here: tested on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from studio.engine.schema import Relation, SchemaOverview

if TYPE_CHECKING:
    from studio.engine.items import Count
    from studio.ui.session import Session

UsageKind = Literal["o2m", "m2m", "m2a", "translations"]
THIS_ITEM = "this item"


@dataclass(frozen=True)
class Usage:
    """One relation pointing at an item: list `collection` restricted by `filter`.

    `kind` is how the item is referenced: "o2m" (a FK column of `collection` holds its key),
    "m2m" / "m2a" / "translations" (a junction row holds it; `collection` is the junction's
    other side when it has an alias over the junction, else the junction itself, `via_junction`
    False then). `listable` is False when `collection` has no primary key: its items can be
    counted but not listed or opened.
    """

    kind: UsageKind
    collection: str
    filter: Mapping[str, Any]
    noun: str  # the listed collection's name: "Cities"
    field_name: str  # the field that holds the link, as named to a person: "Country"
    via_junction: bool = False  # the listed items reach the item through a junction's alias
    relation: Relation | None = field(default=None, compare=False)
    listable: bool = True

    def text(self, it: str = THIS_ITEM) -> str:
        """ "Cities whose Country is France", "Recipes listing Flour in Ingredients",
        "Articles translated into French"."""
        if self.kind == "translations" and self.via_junction:
            return f"{self.noun} translated into {'this language' if it == THIS_ITEM else it}"
        if self.via_junction:
            return f"{self.noun} listing {it} in {self.field_name}"
        return f"{self.noun} whose {self.field_name} is {it}"


def usages(overview: SchemaOverview, collection: str, key: Any) -> list[Usage]:
    """Every relation whose rows point at item `key` of `collection`, in the overview's order."""
    found: list[Usage | None] = []
    for relation in overview.relations:
        if relation.many_collection not in overview.collections:
            continue
        if relation.one_collection == collection:
            found.append(_by_foreign_key(overview, relation, key))
        elif relation.one_collection is None and collection in relation.one_allowed_collections:
            found.append(_by_any_item(overview, relation, collection, key))
    return [usage for usage in found if usage is not None]


def _name(overview: SchemaOverview, collection: str, field_key: str) -> str:
    info = overview.collection(collection)
    field_info = info.fields.get(field_key)
    return field_info.name if field_info is not None else field_key


def _by_foreign_key(overview: SchemaOverview, relation: Relation, key: Any) -> Usage | None:
    """An FK column holding the key: the rows themselves, or through a junction the items on
    its other side; None for the junction rows of the item's own field."""
    many = relation.many_collection
    rule = {relation.many_field: {"_eq": key}}
    if relation.junction_field is not None:
        other = overview.relation_by_many(many, relation.junction_field)
        kind: UsageKind = "m2a" if other is not None and other.one_collection is None else "m2m"
        if other is not None and _has_alias(overview, other):
            return _parents(overview, kind, other, rule, relation)
        if _has_alias(overview, relation):
            return None  # the item's own M2M / M2A / translations links: on its own page
        return _rows(overview, kind, relation, rule)
    return _rows(overview, "o2m", relation, rule)


def _by_any_item(overview: SchemaOverview, relation: Relation, collection: str, key: Any) -> Usage:
    """An M2A junction's `item` column: it holds keys as text, scoped by the collection column."""
    scope = relation.one_collection_field or "collection"
    rule = {relation.many_field: {"_eq": str(key)}, scope: {"_eq": collection}}
    other = (
        overview.relation_by_many(relation.many_collection, relation.junction_field)
        if relation.junction_field is not None
        else None
    )
    if other is not None and _has_alias(overview, other):
        return _parents(overview, "m2a", other, rule, relation)
    return _rows(overview, "m2a", relation, rule)


def _has_alias(overview: SchemaOverview, relation: Relation) -> bool:
    """Whether the relation's "one" side has an alias over it (the junction's other side: one
    to filter with; the item's own side: the field that shows these links)."""
    if relation.one_collection is None or relation.one_field is None:
        return False
    parent = overview.collections.get(relation.one_collection)
    return parent is not None and relation.one_field in parent.fields


def _parents(
    overview: SchemaOverview,
    kind: UsageKind,
    other: Relation,
    rule: Mapping[str, Any],
    relation: Relation,
) -> Usage:
    assert other.one_collection is not None and other.one_field is not None
    parent = overview.collection(other.one_collection)
    if overview.relation_info(parent.collection, other.one_field).kind == "translations":
        kind = "translations"  # a languages item: the parents translated into it
    return Usage(
        kind,
        parent.collection,
        {other.one_field: {"_some": dict(rule)}},
        parent.name,
        _name(overview, parent.collection, other.one_field),
        via_junction=True,
        relation=relation,
        listable=parent.primary_key is not None,
    )


def _rows(
    overview: SchemaOverview, kind: UsageKind, relation: Relation, rule: Mapping[str, Any]
) -> Usage:
    many = overview.collection(relation.many_collection)
    return Usage(
        kind,
        many.collection,
        dict(rule),
        many.name,
        _name(overview, many.collection, relation.many_field),
        relation=relation,
        listable=many.primary_key is not None,
    )


async def count_usage(session: Session, usage: Usage) -> Count:
    """How many items the usage lists: one count query, whatever the number of items."""
    return await session.items(usage.collection).count(dict(usage.filter))
