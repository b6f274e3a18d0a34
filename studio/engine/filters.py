"""Filter rules and search compiled to SQL: Directus's JSON rule form, the same on both databases.

Relational rules become sub-selects, never joins that multiply rows: an M2O path is
`fk IN (SELECT pk ...)`, `_some`/`_none` over a to-many relation is `pk [NOT] IN (SELECT fk ...)`.
`$FOLLOW(collection, field)` (Directus's name) follows a relation pointing here that has no
reverse alias, as if it had one: an O2O picker excludes items another parent already took with
`{"$FOLLOW(countries, capital_city)": {"_none": {}}}` even when `cities` has no `capital_of`.
`$FOLLOW(pages_sections, item, collection)` does the same for a many-to-any's polymorphic item.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    String,
    Text,
    and_,
    cast,
    false,
    func,
    literal,
    not_,
    or_,
    select,
    true,
)
from sqlalchemy.sql.elements import ColumnElement

from studio.engine import types as ft
from studio.engine.errors import InvalidQuery, InvalidValue, UnknownField
from studio.engine.paths import relation_kind
from studio.engine.schema import CollectionInfo, FieldInfo
from studio.engine.tables import Tables, primary_key_field
from studio.engine.values import coerce

_TEXT_TYPES = frozenset({ft.STRING, ft.TEXT, ft.HASH, ft.CSV, ft.UUID})
_LIKE_ESCAPE = "\\"
_HIGHEST = "\U0010ffff"  # sorts after every character in SQLite's binary collation
_NOW = "$NOW"
_UNCOMPARABLE = frozenset({ft.JSON, ft.HASH})
_PRESENCE = frozenset({"_null", "_nnull", "_empty", "_nempty"})
_JSON_TEXT = frozenset({"_contains", "_ncontains", "_icontains", "_nicontains"})
_FOLLOW = re.compile(r"^\$FOLLOW\(\s*([^,()\s]+)\s*,\s*([^,()\s]+)\s*(?:,\s*([^,()\s]+)\s*)?\)$")


class FilterCompiler:
    """Turns rules into WHERE clauses for one overview and dialect."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables
        self.overview = tables.overview
        self.dialect = tables.dialect

    def rule(self, collection: CollectionInfo, source: Any, rule: Any) -> ColumnElement[bool]:
        if not isinstance(rule, Mapping):
            raise InvalidQuery(f"A filter must be an object of rules, not {rule!r}.")
        clauses: list[ColumnElement[bool]] = []
        for key, condition in rule.items():
            if key in ("_and", "_or"):
                if not isinstance(condition, list):
                    raise InvalidQuery(f"{key} takes a list of rules.")
                parts = [self.rule(collection, source, part) for part in condition]
                if key == "_and":
                    clauses.append(and_(true(), *parts))
                else:
                    clauses.append(or_(false(), *parts))
            else:
                clauses.append(self._field(collection, source, key, condition))
        return and_(true(), *clauses)

    def _field(
        self, collection: CollectionInfo, source: Any, key: str, condition: Any
    ) -> ColumnElement[bool]:
        if key.startswith("$FOLLOW"):
            return self._follow(collection, source, key, condition)
        name, _, scope = key.partition(":")
        try:
            info = collection.field(name)
        except UnknownField:
            raise InvalidQuery(
                f"Cannot filter on {name!r}: {collection.collection!r} has no such field.",
                field=name,
            ) from None
        if not isinstance(condition, Mapping):
            raise InvalidQuery(
                f"The rule for {name!r} must be an object such as {{'_eq': ...}}.", field=name
            )
        operators = {k: v for k, v in condition.items() if k.startswith("_")}
        nested = {k: v for k, v in condition.items() if not k.startswith("_")}
        kind, relation = relation_kind(self.overview, info)
        clauses: list[ColumnElement[bool]] = []
        if kind == "o2m":
            assert relation is not None
            return self._to_many(collection, source, info.field, relation, operators, nested)
        if nested:
            if kind is None:
                raise InvalidQuery(
                    f"{name!r} is not a relation; {nested!r} cannot apply.", field=name
                )
            assert relation is not None
            if kind == "m2o":
                related = self.overview.collection(relation.one_collection or "")
                inner = self.tables(related)
                pk = primary_key_field(related).field
                sub = select(inner.c[pk]).where(self.rule(related, inner, nested))
                clauses.append(source.c[name].in_(sub))
            else:
                clauses.append(self._any_item(source, info, relation, scope, nested))
        if info.is_alias and operators:
            raise InvalidQuery(f"{name!r} holds no value to compare.", field=name)
        for operator, value in operators.items():
            clauses.append(self.operator(info, source.c[name], operator, value))
        return and_(true(), *clauses)

    def _follow(
        self, collection: CollectionInfo, source: Any, key: str, condition: Any
    ) -> ColumnElement[bool]:
        """`$FOLLOW(many_collection, fk)`: the items of `many_collection` whose `fk` points at
        this row, filtered with `_some`/`_none` like a to-many alias."""
        found = _FOLLOW.match(key)
        relation = None
        if found is not None:
            relation = self.overview.relation_by_many(found.group(1), found.group(2))
        polymorphic = (
            relation is not None
            and relation.one_collection is None
            and found is not None
            and found.group(3) == (relation.one_collection_field or "collection")
            and collection.collection in relation.one_allowed_collections
        )
        pointing = relation is not None and relation.one_collection == collection.collection
        if relation is None or not (polymorphic or pointing):
            raise InvalidQuery(
                f"{key!r} names no relation pointing at {collection.collection!r}: write "
                "$FOLLOW(collection, field) with the field holding the foreign key, or "
                "$FOLLOW(collection, item, collection) for the item of a many-to-any.",
                field=key,
            )
        if not isinstance(condition, Mapping):
            raise InvalidQuery(f"The rule for {key!r} must be an object such as {{'_some': ...}}.")
        operators = {k: v for k, v in condition.items() if k.startswith("_")}
        nested = {k: v for k, v in condition.items() if not k.startswith("_")}
        return self._to_many(collection, source, key, relation, operators, nested)

    def _to_many(
        self,
        collection: CollectionInfo,
        source: Any,
        name: str,
        relation: Any,
        operators: dict[str, Any],
        nested: dict[str, Any],
    ) -> ColumnElement[bool]:
        unknown = set(operators) - {"_some", "_none"}
        if unknown:
            raise InvalidQuery(
                f"{name!r} is a list of items: filter it with _some or _none, "
                f"not {sorted(unknown)[0]}.",
                field=name,
            )
        many = self.overview.collection(relation.many_collection)
        inner = self.tables(many)
        fk = inner.c[relation.many_field]
        pk: Any = source.c[primary_key_field(collection).field]
        scoped: list[ColumnElement[bool]] = []
        if relation.one_collection is None:  # a many-to-any's item: text, scoped by collection
            pk = cast(pk, String)
            scope_field = relation.one_collection_field or "collection"
            scoped.append(inner.c[scope_field] == collection.collection)
        clauses = []
        for operator, rule in [("_some", nested)] * bool(nested) + list(operators.items()):
            sub = select(fk).where(fk.is_not(None), *scoped, self.rule(many, inner, rule or {}))
            clauses.append(pk.in_(sub) if operator == "_some" else pk.not_in(sub))
        return and_(true(), *clauses)

    def _any_item(
        self, source: Any, info: FieldInfo, relation: Any, scope: str, nested: dict[str, Any]
    ) -> ColumnElement[bool]:
        if not scope:
            raise InvalidQuery(
                f"{info.field!r} can point at several collections: name one, "
                f"as in '{info.field}:{relation.one_allowed_collections[0]}'.",
                field=info.field,
            )
        if scope not in relation.one_allowed_collections:
            raise InvalidQuery(f"{info.field!r} cannot point at {scope!r}.", field=info.field)
        related = self.overview.collection(scope)
        inner = self.tables(related)
        pk = inner.c[primary_key_field(related).field]
        sub = select(cast(pk, String)).where(self.rule(related, inner, nested))
        return and_(
            source.c[relation.one_collection_field] == scope,
            source.c[info.field].in_(sub),
        )

    def operator(
        self, info: FieldInfo, column: Any, operator: str, value: Any
    ) -> ColumnElement[bool]:
        build = _OPERATORS.get(operator)
        allowed = _PRESENCE | (_JSON_TEXT if info.type == ft.JSON else frozenset())
        if build is not None and info.type in _UNCOMPARABLE and operator not in allowed:
            what = "hashed" if info.type == ft.HASH else "JSON"
            extra = ", or _contains" if info.type == ft.JSON else ""
            raise InvalidQuery(
                f"{info.name} holds {what} values: filter it with _null, _nnull, _empty or "
                f"_nempty{extra}.",
                field=info.field,
            )
        if build is None:
            raise InvalidQuery(
                f"Unknown filter operator {operator!r} on {info.field!r}.", field=info.field
            )
        return build(self, info, column, value)

    # values ---------------------------------------------------------------------------------

    def value(self, info: FieldInfo, value: Any) -> Any:
        if value == _NOW and info.type in (ft.DATE, ft.DATETIME, ft.TIMESTAMP):
            now = datetime.now(UTC)
            value = now.date() if info.type == ft.DATE else now
        try:
            typed = coerce(info, value, self.dialect)
        except InvalidValue as error:
            raise InvalidQuery(
                f"Filter on {info.name}: {error.message}", field=info.field
            ) from None
        return self.tables.bind(info, typed)

    def values(self, info: FieldInfo, value: Any) -> list[Any]:
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",")]
        if not isinstance(value, list | tuple):
            raise InvalidQuery(
                f"The filter on {info.field!r} needs a list of values.", field=info.field
            )
        return [self.value(info, item) for item in value]

    def pair(self, info: FieldInfo, value: Any) -> tuple[Any, Any]:
        values = self.values(info, value)
        if len(values) != 2:
            raise InvalidQuery(
                f"_between on {info.field!r} takes two values: [low, high].", field=info.field
            )
        return values[0], values[1]

    def text(self, info: FieldInfo, column: Any) -> Any:
        """A column as text, for substring operators on numbers, dates and JSON."""
        if info.type in _TEXT_TYPES and info.type != ft.UUID:
            return column
        return cast(column, Text)

    def contains(self, info: FieldInfo, column: Any, value: Any, insensitive: bool) -> Any:
        needle = str(value)
        target = self.text(info, column)
        if self.dialect == "sqlite":
            if insensitive:  # SQLite's LIKE ignores ASCII case
                return target.like(_pattern("%", needle, "%"), escape=_LIKE_ESCAPE)
            return func.instr(target, literal(needle)) > 0
        pattern = _pattern("%", needle, "%")
        if insensitive:
            return target.ilike(pattern, escape=_LIKE_ESCAPE)
        return target.like(pattern, escape=_LIKE_ESCAPE)

    def affix(
        self, info: FieldInfo, column: Any, value: Any, start: bool, insensitive: bool
    ) -> Any:
        needle = str(value)
        target = self.text(info, column)
        pattern = _pattern("", needle, "%") if start else _pattern("%", needle, "")
        if insensitive:
            if self.dialect == "sqlite":
                return target.like(pattern, escape=_LIKE_ESCAPE)
            return target.ilike(pattern, escape=_LIKE_ESCAPE)
        if self.dialect == "sqlite":
            if not needle:
                return true()
            length = len(needle)
            part = func.substr(target, 1, length) if start else func.substr(target, -length)
            if start and target is column:
                # The same rows, stated as a range too, which an index on the column answers.
                ceiling = literal(needle + _HIGHEST)
                return and_(part == literal(needle), column >= literal(needle), column < ceiling)
            return part == literal(needle)
        return target.like(pattern, escape=_LIKE_ESCAPE)

    def empty(self, info: FieldInfo, column: Any) -> ColumnElement[bool]:
        if info.type in (ft.STRING, ft.TEXT, ft.CSV, ft.HASH):
            return or_(column.is_(None), column == "")
        if info.type == ft.JSON:
            as_text = cast(column, Text)
            return or_(column.is_(None), as_text.in_(["", "[]", "{}", "null"]))
        return column.is_(None)


