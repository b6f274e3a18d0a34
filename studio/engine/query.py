"""The query model (Directus's): fields, filter, search, sort, paging and per-relation options.

A query arrives as a `Query` or as a plain dict in Directus's shape
(`{"fields": ["*", "country.name"], "filter": {...}, "sort": ["-name"], "limit": 50}`), so the UI,
tests and a future API all speak one format.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from studio.engine.errors import InvalidQuery

DEFAULT_LIMIT = 100
_KNOWN = {"fields", "filter", "search", "sort", "limit", "offset", "after", "deep"}
_DEEP_KNOWN = {"_filter", "_sort", "_limit", "_offset", "_search"}


@dataclass(frozen=True)
class Query:
    """What to read. `limit=-1` reads everything; `after` is a keyset cursor from `Page.after`.

    `deep` holds per-relation options keyed by field path (`{"cities": {"_limit": 5,
    "_sort": ["-name"], "_filter": {...}}}`), nested like the fields they apply to.
    """

    fields: tuple[str, ...] = ("*",)
    filter: Mapping[str, Any] | None = None
    search: str | None = None
    sort: tuple[str, ...] = ()
    limit: int | None = DEFAULT_LIMIT
    offset: int = 0
    after: tuple[Any, ...] | None = None
    deep: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def parse(cls, value: Query | Mapping[str, Any] | None = None, **overrides: Any) -> Query:
        if value is None:
            query = cls()
        elif isinstance(value, Query):
            query = value
        elif isinstance(value, Mapping):
            unknown = set(value) - _KNOWN
            if unknown:
                raise InvalidQuery(f"Unknown query option {sorted(unknown)[0]!r}.")
            query = cls(
                fields=_strings(value.get("fields", ("*",)), "fields"),
                filter=value.get("filter") or None,
                search=value.get("search") or None,
                sort=_strings(value.get("sort", ()), "sort"),
                limit=_limit(value.get("limit", DEFAULT_LIMIT)),
                offset=_offset(value.get("offset", 0)),
                after=tuple(value["after"]) if value.get("after") is not None else None,
                deep=value.get("deep") or {},
            )
        else:
            raise InvalidQuery(f"A query must be an object, not {type(value).__name__}.")
        if overrides:
            unknown = set(overrides) - _KNOWN
            if unknown:
                raise InvalidQuery(f"Unknown query option {sorted(unknown)[0]!r}.")
            for key in ("fields", "sort"):
                if key in overrides:
                    overrides[key] = _strings(overrides[key], key)
            if "limit" in overrides:
                overrides["limit"] = _limit(overrides["limit"])
            if "offset" in overrides:
                overrides["offset"] = _offset(overrides["offset"])
            if overrides.get("after") is not None:
                overrides["after"] = tuple(overrides["after"])
            query = replace(query, **overrides)
        if query.filter is not None and not isinstance(query.filter, Mapping):
            raise InvalidQuery("A filter must be an object of rules.")
        if query.after is not None and query.offset:
            raise InvalidQuery("Use either an offset or an 'after' cursor, not both.")
        return query


def _strings(value: Any, name: str) -> tuple[str, ...]:
    if isinstance(value, str):
        parts = [part.strip() for part in value.split(",")]
    elif isinstance(value, Sequence):
        parts = [str(part).strip() for part in value]
    else:
        raise InvalidQuery(f"'{name}' must be a list of field paths.")
    return tuple(part for part in parts if part)


def _limit(value: Any) -> int | None:
    if value is None:
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise InvalidQuery(f"'limit' must be a whole number, not {value!r}.") from None
    if number < -1:
        raise InvalidQuery("'limit' must be -1 (everything) or more.")
    return None if number == -1 else number


def _offset(value: Any) -> int:
    try:
        number = int(value or 0)
    except (TypeError, ValueError):
        raise InvalidQuery(f"'offset' must be a whole number, not {value!r}.") from None
    if number < 0:
        raise InvalidQuery("'offset' cannot be negative.")
    return number


@dataclass(frozen=True)
class DeepOptions:
    """Options for one nested to-many level (`deep` in Directus)."""

    filter: Mapping[str, Any] | None = None
    sort: tuple[str, ...] = ()
    limit: int | None = None
    offset: int = 0
    search: str | None = None
    children: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def parse(cls, value: Any, path: str) -> DeepOptions:
        if not value:
            return cls()
        if not isinstance(value, Mapping):
            raise InvalidQuery(f"deep options for {path!r} must be an object.")
        own = {k: v for k, v in value.items() if k.startswith("_")}
        unknown = set(own) - _DEEP_KNOWN
        if unknown:
            raise InvalidQuery(f"Unknown deep option {sorted(unknown)[0]!r} for {path!r}.")
        return cls(
            filter=own.get("_filter") or None,
            sort=_strings(own.get("_sort", ()), "_sort"),
            limit=_limit(own["_limit"]) if "_limit" in own else None,
            offset=_offset(own.get("_offset", 0)),
            search=own.get("_search") or None,
            children={k: v for k, v in value.items() if not k.startswith("_")},
        )
