"""An M2M seen from each end: related articles both ways (a self-referencing M2M whose `filter`
option keeps an article out of its own list), and the ingredients' side of the recipes' M2M,
whose links the relation empties (nullify) instead of deleting, refused when the junction's
column takes no null. Every save is checked in the junction table."""

from __future__ import annotations

from typing import Any

from studio.engine import Database
from studio.engine.fields import FieldsService
from studio.engine.items import ItemsService
from studio.ui.screens.item import ItemScreen
from studio.ui.screens.picker import PickerScreen
from studio.ui.widgets.item_grid import ItemGrid
from tests.ui.conftest import running_studio, wait_until
from tests.ui.item.conftest import saved, type_text
from tests.ui.relational.m2m_helpers import (
    fill,
    go_to,
    hint,
    key_of,
    link_form,
    open_links,
    pick,
    recipe_links,
    table,
    titles,
    until_settled,
)

SIZE = (100, 40)


async def related(db: Database, article: Any) -> list[Any]:
    """The articles `article` lists as related, in their order."""
    db.invalidate_overview()
    rows = await ItemsService(db, "articles_articles").read_many(
        {
            "fields": ["related_articles_id"],
            "filter": {"articles_id": {"_eq": article}},
            "sort": ["sort", "id"],
            "limit": -1,
        }
    )
    return [row["related_articles_id"] for row in rows]


async def offered(app: Any, pilot: Any, search: str) -> int:
    """How many articles the open picker finds for `search`."""
    picker = app.screen
    assert isinstance(picker, PickerScreen)
    grid = picker.query_one(ItemGrid)
    await pilot.press("slash", "ctrl+u")
    await type_text(pilot, search)
    await pilot.press("enter")
    await wait_until(pilot, lambda: grid.settled and picker.search_text == search)
    await wait_until(pilot, lambda: grid.row_count is not None)
    assert grid.row_count is not None
    return grid.row_count


async def test_related_articles_both_ways_never_offering_the_article_itself(
    demo_url: str, demo_db: Database
) -> None:
    welcome = await key_of(demo_db, "articles", "slug", "welcome")
    translations = await key_of(demo_db, "articles", "slug", "translations")
    relations = await key_of(demo_db, "articles", "slug", "relations")
    keyboard = await key_of(demo_db, "articles", "slug", "keyboard")
    articles = len(await table(demo_db, "articles", "id"))
    assert await related(demo_db, translations) == [relations]
    assert await related(demo_db, welcome) == [relations, keyboard]
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        # from "translations": link "welcome"
        screen, links = await open_links(app, pilot, "articles", translations, "related_articles")
        assert titles(links) == ["relations"]
        await pilot.press("f6")
        await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen))
        grid = app.screen.query_one(ItemGrid)
        await wait_until(pilot, lambda: grid.settled and grid.row_count is not None)
        assert grid.row_count == articles - 2  # not itself, not "relations" (linked)
        assert await offered(app, pilot, "translations") == 0
        assert await offered(app, pilot, "welcome") == 1
        await pilot.press("space", "enter")
        await wait_until(pilot, lambda: app.screen is screen)
        await until_settled(pilot, links)
        assert titles(links) == ["relations", "welcome"]
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, ItemScreen))

        # from "welcome": link "translations" back
        screen, links = await open_links(app, pilot, "articles", welcome, "related_articles")
        await pilot.press("f6")
        await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen))
        assert await offered(app, pilot, "welcome") == 0
        assert await offered(app, pilot, "keyboard") == 0  # linked already
        assert await offered(app, pilot, "translations") == 1
        await pilot.press("space", "enter")
        await wait_until(pilot, lambda: app.screen is screen)
        await until_settled(pilot, links)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, ItemScreen))
    assert await related(demo_db, translations) == [relations, welcome]
    assert await related(demo_db, welcome) == [relations, keyboard, translations]
    rows = await table(demo_db, "articles_articles", "articles_id", "related_articles_id")
    assert all(row["articles_id"] != row["related_articles_id"] for row in rows)


