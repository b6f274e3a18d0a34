"""Every relation kind of the Directus relationship guide, resolved from its metadata rows."""

from __future__ import annotations

from studio.engine import Database
from studio.engine.relations import RelationKind
from tests.engine.guide_model import create_guide_model


async def test_m2o_and_its_o2m_alias(db: Database) -> None:
    await create_guide_model(db)
    overview = await db.overview()

    country = overview.relation_info("cities", "country")
    assert country.kind is RelationKind.M2O
    assert (country.related_collection, country.related_field) == ("countries", "cities")
    assert country.relation is not None and country.relation.has_meta
    assert country.relation.schema is not None and country.relation.schema.on_delete == "SET NULL"

    cities = overview.relation_info("countries", "cities")
    assert cities.kind is RelationKind.O2M and cities.is_to_many
    assert (cities.related_collection, cities.related_field) == ("cities", "country")
    assert cities.related_primary_key == "id"
    assert cities.deselect_action == "nullify" and cities.junction_collection is None
    field = overview.field("countries", "cities")
    assert field.is_alias and field.type == "alias" and field.interface == "list-o2m"


async def test_o2o_capital_city(db: Database) -> None:
    await create_guide_model(db)
    overview = await db.overview()
    capital = overview.relation_info("countries", "capital_city")
    assert capital.kind is RelationKind.O2O and not capital.is_to_many
    assert capital.related_collection == "cities"
    assert overview.field("countries", "capital_city").note == "The seat of government"


async def test_m2m_with_a_context_field_from_both_sides(db: Database) -> None:
    await create_guide_model(db)
    overview = await db.overview()

    ingredients = overview.relation_info("recipes", "ingredients")
    assert ingredients.kind is RelationKind.M2M
    assert ingredients.related_collection == "ingredients"
    assert ingredients.junction_collection == "recipes_ingredients"
    assert (ingredients.junction_field, ingredients.junction_related_field) == (
        "recipes_id", "ingredients_id"
    )  # fmt: skip
    assert ingredients.junction_primary_key == "id"
    assert ingredients.related_field == "recipes"

    recipes = overview.relation_info("ingredients", "recipes")
    assert recipes.kind is RelationKind.M2M and recipes.related_collection == "recipes"
    assert (recipes.junction_field, recipes.junction_related_field) == (
        "ingredients_id", "recipes_id"
    )  # fmt: skip

    junction = overview.collection("recipes_ingredients")
    assert junction.is_junction and junction.hidden
    assert "quantity" in junction.fields and junction.field("recipes_id").hidden
    # From the junction, each FK is an ordinary M2O.
    assert overview.relation_info("recipes_ingredients", "recipes_id").kind is RelationKind.M2O
    assert not overview.collection("recipes").is_junction


async def test_self_referencing_m2m(db: Database) -> None:
    await create_guide_model(db)
    overview = await db.overview()
    related = overview.relation_info("articles", "related_articles")
    assert related.kind is RelationKind.M2M
    assert related.related_collection == "articles"
    assert related.junction_collection == "articles_related"
    assert (related.junction_field, related.junction_related_field) == (
        "articles_id", "related_articles_id"
    )  # fmt: skip
    assert related.sort_field == "sort"


async def test_m2a_sections_builder(db: Database) -> None:
    await create_guide_model(db)
    overview = await db.overview()
    sections = overview.relation_info("pages", "sections")
    assert sections.kind is RelationKind.M2A
    assert sections.related_collection is None
    assert sections.junction_collection == "pages_sections"
    assert (sections.junction_field, sections.junction_related_field) == ("pages_id", "item")
    assert sections.allowed_collections == ("headings", "text_bodies")
    assert sections.collection_field == "collection"
    assert (sections.sort_field, sections.deselect_action) == ("sort", "delete")

    item = overview.relation_info("pages_sections", "item")
    assert item.kind is RelationKind.A2O
    assert item.allowed_collections == ("headings", "text_bodies")
    assert item.collection_field == "collection"
    assert overview.relation_info("pages_sections", "collection").kind is RelationKind.NONE


async def test_translations(db: Database) -> None:
    await create_guide_model(db)
    overview = await db.overview()
    translations = overview.relation_info("articles", "translations")
    assert translations.kind is RelationKind.TRANSLATIONS and translations.is_to_many
    assert translations.related_collection == "languages"
    assert translations.related_primary_key == "code"
    assert translations.junction_collection == "articles_translations"
    assert (translations.junction_field, translations.junction_related_field) == (
        "articles_id", "languages_code"
    )  # fmt: skip
    languages = overview.collection("languages")
    assert languages.primary_key == "code" and languages.display_template == "{{name}}"
    assert languages.field("direction").default_value == "ltr"


async def test_every_field_of_the_guide_resolves(db: Database) -> None:
    """No field of the model raises, and the kinds found are exactly the guide's."""
    await create_guide_model(db)
    overview = await db.overview()
    kinds = {
        (c.collection, f.field): overview.relation_info(c.collection, f.field).kind
        for c in overview.collections.values()
        for f in c.fields.values()
    }
    relational = {key: kind for key, kind in kinds.items() if kind is not RelationKind.NONE}
    assert relational == {
        ("countries", "capital_city"): RelationKind.O2O,
        ("countries", "cities"): RelationKind.O2M,
        ("cities", "country"): RelationKind.M2O,
        ("recipes", "ingredients"): RelationKind.M2M,
        ("ingredients", "recipes"): RelationKind.M2M,
        ("recipes_ingredients", "recipes_id"): RelationKind.M2O,
        ("recipes_ingredients", "ingredients_id"): RelationKind.M2O,
        ("articles", "related_articles"): RelationKind.M2M,
        ("articles", "translations"): RelationKind.TRANSLATIONS,
        ("articles_related", "articles_id"): RelationKind.M2O,
        ("articles_related", "related_articles_id"): RelationKind.M2O,
        ("articles_translations", "articles_id"): RelationKind.M2O,
        ("articles_translations", "languages_code"): RelationKind.M2O,
        ("pages", "sections"): RelationKind.M2A,
        ("pages_sections", "pages_id"): RelationKind.M2O,
        ("pages_sections", "item"): RelationKind.A2O,
    }
