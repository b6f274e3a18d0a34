"""Where an item is used: which relations point at it (`usages`, no Textual), their counts on the
"where used" screen, and opening one lands on the referencing items."""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import text
from textual.pilot import Pilot

from studio.engine import Database
from studio.engine.items import ItemsService
from studio.engine.schema import SchemaOverview
from studio.ui.app import StudioApp
from studio.ui.commands import StudioCommands
from studio.ui.screens.item import ItemScreen
from studio.ui.screens.usage_list import UsageListScreen
from studio.ui.screens.where_used import WhereUsedScreen
from studio.ui.usages import count_usage, usages
from tests.ui.browser.helpers import open_collection
from tests.ui.conftest import running_studio, wait_until
from tests.ui.item.conftest import open_item, page


async def _key(db: Database, collection: str, **equal: Any) -> Any:
    rule = {field: {"_eq": value} for field, value in equal.items()}
    found = await ItemsService(db, collection).read_many(fields=["*"], filter=rule, limit=1)
    return found[0]["id"]


def _by_collection(overview: SchemaOverview, collection: str, key: Any) -> dict[str, Any]:
    return {u.collection + ":" + u.text(): u for u in usages(overview, collection, key)}


# which relations, and the filter of each ---------------------------------------------------


async def test_usages_of_each_kind_on_the_demo(demo_db: Database) -> None:
    overview = await demo_db.overview()
    (country,) = usages(overview, "countries", 7)
    assert (country.kind, country.collection, dict(country.filter)) == (
        "o2m",
        "cities",
        {"country": {"_eq": 7}},
    )
    assert country.text() == "Cities whose Country is this item"
    assert country.text("France") == "Cities whose Country is France"

    (capital,) = usages(overview, "cities", 3)
    assert capital.collection == "countries" and capital.text() == (
        "Countries whose Capital City is this item"
    )

    (recipes,) = usages(overview, "ingredients", 5)
    assert (recipes.kind, recipes.collection, recipes.via_junction) == ("m2m", "recipes", True)
    assert dict(recipes.filter) == {"ingredients": {"_some": {"ingredients_id": {"_eq": 5}}}}
    assert recipes.text("Flour") == "Recipes listing Flour in Ingredients"

    (pages,) = usages(overview, "headings", 2)
    assert (pages.kind, pages.collection) == ("m2a", "pages")
    assert dict(pages.filter) == {
        "sections": {"_some": {"item": {"_eq": "2"}, "collection": {"_eq": "headings"}}}
    }

    # A junction row pointing back at the item that owns the field is that item's own content
    # (a page's sections, an article's translations and its related-article links): shown on
    # its own page, not where it is used.
    assert usages(overview, "pages", 1) == []
    articles = _by_collection(overview, "articles", 1)
    assert set(articles) == {"articles:Articles listing this item in Related Articles"}
    assert dict(articles["articles:Articles listing this item in Related Articles"].filter) == {
        "related_articles": {"_some": {"related_articles_id": {"_eq": 1}}}
    }
    # both sides of an M2M named: a recipe is listed by its ingredients' reverse field
    (ingredients,) = usages(overview, "recipes", 1)
    assert ingredients.text() == "Ingredients listing this item in Recipes"

    (language,) = usages(overview, "languages", "fr-FR")
    assert (language.kind, language.collection) == ("translations", "articles")
    assert dict(language.filter) == {
        "translations": {"_some": {"languages_code": {"_eq": "fr-FR"}}}
    }
    assert language.text() == "Articles translated into this language"
    assert language.text("French") == "Articles translated into French"


async def test_a_junction_with_no_field_on_either_side_is_listed_as_its_rows(
    demo_db: Database,
) -> None:
    overview = await demo_db.overview()
    relations = tuple(
        dataclasses.replace(r, one_field=None, has_meta=False)
        if r.many_collection == "recipes_ingredients"
        else r
        for r in overview.relations
    )
    bare = SchemaOverview(overview.dialect, overview.collections, relations)
    (links,) = usages(bare, "ingredients", 5)
    assert (links.kind, links.collection, links.via_junction) == (
        "m2m",
        "recipes_ingredients",
        False,
    )
    assert dict(links.filter) == {"ingredients_id": {"_eq": 5}}
    (links,) = usages(bare, "recipes", 5)
    assert dict(links.filter) == {"recipes_id": {"_eq": 5}}


