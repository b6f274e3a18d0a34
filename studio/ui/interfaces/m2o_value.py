"""What an M2O field's value means, apart from any widget: the engine's write format is a key,
None, or an object (with the related key: edits of that item; without: a new item), so the
picker, the nested forms and the title all read the value through these few functions.

The filter for what may be picked lives here too: the field's own `filter` option and, for an
O2O (a unique FK), "not taken by another parent", which is one sub-select in the engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from studio.engine.relations import RelationInfo, RelationKind
from studio.engine.schema import SchemaOverview


def is_new(value: Any, key_field: str) -> bool:
    """A related item staged for creation (written with the parent's save)."""
    return isinstance(value, Mapping) and value.get(key_field) is None


def related_key(value: Any, key_field: str) -> Any:
    """The key of the related item the value points at (None: empty or not created yet)."""
    if isinstance(value, Mapping):
        return value.get(key_field)
    return value


def staged_edits(value: Any, key_field: str) -> dict[str, Any]:
    """The staged values: a new item's, or the edits of an existing one (never its key)."""
    if not isinstance(value, Mapping):
        return {}
    return {name: v for name, v in value.items() if name != key_field}


def with_edits(key: Any, edits: Mapping[str, Any], key_field: str) -> Any:
    """The value for an existing item and its staged edits: the plain key when there are none."""
    if not edits:
        return key
    return {key_field: key, **{n: v for n, v in edits.items() if n != key_field}}


def merged_for_title(item: Mapping[str, Any], edits: Mapping[str, Any]) -> dict[str, Any]:
    """The item as its edits will leave it, for its title. A related item read for the title
    (a dict) is kept when the edit holds only its key, which the template cannot render."""
    merged = dict(item)
    for name, value in edits.items():
        if isinstance(merged.get(name), Mapping) and not isinstance(value, Mapping):
            continue
        merged[name] = value
    return merged


def pick_filter(
    overview: SchemaOverview,
    relation: RelationInfo,
    parent_key: Any,
    option: Any = None,
) -> dict[str, Any] | None:
    """What the typeahead and the picker may offer: the field's `filter` option, and for an
    O2O the related items no OTHER parent points at (the current parent's own pick stays)."""
    rules: list[dict[str, Any]] = []
    if isinstance(option, Mapping) and option:
        rules.append(dict(option))
    if relation.kind == RelationKind.O2O and relation.related_collection:
        rules.append(_untaken(overview, relation, parent_key))
    if not rules:
        return None
    return rules[0] if len(rules) == 1 else {"_and": rules}


def _untaken(overview: SchemaOverview, relation: RelationInfo, parent_key: Any) -> dict[str, Any]:
    parent = overview.collection(relation.collection)
    others: dict[str, Any] = {}
    if parent_key is not None and parent.primary_key:
        others = {parent.primary_key: {"_neq": parent_key}}
    related = overview.collection(relation.related_collection or "")
    alias = relation.related_field
    if alias and alias in related.fields and related.fields[alias].is_alias:
        return {alias: {"_none": others}}
    return {f"$FOLLOW({relation.collection}, {relation.field})": {"_none": others}}
