"""The O2M list's reads, and how its rows are named (no Textual, no SQL: engine calls only).

Every read is one engine call for many rows (a page, the keys on a page, the picked items),
never one per row. The list reads a page at a time: the children of a parent with 5,000 of them
are never read whole, except their keys and sort values when the user starts reordering.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from studio.engine.relations import RelationKind
from studio.engine.schema import SchemaOverview
from studio.engine.templates import template_fields
from studio.ui.related import related_template, title_of, title_paths

if TYPE_CHECKING:
    from studio.ui.session import Session


@dataclass(frozen=True)
class ChildSource:
    """Where the children are and how they are named: the child collection and its key, its
    FK to the parent (`fk`), the parent's collection, key (None while the parent is being
    created) and key field, the template rows are shown with, and the relation's sort field."""

    collection: str
    pk: str
    fk: str
    parent_collection: str
    parent_key: Any
    parent_pk: str
    template: str
    parent_template: str
    sort_field: str | None = None

    @property
    def condition(self) -> dict[str, Any]:
        return {self.fk: {"_eq": self.parent_key}}

    def where(self, search: str) -> tuple[dict[str, Any], str | None]:
        """The filter and the engine search that find this parent's rows matching `search`
        (a junction's rows are searched by their related items, which its search cannot reach)."""
        return self.condition, search or None

    def paths(self) -> list[str]:
        return title_paths(self.template, self.pk)

    def sort(self) -> list[str]:
        return [self.sort_field] if self.sort_field else [self.pk]

    def parent_paths(self) -> list[str]:
        """The paths, under the FK, that name an item's current parent."""
        return [f"{self.fk}.{p}" for p in title_paths(self.parent_template, self.parent_pk)]

    def stub_paths(self) -> list[str]:
        """The paths of the row template that go through the FK (`country.name`), without it."""
        prefix = f"{self.fk}."
        return [p[len(prefix) :] for p in template_fields(self.template) if p.startswith(prefix)]


def child_source(
    overview: SchemaOverview,
    parent_collection: str,
    field: str,
    parent_key: Any,
    template_option: Any = None,
) -> ChildSource:
    relation = overview.relation_info(parent_collection, field)
    assert relation.kind == RelationKind.O2M and relation.related_collection
    child = overview.collection(relation.related_collection)
    parent = overview.collection(parent_collection)
    return ChildSource(
        collection=child.collection,
        pk=str(child.primary_key),
        fk=str(relation.related_field),
        parent_collection=parent_collection,
        parent_key=parent_key,
        parent_pk=str(parent.primary_key),
        template=related_template(overview, child.collection, template_option),
        parent_template=related_template(overview, parent_collection),
        sort_field=relation.sort_field,
    )


def row_title(source: ChildSource, item: Mapping[str, Any]) -> str:
    return title_of(source.template, item, source.pk)


def parent_title(source: ChildSource, item: Mapping[str, Any]) -> str | None:
    """The title of the parent `item` (read with `parent_paths`) belongs to, if any."""
    parent = item.get(source.fk)
    if parent is None:
        return None
    if not isinstance(parent, Mapping):
        return str(parent)
    return title_of(source.parent_template, parent, source.parent_pk)


def parent_key_of(source: ChildSource, item: Mapping[str, Any]) -> Any:
    parent = item.get(source.fk)
    return parent.get(source.parent_pk) if isinstance(parent, Mapping) else parent


def staged_item(
    overview: SchemaOverview,
    source: ChildSource,
    base: Mapping[str, Any] | None,
    values: Mapping[str, Any] | None,
    stub: Mapping[str, Any] | None,
) -> dict[str, Any]:
    """What a staged row looks like, to name it: the item as read (`base`, None for a new
    one) with the staged values over it. A many-to-one whose key changed loses the related
    values read with the old key; the FK shows this parent (`stub`)."""
    item = dict(base or {})
    for name, value in (values or {}).items():
        old = item.get(name)
        if isinstance(old, Mapping) and not isinstance(value, Mapping):
            relation = overview.relation_info(source.collection, name)
            key_field = relation.related_primary_key
            if relation.is_to_many:
                continue
            if key_field and old.get(key_field) == value:
                continue
            item[name] = {key_field: value} if key_field else value
        else:
            item[name] = value
    item[source.fk] = dict(stub) if stub is not None else None
    return item


# reads ---------------------------------------------------------------------------------------


async def read_count(session: Session, source: ChildSource, search: str) -> int:
    if source.parent_key is None:
        return 0
    items = session.items(source.collection)
    rule, term = source.where(search)
    return (await items.count(rule, term)).value


async def read_page(
    session: Session, source: ChildSource, search: str, page: int, size: int
) -> list[dict[str, Any]]:
    if source.parent_key is None:
        return []
    rule, term = source.where(search)
    query: dict[str, Any] = {
        "fields": source.paths(),
        "filter": rule,
        "sort": source.sort(),
        "limit": size,
        "offset": page * size,
    }
    if term:
        query["search"] = term
    return await session.items(source.collection).read_many(query)


async def read_keys(session: Session, source: ChildSource, keys: Iterable[Any]) -> list[dict]:
    """Items by key, with what their titles need."""
    wanted = list(dict.fromkeys(keys))
    if not wanted:
        return []
    return await session.items(source.collection).read_by_keys(wanted, source.paths())


async def read_order(session: Session, source: ChildSource) -> list[tuple[Any, Any]]:
    """Every child's key and sort value, in order: the one whole-list read, for reordering."""
    if source.parent_key is None or not source.sort_field:
        return []
    rows = await session.items(source.collection).read_many(
        {
            "fields": [source.pk, source.sort_field],
            "filter": source.condition,
            "sort": source.sort(),
            "limit": -1,
        }
    )
    return [(row[source.pk], row[source.sort_field]) for row in rows]


async def read_picked(
    session: Session, source: ChildSource, keys: Iterable[Any]
) -> list[dict[str, Any]]:
    """Picked items with their titles and the parent each belongs to now, in one read."""
    wanted = list(dict.fromkeys(keys))
    if not wanted:
        return []
    paths = list(dict.fromkeys([*source.paths(), *source.parent_paths()]))
    return await session.items(source.collection).read_by_keys(wanted, paths)


async def read_max_sort(session: Session, source: ChildSource) -> int | None:
    """The highest sort value among the children (added items go after it): 0 when none
    has one, None without a sort field."""
    if not source.sort_field:
        return None
    if source.parent_key is None:
        return 0
    rows = await session.items(source.collection).read_many(
        {
            "fields": [source.sort_field],
            "filter": {**source.condition, source.sort_field: {"_nnull": True}},
            "sort": [f"-{source.sort_field}"],
            "limit": 1,
        }
    )
    value = rows[0][source.sort_field] if rows else None
    return value if isinstance(value, int) else 0


async def read_stub(session: Session, source: ChildSource) -> dict[str, Any] | None:
    """The parent's values the row template shows through the FK (`{{country.name}}`), so a
    staged row is named as the saved ones are."""
    paths = source.stub_paths()
    if source.parent_key is None or not paths:
        return None
    found = await session.items(source.parent_collection).read_by_keys(
        [source.parent_key], list(dict.fromkeys([source.parent_pk, *paths]))
    )
    return found[0] if found else None