async def test_a_foreign_key_without_a_reverse_alias_is_listed(demo_db: Database) -> None:
    overview = await demo_db.overview()
    relations = tuple(
        dataclasses.replace(r, one_field=None, has_meta=False)
        if (r.many_collection, r.many_field) == ("countries", "capital_city")
        else r
        for r in overview.relations
    )
    bare = SchemaOverview(overview.dialect, overview.collections, relations)
    (capital,) = usages(bare, "cities", 3)
    assert capital.collection == "countries" and dict(capital.filter) == {
        "capital_city": {"_eq": 3}
    }
    assert usages(overview, "settings", 1) == []


async def test_each_usage_is_counted_with_one_query(demo_db: Database) -> None:
    from studio.ui.session import Session

    overview = await demo_db.overview()
    session = Session(demo_db, overview, prefs=None)  # type: ignore[arg-type]
    flour = await _key(demo_db, "ingredients", name="flour")
    links = await ItemsService(demo_db, "recipes_ingredients").read_many(
        fields=["recipes_id"], filter={"ingredients_id": {"_eq": flour}}, limit=-1
    )
    (recipes,) = usages(overview, "ingredients", flour)
    assert (await count_usage(session, recipes)).value == len({r["recipes_id"] for r in links})


# the screen --------------------------------------------------------------------------------


def where_used(app: StudioApp) -> WhereUsedScreen:
    screen = app.screen
    assert isinstance(screen, WhereUsedScreen), screen
    return screen


async def counted(pilot: Pilot, app: StudioApp) -> dict[str, int | None]:
    """Wait for every count; {line text: count}."""
    await wait_until(pilot, lambda: isinstance(app.screen, WhereUsedScreen))
    screen = where_used(app)
    await wait_until(pilot, lambda: len(screen.counts) == len(screen.usages))
    return {u.text(): screen.counts[i] for i, u in enumerate(screen.usages)}


async def choose(pilot: Pilot, app: StudioApp, text: str) -> UsageListScreen:
    screen = where_used(app)
    index = [u.text() for u in screen.usages].index(text)
    screen.options.highlighted = index
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, UsageListScreen))
    listing: UsageListScreen = app.screen  # type: ignore[assignment]
    await wait_until(pilot, lambda: listing.grid.settled)
    return listing


async def open_first(pilot: Pilot, app: StudioApp, collection: str) -> ItemScreen:
    listing = app.screen
    assert isinstance(listing, UsageListScreen)
    key = listing.grid.cursor_key
    await pilot.press("enter")
    await wait_until(pilot, lambda: page(app) is not None and page(app).key == key)
    screen = page(app)
    assert screen is not None and screen.collection == collection
    return screen


async def test_a_countrys_cities_are_counted_and_opened(demo_url: str, demo_db: Database) -> None:
    france = await _key(demo_db, "countries", code="FR")
    expected = (await ItemsService(demo_db, "cities").count({"country": {"_eq": france}})).value
    async with running_studio(demo_url, size=(80, 24)) as (app, pilot):
        country = await open_item(app, pilot, "countries", france)
        await pilot.press("f9")
        assert await counted(pilot, app) == {"Cities whose Country is this item": expected}
        assert "Where is Countries / France used" in app.screen.query_one("#where-title").content  # type: ignore[attr-defined]

        listing = await choose(pilot, app, "Cities whose Country is this item")
        assert listing.title_text == "Cities whose Country is France"
        assert listing.grid.row_count == expected
        city = await open_first(pilot, app, "cities")
        assert city.item_list is not None  # save-and-next walks this list
        assert (await ItemsService(demo_db, "cities").read_one(city.key, ["country"]))[
            "country"
        ] == france
        assert city.back_hint() == "esc: back to Cities whose Country is France"

        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is listing)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, WhereUsedScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is country)