def _pattern(before: str, needle: str, after: str) -> str:
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"{before}{escaped}{after}"


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in ("false", "0", "")
    return bool(value)


def _eq(c: FilterCompiler, info: FieldInfo, column: Any, value: Any) -> Any:
    return column.is_(None) if value is None else column == c.value(info, value)


def _neq(c: FilterCompiler, info: FieldInfo, column: Any, value: Any) -> Any:
    if value is None:
        return column.is_not(None)
    return or_(column != c.value(info, value), column.is_(None))


def _nin(c: FilterCompiler, info: FieldInfo, column: Any, value: Any) -> Any:
    return or_(column.not_in(c.values(info, value)), column.is_(None))


def _between(c: FilterCompiler, info: FieldInfo, column: Any, value: Any) -> Any:
    low, high = c.pair(info, value)
    return column.between(low, high)


def _nbetween(c: FilterCompiler, info: FieldInfo, column: Any, value: Any) -> Any:
    low, high = c.pair(info, value)
    return or_(not_(column.between(low, high)), column.is_(None))


def _null(c: FilterCompiler, info: FieldInfo, column: Any, value: Any) -> Any:
    return column.is_(None) if _flag(value) else column.is_not(None)


def _empty(c: FilterCompiler, info: FieldInfo, column: Any, value: Any) -> Any:
    test = c.empty(info, column)
    return test if _flag(value) else not_(test)


