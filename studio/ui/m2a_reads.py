"""The M2A builder's reads and how its blocks are named (no Textual, no SQL: engine calls only).

The builder lists junction rows (`pages_sections`): a page of them is ONE read that follows the
polymorphic `item` into every allowed collection at once (`item:headings.title`,
`item:text_bodies.body`, ...); the engine reads one query per collection, not per row. A block is
named "Collection: title" through that collection's template.

A row is broken when its collection is no longer allowed (or no longer exists), or when its item
is gone (the read gives None for it); it is named so, never a crash. The key of a gone item is
read only for the pages that have one (one more read for the page).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from studio.engine import types as ft
from studio.engine.relations import RelationKind
from studio.engine.schema import SchemaOverview
from studio.engine.templates import format_value, template_fields
from studio.ui.o2m_reads import ChildSource
from studio.ui.related import related_template, title_of, title_paths

if TYPE_CHECKING:
    from studio.ui.session import Session


@dataclass(frozen=True)
class BlockKind:
    """One allowed collection: its key, its name and the template its blocks are named by."""

    collection: str
    name: str
    pk: str
    template: str
    text_fields: tuple[str, ...] = ()  # the template's own text fields, which a search matches

    def paths(self) -> list[str]:
        return title_paths(self.template, self.pk)

    def title(self, item: Mapping[str, Any]) -> str:
        return title_of(self.template, item, self.pk)

    def label(self, item: Mapping[str, Any]) -> str:
        return f"{self.name}: {self.title(item)}"


@dataclass(frozen=True)
class M2ASource(ChildSource):
    """The junction rows of one item's M2A field. `kinds`: the allowed collections that exist,
    in the field's order; `allowed`: every collection the field allows (some may be gone)."""

    item_field: str = "item"
    scope_field: str = "collection"
    kinds: tuple[BlockKind, ...] = ()
    allowed: tuple[str, ...] = ()

    def kind(self, collection: Any) -> BlockKind | None:
        return next((k for k in self.kinds if k.collection == collection), None)

    def paths(self) -> list[str]:
        """The junction row, and each allowed collection's title paths through the item."""
        paths = [self.pk, self.scope_field]
        if self.sort_field:
            paths.append(self.sort_field)
        for kind in self.kinds:
            paths.extend(f"{self.item_field}:{kind.collection}.{p}" for p in kind.paths())
        return paths

    def stub_paths(self) -> list[str]:
        return []  # blocks do not show the page they sit on

    def where(self, search: str) -> tuple[dict[str, Any], str | None]:
        """A search finds the blocks whose title holds the text, as the list shows them: the
        collection's name, or a text field of its template (any case), through the item of
        each allowed collection in one filter (the junction's own search would find
        collection names and keys)."""
        term = search.strip()
        if not term:
            return self.condition, None
        rules: list[dict[str, Any]] = []
        for kind in self.kinds:
            if term.casefold() in kind.name.casefold():
                rules.append({self.scope_field: {"_eq": kind.collection}})
            scope = f"{self.item_field}:{kind.collection}"
            rules.extend({scope: {name: {"_icontains": term}}} for name in kind.text_fields)
        if not rules:
            rules.append({self.pk: {"_null": True}})  # nothing to match in: no block
        return {"_and": [self.condition, {"_or": rules}]}, None


def m2a_source(
    overview: SchemaOverview, parent_collection: str, field: str, parent_key: Any
) -> M2ASource | None:
    relation = overview.relation_info(parent_collection, field)
    junction = relation.junction_collection
    if relation.kind != RelationKind.M2A or junction not in overview.collections:
        return None
    kinds = []
    for name in relation.allowed_collections:
        info = overview.collections.get(name)
        if info is None or info.primary_key is None:
            continue
        template = related_template(overview, name)
        texts = tuple(
            path
            for path in template_fields(template)
            if path in info.fields and info.fields[path].type in (ft.STRING, ft.TEXT)
        )
        kinds.append(BlockKind(name, info.name, str(info.primary_key), template, texts))
    parent = overview.collection(parent_collection)
    return M2ASource(
        collection=str(junction),
        pk=str(relation.junction_primary_key),
        fk=str(relation.junction_field),
        parent_collection=parent_collection,
        parent_key=parent_key,
        parent_pk=str(parent.primary_key),
        template="",
        parent_template=related_template(overview, parent_collection),
        sort_field=relation.sort_field,
        item_field=str(relation.junction_related_field),
        scope_field=relation.collection_field or "collection",
        kinds=tuple(kinds),
        allowed=tuple(relation.allowed_collections),
    )