async def test_an_item_edited_from_the_list_is_counted_again_on_the_way_back(
    demo_url: str, demo_db: Database
) -> None:
    from tests.ui.item.conftest import focus, saved

    france = await _key(demo_db, "countries", code="FR")
    expected = (await ItemsService(demo_db, "cities").count({"country": {"_eq": france}})).value
    async with running_studio(demo_url) as (app, pilot):
        await open_item(app, pilot, "countries", france)
        await pilot.press("f9")
        text = "Cities whose Country is this item"
        assert await counted(pilot, app) == {text: expected}
        listing = await choose(pilot, app, text)
        city = await open_first(pilot, app, "cities")
        await focus(pilot, city, "country")
        await pilot.press("delete")  # the city leaves France
        await pilot.press("ctrl+s")
        await saved(pilot, city)
        await wait_until(pilot, lambda: app.screen is listing)
        await wait_until(
            pilot, lambda: listing.grid.settled and listing.grid.row_count == expected - 1
        )
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, WhereUsedScreen))
        await wait_until(pilot, lambda: where_used(app).counts.get(0) == expected - 1)


async def test_the_item_renamed_on_a_page_above_is_renamed_in_the_heading(
    demo_url: str, demo_db: Database
) -> None:
    from tests.ui.item.conftest import replace, saved

    france = await _key(demo_db, "countries", code="FR")
    async with running_studio(demo_url) as (app, pilot):
        await open_item(app, pilot, "countries", france)
        await pilot.press("f9")
        await counted(pilot, app)
        screen = where_used(app)
        app.open_item("countries", france)  # e.g. followed from one of the listed cities
        above = await wait_until_page(pilot, app, "countries")
        await replace(pilot, above, "name", "République française")
        await pilot.press("ctrl+s")
        await saved(pilot, above)
        await wait_until(pilot, lambda: app.screen is screen)
        await wait_until(pilot, lambda: "République" in str(_heading(screen)))
        assert str(_heading(screen)) == "Where is Countries / République française used"
        assert screen.back_label() == "where Countries / République française is used"


def _heading(screen: WhereUsedScreen) -> object:
    return screen.query_one("#where-title").content  # type: ignore[attr-defined]


async def wait_until_page(pilot: Pilot, app: StudioApp, collection: str) -> ItemScreen:
    await wait_until(pilot, lambda: page(app) is not None and page(app).collection == collection)
    return page(app)  # type: ignore[return-value]


async def test_a_capital_city_is_used_by_its_country(demo_url: str, demo_db: Database) -> None:
    france = await _key(demo_db, "countries", code="FR")
    paris = (await ItemsService(demo_db, "countries").read_one(france, ["capital_city"]))[
        "capital_city"
    ]
    async with running_studio(demo_url) as (app, pilot):
        await open_item(app, pilot, "cities", paris)
        await pilot.press("f9")
        assert await counted(pilot, app) == {"Countries whose Capital City is this item": 1}
        await choose(pilot, app, "Countries whose Capital City is this item")
        country = await open_first(pilot, app, "countries")
        assert country.key == france


async def test_an_ingredient_from_the_browser_lists_its_recipes(
    demo_url: str, demo_db: Database
) -> None:
    flour = await _key(demo_db, "ingredients", name="flour")
    links = await ItemsService(demo_db, "recipes_ingredients").read_many(
        fields=["recipes_id"], filter={"ingredients_id": {"_eq": flour}}, limit=-1
    )
    recipes = {r["recipes_id"] for r in links}
    assert len(recipes) >= 2
    async with running_studio(demo_url) as (app, pilot):
        grid = await open_collection(pilot, app, "ingredients")
        while grid.cursor_key != flour:
            await pilot.press("down")
        await pilot.press("w")
        text = "Recipes listing this item in Ingredients"
        assert await counted(pilot, app) == {text: len(recipes)}
        listing = await choose(pilot, app, text)
        assert listing.title_text == "Recipes listing flour in Ingredients"
        recipe = await open_first(pilot, app, "recipes")
        assert recipe.key in recipes


