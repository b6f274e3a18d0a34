"""The Schema pane: type, size, default, flags from the keyboard into the draft, and the column
the draft's call then creates; a default that does not fit the type is named next to it."""

from __future__ import annotations

from decimal import Decimal

from studio.engine import Database
from studio.engine.collections import CollectionsService
from studio.ui.wizard.panes.schema import SchemaPane
from tests.ui.wizard.pane_helpers import choose, draft, host, message, toggle, type_into


async def test_a_decimal_with_precision_default_and_index(db: Database) -> None:
    await CollectionsService(db).create("products")
    made = draft("products", "input", "price")
    app = await host(db, SchemaPane, made)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.query_one("#row-length").display  # a string's length, the first type
        await choose(pilot, "type", "decimal")
        assert not app.query_one("#row-length").display
        assert app.query_one("#row-precision").display
        await type_into(pilot, "precision", "8")
        await type_into(pilot, "scale", "2")
        await type_into(pilot, "default", "12.50")
        await toggle(pilot, "nullable")
        await toggle(pilot, "indexed")
        assert app.pane.store() == {}
    assert made.type == "decimal"
    assert made.schema == {
        "precision": 8, "scale": 2, "default": "12.50", "nullable": False, "indexed": True
    }  # fmt: skip
    preview = await made.call().preview(db)
    assert not preview.problems
    await made.call().apply(db)
    field = (await db.overview()).field("products", "price")
    assert (field.type, field.numeric_precision, field.numeric_scale) == ("decimal", 8, 2)
    assert not field.nullable and field.is_indexed
    assert Decimal(str(field.default_value)) == Decimal("12.50")


async def test_a_default_that_does_not_fit_the_type_is_named_next_to_it(db: Database) -> None:
    await CollectionsService(db).create("products")
    made = draft("products", "input", "stock")
    app = await host(db, SchemaPane, made)
    async with app.run_test(size=(80, 24)) as pilot:
        await choose(pilot, "type", "integer")
        await type_into(pilot, "default", "a dozen")
        problems = app.pane.store()
        await pilot.pause()
        assert set(problems) == {"default"}
        assert "integer" in message(app, "default")
        assert made.schema == {} and made.type == "string"  # nothing stored
        await type_into(pilot, "default", "12")
        assert app.pane.store() == {}
        await pilot.pause()
        assert message(app, "default") == ""
    assert made.schema == {"default": 12}
    await made.call().apply(db)
    assert (await db.overview()).field("products", "stock").default_value == 12
