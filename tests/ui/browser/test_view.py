"""What the browser shows: a filter through an M2O path, archived items, chosen columns that are
remembered across runs, and relational columns read in one query per page."""

from __future__ import annotations

from sqlalchemy import text
from textual.widgets import Input, Select, SelectionList

from studio.engine import Database
from studio.engine.items import ItemsService
from studio.ui.columns import available_columns, default_columns, read_fields
from studio.ui.grid_pages import GridQuery, PageCache, total_sort
from studio.ui.screens.browser import BrowserScreen
from studio.ui.screens.column_picker import ColumnPickerScreen
from studio.ui.screens.filter_builder import FilterBuilderScreen
from tests.engine.items.test_statement_count import counting
from tests.ui.browser.helpers import (
    browser,
    column_texts,
    grid,
    lines,
    open_collection,
    settle,
    status,
)
from tests.ui.conftest import running_studio, wait_until


async def test_filter_through_an_m2o_path(demo_url: str, demo_db: Database) -> None:
    french = await ItemsService(demo_db, "cities").read_many(
        fields=["name"], filter={"country": {"name": {"_eq": "France"}}}, sort=["id"], limit=-1
    )
    async with running_studio(demo_url) as (app, pilot):
        g = await open_collection(pilot, app, "cities")
        await pilot.press("f")
        await wait_until(pilot, lambda: isinstance(app.screen, FilterBuilderScreen))
        modal = app.screen
        modal.query_one("#filter-field", Select).value = "country.name"
        await pilot.pause()
        modal.query_one("#filter-operator", Select).value = "_eq"
        await pilot.pause()
        modal.query_one("#filter-value", Input).focus()
        await pilot.press(*"France", "enter")  # adds the rule
        assert [r.to_filter() for r in modal.rules] == [{"country": {"name": {"_eq": "France"}}}]
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        await settle(pilot, app)
        assert g.row_count == len(french) > 1
        assert set(column_texts(g, "country")) == {"France"}
        assert column_texts(g, "name") == [c["name"] for c in french][: len(g.visible_range())]
        summary = str(browser(app).query_one("#browser-filter").content)
        assert "Country → Name equals France" in summary
        assert status(app) == f"Cities  ·  {len(french)} items  ·  1 filter rule"
        await pilot.press("x")
        await settle(pilot, app)
        assert g.row_count == (await ItemsService(demo_db, "cities").count()).value


async def test_a_filter_value_of_the_wrong_type_is_refused_in_the_builder(demo_url: str) -> None:
    async with running_studio(demo_url) as (app, pilot):
        await open_collection(pilot, app, "cities")
        await pilot.press("f")
        await wait_until(pilot, lambda: isinstance(app.screen, FilterBuilderScreen))
        modal = app.screen
        modal.query_one("#filter-field", Select).value = "population"
        await pilot.pause()
        modal.query_one("#filter-operator", Select).value = "_gt"
        modal.query_one("#filter-value", Input).focus()
        await pilot.press(*"many", "enter")
        assert modal.rules == []
        assert "Population" in str(modal.query_one("#filter-error").content)


async def test_archived_items_are_hidden_until_asked_for(demo_url: str, demo_db: Database) -> None:
    service = ItemsService(demo_db, "articles")
    async with demo_db.transaction() as conn:
        await conn.execute(text("UPDATE articles SET status = 'archived' WHERE id = 1"))
    everything = (await service.count()).value
    current = (await service.count({"status": {"_neq": "archived"}})).value
    async with running_studio(demo_url) as (app, pilot):
        g = await open_collection(pilot, app, "articles")
        assert g.row_count == current < everything
        assert 1 not in [(g.row(i) or {}).get("id") for i in g.visible_range()]
        assert "archived hidden" in status(app)
        await pilot.press("v")
        await settle(pilot, app)
        assert g.row_count == everything
        assert (g.row(0) or {}).get("id") == 1
        assert "archived shown" in status(app)


