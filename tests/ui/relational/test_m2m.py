"""The M2M list as an editor uses it, on a recipe's ingredients: add existing ingredients, set
their quantities in the grid, bulk-set a quantity, create an ingredient with its quantity in
the link form, remove a link, reorder, undo; the junction table is checked after the save, and
nothing is written when the page is left with its edits discarded."""

from __future__ import annotations

from textual.widgets import Input

from studio.engine import Database
from studio.ui.screens.browser import BrowserScreen
from studio.ui.screens.bulk_set import BulkSetScreen
from studio.ui.screens.confirm import UnsavedChangesScreen
from tests.ui.conftest import running_studio, wait_until
from tests.ui.item.conftest import page, replace, row, type_text
from tests.ui.relational.m2m_helpers import (
    fill,
    go_to,
    grid_on,
    grid_titles,
    hint,
    key_of,
    link_form,
    marks,
    open_links,
    pick,
    recipe_links,
    summary,
    table,
    titles,
    type_in_cell,
    until_settled,
)

SIZE = (100, 40)
PANCAKES = [  # the demo's, in order
    ("flour", "250 g"),
    ("milk", "500 ml"),
    ("eggs", "3"),
    ("butter", "30 g"),
    ("salt", "1 pinch"),
]


def named(links: list[dict]) -> list[tuple[str, str | None]]:
    return [(link["name"], link["quantity"]) for link in links]


async def test_a_recipe_s_ingredients_edited_every_way_and_saved(
    demo_url: str, demo_db: Database
) -> None:
    recipe = await key_of(demo_db, "recipes", "title", "Pancakes")
    eggs = await key_of(demo_db, "ingredients", "name", "eggs")
    assert named(await recipe_links(demo_db, recipe)) == PANCAKES
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, links = await open_links(app, pilot, "recipes", recipe, "ingredients")
        assert titles(links) == [f"{name} — {quantity}" for name, quantity in PANCAKES]
        assert summary(links).startswith("5 items")

        # add two existing ingredients: the picker leaves out the five already linked
        _, offered = await pick(app, pilot, "sugar", "honey")
        assert offered == len(await table(demo_db, "ingredients", "id")) - len(PANCAKES)
        await wait_until(pilot, lambda: app.screen is screen)
        await until_settled(pilot, links)
        assert titles(links)[5:] == ["sugar", "honey"]
        assert marks(links) == {"sugar": "+ added", "honey": "+ added"}
        assert "2 added" in summary(links)

        # their quantities, and another quantity, in the grid
        await grid_on(pilot, links)
        assert grid_titles(links)[:3] == ["flour", "milk", "eggs"]
        await type_in_cell(pilot, links, "sugar", "100 g")
        await type_in_cell(pilot, links, "honey", "2 tbsp")
        await type_in_cell(pilot, links, "milk", "400 ml")
        assert links.staging.edits == {
            next(r for r in links.window.items if links._related_title(r) == "milk"): {
                "quantity": "400 ml"
            }
        }

        # one quantity on two links at once
        await go_to(pilot, links, "flour")
        await pilot.press("space")
        await go_to(pilot, links, "butter")
        await pilot.press("space")
        await pilot.press("b")
        await wait_until(pilot, lambda: isinstance(app.screen, BulkSetScreen))
        await type_text(pilot, "1 kg")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen)
        await until_settled(pilot, links)
        assert "Quantity set on 2 links" in hint(links)

        # a new ingredient with its quantity, in the link form
        await pilot.press("f7")
        form = await link_form(app, pilot)
        assert form.context_form is not None
        await fill(pilot, form.form, "name", "saffron")
        await fill(pilot, form.context_form, "quantity", "1 pinch")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen)
        await until_settled(pilot, links)

        # back to the list: remove a link, move one, undo an edit
        await pilot.press("g")
        await wait_until(pilot, lambda: app.focused is links.child_list)
        await go_to(pilot, links, "eggs")
        await pilot.press("delete")
        assert "eggs itself stays" in hint(links)
        await go_to(pilot, links, "honey")
        await pilot.press("m")
        await type_text(pilot, "1")
        await pilot.press("enter")
        await until_settled(pilot, links)
        assert titles(links)[0] == "honey — 2 tbsp"
        await go_to(pilot, links, "milk")
        await pilot.press("u")
        await until_settled(pilot, links)
        assert titles(links) == [
            "honey — 2 tbsp",
            "flour — 1 kg",
            "milk — 500 ml",
            "eggs — 3",
            "butter — 1 kg",
            "salt — 1 pinch",
            "sugar — 100 g",
            "saffron — 1 pinch",
        ]
        assert named(await recipe_links(demo_db, recipe)) == PANCAKES  # staged only

        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    saved = await recipe_links(demo_db, recipe)
    assert named(saved) == [
        ("honey", "2 tbsp"),
        ("flour", "1 kg"),
        ("milk", "500 ml"),
        ("butter", "1 kg"),
        ("salt", "1 pinch"),
        ("sugar", "100 g"),
        ("saffron", "1 pinch"),
    ]
    assert [link["sort"] for link in saved] == sorted(link["sort"] for link in saved)
    assert len({link["sort"] for link in saved}) == len(saved)
    assert await key_of(demo_db, "ingredients", "name", "saffron")  # created
    assert await key_of(demo_db, "ingredients", "name", "eggs") == eggs  # only unlinked


