"""How the item page lays out and names what it shows: half-width fields pair up side by side
(a wide field after a lone half starts a new row), the cursor stays put across save-and-stay,
and a title missing its related part has no empty brackets."""

from __future__ import annotations

from studio.engine import Database
from studio.engine.items import ItemsService
from tests.ui.conftest import running_studio, wait_until
from tests.ui.item.conftest import open_item, read, replace, row, saved


async def test_a_wide_field_after_a_lone_half_starts_on_the_left(
    demo_url: str, demo_db: Database
) -> None:
    # Countries: name (full), code (half, alone), capital city (full), cities (full).
    async with running_studio(demo_url, size=(120, 40)) as (app, pilot):
        screen = await open_item(app, pilot, "countries", 1)
        await pilot.pause()
        name, code, capital = (row(screen, f) for f in ("name", "code", "capital_city"))
        assert code.region.x == name.region.x
        assert code.region.width < name.region.width * 0.6  # still half
        assert capital.region.x == name.region.x  # not squeezed into the right column
        assert capital.region.width == name.region.width
        assert capital.region.y > code.region.y


async def test_two_halves_share_a_row(demo_url: str, demo_db: Database) -> None:
    async with running_studio(demo_url, size=(120, 40)) as (app, pilot):
        screen = await open_item(app, pilot, "cities", 1)
        await pilot.pause()
        population, country = row(screen, "population"), row(screen, "country")
        assert population.region.y == country.region.y
        assert country.region.x > population.region.x


async def test_narrow_forms_stack_without_gaps(demo_url: str, demo_db: Database) -> None:
    async with running_studio(demo_url, size=(80, 24)) as (app, pilot):
        screen = await open_item(app, pilot, "countries", 1)
        await pilot.pause()
        code, capital = row(screen, "code"), row(screen, "capital_city")
        gap = capital.region.y - (code.region.y + code.region.height)
        assert gap == 1  # the grid's gutter, no empty cell between them


async def test_save_and_stay_keeps_the_cursor_in_its_field(
    demo_url: str, demo_db: Database
) -> None:
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_item(app, pilot, "cities", 1)
        await replace(pilot, screen, "population", "4700000")
        await pilot.press("f2")
        await saved(pilot, screen)
        await wait_until(pilot, lambda: screen.form is not None and app.focused is not None)
        assert row(screen, "population").has_focus_within
    assert (await read(demo_db, "cities", 1, "population"))["population"] == 4700000


async def test_an_item_without_its_related_part_has_no_empty_brackets(
    demo_url: str, demo_db: Database
) -> None:
    key = await ItemsService(demo_db, "cities").create_one({"name": "Nowhere", "country": None})
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_item(app, pilot, "cities", key)
        assert screen.title_text == "Nowhere"  # not "Nowhere ()"
