"""The default names of the relational templates come from one rule (`relation_names`), which
the wizard shows before anything is planned: what it shows is what the engine creates."""

from __future__ import annotations

from studio.engine import Database
from studio.engine import relation_names as names
from studio.engine.collections import CollectionsService
from studio.engine.fields import FieldsService


def test_names_follow_directus_wizard() -> None:
    assert names.m2m_junction("recipes", "ingredients", set()) == "recipes_ingredients"
    taken = {"recipes_ingredients", "recipes_ingredients_1"}
    assert names.m2m_junction("recipes", "ingredients", taken) == "recipes_ingredients_2"
    assert names.junction_field("recipes", "id") == "recipes_id"
    assert names.related_junction_field("recipes", "ingredients", "id") == "ingredients_id"
    assert names.related_junction_field("articles", "articles", "id") == "related_articles_id"
    assert names.m2a_junction("pages", "sections", {"pages"}) == "pages_sections"
    assert names.translations_junction("articles", set()) == "articles_translations"


async def test_templates_create_the_names_the_rule_gives(db: Database) -> None:
    collections, fields = CollectionsService(db), FieldsService(db)
    for key in ("recipes", "ingredients", "articles", "recipes_ingredients"):
        await collections.create(key)
    await fields.create_m2m("recipes", "ingredients", "ingredients")
    await fields.create_m2m("articles", "related", "articles")
    await fields.create_o2m("recipes", "notes", "notes")
    overview = await db.overview()
    taken = set(overview.collections)
    recipes = overview.relation_info("recipes", "ingredients")
    assert recipes.junction_collection == "recipes_ingredients_1"  # the plain name was taken
    assert names.m2m_junction("recipes", "ingredients", taken) == "recipes_ingredients_2"
    assert (recipes.junction_field, recipes.junction_related_field) == (
        names.junction_field("recipes", "id"),
        names.related_junction_field("recipes", "ingredients", "id"),
    )
    related = overview.relation_info("articles", "related")
    assert related.junction_collection == "articles_articles"
    assert (related.junction_field, related.junction_related_field) == (
        "articles_id",
        "related_articles_id",
    )
    assert overview.relation_info("recipes", "notes").related_field == "recipes_id"
