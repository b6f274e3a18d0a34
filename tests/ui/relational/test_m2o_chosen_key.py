"""A related item whose key the editor types (a language's code): created from the M2O field in a
nested form, it is "new" until the parent is saved, and the save creates it with that key."""

from __future__ import annotations

from studio.engine import Database
from studio.engine.fields import FieldsService
from studio.engine.items import ItemsService
from studio.ui.screens.browser import BrowserScreen
from tests.ui.conftest import running_studio, wait_until
from tests.ui.item.conftest import focus, open_item, replace
from tests.ui.relational.test_m2o import back_on, m2o, nested, shows


async def test_a_new_language_with_its_code_is_created_with_the_translation(
    demo_url: str, demo_db: Database
) -> None:
    # (The junction's language field is hidden in the demo, as Directus hides it: shown here.)
    await FieldsService(demo_db).update("articles_translations", "languages_code",
                                        meta={"hidden": False})  # fmt: skip
    translations = ItemsService(demo_db, "articles_translations")
    key = (await translations.read_many(fields=["id"], sort=["id"], limit=1))[0]["id"]
    languages_before = (await ItemsService(demo_db, "languages").count()).value
    async with running_studio(demo_url) as (app, pilot):
        screen = await open_item(app, pilot, "articles_translations", key)
        await focus(pilot, screen, "languages_code")
        language = m2o(screen, "languages_code")
        await pilot.press("f7")
        form = await nested(app, pilot)
        await replace(pilot, form, "code", "nl-NL")
        await replace(pilot, form, "name", "Dutch")
        await pilot.press("ctrl+s")
        await back_on(app, pilot, screen)
        await shows(pilot, language, "Dutch (new)")  # not "nl-NL (missing in Languages)"
        await pilot.press("f3")  # it does not exist yet
        assert "not created yet" in str(language.query_one(".m2o-message").content)
        assert (await ItemsService(demo_db, "languages").count()).value == languages_before
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    stored = await translations.read_one(key, ["languages_code.code", "languages_code.name"])
    assert stored["languages_code"] == {"code": "nl-NL", "name": "Dutch"}
    assert (await ItemsService(demo_db, "languages").count()).value == languages_before + 1
