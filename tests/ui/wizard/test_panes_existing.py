"""Editing an existing field with the same panes: the current values shown, what can no longer
change locked with its reason, and one `update` that changes only what was changed."""

from __future__ import annotations

from studio.engine import Database
from studio.engine.collections import CollectionsService
from studio.engine.fields import FieldsService
from studio.ui.wizard.existing import KEY_REASON, RELATION_REASON, draft_for_field, locked_reason
from studio.ui.wizard.panes.field_settings import FieldPane
from studio.ui.wizard.panes.relationship import RelationshipPane
from studio.ui.wizard.panes.schema import SchemaPane
from tests.ui.wizard.pane_helpers import host, toggle, type_into


async def test_a_standard_field_changes_only_what_is_allowed(db: Database) -> None:
    await CollectionsService(db).create("books")
    fields = FieldsService(db)
    await fields.create(
        "books", "title", "string", schema={"length": 120}, meta={"note": "As printed"}
    )
    made = draft_for_field(await db.overview(), "books", "title")
    assert (made.editing, made.kind.id, made.type) == ("title", "input", "string")
    assert made.meta["note"] == "As printed" and made.schema == {}
    assert locked_reason(made, "field") == KEY_REASON
    app = await host(db, SchemaPane, made)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.pane
        assert app.query_one("#in-type").disabled and app.query_one("#in-length").disabled
        assert "Change type" in str(app.query_one("#note-type").render())
        assert pane.read("length") == "120"
        await type_into(pilot, "default", "Untitled")
        await toggle(pilot, "unique")
        assert pane.store() == {}
    assert made.schema == {"default": "Untitled", "unique": True}  # only what changed
    app = await host(db, FieldPane, made)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.pane.read("note") == "As printed"
        await toggle(pilot, "required")
        assert app.pane.store() == {}
    call = made.call()
    assert (call.method, call.args) == ("update", ("books", "title"))
    assert not (await call.preview(db)).problems
    await call.apply(db)
    field = (await db.overview()).field("books", "title")
    assert (field.type, field.max_length, field.default_value) == ("string", 120, "Untitled")
    assert field.is_unique and field.required and field.note == "As printed"


async def test_a_relationship_is_shown_locked(db: Database) -> None:
    for key in ("cities", "countries"):
        await CollectionsService(db).create(key)
    await FieldsService(db).create_m2o(
        "cities", "country", "countries", on_delete="CASCADE", corresponding_field="cities"
    )
    made = draft_for_field(await db.overview(), "cities", "country")
    assert (made.kind.id, made.related) == ("m2o", "countries")
    assert made.relation == {
        "nullable": True, "on_delete": "CASCADE", "corresponding_field": "cities"
    }  # fmt: skip
    app = await host(db, RelationshipPane, made)
    async with app.run_test(size=(80, 24)):
        pane = app.pane
        assert pane.read("on_delete") == "CASCADE" and pane.read("corresponding_field") == "cities"
        for name in ("on_delete", "nullable", "corresponding_field"):
            assert app.query_one(f"#in-{name}").disabled
        assert str(app.query_one("#note-on_delete").render()) == RELATION_REASON
        assert pane.store() == {}
    call = made.call()
    assert call.method == "update" and "on_delete" not in str(call.kwargs)
    await call.apply(db)
    assert (await db.overview()).field("cities", "country").foreign_key.on_delete == "CASCADE"
