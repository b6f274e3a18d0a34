"""An M2M list's rows are its junction rows: where they are, how they are named and searched,
and the reads the list adds to the O2M ones (no Textual, no SQL: engine calls only).

The list pages, stages and reorders junction rows exactly as an O2M list does its children
(`o2m_reads.ChildSource` over the junction: its key, and the junction field as the foreign key
to this item). What differs is what a row shows: the related item reached through the junction's
other field (`junction_related_field`) mixed with the junction's own "context" fields (a
quantity), and a search that must reach the related item's text, which the engine's search over
the junction cannot (it looks at the junction's own columns only).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from studio.engine import types as ft
from studio.engine.errors import StudioError
from studio.engine.relations import RelationKind
from studio.engine.schema import CollectionInfo, FieldInfo, SchemaOverview
from studio.engine.templates import template_fields
from studio.engine.values import coerce
from studio.ui.o2m_reads import ChildSource, staged_item
from studio.ui.related import related_template, title_of, title_paths

if TYPE_CHECKING:
    from studio.ui.session import Session


@dataclass(frozen=True)
class JunctionSource(ChildSource):
    """A `ChildSource` over the junction (`collection`, `pk`, `fk` = the junction field), with
    the related side: the junction's field towards it (`related_field`), its collection and key
    field, and the junction's context fields (what the link itself holds)."""

    related_field: str = ""
    related_collection: str = ""
    related_pk: str = ""
    context: tuple[str, ...] = ()
    related_searched: tuple[FieldInfo, ...] = ()
    context_searched: tuple[FieldInfo, ...] = ()
    dialect: str | None = None

    def paths(self) -> list[str]:
        """The template's paths, the related key and the context fields: a page shows titles,
        the grid the context values, and editing a row needs its related key."""
        related_key = f"{self.related_field}.{self.related_pk}"
        return list(
            dict.fromkeys([*title_paths(self.template, self.pk), related_key, *self.context])
        )

    def where(self, search: str) -> tuple[dict[str, Any], str | None]:
        """A search finds rows whose related item or context fields hold the text, as the
        engine's search would over each: one rule per field, every related one a sub-select
        through the junction field (no read per row)."""
        if not search.strip():
            return self.condition, None
        rules = [
            {self.related_field: rule}
            for rule in _search_rules(self.related_searched, search, self.dialect)
        ]
        rules += _search_rules(self.context_searched, search, self.dialect)
        return {"_and": [self.condition, {"_or": rules}]}, None

    def related_paths(self) -> list[str]:
        """The paths, on the related collection, that the row template shows through the
        junction's related field (`name` for `{{ingredients_id.name}}`)."""
        prefix = f"{self.related_field}."
        inner = [p[len(prefix) :] for p in template_fields(self.template) if p.startswith(prefix)]
        return list(dict.fromkeys([self.related_pk, *inner]))

    def related_key(self, row: Mapping[str, Any] | None) -> Any:
        """The related item's key in a junction row as read (None: it links nothing)."""
        value = (row or {}).get(self.related_field)
        return value.get(self.related_pk) if isinstance(value, Mapping) else value


def _search_rules(fields: Iterable[FieldInfo], text: str, dialect: str | None) -> list[dict]:
    """The engine's search as rules: text fields contain the text in any case, numbers and
    UUIDs equal it when it reads as one."""
    term = text.strip()
    rules: list[dict[str, Any]] = []
    for field in fields:
        if field.type in (ft.STRING, ft.TEXT):
            rules.append({field.field: {"_icontains": term}})
            continue
        try:
            coerce(field, term, dialect)
        except StudioError:
            continue
        rules.append({field.field: {"_eq": term}})
    return rules


def _searchable(info: CollectionInfo, names: Iterable[str] | None = None) -> tuple[FieldInfo, ...]:
    wanted = set(names) if names is not None else None
    return tuple(
        field
        for field in info.fields.values()
        if not field.is_alias
        and field.searchable
        and field.type in ft.SEARCHABLE_TYPES
        and (wanted is None or field.field in wanted)
    )


def context_fields(overview: SchemaOverview, collection: str, field: str) -> list[str]:
    """The junction's own columns: all but its key, the two foreign keys and the sort field
    (of either side: `ingredients.recipes` has none, but `recipes_ingredients.sort` is the
    recipes' order, not something the link holds)."""
    relation = overview.relation_info(collection, field)
    assert relation.junction_collection is not None
    junction = overview.collection(relation.junction_collection)
    other = relation.junction_relation
    skip = {
        junction.primary_key,
        relation.junction_field,
        relation.junction_related_field,
        relation.sort_field,
        other.sort_field if other is not None else None,  # the order seen from the other side
    }
    return [
        name for name, info in junction.fields.items() if name not in skip and not info.is_alias
    ]


