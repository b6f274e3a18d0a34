"""The names the relational templates give what they create when the admin names nothing:
Directus's wizard rules, in one place, so the wizard can show them before anything is planned
and the templates create exactly what was shown."""

from __future__ import annotations

from collections.abc import Collection

from studio.engine.names import unique_key


def m2m_junction(collection: str, related: str, taken: Collection[str]) -> str:
    """`recipes_ingredients`, or `recipes_ingredients_1` when that table exists."""
    return unique_key(f"{collection}_{related}", taken)


def m2a_junction(collection: str, field: str, taken: Collection[str]) -> str:
    """`pages_sections`: named after the field, as several builders may share a collection."""
    return unique_key(f"{collection}_{field}", taken)


def translations_junction(collection: str, taken: Collection[str]) -> str:
    return unique_key(f"{collection}_translations", taken)


def junction_field(collection: str, primary_key: str) -> str:
    """The junction's key back to `collection` (`recipes_id`); also an O2M's new foreign key."""
    return f"{collection}_{primary_key}"


def related_junction_field(collection: str, related: str, related_primary_key: str) -> str:
    """The junction's key towards the related items (`ingredients_id`); `related_articles_id`
    for a self-relation, where the plain name is already the other key."""
    name = f"{related}_{related_primary_key}"
    return f"related_{name}" if related == collection else name
