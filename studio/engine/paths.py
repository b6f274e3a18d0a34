"""Field paths (`*`, `country.name`, `ingredients.ingredients_id.name`, `sections.item:headings.*`)
turned into a tree with one node per collection visited, which the reader walks level by level.

Every to-many alias (O2M, M2M, M2A, translations) is an O2M to the collection holding the FK, as
in Directus: `ingredients` leads to the junction rows, `ingredients.ingredients_id` on to the
ingredient. The polymorphic `item` of an M2A junction needs a scope (`item:headings`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from studio.engine.errors import InvalidQuery, UnknownField
from studio.engine.query import DeepOptions
from studio.engine.schema import CollectionInfo, FieldInfo, Relation, SchemaOverview


@dataclass
class Node:
    """What to read from one collection: columns as values, and relations to follow."""

    collection: CollectionInfo
    columns: list[str] = field(default_factory=list)
    children: dict[str, Child] = field(default_factory=dict)
    outputs: list[str] = field(default_factory=list)

    def output(self, key: str) -> None:
        if key not in self.outputs:
            self.outputs.append(key)


@dataclass
class Child:
    """A relation followed from a node.

    `m2o`: `nodes[""]` is the related collection. `o2m`: `nodes[""]` is the many side, or None when
    only the keys were asked for. `a2o`: one node per collection scope.
    """

    kind: Literal["m2o", "o2m", "a2o"]
    relation: Relation
    nodes: dict[str, Node | None] = field(default_factory=dict)
    deep: DeepOptions = field(default_factory=DeepOptions)


def build_tree(
    overview: SchemaOverview,
    collection: str,
    paths: Sequence[str],
    deep: Mapping[str, Any] | None = None,
) -> Node:
    root = Node(overview.collection(collection))
    for path in paths:
        _add(overview, root, path.split("."), path, deep or {})
    return root


def relation_kind(overview: SchemaOverview, info: FieldInfo) -> tuple[str | None, Relation | None]:
    """How the query model follows a field: 'm2o', 'a2o', 'o2m', or None for a plain value."""
    many = overview.relation_by_many(info.collection, info.field)
    if many is not None:
        return ("m2o" if many.one_collection else "a2o"), many
    one = overview.relation_by_one(info.collection, info.field)
    if one is not None and info.is_alias:
        return "o2m", one
    return None, None


def _field(node: Node, key: str, path: str) -> FieldInfo:
    try:
        return node.collection.field(key)
    except UnknownField:
        raise InvalidQuery(
            f"{node.collection.collection!r} has no field {key!r} (in {path!r}).", field=key
        ) from None


def _add(
    overview: SchemaOverview, node: Node, parts: list[str], path: str, deep: Mapping[str, Any]
) -> None:
    head, rest = parts[0], parts[1:]
    if head == "*":
        for info in node.collection.fields.values():
            kind, _ = relation_kind(overview, info)
            if info.is_alias and kind is None:
                continue  # groups and presentation fields hold no data
            if rest and kind is not None:
                _add(overview, node, [info.field, *rest], path, deep)
            else:
                _add(overview, node, [info.field], path, deep)
        return
    key, _, scope = head.partition(":")
    info = _field(node, key, path)
    kind, relation = relation_kind(overview, info)
    node.output(key)
    if kind is None:
        if rest:
            raise InvalidQuery(f"{key!r} is not a relation, so {path!r} leads nowhere.", field=key)
        if info.is_alias:
            node.outputs.remove(key)
        elif key not in node.columns:
            node.columns.append(key)
        return
    assert relation is not None
    if kind == "m2o":
        if not rest:
            if key not in node.columns:
                node.columns.append(key)
            return
        child = node.children.setdefault(key, Child("m2o", relation))
        target = child.nodes.get("") or Node(overview.collection(relation.one_collection or ""))
        child.nodes[""] = target
        _add(overview, target, rest, path, _nested(deep.get(key)))
        return
    if kind == "a2o":
        if not rest:
            if key not in node.columns:
                node.columns.append(key)
            return
        scopes = [scope] if scope else list(relation.one_allowed_collections)
        if scope and scope not in relation.one_allowed_collections:
            raise InvalidQuery(
                f"{key!r} cannot point at {scope!r}; allowed: "
                f"{', '.join(relation.one_allowed_collections)}.",
                field=key,
            )
        child = node.children.setdefault(key, Child("a2o", relation))
        for name in scopes:
            target = child.nodes.get(name) or Node(overview.collection(name))
            child.nodes[name] = target
            _add(overview, target, rest, path, _nested(deep.get(f"{key}:{name}") or deep.get(key)))
        return
    child = node.children.get(key)
    if child is None:
        child = Child("o2m", relation, {"": None}, DeepOptions.parse(deep.get(key), key))
        node.children[key] = child
    if rest:
        target = child.nodes.get("") or Node(overview.collection(relation.many_collection))
        child.nodes[""] = target
        _add(overview, target, rest, path, child.deep.children)


def _nested(value: Any) -> Mapping[str, Any]:
    """`deep` options under an M2O/A2O hop: only nested relations, it has no list of its own."""
    return value if isinstance(value, Mapping) else {}