async def test_an_ingredient_joins_a_recipe_with_its_quantity(
    demo_url: str, demo_db: Database
) -> None:
    honey = await key_of(demo_db, "ingredients", "name", "honey")
    pancakes = await key_of(demo_db, "recipes", "title", "Pancakes")
    before = await recipe_links(demo_db, pancakes)
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, links = await open_links(app, pilot, "ingredients", honey, "recipes")
        assert titles(links) == ["Honey yoghurt bowl — 1 tbsp"]  # its own template
        await pick(app, pilot, "Pancakes")
        await wait_until(pilot, lambda: app.screen is screen)
        await until_settled(pilot, links)
        await go_to(pilot, links, "Pancakes")
        await pilot.press("enter")  # the link form: the recipe, and the quantity
        form = await link_form(app, pilot)
        assert form.context_form is not None
        assert "ingredients" not in form.form.rows  # the recipe's own list of this link
        assert set(form.context_form.rows) == {"quantity"}  # no sort: the recipes' order
        await fill(pilot, form.context_form, "quantity", "1 tbsp")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen)
        await until_settled(pilot, links)
        assert titles(links)[-1] == "Pancakes — 1 tbsp"
        await pilot.press("ctrl+s")
        await saved(pilot, screen)
        await wait_until(pilot, lambda: not isinstance(app.screen, ItemScreen))
    after = await recipe_links(demo_db, pancakes)
    assert after[: len(before)] == before
    assert [(link["name"], link["quantity"]) for link in after[len(before) :]] == [
        ("honey", "1 tbsp")
    ]


async def test_removing_from_the_ingredient_empties_the_link_and_keeps_the_recipe(
    demo_url: str, demo_db: Database
) -> None:
    eggs = await key_of(demo_db, "ingredients", "name", "eggs")
    pancakes = await key_of(demo_db, "recipes", "title", "Pancakes")
    recipes = await table(demo_db, "recipes")
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, links = await open_links(app, pilot, "ingredients", eggs, "recipes")
        await go_to(pilot, links, "Pancakes")
        await pilot.press("delete")
        assert "Pancakes itself stays" in hint(links)
        await pilot.press("ctrl+s")
        await saved(pilot, screen)
        await wait_until(pilot, lambda: not isinstance(app.screen, ItemScreen))

        # the recipe keeps the emptied link (nullify), named as linking nothing
        _, back = await open_links(app, pilot, "recipes", pancakes, "ingredients")
        assert "(links no item) 3" in titles(back)
    links_now = await recipe_links(demo_db, pancakes)
    assert [link["name"] for link in links_now] == ["flour", "milk", None, "butter", "salt"]
    assert await table(demo_db, "recipes") == recipes


async def test_a_link_that_cannot_be_emptied_is_not_removed(
    demo_url: str, demo_db: Database
) -> None:
    await FieldsService(demo_db).update(
        "recipes_ingredients", "ingredients_id", schema={"nullable": False}
    )
    eggs = await key_of(demo_db, "ingredients", "name", "eggs")
    junction = await table(demo_db, "recipes_ingredients")
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, links = await open_links(app, pilot, "ingredients", eggs, "recipes")
        await go_to(pilot, links, "Pancakes")
        await pilot.press("delete")
        assert "Cannot remove the link to “Pancakes”" in hint(links)
        assert not links.staging.has_changes
        await pilot.press("ctrl+s")
        await saved(pilot, screen)
    assert await table(demo_db, "recipes_ingredients") == junction


async def test_an_m2m_inside_a_link_form_stages_with_the_link_and_reopens(
    demo_url: str, demo_db: Database
) -> None:
    welcome = await key_of(demo_db, "articles", "slug", "welcome")
    relations = await key_of(demo_db, "articles", "slug", "relations")
    big_tables = await key_of(demo_db, "articles", "slug", "big-tables")
    before = await related(demo_db, relations)
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, links = await open_links(app, pilot, "articles", welcome, "related_articles")
        await go_to(pilot, links, "relations")
        await pilot.press("enter")  # "relations" in a nested form, with its own related list
        form = await link_form(app, pilot)
        assert form.form is not None and form.context_form is None
        inner = form.form.rows["related_articles"].interface
        assert isinstance(inner, type(links))
        assert form.form.focus_field("related_articles")
        await until_settled(pilot, inner)
        await pick(app, pilot, "big-tables")
        await wait_until(pilot, lambda: app.screen is form)
        await until_settled(pilot, inner)
        assert titles(inner)[-1] == "big-tables"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen)
        await until_settled(pilot, links)

        await pilot.press("enter")  # again: the inner list stages what it was given
        form = await link_form(app, pilot)
        assert form.form is not None
        inner = form.form.rows["related_articles"].interface
        await until_settled(pilot, inner)
        assert titles(inner)[-1] == "big-tables"
        assert "1 added" in str(inner.query_one("#o2m-summary").content)  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.press("ctrl+s")
        await saved(pilot, screen)
        await wait_until(pilot, lambda: not isinstance(app.screen, ItemScreen))
    assert await related(demo_db, relations) == [*before, big_tables]
