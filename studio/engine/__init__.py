"""The metadata engine: database access, system tables and the schema overview.

Nothing in this package imports Textual; the UI sits on top of it (tests/test_import_hygiene.py).
"""

from studio.engine.database import Database, normalize_url
from studio.engine.errors import (
    DatabaseUnavailable,
    InvalidDatabaseURL,
    StudioError,
    UnknownCollection,
    UnknownField,
)
from studio.engine.relations import RelationInfo, RelationKind
from studio.engine.schema import CollectionInfo, FieldInfo, Relation, SchemaOverview

__all__ = [
    "CollectionInfo",
    "Database",
    "DatabaseUnavailable",
    "FieldInfo",
    "InvalidDatabaseURL",
    "Relation",
    "RelationInfo",
    "RelationKind",
    "SchemaOverview",
    "StudioError",
    "UnknownCollection",
    "UnknownField",
    "normalize_url",
]
