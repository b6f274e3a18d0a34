"""What deleting an item takes with it, in words, for the confirmation.

The database's foreign keys decide: CASCADE deletes the items pointing at it, SET NULL/SET
DEFAULT clears their link, RESTRICT/NO ACTION refuses while any point at it. An M2A link has
no foreign key, so its junction rows are left naming an item that is gone; the text says so.
One count per relation that points at the collection.
"""

from __future__ import annotations

from typing import Any

from studio.engine.schema import Relation
from studio.ui.session import Session


async def delete_preview(session: Session, collection: str, key: Any, title: str) -> str:
    overview = session.overview
    info = overview.collection(collection)
    lines = [f"Delete {info.name} item “{title}”? This cannot be undone."]
    for relation in overview.relations:
        line = await _consequence(session, relation, collection, key)
        if line:
            lines.append(line)
    return "\n".join(lines)


async def _consequence(session: Session, relation: Relation, collection: str, key: Any) -> str:
    overview = session.overview
    many = overview.collections.get(relation.many_collection)
    if many is None:
        return ""
    field = many.fields.get(relation.many_field)
    label = field.name if field is not None else relation.many_field
    if relation.one_collection is None:
        if collection not in relation.one_allowed_collections:
            return ""
        scope = relation.one_collection_field or "collection"
        condition = {relation.many_field: {"_eq": str(key)}, scope: {"_eq": collection}}
        count = (await session.items(many.collection).count(condition)).value
        if not count:
            return ""
        return f"• {count} {many.name} row(s) still name it in {label}; they are left as they are."
    if relation.one_collection != collection or relation.schema is None:
        return ""
    count = (await session.items(many.collection).count({relation.many_field: {"_eq": key}})).value
    if not count:
        return ""
    action = relation.schema.on_delete.upper()
    if action == "CASCADE":
        return f"• Also deletes {count} {many.name} item(s) whose {label} is this item."
    if action in ("SET NULL", "SET DEFAULT"):
        cleared = "cleared" if action == "SET NULL" else "set to its default"
        return f"• {count} {many.name} item(s) keep existing; their {label} is {cleared}."
    return f"• {count} {many.name} item(s) point to it through {label}, so it cannot be deleted."
