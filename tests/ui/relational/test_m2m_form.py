"""The link form: a related item and the link's own fields in one nested form. What Done hands
back (the junction's write format), re-opening what was staged, the parts' order and the Tab
and refusal order across them, the guard, F3 to the related item, and refusals (a required
name, a unique name the engine refuses on save) that write nothing."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input, Static

from studio.engine import Database
from studio.engine.fields import FieldsService
from studio.ui.interfaces.m2m import M2MInterface
from studio.ui.o2m_staging import NewId
from studio.ui.screens.browser import BrowserScreen
from studio.ui.screens.confirm import UnsavedChangesScreen
from studio.ui.screens.item import ItemScreen
from studio.ui.screens.link_item import LinkItemScreen
from studio.ui.screens.nested_item import NestedItemScreen
from tests.ui.conftest import running_studio, wait_until
from tests.ui.item.conftest import row, saved
from tests.ui.relational.m2m_helpers import (
    fill,
    go_to,
    hint,
    key_of,
    link_form,
    open_links,
    recipe_links,
    table,
    titles,
    until_settled,
)

SIZE = (100, 40)
TEMPLATE = "{{ingredients_id.name}} — {{quantity}}"


def message(form: Any, name: str) -> str:
    return form.rows[name].message


def link_of(links: M2MInterface, name: str) -> Any:
    return next(r for r in links.window.items if links._related_title(r) == name)


async def test_editing_a_link_stages_its_quantity_and_its_ingredient_apart(
    demo_url: str, demo_db: Database
) -> None:
    pancakes = await key_of(demo_db, "recipes", "title", "Pancakes")
    milk = await key_of(demo_db, "ingredients", "name", "milk")
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, links = await open_links(app, pilot, "recipes", pancakes, "ingredients")
        await go_to(pilot, links, "milk")
        junction_key = links.window.current()
        await pilot.press("enter")
        form = await link_form(app, pilot)
        assert form.context_form is not None
        assert form.form is not None
        assert form.key == milk and form.junction_key == junction_key
        assert form.form.state.values["name"] == "milk"
        assert form.context_form.state.values == {"quantity": "500 ml"}
        assert not form.dirty
        await fill(pilot, form.context_form, "quantity", "1 l")
        assert form.dirty
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen)
        assert links.staging.change_set() == {
            "create": [],
            "update": [{"quantity": "1 l", "id": junction_key}],  # the ingredient left out
            "delete": [],
        }

        await pilot.press("enter")  # again: what was staged is where the form starts
        form = await link_form(app, pilot)
        assert form.context_form is not None and form.form is not None
        assert form.context_form.state.values == {"quantity": "1 l"}
        assert not form.dirty
        await fill(pilot, form.form, "name", "whole milk")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen)
        await until_settled(pilot, links)
        update = {"quantity": "1 l", "ingredients_id": {"id": milk, "name": "whole milk"}}
        assert links.staging.change_set() == {
            "create": [],
            "update": [{**update, "id": junction_key}],
            "delete": [],
        }
        assert titles(links)[1] == "whole milk — 1 l"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    assert (await recipe_links(demo_db, pancakes))[1]["name"] == "whole milk"
    assert (await recipe_links(demo_db, pancakes))[1]["quantity"] == "1 l"
    assert await key_of(demo_db, "ingredients", "name", "whole milk") == milk


async def test_a_new_link_reopens_with_its_values_and_f3_follows_the_link(
    demo_url: str, demo_db: Database
) -> None:
    pancakes = await key_of(demo_db, "recipes", "title", "Pancakes")
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, links = await open_links(app, pilot, "recipes", pancakes, "ingredients")
        await pilot.press("f7")
        form = await link_form(app, pilot)
        assert form.context_form is not None and form.form is not None
        assert form.heading().endswith("Ingredients / New item")
        parts = [str(s.border_title) for s in form.query(".link-part").results(Static)]
        assert parts == ["Ingredients", "Link fields"]
        await fill(pilot, form.form, "name", "saffron")
        await fill(pilot, form.context_form, "quantity", "1 g")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen)
        await until_settled(pilot, links)
        assert links.staging.change_set() == {
            "create": [{"quantity": "1 g", "ingredients_id": {"name": "saffron"}}],
            "update": [],
            "delete": [],
        }
        assert titles(links)[-1] == "saffron — 1 g"
        await pilot.press("f3")  # a new ingredient has no page yet
        assert "no page until this item is saved" in hint(links)
        assert app.screen is screen

        await pilot.press("enter")
        form = await link_form(app, pilot)
        assert form.context_form is not None and form.form is not None
        assert form.form.state.values["name"] == "saffron"
        assert form.context_form.state.values["quantity"] == "1 g"
        await fill(pilot, form.context_form, "quantity", "2 g")
        await pilot.press("escape")  # leaving with an edit: keep it
        await wait_until(pilot, lambda: isinstance(app.screen, UnsavedChangesScreen))
        await pilot.press("s")
        await wait_until(pilot, lambda: app.screen is screen)
        assert links.staging.change_set()["create"] == [
            {"quantity": "2 g", "ingredients_id": {"name": "saffron"}}
        ]

        await go_to(pilot, links, "milk")
        await pilot.press("f3")  # the ingredient's own page, not the junction row
        await wait_until(
            pilot,
            lambda: (
                isinstance(app.screen, ItemScreen)
                and not isinstance(app.screen, NestedItemScreen)
                and app.screen.form is not None
                and app.screen is not screen
            ),
        )
        assert app.screen.collection == "ingredients"
        assert app.screen.key == await key_of(demo_db, "ingredients", "name", "milk")


async def test_a_refused_done_and_a_refused_save_write_nothing(
    demo_url: str, demo_db: Database
) -> None:
    pancakes = await key_of(demo_db, "recipes", "title", "Pancakes")
    junction = await table(demo_db, "recipes_ingredients")
    ingredients = await table(demo_db, "ingredients")
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, links = await open_links(app, pilot, "recipes", pancakes, "ingredients")
        await pilot.press("f7")
        form = await link_form(app, pilot)
        assert form.context_form is not None and form.form is not None
        await fill(pilot, form.context_form, "quantity", "2")
        await pilot.press("ctrl+s")  # no name: refused, the cursor on it
        await pilot.pause()
        assert app.screen is form
        assert message(form.form, "name") == "Name is required."
        assert app.focused is form.form.rows["name"].interface.focus_target()
        await fill(pilot, form.form, "name", "eggs")  # taken: only the save can tell
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen)

        await go_to(pilot, links, "flour")
        await pilot.press("ctrl+s")
        await saved(pilot, screen)
        assert app.screen is screen
        error = row(screen, "ingredients").message  # named by the link, the cursor on it
        assert error.startswith("eggs: Name must be unique")
        assert links._related_title(links.window.current()) == "eggs"
        assert isinstance(links.window.current(), NewId)
        assert await table(demo_db, "recipes_ingredients") == junction
        assert await table(demo_db, "ingredients") == ingredients

        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, UnsavedChangesScreen))
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    assert await table(demo_db, "recipes_ingredients") == junction
    assert await table(demo_db, "ingredients") == ingredients


async def test_link_fields_on_top_come_first_for_tab_and_for_refusals(
    demo_url: str, demo_db: Database
) -> None:
    fields = FieldsService(demo_db)
    await fields.update(
        "recipes",
        "ingredients",
        meta={"options": {"template": TEMPLATE, "junctionFieldLocation": "top"}},
    )
    await fields.update("recipes_ingredients", "quantity", meta={"required": True})
    pancakes = await key_of(demo_db, "recipes", "title", "Pancakes")
    junction = await table(demo_db, "recipes_ingredients")
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, links = await open_links(app, pilot, "recipes", pancakes, "ingredients")
        await pilot.press("f7")
        form = await link_form(app, pilot)
        assert form.context_form is not None and form.form is not None
        quantity = form.context_form.rows["quantity"]
        name = form.form.rows["name"]
        await wait_until(pilot, lambda: app.focused is quantity.interface.focus_target())
        assert quantity.region.y < name.region.y
        await pilot.press("tab")
        assert app.focused is name.interface.focus_target()

        await pilot.press("ctrl+s")  # both empty: both named, the cursor on the top one
        await pilot.pause()
        assert message(form.context_form, "quantity") == "Quantity is required."
        assert message(form.form, "name") == "Name is required."
        assert app.focused is quantity.interface.focus_target()
        assert isinstance(app.focused, Input)
        await pilot.press("escape")  # nothing typed: nothing to ask about
        await wait_until(pilot, lambda: app.screen is screen)
        assert not links.staging.has_changes
        assert not isinstance(app.screen, LinkItemScreen)
    assert await table(demo_db, "recipes_ingredients") == junction