def link_template(overview: SchemaOverview, collection: str, field: str, option: Any) -> str:
    """How a link is named, relative to the junction: the field's `template` option; else the
    junction's display template, but only when every relation it shows goes through the related
    field (from the other side, "{{quantity}} {{ingredients_id.name}}" would name this item
    itself); else the related collection's template through the related field; else its key."""
    relation = overview.relation_info(collection, field)
    assert relation.junction_collection and relation.junction_related_field
    related, through = relation.related_collection, relation.junction_related_field
    if isinstance(option, str) and option.strip():
        return option
    junction = overview.collection(relation.junction_collection)
    own = junction.display_template or ""
    if own and _names_the_related_item(overview, junction, own, through):
        return own
    assert related is not None
    inner = related_template(overview, related)
    return _prefixed(inner, through)


def _names_the_related_item(
    overview: SchemaOverview, junction: CollectionInfo, template: str, through: str
) -> bool:
    paths = template_fields(template)
    reaches = False
    for path in paths:
        head = path.split(".", 1)[0]
        if head == through:
            reaches = True
            continue
        if head not in junction.fields:
            return False
        if overview.relation_info(junction.collection, head).kind != RelationKind.NONE:
            return False
    return reaches


_TOKEN = re.compile(r"{{\s*([^{}]+?)\s*}}")


def _prefixed(template: str, through: str) -> str:
    return _TOKEN.sub(lambda found: "{{" + f"{through}.{found.group(1)}" + "}}", template)


def junction_source(
    overview: SchemaOverview,
    parent_collection: str,
    field: str,
    parent_key: Any,
    template_option: Any = None,
    dialect: str | None = None,
) -> JunctionSource:
    relation = overview.relation_info(parent_collection, field)
    assert relation.kind == RelationKind.M2M
    assert relation.junction_collection and relation.junction_field
    assert relation.junction_related_field and relation.related_collection
    junction = overview.collection(relation.junction_collection)
    related = overview.collection(relation.related_collection)
    parent = overview.collection(parent_collection)
    context = tuple(context_fields(overview, parent_collection, field))
    return JunctionSource(
        collection=junction.collection,
        pk=str(junction.primary_key),
        fk=relation.junction_field,
        parent_collection=parent_collection,
        parent_key=parent_key,
        parent_pk=str(parent.primary_key),
        template=link_template(overview, parent_collection, field, template_option),
        parent_template=related_template(overview, parent_collection),
        sort_field=relation.sort_field,
        related_field=relation.junction_related_field,
        related_collection=related.collection,
        related_pk=str(related.primary_key),
        context=context,
        related_searched=_searchable(related),
        context_searched=_searchable(junction, context),
        dialect=dialect,
    )


def link_item(
    overview: SchemaOverview,
    source: JunctionSource,
    base: Mapping[str, Any] | None,
    values: Mapping[str, Any] | None,
    related: Mapping[Any, Mapping[str, Any]],
) -> dict[str, Any]:
    """A staged link as its template sees it: the junction row as read (`base`) with the staged
    values over it; the related item is the one read for its key (`related`), or the values
    staged for it over what was read."""
    values = dict(values or {})
    has_related = source.related_field in values
    towards = values.pop(source.related_field, None)
    item = staged_item(overview, source, base, values, None)
    if not has_related:
        return item
    was = (base or {}).get(source.related_field)
    was = dict(was) if isinstance(was, Mapping) else {}
    if isinstance(towards, Mapping):
        key = towards.get(source.related_pk)
        read = related.get(key, {}) if key is not None else {}
        same = key is None or was.get(source.related_pk) in (None, key)
        item[source.related_field] = {**read, **(was if same else {}), **towards}
    else:
        item[source.related_field] = dict(related.get(towards, {source.related_pk: towards}))
    return item


def link_title(
    overview: SchemaOverview,
    source: JunctionSource,
    base: Mapping[str, Any] | None,
    values: Mapping[str, Any] | None,
    related: Mapping[Any, Mapping[str, Any]],
) -> str:
    return title_of(source.template, link_item(overview, source, base, values, related), source.pk)


# reads ---------------------------------------------------------------------------------------


async def read_related(
    session: Session, source: JunctionSource, keys: Iterable[Any]
) -> list[dict[str, Any]]:
    """Related items by key, with what the row template shows of them, in one read."""
    wanted = list(dict.fromkeys(k for k in keys if k is not None))
    if not wanted:
        return []
    items = session.items(source.related_collection)
    return await items.read_by_keys(wanted, source.related_paths())
