"""The relational templates on SQLite and PostgreSQL: what each creates, how it is named, and
how the overview reads it back."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from studio.engine import Database, StudioError
from studio.engine.collections import CollectionsService
from studio.engine.fields import FieldsService
from studio.engine.relations import RelationKind
from tests.engine.schema.conftest import snapshot, system_rows


async def make(db: Database, *keys: str) -> None:
    for key in keys:
        await CollectionsService(db).create(key)


async def test_m2o_with_its_o2m_and_a_created_related_collection(db: Database) -> None:
    await make(db, "cities")
    change = await FieldsService(db).create_m2o("cities", "country", "countries",
                                                corresponding_field="cities")  # fmt: skip
    assert "collection 'countries' is created" in change.notes
    overview = await db.overview()
    country = overview.field("cities", "country")
    assert (country.type, country.special, country.interface) == (
        "integer", ("m2o",), "select-dropdown-m2o"
    )  # fmt: skip
    assert country.foreign_key.foreign_table == "countries"
    assert country.foreign_key.on_delete == "SET NULL"
    assert overview.relation_info("cities", "country").kind is RelationKind.M2O
    cities = overview.relation_info("countries", "cities")
    assert (cities.kind, cities.related_field) == (RelationKind.O2M, "country")
    assert overview.field("countries", "id").has_auto_increment


async def test_m2o_key_type_follows_the_related_key(db: Database) -> None:
    await make(db, "posts")
    await CollectionsService(db).create("tags", primary_key="uuid")
    await CollectionsService(db).create("langs", primary_key="string", primary_key_field="code")
    await FieldsService(db).create_m2o("posts", "tag", "tags")
    await FieldsService(db).create_m2o("posts", "lang", "langs")
    overview = await db.overview()
    assert overview.field("posts", "tag").type == "uuid"
    assert overview.field("posts", "lang").type == "string"
    assert overview.relation_info("posts", "lang").related_primary_key == "code"


async def test_on_delete_choices_and_defaults(db: Database) -> None:
    await make(db, "people", "teams")
    fields = FieldsService(db)
    await fields.create_m2o("people", "manager", "people")  # self: NO ACTION
    await fields.create_m2o("people", "team", "teams", on_delete="RESTRICT")
    await fields.create_m2o("people", "buddy_team", "teams", on_delete="cascade")
    overview = await db.overview()
    assert overview.field("people", "manager").foreign_key.on_delete == "NO ACTION"
    assert overview.field("people", "team").foreign_key.on_delete == "RESTRICT"
    assert overview.field("people", "buddy_team").foreign_key.on_delete == "CASCADE"
    with pytest.raises(StudioError) as caught:
        await fields.create_m2o("people", "x", "teams", on_delete="EXPLODE")
    assert caught.value.field == "on_delete"
    with pytest.raises(StudioError, match="cannot be set to null"):
        await fields.create_m2o("people", "y", "teams", nullable=False, on_delete="SET NULL")

    async with db.transaction() as conn:
        await conn.execute(text("INSERT INTO teams (id) VALUES (1), (2)"))
        await conn.execute(text("INSERT INTO people (id, team, buddy_team) VALUES (1, 1, 2)"))
    with pytest.raises(IntegrityError):  # RESTRICT protects the team
        async with db.transaction() as conn:
            await conn.execute(text("DELETE FROM teams WHERE id = 1"))
    async with db.transaction() as conn:  # CASCADE takes the person with team 2
        await conn.execute(text("DELETE FROM teams WHERE id = 2"))
        assert (await conn.execute(text("SELECT count(*) FROM people"))).scalar() == 0


async def test_o2o_is_a_unique_m2o(db: Database) -> None:
    await make(db, "countries", "cities")
    await FieldsService(db).create_o2o("countries", "capital_city", "cities")
    overview = await db.overview()
    assert overview.field("countries", "capital_city").is_unique
    assert overview.relation_info("countries", "capital_city").kind is RelationKind.O2O


async def test_o2m_creates_a_hidden_key_and_sort_field(db: Database) -> None:
    await make(db, "countries", "cities")
    await FieldsService(db).create_o2m("countries", "cities", "cities", related_field="country",
                                       sort_field="position")  # fmt: skip
    overview = await db.overview()
    info = overview.relation_info("countries", "cities")
    assert (info.kind, info.related_field, info.sort_field) == ("o2m", "country", "position")
    assert overview.field("cities", "country").hidden
    assert overview.field("cities", "position").type == "integer"
    assert overview.relation_info("cities", "country").related_field == "cities"


async def test_o2m_reuses_an_m2o_and_a_new_related_collection(db: Database) -> None:
    await make(db, "authors", "posts")
    fields = FieldsService(db)
    await fields.create_m2o("posts", "author", "authors")
    await fields.create_o2m("authors", "posts", "posts", related_field="author")
    await fields.create_o2m("authors", "notes", "notes")  # created, with authors_id
    overview = await db.overview()
    assert overview.relation_info("authors", "posts").related_field == "author"
    notes = overview.relation_info("authors", "notes")
    assert (notes.related_collection, notes.related_field) == ("notes", "authors_id")
    with pytest.raises(StudioError, match="already has the reverse field"):
        await fields.create_o2m("authors", "again", "posts", related_field="author")


async def test_m2m_names_like_the_directus_wizard(db: Database) -> None:
    await make(db, "recipes", "ingredients", "recipes_ingredients_taken")
    fields = FieldsService(db)
    await fields.create_m2m(
        "recipes", "ingredients", "ingredients", corresponding_field="recipes",
        sort_field="sort", context_fields=[{"field": "quantity", "type": "string"}],
    )  # fmt: skip
    overview = await db.overview()
    info = overview.relation_info("recipes", "ingredients")
    assert (info.kind, info.junction_collection) == (RelationKind.M2M, "recipes_ingredients")
    assert (info.junction_field, info.junction_related_field) == ("recipes_id", "ingredients_id")
    assert (info.sort_field, info.deselect_action) == ("sort", "delete")
    assert overview.relation_info("ingredients", "recipes").kind is RelationKind.M2M
    junction = overview.collection("recipes_ingredients")
    assert junction.is_junction and junction.hidden and junction.icon == "import_export"
    assert junction.field("recipes_id").hidden and junction.field("ingredients_id").hidden
    assert junction.field("quantity").type == "string"
    assert junction.field("recipes_id").foreign_key.on_delete == "SET NULL"
    # A second M2M between the same two collections gets the next free name.
    await fields.create_m2m("recipes", "garnishes", "ingredients")
    assert (await db.overview()).relation_info("recipes", "garnishes").junction_collection == (
        "recipes_ingredients_1"
    )


async def test_self_m2m_uses_related_prefix(db: Database) -> None:
    await make(db, "articles")
    await FieldsService(db).create_m2m("articles", "related_articles", "articles")
    info = (await db.overview()).relation_info("articles", "related_articles")
    assert info.junction_collection == "articles_articles"
    assert (info.junction_field, info.junction_related_field) == (
        "articles_id", "related_articles_id"
    )  # fmt: skip
    assert info.related_collection == "articles"


async def test_m2m_adopts_an_existing_junction(db: Database, run_sql) -> None:
    await make(db, "books", "authors")
    await run_sql(
        "CREATE TABLE book_authors (id INTEGER PRIMARY KEY, books_id INTEGER REFERENCES"
        " books(id), authors_id INTEGER REFERENCES authors(id))"
    )
    change = await FieldsService(db).create_m2m("books", "authors", "authors",
                                                junction="book_authors")  # fmt: skip
    assert change.statements == []
    info = (await db.overview()).relation_info("books", "authors")
    assert (info.kind, info.junction_collection) == (RelationKind.M2M, "book_authors")


async def test_m2a_junction(db: Database) -> None:
    await make(db, "pages", "headings", "text_bodies")
    await FieldsService(db).create_m2a("pages", "sections", ["headings", "text_bodies"],
                                       sort_field="sort")  # fmt: skip
    overview = await db.overview()
    info = overview.relation_info("pages", "sections")
    assert (info.kind, info.junction_collection) == (RelationKind.M2A, "pages_sections")
    assert info.allowed_collections == ("headings", "text_bodies")
    assert (info.collection_field, info.junction_related_field) == ("collection", "item")
    assert overview.relation_info("pages_sections", "item").kind is RelationKind.A2O
    assert overview.field("pages_sections", "item").type == "string"
    with pytest.raises(StudioError) as caught:
        await FieldsService(db).create_m2a("pages", "blocks", ["nowhere"])
    assert caught.value.field == "allowed_collections"


async def test_translations_create_and_seed_languages_once(db: Database) -> None:
    await make(db, "articles", "products")
    fields = FieldsService(db)
    change = await fields.create_translations(
        "articles", translated_fields=[{"field": "title", "type": "string"},
                                       {"field": "body", "type": "text"}],
    )  # fmt: skip
    assert any("languages" in note for note in change.notes)
    overview = await db.overview()
    info = overview.relation_info("articles", "translations")
    assert (info.kind, info.junction_collection) == (
        RelationKind.TRANSLATIONS, "articles_translations"
    )  # fmt: skip
    assert (info.junction_field, info.junction_related_field) == (
        "articles_id", "languages_code"
    )  # fmt: skip
    assert overview.collection("languages").primary_key == "code"
    async with db.connect() as conn:
        rtl = await conn.execute(text("SELECT code FROM languages WHERE direction = 'rtl'"))
        assert rtl.scalars().all() == ["ar-SA"]
        await conn.rollback()
    async with db.transaction() as conn:
        await conn.execute(text("UPDATE languages SET name = 'Deutsch' WHERE code = 'de-DE'"))
    second = await fields.create_translations("products")
    assert not any("languages" in note for note in second.notes)  # reused, not clobbered
    async with db.connect() as conn:
        names = await conn.execute(text("SELECT name FROM languages WHERE code = 'de-DE'"))
        assert names.scalar() == "Deutsch"
    relations = await system_rows(db, "relations")
    assert sum(r["one_collection"] == "languages" for r in relations) == 2


async def test_deleting_relational_fields_takes_their_junctions(db: Database) -> None:
    await make(db, "recipes", "pages", "headings", "articles")
    fields = FieldsService(db)
    before = await snapshot(db)
    await fields.create_m2m("recipes", "ingredients", "ingredients", corresponding_field="recipes")
    await fields.create_m2a("pages", "sections", ["headings"])
    await fields.create_translations("articles")
    await fields.delete("recipes", "ingredients")
    await fields.delete("pages", "sections")
    await fields.delete("articles", "translations")
    await CollectionsService(db).delete("ingredients")
    await CollectionsService(db).delete("languages")
    assert await snapshot(db) == before


async def test_template_refusals_name_their_input(db: Database) -> None:
    await make(db, "recipes")
    fields = FieldsService(db)
    cases = [
        (fields.create_m2o("recipes", "chef", "bad name"), "related_collection"),
        (fields.create_m2m("recipes", "id", "ingredients"), "field"),
        (fields.create_m2m("recipes", "x", "ingredients", junction="select"), "junction"),
        (fields.create_o2m("nowhere", "x", "recipes"), None),
        (fields.create_m2m("recipes", "y", "recipes", corresponding_field="y"),
         "corresponding_field"),
    ]  # fmt: skip
    before = await snapshot(db)
    for call, field in cases:
        with pytest.raises(StudioError) as caught:
            await call
        assert caught.value.field == field, caught.value.message
    assert await snapshot(db) == before


async def test_o2m_refuses_an_unsuitable_existing_field(db: Database) -> None:
    await make(db, "countries", "cities", "planets")
    fields = FieldsService(db)
    await fields.create("cities", "plain", "integer")
    await fields.create_m2o("cities", "planet", "planets")
    before = await snapshot(db)
    for related_field, message in (("plain", "is not a relation"), ("planet", "relates to")):
        with pytest.raises(StudioError, match=message) as caught:
            await fields.create_o2m("countries", "cities", "cities", related_field=related_field)
        assert caught.value.field == "related_field"
    assert await snapshot(db) == before


async def test_restrict_refuses_deleting_a_protected_item_through_the_items_service(
    db: Database,
) -> None:
    from studio.engine.items import ItemsService

    await make(db, "people", "teams")
    await FieldsService(db).create_m2o("people", "team", "teams", on_delete="RESTRICT")
    team = await ItemsService(db, "teams").create_one({})
    await ItemsService(db, "people").create_one({"team": team})
    with pytest.raises(StudioError, match="still point at") as caught:
        await ItemsService(db, "teams").delete_one(team)
    assert "people" in caught.value.message.lower()
    assert (await ItemsService(db, "teams").count()).value == 1