async def test_chosen_columns_and_widths_are_remembered(demo_url: str) -> None:
    async with running_studio(demo_url) as (app, pilot):
        g = await open_collection(pilot, app, "cities")
        assert [c.key for c in g.columns] == ["id", "name", "country", "population"]
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, ColumnPickerScreen))
        picker = app.screen.query_one(SelectionList)
        await pilot.press("space")  # hide the key column
        await pilot.press("down", "down", "shift+up")  # country before name
        assert [picker.get_option_at_index(i).value for i in range(3)] == [
            "id", "country", "name",
        ]  # fmt: skip
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        await settle(pilot, app)
        assert [c.key for c in g.columns] == ["country", "name", "population"]
        assert "Country" in lines(g)[0].split("Name")[0]
        width = g.columns[0].width
        await pilot.press("plus", "plus")
        assert g.columns[0].width == width + 4
    async with running_studio(demo_url) as (app, pilot):
        g = await open_collection(pilot, app, "cities")
        assert [c.key for c in g.columns] == ["country", "name", "population"]
        assert g.columns[0].width == width + 4
        other = await open_collection(pilot, app, "countries")  # per collection
        assert "id" in [c.key for c in other.columns]


async def test_relational_columns_cost_one_query_per_page(demo_db: Database) -> None:
    overview = await demo_db.overview()
    columns = default_columns(overview, "cities")
    fields, deep = read_fields(columns, "id", overview.collection("cities").display_template)
    query = GridQuery(tuple(fields), total_sort(["name"], "id"), deep=deep)
    cache = PageCache(ItemsService(demo_db, "cities"), query)
    await cache.count()
    with counting(demo_db) as statements:
        await cache.load(cache.plan(0))
        await cache.load(cache.plan(1))
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 2  # each page: one SELECT, the country joined (reader's M2O leaf)
    assert all("JOIN countries" in s for s in selects)
    loaded = cache.peek(1)
    assert loaded is not None and len(loaded.rows) == 100
    assert all(isinstance(row["country"], dict) for row in loaded.rows)


async def test_the_row_count_is_an_estimate_on_a_huge_postgresql_table(
    demo_url: str, demo_db: Database, monkeypatch
) -> None:
    """On PostgreSQL past a size (lowered here) the count is the planner's, shown with "~";
    the end key counts exactly. SQLite always counts exactly."""
    monkeypatch.setattr("studio.engine.items.EXACT_COUNT_BELOW", 100)
    exact = (await ItemsService(demo_db, "cities").count()).value
    if demo_db.dialect == "postgresql":
        async with demo_db.transaction() as conn:
            await conn.execute(text("ANALYZE cities"))  # the estimate: every city
            await conn.execute(text("DELETE FROM cities WHERE id > 3000"))
        exact = (await ItemsService(demo_db, "cities").count()).value
    async with running_studio(demo_url) as (app, pilot):
        g = await open_collection(pilot, app, "cities")
        if demo_db.dialect == "postgresql":
            assert not g.count_exact and g.row_count != exact
            assert f"~{g.row_count:,} items" in status(app)
        else:
            assert g.count_exact and g.row_count == exact
        await pilot.press("end")
        await wait_until(pilot, lambda: g.count_exact and g.cursor_row == exact - 1)
        await settle(pilot, app)
        assert f"  {exact:,} items" in status(app)
        assert grid(app).cursor_key is not None


async def test_a_to_many_column_shows_how_many_items_it_holds(
    demo_db: Database, monkeypatch
) -> None:
    """Offered in the column picker (not a default): the count, read with a per-row limit so
    a huge list is never transferred."""
    monkeypatch.setattr("studio.ui.columns.COUNT_LIMIT", 10)
    overview = await demo_db.overview()
    columns = {c.key: c for c in available_columns(overview, "countries")}
    assert columns["cities"].kind == "count" and columns["cities"].sort_path is None
    assert "cities" not in [c.key for c in default_columns(overview, "countries")]
    chosen = [columns["name"], columns["cities"]]
    fields, deep = read_fields(chosen, "id", "{{name}}")
    assert deep == {"cities": {"_limit": 11}}
    service = ItemsService(demo_db, "countries")
    rows = await service.read_many(fields=fields, deep=deep, sort=["id"], limit=2)
    counts = await ItemsService(demo_db, "cities").read_many(
        fields=["id"], filter={"country": {"_eq": rows[0]["id"]}}, limit=-1
    )
    assert len(counts) > 10
    assert columns["cities"].text(rows[0]) == "10+"
    monkeypatch.setattr("studio.ui.columns.COUNT_LIMIT", 100)
    rows = await service.read_many(fields=fields, deep={"cities": {"_limit": 101}}, limit=1)
    assert columns["cities"].text(rows[0]) == str(len(counts))
