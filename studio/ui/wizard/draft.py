"""What the admin has chosen in the wizard so far, and the one schema-service call it becomes.

Every pane reads and writes a `FieldDraft`; the preview step asks the service's `preview_*`
twin of the very call that Create then makes, so what was shown is what is applied.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from studio.engine import Database
from studio.engine.changes import SchemaChange
from studio.engine.fields import FieldsService
from studio.engine.names import sanitize_key
from studio.ui.wizard.catalog import FieldKind

RELATION_OPTIONS: dict[str, frozenset[str]] = {
    "m2o": frozenset({"on_delete", "nullable", "corresponding_field"}),
    "o2o": frozenset({"on_delete", "nullable", "corresponding_field"}),
    "o2m": frozenset({"related_field", "on_delete", "deselect_action", "sort_field"}),
    "m2m": frozenset(
        {"junction", "junction_field", "related_junction_field", "sort_field", "context_fields",
         "corresponding_field", "deselect_action", "on_delete"}
    ),
    "m2a": frozenset({"junction", "sort_field", "deselect_action", "on_delete"}),
    "translations": frozenset(
        {"languages_collection", "junction", "translated_fields", "deselect_action"}
    ),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ServiceCall:
    """A `FieldsService` method (without `preview_`) and its arguments."""

    method: str
    args: tuple[Any, ...]
    kwargs: Mapping[str, Any]

    async def preview(self, db: Database) -> SchemaChange:
        service = FieldsService(db)
        return await getattr(service, f"preview_{self.method}")(*self.args, **self.kwargs)

    async def apply(self, db: Database) -> SchemaChange:
        service = FieldsService(db)
        return await getattr(service, self.method)(*self.args, **self.kwargs)


@dataclass
class FieldDraft:
    collection: str
    kind: FieldKind
    key: str = ""
    related: str = ""
    allowed: tuple[str, ...] = ()
    type: str | None = None
    schema: dict[str, Any] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    relation: dict[str, Any] = field(default_factory=dict)
    editing: str | None = None

    def __post_init__(self) -> None:
        if self.type is None and self.kind.types:
            self.type = self.kind.types[0]

    def type_key(self, typed: str) -> None:
        """Step 2's key input: sanitised as typed, so what is shown is what will be created."""
        self.key = sanitize_key(typed)

    def call(self) -> ServiceCall:
        if self.editing is not None:
            return ServiceCall(
                "update",
                (self.collection, self.editing),
                {"meta": dict(self.meta), "schema": dict(self.schema) or None},
            )
        # an untouched setting is None: leave it out, so the engine's default for the kind
        # applies (an M2O's "related-values" display) as when the service is called directly
        meta = {"interface": self.kind.interface}
        meta.update((k, v) for k, v in self.meta.items() if v is not None)
        relation = self.kind.relation
        if relation is None:
            return ServiceCall(
                "create",
                (self.collection, self.key, self.type),
                {"schema": dict(self.schema) or None, "meta": meta},
            )
        options = {k: v for k, v in self.relation.items() if k in RELATION_OPTIONS[relation]}
        options["meta"] = meta
        if relation == "m2a":
            return ServiceCall("create_m2a", (self.collection, self.key, self.allowed), options)
        if relation == "translations":
            return ServiceCall("create_translations", (self.collection, self.key), options)
        return ServiceCall(f"create_{relation}", (self.collection, self.key, self.related), options)
