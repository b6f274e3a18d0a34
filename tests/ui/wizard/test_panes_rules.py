"""The Validation and Conditions panes: rules entered as the filter builder's (field, operator,
value), stored as Directus's filter JSON in the field's metadata, read back into the panes, and
enforced by the item form once the field exists."""

from __future__ import annotations

from studio.engine import Database
from studio.engine.collections import CollectionsService
from studio.engine.fields import FieldsService
from studio.ui.form.state import FormState
from studio.ui.wizard.existing import draft_for_field
from studio.ui.wizard.panes.conditions import ConditionsPane
from studio.ui.wizard.panes.validation import ValidationPane
from tests.ui.wizard.pane_helpers import choose, draft, host, message, toggle, type_into

SLUG_RULE = {"slug": {"_regex": "^[a-z-]+$"}}
HIDE_WHEN_DRAFT = {"name": "Draft", "rule": {"status": {"_eq": "draft"}}, "hidden": True}


async def test_validation_and_conditions_round_trip_and_are_enforced(db: Database) -> None:
    await CollectionsService(db).create("articles")
    await FieldsService(db).create("articles", "status", "string")
    made = draft("articles", "input", "slug")
    app = await host(db, ValidationPane, made)
    async with app.run_test(size=(80, 24)) as pilot:
        await choose(pilot, "#rule-field", "slug")  # this field, before it exists
        await choose(pilot, "#rule-operator", "_regex")
        await type_into(pilot, "#rule-value", "^[a-z-")
        await pilot.press("enter")
        assert "Not a pattern" in str(app.query_one("#rule-error").render())
        await type_into(pilot, "#rule-value", "^[a-z-]+$")
        await pilot.press("enter")
        await type_into(pilot, "validation_message", "Lowercase letters and hyphens")
        assert app.pane.store() == {}
    assert made.meta["validation"] == SLUG_RULE
    assert made.meta["validation_message"] == "Lowercase letters and hyphens"

    app = await host(db, ConditionsPane, made)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_into(pilot, "condition_name", "Draft")
        assert set(app.pane.store()) == {"conditions"}  # named, but no rule yet
        await pilot.pause()
        assert "Add the rule" in message(app, "conditions")
        await choose(pilot, "#rule-field", "status")
        await choose(pilot, "#rule-operator", "_eq")
        await type_into(pilot, "#rule-value", "draft")
        await toggle(pilot, "condition_hidden")
        assert app.pane.store() == {}  # the condition being edited is saved first
    assert made.meta["conditions"] == [HIDE_WHEN_DRAFT]

    await made.call().apply(db)
    overview = await db.overview()
    info = overview.collection("articles")
    state = FormState(info, info.fields.values(), {}, creating=True)
    state.set("slug", "Not A Slug")
    assert state.check()["slug"] == "Lowercase letters and hyphens"
    state.set("slug", "a-slug")
    assert "slug" not in state.check()
    state.set("status", "draft")
    assert state.state("slug").hidden
    state.set("status", "published")
    assert not state.state("slug").hidden

    edited = draft_for_field(overview, "articles", "slug")
    app = await host(db, ConditionsPane, edited)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.pane.conditions == [HIDE_WHEN_DRAFT]
        app.query_one("#conditions").focus()
        await pilot.press("home", "enter")  # open the condition
        assert app.pane.read("condition_name") == "Draft"
        await toggle(pilot, "condition_required")
        app.query_one("#condition-save").focus()
        await pilot.press("enter")
        assert app.pane.store() == {}
    assert edited.meta["conditions"] == [{**HIDE_WHEN_DRAFT, "required": True}]
    app = await host(db, ValidationPane, edited)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = app.query_one("#validation-rule")
        assert editor.value() == SLUG_RULE  # shown as a rule, stored unchanged
        assert app.pane.store() == {}
    assert edited.meta["validation"] == SLUG_RULE
