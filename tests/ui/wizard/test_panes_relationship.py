"""The Relationship pane per kind: names filled in as the engine would give them (following the
related collection until edited), options from the keyboard into the draft, and the tables and
relations the draft's call then builds; a junction name taken by a plain table is refused next
to the junction input."""

from __future__ import annotations

from studio.engine import Database
from studio.engine.collections import CollectionsService
from studio.engine.fields import FieldsService
from studio.ui.wizard.panes.relationship import RelationshipPane
from tests.ui.wizard.pane_helpers import choose, draft, host, message, toggle, type_into


async def test_m2m_with_a_custom_junction_and_a_quantity_context_field(db: Database) -> None:
    for key in ("recipes", "ingredients"):
        await CollectionsService(db).create(key)
    made = draft("recipes", "m2m", "ingredients", related="ingredients")
    app = await host(db, RelationshipPane, made)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.pane
        assert pane.read("junction") == "recipes_ingredients"
        assert pane.read("junction_field") == "recipes_id"
        assert pane.read("related_junction_field") == "ingredients_id"
        await type_into(pilot, "junction", "recipe_lines")
        await type_into(pilot, "context_fields", "quantity string")
        await type_into(pilot, "sort_field", "sort")
        await type_into(pilot, "corresponding_field", "recipes")
        await choose(pilot, "deselect_action", "nullify")
        assert pane.store() == {}
    assert made.relation == {
        "junction": "recipe_lines",
        "junction_field": "recipes_id",
        "related_junction_field": "ingredients_id",
        "sort_field": "sort",
        "context_fields": [{"field": "quantity", "type": "string"}],
        "corresponding_field": "recipes",
        "deselect_action": "nullify",
        "on_delete": "SET NULL",
    }
    change = await made.call().preview(db)
    assert not change.problems
    await made.call().apply(db)
    overview = await db.overview()
    junction = overview.collection("recipe_lines")
    assert list(junction.fields) == ["id", "recipes_id", "ingredients_id", "sort", "quantity"]
    info = overview.relation_info("recipes", "ingredients")
    assert (info.kind, info.junction_collection, info.sort_field) == ("m2m", "recipe_lines", "sort")
    assert info.deselect_action == "nullify"
    assert overview.relation_info("ingredients", "recipes").junction_collection == "recipe_lines"


async def test_filled_in_names_follow_the_related_collection_until_edited(db: Database) -> None:
    for key in ("recipes", "ingredients", "tags"):
        await CollectionsService(db).create(key)
    made = draft("recipes", "m2m", "ingredients", related="ingredients")
    app = await host(db, RelationshipPane, made)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.pane
        made.related = "tags"  # changed on the Name tab
        pane.sync()
        assert pane.read("junction") == "recipes_tags"
        assert pane.read("related_junction_field") == "tags_id"
        await type_into(pilot, "junction", "recipe_tags")
        made.related = "ingredients"
        pane.sync()
        assert pane.read("junction") == "recipe_tags"  # edited: kept
        assert pane.read("related_junction_field") == "ingredients_id"


async def test_a_junction_name_taken_by_a_plain_table_is_refused(db: Database) -> None:
    for key in ("recipes", "ingredients", "recipes_ingredients"):
        await CollectionsService(db).create(key)
    made = draft("recipes", "m2m", "ingredients", related="ingredients")
    app = await host(db, RelationshipPane, made)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.pane
        assert pane.read("junction") == "recipes_ingredients_1"  # the plain name is taken
        await type_into(pilot, "junction", "recipes_ingredients")
        await pilot.pause()
        assert "will be used" in str(app.query_one("#note-junction").render())
        assert set(pane.store()) == {"junction"}
        await pilot.pause()
        assert "recipes_id" in message(app, "junction")
    assert made.relation == {}


async def test_o2m_over_an_existing_foreign_key(db: Database) -> None:
    for key in ("countries", "cities"):
        await CollectionsService(db).create(key)
    await FieldsService(db).create_m2o("cities", "country", "countries")
    made = draft("countries", "o2m", "cities", related="cities")
    app = await host(db, RelationshipPane, made)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.pane
        assert pane.read("related_field") == "country"
        assert not app.query_one("#row-new_related_field").display
        await choose(pilot, "related_field", "+new")
        assert app.query_one("#row-new_related_field").display
        assert pane.read("new_related_field") == "countries_id"
        await choose(pilot, "related_field", "country")
        await choose(pilot, "deselect_action", "delete")
        assert pane.store() == {}
    assert made.relation["related_field"] == "country"
    await made.call().apply(db)
    overview = await db.overview()
    assert "countries_id" not in overview.collection("cities").fields
    info = overview.relation_info("countries", "cities")
    assert (info.kind, info.related_field, info.deselect_action) == ("o2m", "country", "delete")


async def test_translations_with_title_and_body(db: Database) -> None:
    await CollectionsService(db).create("articles")
    made = draft("articles", "translations", "translations")
    app = await host(db, RelationshipPane, made)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.pane
        assert pane.read("junction") == "articles_translations"
        assert "Created with 8 languages" in str(
            app.query_one("#note-languages_collection").render()
        )
        await type_into(pilot, "translated_fields", "title string, body txt")
        assert set(pane.store()) == {"translated_fields"}
        await pilot.pause()
        assert "'txt' is not a type" in message(app, "translated_fields")
        await type_into(pilot, "translated_fields", "title string, body text")
        assert pane.store() == {}
    await made.call().apply(db)
    overview = await db.overview()
    junction = overview.collection("articles_translations")
    assert junction.fields["title"].type == "string" and junction.fields["body"].type == "text"
    assert overview.relation_info("articles", "translations").related_collection == "languages"
    assert "languages" in overview.collections


async def test_a_required_m2o_cannot_be_set_null_on_delete(db: Database) -> None:
    for key in ("cities", "countries"):
        await CollectionsService(db).create(key)
    made = draft("cities", "m2o", "country", related="countries")
    app = await host(db, RelationshipPane, made)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.pane
        await toggle(pilot, "nullable")
        assert set(pane.store()) == {"on_delete"}
        await choose(pilot, "on_delete", "CASCADE")
        assert pane.store() == {}
    assert made.relation == {"nullable": False, "on_delete": "CASCADE"}
    await made.call().apply(db)
    field = (await db.overview()).field("cities", "country")
    assert not field.nullable and field.foreign_key is not None
    assert field.foreign_key.on_delete == "CASCADE"
