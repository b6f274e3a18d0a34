"""A plain-text rendering of the schema overview, for `studio schema` and for people debugging
metadata: what Studio believes each table, field and relation is."""

from __future__ import annotations

from studio.engine.relations import RelationKind
from studio.engine.schema import SchemaOverview


def overview_report(overview: SchemaOverview) -> str:
    lines: list[str] = []
    if not overview.collections:
        return "No collections yet."
    for collection in overview.collections.values():
        flags = []
        if collection.is_folder:
            flags.append("folder")
        if collection.hidden:
            flags.append("hidden")
        if collection.is_junction:
            flags.append("junction")
        if collection.singleton:
            flags.append("singleton")
        if not collection.has_meta and not collection.is_folder:
            flags.append("no metadata")
        suffix = f"  [{', '.join(flags)}]" if flags else ""
        lines.append(f"{collection.collection} — {collection.name}{suffix}")
        if not collection.editable and not collection.is_folder:
            lines.append(f"  not editable: {collection.not_editable_reason}")
        for field in collection.fields.values():
            relation = overview.relation_info(collection.collection, field.field)
            detail = field.type
            if field.is_primary_key:
                detail += ", primary key"
            if relation.kind is not RelationKind.NONE:
                target = relation.related_collection or "/".join(relation.allowed_collections)
                via = f" via {relation.junction_collection}" if relation.junction_collection else ""
                detail += f", {relation.kind.value} → {target or '?'}{via}"
            lines.append(f"  {field.field}: {detail} ({field.interface or 'no interface'})")
    return "\n".join(lines)
