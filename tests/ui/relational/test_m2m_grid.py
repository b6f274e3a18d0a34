"""The M2M grid on a recipe: quantities edited in place and staged on their links (a picked
link's values, an existing link's update, no edit when the value is back), a value the field's
validation refuses named under its row and refusing the page's save, bulk set on the cursor
row, paging, the option that starts in the grid, and a list with no link fields (no grid)."""

from __future__ import annotations

from studio.engine import Database
from studio.engine.fields import FieldsService
from studio.ui.screens.browser import BrowserScreen
from studio.ui.screens.bulk_set import BulkSetScreen
from studio.ui.widgets.link_grid_parts import RowHandle
from tests.ui.conftest import running_studio, wait_until
from tests.ui.item.conftest import row, saved, type_text
from tests.ui.relational.m2m_helpers import (
    cell,
    focused,
    go_to,
    grid_on,
    grid_titles,
    key_of,
    open_links,
    pick,
    recipe_links,
    row_errors,
    summary,
    table,
    type_in_cell,
    until_settled,
)

SIZE = (100, 40)
TEMPLATE = "{{ingredients_id.name}} — {{quantity}}"
RULE = {"quantity": {"_regex": "^[0-9]"}}
RULE_MESSAGE = "A quantity starts with a number."


async def test_cells_stage_on_their_links_and_a_value_back_is_no_edit(
    demo_url: str, demo_db: Database
) -> None:
    pancakes = await key_of(demo_db, "recipes", "title", "Pancakes")
    sugar = await key_of(demo_db, "ingredients", "name", "sugar")
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, links = await open_links(app, pilot, "recipes", pancakes, "ingredients")
        await pick(app, pilot, "sugar")
        await wait_until(pilot, lambda: app.screen is screen)
        await until_settled(pilot, links)
        await grid_on(pilot, links)
        assert grid_titles(links) == ["flour", "milk", "eggs", "butter", "salt", "sugar"]
        await type_in_cell(pilot, links, "sugar", "5 g")
        await type_in_cell(pilot, links, "milk", "600 ml")
        milk = links.window.current()
        assert links.staging.edits == {milk: {"quantity": "600 ml"}}
        await type_in_cell(pilot, links, "milk", "500 ml")  # as read: no edit left
        assert links.staging.change_set() == {
            "create": [{"ingredients_id": sugar, "quantity": "5 g"}],
            "update": [],
            "delete": [],
        }
        assert "edited" not in summary(links)

        await go_to(pilot, links, "eggs")  # bulk set with nothing selected: the cursor row
        await pilot.press("b")
        await wait_until(pilot, lambda: isinstance(app.screen, BulkSetScreen))
        assert "1 link" in str(app.screen.query_one("Vertical").border_title)
        await type_text(pilot, "4")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen)
        await until_settled(pilot, links)
        assert cell(links, "eggs").value == "4"
        await pilot.press("delete")  # removed: its cells take no edit
        await until_settled(pilot, links)
        await wait_until(pilot, lambda: not cell(links, "eggs").focusable)
        await pilot.press("right")
        assert isinstance(focused(pilot), RowHandle)
        await pilot.press("u")  # undoes the removal, and the bulk value with it
        await until_settled(pilot, links)
        await wait_until(pilot, lambda: cell(links, "eggs").value == "3")

        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    saved_links = await recipe_links(demo_db, pancakes)
    assert [(link["name"], link["quantity"]) for link in saved_links] == [
        ("flour", "250 g"),
        ("milk", "500 ml"),
        ("eggs", "3"),  # its bulk value was undone with the removal
        ("butter", "30 g"),
        ("salt", "1 pinch"),
        ("sugar", "5 g"),
    ]


async def test_a_refused_cell_is_named_under_its_row_and_stops_the_save(
    demo_url: str, demo_db: Database
) -> None:
    await FieldsService(demo_db).update(
        "recipes_ingredients",
        "quantity",
        meta={"validation": RULE, "validation_message": RULE_MESSAGE},
    )
    pancakes = await key_of(demo_db, "recipes", "title", "Pancakes")
    junction = await table(demo_db, "recipes_ingredients")
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, links = await open_links(app, pilot, "recipes", pancakes, "ingredients")
        await grid_on(pilot, links)
        await type_in_cell(pilot, links, "milk", "a splash")
        assert row_errors(links, "milk") == {"quantity": RULE_MESSAGE}
        assert "1 value to fix" in summary(links)

        await pilot.press("ctrl+s")
        await saved(pilot, screen)
        assert app.screen is screen
        assert row(screen, "ingredients").message == f"milk: {RULE_MESSAGE}"
        assert await table(demo_db, "recipes_ingredients") == junction

        await type_in_cell(pilot, links, "milk", "2 splashes")
        assert row_errors(links, "milk") == {}
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    assert (await recipe_links(demo_db, pancakes))[1]["quantity"] == "2 splashes"


async def test_the_grid_pages_and_can_be_where_the_list_starts(
    demo_url: str, demo_db: Database
) -> None:
    await FieldsService(demo_db).update(
        "recipes",
        "ingredients",
        meta={"options": {"template": TEMPLATE, "layout": "table", "limit": 2}},
    )
    pancakes = await key_of(demo_db, "recipes", "title", "Pancakes")
    welcome = await key_of(demo_db, "articles", "slug", "welcome")
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, links = await open_links(app, pilot, "recipes", pancakes, "ingredients")
        assert links.grid_mode
        assert grid_titles(links) == ["flour", "milk"]
        assert "page 1 of 3" in summary(links)
        screen.form.focus_field("ingredients")  # type: ignore[union-attr]
        await wait_until(pilot, lambda: isinstance(focused(pilot), RowHandle))
        await pilot.press("pagedown")
        await until_settled(pilot, links)
        await wait_until(pilot, lambda: grid_titles(links) == ["eggs", "butter"])
        assert "page 2 of 3" in summary(links)
        await pilot.press("g")  # back to the list, same page
        await wait_until(pilot, lambda: not links.grid_mode)
        assert app.focused is links.child_list
        assert links.window.page == 1

        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        _, related = await open_links(app, pilot, "articles", welcome, "related_articles")
        assert not related.grid_fields  # no link fields: nothing to show in a grid
        await pilot.press("g")
        assert not related.grid_mode


async def test_text_that_is_not_a_number_yet_stops_the_save(
    demo_url: str, demo_db: Database
) -> None:
    await FieldsService(demo_db).create("recipes_ingredients", "grams", "integer")
    pancakes = await key_of(demo_db, "recipes", "title", "Pancakes")
    junction = await table(demo_db, "recipes_ingredients")
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, links = await open_links(app, pilot, "recipes", pancakes, "ingredients")
        assert [field.field for field in links.grid_fields] == ["quantity", "grams"]
        await grid_on(pilot, links)
        await type_in_cell(pilot, links, "flour", "25o", column=2)
        assert set(row_errors(links, "flour")) == {"grams"}
        await pilot.press("ctrl+s")
        await saved(pilot, screen)
        assert app.screen is screen
        assert row(screen, "ingredients").message.startswith("flour: ")
        assert await table(demo_db, "recipes_ingredients") == junction

        await type_in_cell(pilot, links, "flour", "250", column=2)
        assert row_errors(links, "flour") == {}
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    stored = await table(demo_db, "recipes_ingredients", "id", "grams")
    assert [r["grams"] for r in stored if r["grams"] is not None] == [250]
