"""What deleting items takes with it, in words, for the confirmation (item page and browser).

The database's foreign keys decide: CASCADE deletes the items pointing at them, SET NULL/SET
DEFAULT clears their link, RESTRICT/NO ACTION refuses while any point at them. An M2A link has
no foreign key, so its junction rows are left naming an item that is gone; the text says so.
One count per relation that points at the collection, whatever the number of items deleted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from studio.engine.schema import Relation
from studio.ui.session import Session


async def delete_preview(session: Session, collection: str, key: Any, title: str) -> str:
    info = session.overview.collection(collection)
    lines = [f"Delete {info.name} item “{title}”? This cannot be undone."]
    lines += await consequences(session, collection, [key])
    return "\n".join(lines)


async def consequences(session: Session, collection: str, keys: Sequence[Any]) -> list[str]:
    """One line per relation whose rows the deletion of `keys` would touch."""
    lines = []
    for relation in session.overview.relations:
        line = await _consequence(session, relation, collection, keys)
        if line:
            lines.append(line)
    return lines


async def _consequence(
    session: Session, relation: Relation, collection: str, keys: Sequence[Any]
) -> str:
    overview = session.overview
    many = overview.collections.get(relation.many_collection)
    if many is None:
        return ""
    field = many.fields.get(relation.many_field)
    label = field.name if field is not None else relation.many_field
    it = "it" if len(keys) == 1 else "them"
    if relation.one_collection is None:
        if collection not in relation.one_allowed_collections:
            return ""
        scope = relation.one_collection_field or "collection"
        condition = {
            relation.many_field: {"_in": [str(key) for key in keys]},
            scope: {"_eq": collection},
        }
        count = (await session.items(many.collection).count(condition)).value
        if not count:
            return ""
        return (
            f"• {count} {many.name} row(s) still name {it} in {label}; they are left as they are."
        )
    if relation.one_collection != collection or relation.schema is None:
        return ""
    condition = {relation.many_field: {"_in": list(keys)}}
    count = (await session.items(many.collection).count(condition)).value
    if not count:
        return ""
    action = relation.schema.on_delete.upper()
    if action == "CASCADE":
        return f"• Also deletes {count} {many.name} item(s) whose {label} is deleted."
    if action in ("SET NULL", "SET DEFAULT"):
        cleared = "cleared" if action == "SET NULL" else "set to its default"
        return f"• {count} {many.name} item(s) keep existing; their {label} is {cleared}."
    return f"• {count} {many.name} item(s) point to {it} through {label}, so nothing is deleted."