# blocks ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """What a junction row holds: its collection (`kind` None when that is not allowed or gone),
    the item's key and values as read. `problem` names a broken row: "not allowed", "no
    collection" (allowed, but the collection is gone) or "missing" (the item is gone)."""

    collection: Any
    kind: BlockKind | None
    key: Any
    item: Mapping[str, Any] | None
    problem: str | None = None

    @property
    def broken(self) -> bool:
        return self.problem is not None


def block_of(source: M2ASource, row: Mapping[str, Any], raw_key: Any = None) -> Block:
    """The block a junction row (read with `source.paths()`) holds; `raw_key` is the item
    column as stored, when it was read (the read gives None for an item that is gone)."""
    collection = row.get(source.scope_field)
    kind = source.kind(collection)
    item = row.get(source.item_field)
    if kind is None:
        problem = "no collection" if collection in source.allowed else "not allowed"
        key = item if not isinstance(item, Mapping) else None
        return Block(collection, None, key if key is not None else raw_key, None, problem)
    if not isinstance(item, Mapping):
        return Block(collection, kind, item if item is not None else raw_key, None, "missing")
    return Block(collection, kind, item.get(kind.pk), item)


def block_title(block: Block) -> str:
    if block.kind is not None and block.item is not None:
        return block.kind.label(block.item)
    key = "" if block.key is None else f" {format_value(block.key)}"
    if block.problem == "missing" and block.kind is not None:
        return f"{block.kind.name}: item{key} no longer exists"
    return f"{_collection(block)}: collection " + (
        "no longer exists" if block.problem == "no collection" else "not allowed"
    )


def _collection(block: Block) -> str:
    return format_value(block.collection) if block.collection else "(no collection)"


def block_explanation(block: Block, field: str) -> str:
    """What is wrong with a broken row and what can be done, for Enter/F3 on it."""
    if block.problem == "missing":
        return f"{block_title(block)}: deleted elsewhere. Delete removes this block from {field}."
    if block.problem == "no collection":
        return (
            f"This block's collection {_collection(block)} no longer exists. "
            f"Delete removes the block from {field}."
        )
    return (
        f"This block's collection {_collection(block)} is not allowed in {field} any more. "
        "Delete removes the block."
    )


def staged_label(kind: BlockKind, base: Mapping[str, Any] | None, values: Mapping[str, Any]) -> str:
    """A staged block's title: the item as read (`base`) with the staged values over it."""
    item = {**(base or {}), **{k: v for k, v in values.items() if not isinstance(v, Mapping)}}
    return kind.label(item)


# reads -----------------------------------------------------------------------------------------


async def read_raw_keys(session: Session, source: M2ASource, keys: Iterable[Any]) -> dict[Any, Any]:
    """The item column as stored, for junction rows whose item the read found gone."""
    wanted = list(dict.fromkeys(keys))
    if not wanted:
        return {}
    rows = await session.items(source.collection).read_by_keys(
        wanted, [source.pk, source.item_field]
    )
    return {row[source.pk]: row.get(source.item_field) for row in rows}


async def read_items(session: Session, kind: BlockKind, keys: Iterable[Any]) -> list[dict]:
    """Items of one allowed collection with what their titles need, in one read."""
    wanted = list(dict.fromkeys(keys))
    if not wanted:
        return []
    return await session.items(kind.collection).read_by_keys(wanted, kind.paths())


async def read_values(session: Session, collection: str, key: Any) -> dict[str, Any]:
    """An item's own values (no relational lists), to duplicate it."""
    info = session.overview.collection(collection)
    fields = [name for name, field in info.fields.items() if not field.is_alias]
    return await session.items(collection).read_one(key, fields)


async def count_other_links(session: Session, source: M2ASource, block: Block) -> int:
    """How many other rows of this junction (other pages) link the same item."""
    rules: list[dict[str, Any]] = [
        {source.scope_field: {"_eq": block.collection}},
        {source.item_field: {"_eq": str(block.key)}},
        {source.fk: {"_nnull": True}},
    ]
    if source.parent_key is not None:
        rules.append({source.fk: {"_neq": source.parent_key}})
    return (await session.items(source.collection).count({"_and": rules})).value
