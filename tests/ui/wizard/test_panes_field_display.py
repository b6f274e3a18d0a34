"""The Field and Display panes: flags, note, width, group and label, and a display with its
options, from the keyboard into the draft's metadata and onto the created field."""

from __future__ import annotations

from studio.engine import Database
from studio.engine.collections import CollectionsService
from studio.engine.fields import FieldsService
from studio.ui.wizard.panes.display import DisplayPane
from studio.ui.wizard.panes.field_settings import FieldPane
from tests.ui.wizard.pane_helpers import choose, draft, host, toggle, type_into


async def test_field_settings_reach_the_metadata(db: Database) -> None:
    await CollectionsService(db).create("articles")
    await FieldsService(db).create(
        "articles", "details", "alias", meta={"special": ["alias", "no-data", "group"],
                                               "interface": "group-detail"}
    )  # fmt: skip
    made = draft("articles", "input", "subtitle")
    app = await host(db, FieldPane, made)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_into(pilot, "translations", "Sub-title")
        await toggle(pilot, "required")
        await toggle(pilot, "hidden")
        await type_into(pilot, "note", "Shown under the title")
        await choose(pilot, "width", "half")
        await choose(pilot, "group", "details")
        assert app.pane.store() == {}
    assert made.meta == {
        "required": True, "readonly": False, "hidden": True, "note": "Shown under the title",
        "width": "half", "group": "details",
        "translations": [{"language": "en-US", "translation": "Sub-title"}],
    }  # fmt: skip
    await made.call().apply(db)
    field = (await db.overview()).field("articles", "subtitle")
    assert field.required and field.hidden and not field.readonly
    assert (field.note, field.width, field.group) == ("Shown under the title", "half", "details")


async def test_a_display_and_its_options(db: Database) -> None:
    await CollectionsService(db).create("articles")
    made = draft("articles", "boolean", "featured")
    app = await host(db, DisplayPane, made)
    async with app.run_test(size=(80, 24)) as pilot:
        assert not app.query("#in-option-labelOn")
        await choose(pilot, "display", "boolean")
        await pilot.pause()
        await type_into(pilot, "option-labelOn", "Featured")
        await type_into(pilot, "option-labelOff", "Regular")
        assert app.pane.store() == {}
        assert made.meta == {
            "display": "boolean",
            "display_options": {"labelOn": "Featured", "labelOff": "Regular"},
        }
        await choose(pilot, "display", "raw")
        await pilot.pause()
        assert not app.query("#in-option-labelOn")  # raw has no options
        assert app.pane.store() == {}
        assert made.meta == {"display": "raw", "display_options": None}
        await choose(pilot, "display", "formatted-value")
        await pilot.pause()
        await type_into(pilot, "option-suffix", "kg")
        assert app.pane.store() == {}
    await made.call().apply(db)
    field = (await db.overview()).field("articles", "featured")
    assert field.display == "formatted-value"
    assert dict(field.display_options or {}) == {"suffix": "kg"}
