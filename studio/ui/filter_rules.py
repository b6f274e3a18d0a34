"""The filter builder's model: rules of (field path, operator, value) over the engine's filter
format, the operators that make sense for each field type, and a one-line summary.

A path may go through an M2O (`country.name`); it becomes the nested rule the engine compiles
to a sub-select (`{"country": {"name": {"_eq": "France"}}}`). Several rules combine with `_and`.
Nothing here imports Textual.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from studio.engine import types as ft
from studio.engine.errors import InvalidValue
from studio.engine.paths import relation_kind
from studio.engine.schema import CollectionInfo, FieldInfo, SchemaOverview
from studio.engine.values import coerce

Takes = Literal["one", "list", "pair", "none", "text"]


@dataclass(frozen=True)
class Operator:
    key: str
    label: str
    takes: Takes  # "text": a substring, never coerced to the field's type


OPERATORS: dict[str, Operator] = {
    op.key: op
    for op in (
        Operator("_eq", "equals", "one"),
        Operator("_neq", "is not", "one"),
        Operator("_icontains", "contains", "text"),
        Operator("_nicontains", "does not contain", "text"),
        Operator("_contains", "contains (case-sensitive)", "text"),
        Operator("_ncontains", "does not contain (case-sensitive)", "text"),
        Operator("_istarts_with", "starts with", "text"),
        Operator("_iends_with", "ends with", "text"),
        Operator("_lt", "less than", "one"),
        Operator("_lte", "at most", "one"),
        Operator("_gt", "greater than", "one"),
        Operator("_gte", "at least", "one"),
        Operator("_between", "between", "pair"),
        Operator("_nbetween", "not between", "pair"),
        Operator("_in", "is one of", "list"),
        Operator("_nin", "is none of", "list"),
        Operator("_null", "is null", "none"),
        Operator("_nnull", "is not null", "none"),
        Operator("_empty", "is empty", "none"),
        Operator("_nempty", "is not empty", "none"),
    )
}

_TEXT = ["_icontains", "_nicontains", "_eq", "_neq", "_contains", "_ncontains", "_istarts_with",
         "_iends_with", "_in", "_nin", "_empty", "_nempty", "_null", "_nnull"]  # fmt: skip
_ORDERED = ["_eq", "_neq", "_lt", "_lte", "_gt", "_gte", "_between", "_nbetween"]
_NULL = ["_null", "_nnull"]
_BY_TYPE: dict[str, list[str]] = {
    ft.STRING: _TEXT,
    ft.TEXT: _TEXT,
    ft.CSV: ["_icontains", "_nicontains", "_empty", "_nempty", *_NULL],
    ft.UUID: ["_eq", "_neq", "_in", "_nin", *_NULL],
    ft.BOOLEAN: ["_eq", "_neq", *_NULL],
    ft.JSON: ["_contains", "_ncontains", "_empty", "_nempty", *_NULL],
    ft.HASH: ["_empty", "_nempty", *_NULL],
    **{t: [*_ORDERED, "_in", "_nin", *_NULL] for t in ft.NUMERIC_TYPES},
    **{t: [*_ORDERED, *_NULL] for t in (ft.DATE, ft.TIME, ft.DATETIME, ft.TIMESTAMP)},
}


def operators_for(field: FieldInfo) -> list[Operator]:
    return [OPERATORS[key] for key in _BY_TYPE.get(field.type, ["_eq", "_neq", "_null", "_nnull"])]


@dataclass(frozen=True)
class FilterField:
    path: str
    label: str
    field: FieldInfo


def filterable_fields(overview: SchemaOverview, collection: str) -> list[FilterField]:
    """The collection's fields, then for each M2O the related collection's fields (one hop)."""
    info = overview.collection(collection)
    found: list[FilterField] = []
    hops: list[FilterField] = []
    for field in info.fields.values():
        if field.is_alias:
            continue
        found.append(FilterField(field.field, field.name, field))
        kind, relation = relation_kind(overview, field)
        if kind != "m2o" or relation is None or relation.one_collection not in overview.collections:
            continue
        related = overview.collection(relation.one_collection)
        for inner in related.fields.values():
            if not inner.is_alias:
                hops.append(
                    FilterField(
                        f"{field.field}.{inner.field}", f"{field.name} → {inner.name}", inner
                    )
                )
    return found + hops


@dataclass(frozen=True)
class FilterRule:
    path: str
    operator: str
    value: Any = None
    label: str = ""  # how the path reads to a person

    def to_filter(self) -> dict[str, Any]:
        takes = OPERATORS[self.operator].takes if self.operator in OPERATORS else "one"
        condition: dict[str, Any] = {self.operator: True if takes == "none" else self.value}
        for part in reversed(self.path.split(".")):
            condition = {part: condition}
        return condition

    def describe(self) -> str:
        operator = OPERATORS.get(self.operator)
        words = operator.label if operator else self.operator
        name = self.label or self.path
        if operator is not None and operator.takes == "none":
            return f"{name} {words}"
        return f"{name} {words} {self.value}"


def check_value(field: FieldInfo, operator: str, text: str, dialect: str | None = None) -> Any:
    """The value a rule will hold, or InvalidValue saying what is wrong with what was typed."""
    takes = OPERATORS[operator].takes
    if takes == "none":
        return True
    if takes == "text":
        if not text:
            raise InvalidValue("Type the text to look for.", field=field.field)
        return text
    parts = [part.strip() for part in text.split(",")] if takes in ("list", "pair") else [text]
    if takes == "pair" and len(parts) != 2:
        raise InvalidValue("Type two values separated by a comma: low, high.", field=field.field)
    if not all(parts):
        raise InvalidValue(f"Type a value for {field.name}.", field=field.field)
    for part in parts:
        coerce(field, part, dialect)
    return text


def combine(rules: Sequence[FilterRule], extra: Sequence[Mapping[str, Any]] = ()) -> Any:
    """The engine filter for all rules together (None when there are none)."""
    parts = [rule.to_filter() for rule in rules] + list(extra)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"_and": parts}


def summary(rules: Sequence[FilterRule]) -> str:
    return " and ".join(rule.describe() for rule in rules)


def archived_rule(info: CollectionInfo, show_archived: bool) -> dict[str, Any] | None:
    """The rule that hides archived items, as the browser and the coverage matrix both list a
    collection: only when it has an archive the app is told to filter, and it is not shown."""
    hidden = (
        info.archive_field
        and info.archive_app_filter
        and info.archive_value is not None
        and info.archive_field in info.fields
        and not show_archived
    )
    return {info.archive_field: {"_neq": info.archive_value}} if hidden else None