def _negated(test: Callable[..., Any]) -> Callable[..., Any]:
    def build(c: FilterCompiler, info: FieldInfo, column: Any, value: Any) -> Any:
        return or_(not_(test(c, info, column, value)), column.is_(None))

    return build


def _contains(c: FilterCompiler, info: FieldInfo, column: Any, value: Any) -> Any:
    return c.contains(info, column, value, insensitive=False)


def _icontains(c: FilterCompiler, info: FieldInfo, column: Any, value: Any) -> Any:
    return c.contains(info, column, value, insensitive=True)


def _affix(start: bool, insensitive: bool) -> Callable[..., Any]:
    def build(c: FilterCompiler, info: FieldInfo, column: Any, value: Any) -> Any:
        return c.affix(info, column, value, start, insensitive)

    return build


def _compare(op: str) -> Callable[..., Any]:
    def build(c: FilterCompiler, info: FieldInfo, column: Any, value: Any) -> Any:
        bound = c.value(info, value)
        return {
            "lt": column < bound,
            "lte": column <= bound,
            "gt": column > bound,
            "gte": column >= bound,
        }[op]

    return build


_OPERATORS: dict[str, Callable[..., Any]] = {
    "_eq": _eq,
    "_neq": _neq,
    "_lt": _compare("lt"),
    "_lte": _compare("lte"),
    "_gt": _compare("gt"),
    "_gte": _compare("gte"),
    "_in": lambda c, info, column, value: column.in_(c.values(info, value)),
    "_nin": _nin,
    "_null": _null,
    "_nnull": lambda c, info, column, value: _null(c, info, column, not _flag(value)),
    "_empty": _empty,
    "_nempty": lambda c, info, column, value: _empty(c, info, column, not _flag(value)),
    "_contains": _contains,
    "_ncontains": _negated(_contains),
    "_icontains": _icontains,
    "_nicontains": _negated(_icontains),
    "_starts_with": _affix(start=True, insensitive=False),
    "_nstarts_with": _negated(_affix(start=True, insensitive=False)),
    "_istarts_with": _affix(start=True, insensitive=True),
    "_nistarts_with": _negated(_affix(start=True, insensitive=True)),
    "_ends_with": _affix(start=False, insensitive=False),
    "_nends_with": _negated(_affix(start=False, insensitive=False)),
    "_iends_with": _affix(start=False, insensitive=True),
    "_niends_with": _negated(_affix(start=False, insensitive=True)),
    "_between": _between,
    "_nbetween": _nbetween,
}


def search_clause(
    compiler: FilterCompiler, collection: CollectionInfo, source: Any, term: str
) -> ColumnElement[bool]:
    """Directus's search: text fields contain the term (any case); numbers and UUIDs equal it."""
    term = term.strip()
    if not term:
        return true()
    clauses: list[ColumnElement[bool]] = []
    for info in collection.fields.values():
        if info.is_alias or not info.searchable or info.type not in ft.SEARCHABLE_TYPES:
            continue
        column = source.c[info.field]
        if info.type in (ft.STRING, ft.TEXT):
            clauses.append(compiler.contains(info, column, term, insensitive=True))
            continue
        try:
            typed = coerce(info, term, compiler.dialect)
        except InvalidValue:
            continue
        clauses.append(column == compiler.tables.bind(info, typed))
    return or_(false(), *clauses)