async def test_a_heading_block_lists_the_pages_using_it(demo_url: str, demo_db: Database) -> None:
    sections = await ItemsService(demo_db, "pages_sections").read_many(
        fields=["pages_id", "item"], filter={"collection": {"_eq": "headings"}}, limit=-1
    )
    heading = int(sections[0]["item"])
    pages = {s["pages_id"] for s in sections if s["item"] == str(heading)}
    async with running_studio(demo_url) as (app, pilot):
        await open_item(app, pilot, "headings", heading)
        await pilot.press("f9")
        assert await counted(pilot, app) == {"Pages listing this item in Sections": len(pages)}
        await choose(pilot, app, "Pages listing this item in Sections")
        found = await open_first(pilot, app, "pages")
        assert found.key in pages


async def test_a_language_lists_the_articles_translated_into_it(
    demo_url: str, demo_db: Database
) -> None:
    rows = await ItemsService(demo_db, "articles_translations").read_many(
        fields=["articles_id"], filter={"languages_code": {"_eq": "fr-FR"}}, limit=-1
    )
    articles = {r["articles_id"] for r in rows}
    async with running_studio(demo_url) as (app, pilot):
        await open_item(app, pilot, "languages", "fr-FR")
        await pilot.press("f9")
        assert await counted(pilot, app) == {
            "Articles translated into this language": len(articles)
        }
        listing = await choose(pilot, app, "Articles translated into this language")
        assert listing.title_text == "Articles translated into French"
        article = await open_first(pilot, app, "articles")
        assert article.key in articles


async def test_an_article_is_used_by_the_articles_that_list_it_not_by_its_own_links(
    demo_url: str, demo_db: Database
) -> None:
    links = await ItemsService(demo_db, "articles_articles").read_many(
        fields=["articles_id"], filter={"related_articles_id": {"_eq": 1}}, limit=-1
    )
    async with running_studio(demo_url) as (app, pilot):
        await open_item(app, pilot, "articles", 1)
        await pilot.press("f9")
        assert await counted(pilot, app) == {
            "Articles listing this item in Related Articles": len({r["articles_id"] for r in links})
        }


async def test_an_unused_item_says_so_and_a_new_item_has_no_where_used(
    demo_url: str, demo_db: Database
) -> None:
    saffron = await ItemsService(demo_db, "ingredients").create_one({"name": "Saffron"})
    async with running_studio(demo_url) as (app, pilot):
        await open_item(app, pilot, "ingredients", saffron)
        await pilot.press("f9")
        assert await counted(pilot, app) == {"Recipes listing this item in Ingredients": 0}
        await pilot.press("enter")
        await pilot.pause(0.05)
        assert isinstance(app.screen, WhereUsedScreen)
        assert [n.message for n in app._notifications][-1] == "No Recipes point at this item."
        await pilot.press("escape")
        await open_item(app, pilot, "ingredients", None)
        await pilot.press("f9")
        await pilot.pause(0.05)
        assert isinstance(app.screen, ItemScreen)


async def test_rows_without_a_primary_key_are_counted_and_not_opened(
    demo_url: str, demo_db: Database
) -> None:
    async with demo_db.transaction() as conn:
        await conn.execute(text("CREATE TABLE visits (city integer REFERENCES cities(id))"))
        await conn.execute(text("INSERT INTO visits VALUES (1), (1), (2)"))
    async with running_studio(demo_url) as (app, pilot):
        await open_item(app, pilot, "cities", 1)
        await pilot.press("f9")
        counts = await counted(pilot, app)
        assert counts["Visits whose City is this item"] == 2
        screen = where_used(app)
        line = [u.text() for u in screen.usages].index("Visits whose City is this item")
        assert "cannot be listed" in str(screen.options.get_option_at_index(line).prompt)
        screen.options.highlighted = line
        await pilot.press("enter")
        await pilot.pause(0.05)
        assert app.screen is screen
        assert [n.message for n in app._notifications][-1] == (
            "The items of Visits cannot be listed: it has no primary key."
        )


async def test_the_palette_offers_where_used_on_an_item_page(
    demo_url: str, demo_db: Database
) -> None:
    france = await _key(demo_db, "countries", code="FR")
    async with running_studio(demo_url) as (app, pilot):
        await open_item(app, pilot, "countries", france)
        provider = StudioCommands(app.screen)
        titles = [title for title, _, _ in provider._commands()]
        assert "Where is this item used" in titles
