"""Sorting (also through M2O paths) and keyset paging over that sort.

NULLs sort last ascending and first descending on both databases (PostgreSQL's own rule, which
its default indexes serve); the NULLS clause is only written for columns that can hold NULL, so
a NOT NULL sort column keeps using its index on SQLite too. The primary key always ends the
order, which makes every order total and every keyset cursor unambiguous.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, false, literal, or_, true, tuple_
from sqlalchemy.sql.elements import ColumnElement

from studio.engine.errors import InvalidQuery, UnknownField
from studio.engine.paths import relation_kind
from studio.engine.schema import CollectionInfo, FieldInfo
from studio.engine.tables import Tables, primary_key_field


@dataclass(frozen=True)
class SortTerm:
    path: str
    expression: Any
    descending: bool
    nullable: bool
    field: FieldInfo

    def clause(self) -> Any:
        clause = self.expression.desc() if self.descending else self.expression.asc()
        if self.nullable:
            clause = clause.nulls_first() if self.descending else clause.nulls_last()
        return clause

    def after(self, value: Any) -> ColumnElement[bool]:
        """Rows strictly after `value` in this term's order."""
        column = self.expression
        if value is None:
            return column.is_not(None) if self.descending else false()
        bound = literal(value, column.type)  # SQLAlchemy refuses `column > True` unbound
        if self.descending:
            return column < bound
        return or_(column > bound, column.is_(None)) if self.nullable else column > bound

    def same(self, value: Any) -> ColumnElement[bool]:
        return self.expression.is_(None) if value is None else self.expression == value


class Ordering:
    """The FROM clause with the joins a sort needs, and its terms ending in the primary key."""

    def __init__(
        self, tables: Tables, collection: CollectionInfo, source: Any, sort: Sequence[str]
    ) -> None:
        self.from_clause: Any = source
        self.terms: list[SortTerm] = []
        joins: dict[str, Any] = {}
        for spec in sort:
            descending = spec.startswith("-")
            path = spec.lstrip("-+")
            self.terms.append(self._term(tables, collection, source, path, descending, joins))
        pk = primary_key_field(collection)
        if not any(term.path == pk.field for term in self.terms):
            self.terms.append(SortTerm(pk.field, source.c[pk.field], False, False, pk))

    def _term(
        self,
        tables: Tables,
        collection: CollectionInfo,
        source: Any,
        path: str,
        descending: bool,
        joins: dict[str, Any],
    ) -> SortTerm:
        parts = path.split(".")
        current, current_source, nullable = collection, source, False
        for depth, part in enumerate(parts[:-1]):
            info = _field(current, part, path)
            kind, relation = relation_kind(tables.overview, info)
            if kind != "m2o" or relation is None:
                raise InvalidQuery(
                    f"Cannot sort by {path!r}: sorting can follow many-to-one fields only.",
                    field=part,
                )
            related = tables.overview.collection(relation.one_collection or "")
            key = ".".join(parts[: depth + 1])
            alias = joins.get(key)
            if alias is None:
                alias = tables(related).alias(f"_sort{len(joins)}")
                pk = primary_key_field(related).field
                condition = current_source.c[part] == alias.c[pk]
                self.from_clause = self.from_clause.outerjoin(alias, condition)
                joins[key] = alias
            current, current_source, nullable = related, alias, True
        info = _field(current, parts[-1], path)
        if info.is_alias:
            raise InvalidQuery(
                f"Cannot sort by {path!r}: it holds a list, not a value.", field=info.field
            )
        return SortTerm(
            path, current_source.c[info.field], descending, nullable or info.nullable, info
        )

    def order_by(self) -> list[Any]:
        return [term.clause() for term in self.terms]

    def after(self, cursor: Sequence[Any]) -> ColumnElement[bool]:
        """Rows after the cursor (the last row's sort values, primary key last).

        One row-value comparison when every term runs the same way over NOT NULL values, which
        both databases answer from an index; otherwise the expanded OR of the ties.
        """
        if len(cursor) != len(self.terms):
            raise InvalidQuery(
                f"The 'after' cursor has {len(cursor)} values; this sort needs {len(self.terms)}."
            )
        directions = {term.descending for term in self.terms}
        if len(directions) == 1 and not any(t.nullable for t in self.terms) and None not in cursor:
            left = tuple_(*[term.expression for term in self.terms])
            right = tuple_(
                *[
                    literal(value, term.expression.type)
                    for term, value in zip(self.terms, cursor, strict=True)
                ]
            )
            return left < right if directions.pop() else left > right
        alternatives = []
        for index, term in enumerate(self.terms):
            ties = [self.terms[i].same(cursor[i]) for i in range(index)]
            alternatives.append(and_(true(), *ties, term.after(cursor[index])))
        return or_(false(), *alternatives)


def _field(collection: CollectionInfo, key: str, path: str) -> FieldInfo:
    try:
        return collection.field(key)
    except UnknownField:
        raise InvalidQuery(
            f"Cannot sort by {path!r}: {collection.collection!r} has no field {key!r}.", field=key
        ) from None