async def test_leaving_with_the_edits_discarded_writes_nothing(
    demo_url: str, demo_db: Database
) -> None:
    recipe = await key_of(demo_db, "recipes", "title", "Pancakes")
    junction = await table(demo_db, "recipes_ingredients")
    ingredients = await table(demo_db, "ingredients")
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, links = await open_links(app, pilot, "recipes", recipe, "ingredients")
        await pick(app, pilot, "sugar")
        await wait_until(pilot, lambda: app.screen is screen)
        await until_settled(pilot, links)
        await grid_on(pilot, links)
        await type_in_cell(pilot, links, "milk", "1 l")
        await pilot.press("f7")
        form = await link_form(app, pilot)
        await fill(pilot, form.form, "name", "saffron")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen)
        await go_to(pilot, links, "flour")
        await pilot.press("delete", "shift+down")
        await until_settled(pilot, links)
        assert links.staging.has_changes

        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, UnsavedChangesScreen))
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    assert await table(demo_db, "recipes_ingredients") == junction
    assert await table(demo_db, "ingredients") == ingredients


async def test_search_reaches_the_ingredient_and_the_quantity(demo_url: str) -> None:
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        recipe = 2  # Pancakes
        _, links = await open_links(app, pilot, "recipes", recipe, "ingredients")
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await type_text(pilot, "EGG")
        await pilot.press("enter")
        await wait_until(pilot, lambda: links.window.search == "EGG")
        await until_settled(pilot, links)
        assert titles(links) == ["eggs — 3"]
        assert summary(links).startswith("1 item found")
        await pilot.press("slash", "ctrl+u")
        await type_text(pilot, "ml")  # the quantity, a field of the link itself
        await pilot.press("enter")
        await wait_until(pilot, lambda: links.window.search == "ml")
        await until_settled(pilot, links)
        assert titles(links) == ["milk — 500 ml"]


async def test_a_new_recipe_is_saved_with_its_links(demo_url: str, demo_db: Database) -> None:
    sugar = await key_of(demo_db, "ingredients", "name", "sugar")
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        app.open_item("recipes", None)
        await wait_until(pilot, lambda: page(app) is not None and page(app).creating)
        screen = page(app)
        assert screen is not None
        await replace(pilot, screen, "title", "Lemonade")
        links = row(screen, "ingredients").interface
        assert screen.form is not None and screen.form.focus_field("ingredients")
        await until_settled(pilot, links)
        assert summary(links).startswith("no items")
        await pick(app, pilot, "sugar")
        await wait_until(pilot, lambda: app.screen is screen)
        await until_settled(pilot, links)
        await pilot.press("f7")
        form = await link_form(app, pilot)
        assert form.context_form is not None
        await fill(pilot, form.form, "name", "lemon juice")
        await fill(pilot, form.context_form, "quantity", "100 ml")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen)
        await until_settled(pilot, links)
        assert titles(links) == ["sugar", "lemon juice — 100 ml"]
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    recipe = await key_of(demo_db, "recipes", "title", "Lemonade")
    saved = await recipe_links(demo_db, recipe)
    assert named(saved) == [("sugar", None), ("lemon juice", "100 ml")]
    assert await key_of(demo_db, "ingredients", "name", "sugar") == sugar
