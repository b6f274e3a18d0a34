"""The keys an admin presses to build a schema step: a collection from the data model's list,
a field from a collection's fields through the wizard (advanced mode for the relationship
options a step sets)."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input, SelectionList, TabbedContent

from studio.ui.screens.collection_create import CollectionCreateScreen
from studio.ui.screens.collection_fields import CollectionFieldsScreen
from studio.ui.screens.data_model import DataModelScreen
from studio.ui.screens.field_wizard import FieldWizardScreen
from studio.ui.wizard.panes.relationship import RelationshipPane, field_list_text
from tests.ui.conftest import wait_until
from tests.ui.data_model.conftest import preview, row_keys, select_row
from tests.ui.pilot.guide_steps import Step
from tests.ui.wizard.conftest import choose_kind, create, to_preview, type_into


async def create_collection(pilot: Pilot, model: DataModelScreen, key: str) -> None:
    await pilot.press("n")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, CollectionCreateScreen))
    await type_into(pilot, "#create-key", key)
    await pilot.press("ctrl+s")
    await preview(pilot)
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: pilot.app.screen is model and key in row_keys(model))


async def add_field(pilot: Pilot, model: DataModelScreen, step: Step) -> None:
    app = pilot.app
    await select_row(pilot, model, step.collection)
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, CollectionFieldsScreen))
    fields = app.screen
    await pilot.press("n")
    await wait_until(pilot, lambda: isinstance(app.screen, FieldWizardScreen))
    wizard = app.screen
    assert isinstance(wizard, FieldWizardScreen)
    await pilot.pause()
    await choose_kind(pilot, wizard, step.kind)
    await type_into(pilot, "#key-input", step.key)
    if step.kind == "m2a":
        allowed = wizard.query_one("#allowed-list", SelectionList)
        allowed.focus()
        wanted = step.related.split(",")
        for index in range(allowed.option_count):
            allowed.highlighted = index
            if allowed.get_option_at_index(index).value in wanted:
                await pilot.press("space")
    elif step.related:
        await type_into(pilot, "#related-input", step.related)
    if step.options:
        await pilot.press("ctrl+a")
        await wait_until(pilot, lambda: wizard.advanced and bool(wizard.tabs))
        await _fill_relationship(pilot, wizard, step)
    await to_preview(pilot, wizard)
    assert wizard.change is not None, wizard.query_one("#wizard-message").render()
    assert not wizard.change.problems
    await create(pilot, wizard)
    assert app.screen is fields
    await pilot.press("escape")
    await wait_until(pilot, lambda: app.screen is model)


async def _fill_relationship(pilot: Pilot, wizard: FieldWizardScreen, step: Step) -> None:
    """The Relationship tab: each option typed into its input, as the admin reads it there."""
    index = next(i for i, pane in enumerate(wizard.tabs) if isinstance(pane, RelationshipPane))
    wizard.query_one("#advanced-tabs", TabbedContent).active = f"tab-{index}"
    await pilot.pause()
    for name, value in step.options.items():
        text = field_list_text(value) if isinstance(value, list) else str(value)
        box = wizard.tabs[index].query_one(f"#in-{name}", Input)
        box.focus()
        await pilot.pause()
        await pilot.press("end", "ctrl+u", *[("space" if c == " " else c) for c in text])
