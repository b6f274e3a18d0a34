"""The M2A builder with blocks that go wrong or go deep: broken rows (a collection no longer
allowed, an item deleted elsewhere), a block refused by the nested form and by the engine (the
page's save then writes nothing and names the block), a gallery block edited with its own
many-to-many in the page's one transaction, and a builder inside a nested form re-opened with its
staged edits."""

from __future__ import annotations

from sqlalchemy import text

from studio.engine import Database
from studio.engine.items import ItemsService
from studio.ui.interfaces.base import TRAIL_SEPARATOR as SEP
from studio.ui.interfaces.m2a import M2AInterface
from studio.ui.interfaces.m2m import M2MInterface
from studio.ui.screens.browser import BrowserScreen
from studio.ui.screens.confirm import UnsavedChangesScreen
from studio.ui.screens.nested_item import NestedItemScreen, Staged
from tests.ui.conftest import running_studio, wait_until
from tests.ui.item.conftest import replace, row
from tests.ui.relational.m2a_helpers import (
    ABOUT,
    after_save,
    block_titles,
    choose,
    contents,
    cursor_title,
    fill_and_done,
    go_to,
    hint,
    item_key,
    kinds,
    marks,
    nested,
    open_sections,
    sections,
    titles,
    until_settled,
)
from tests.ui.relational.o2m_helpers import settled

SIZE = (100, 40)
GALLERY = "Galleries: Our office"


async def test_broken_rows_are_named_explained_and_removable(
    demo_url: str, demo_db: Database
) -> None:
    contact = await item_key(demo_db, "headings", title="Contact")
    link = await item_key(demo_db, "pages_sections", collection="headings", item=str(contact))
    await ItemsService(demo_db, "pages_sections").update_one(link, {"collection": "quotes"})
    gone = await item_key(demo_db, "text_bodies", body="Write to hello@example.com.")
    await ItemsService(demo_db, "text_bodies").delete_one(gone)
    not_allowed = "quotes: collection not allowed"
    missing = f"Text Bodies: item {gone} no longer exists"
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, blocks = await open_sections(app, pilot, ABOUT)
        assert titles(blocks) == [
            "Headings: Who we are",
            "Text Bodies: A small team that likes keyboards.",
            not_allowed,
            missing,
            GALLERY,
        ]
        assert "broken" in kinds(blocks, not_allowed) and "broken" in kinds(blocks, missing)
        assert "broken" not in kinds(blocks, GALLERY)

        await go_to(pilot, blocks, not_allowed)
        assert "is not allowed in Sections any more" in hint(blocks)
        for key in ("enter", "f3", "d", "shift+delete"):
            await pilot.press(key)
            assert app.screen is screen, key  # nothing opens
            assert "not allowed in Sections any more. Delete removes the block." in hint(blocks)
        await pilot.press("delete")
        assert marks(blocks)[not_allowed] == "- remove"

        await go_to(pilot, blocks, missing)
        await pilot.press("enter")
        assert (
            hint(blocks)
            == f"{missing}: deleted elsewhere. Delete removes this block from Sections."
        )
        await pilot.press("shift+delete")
        assert "Its item is gone already" in hint(blocks)
        await pilot.press("delete")
        await pilot.press("f2")
        blocks = await after_save(pilot, screen, blocks)
        assert titles(blocks) == [
            "Headings: Who we are",
            "Text Bodies: A small team that likes keyboards.",
            GALLERY,
        ]
    assert await sections(demo_db, ABOUT) == [
        ("headings", "2"),
        ("text_bodies", "3"),
        ("galleries", "1"),
    ]
    assert await ItemsService(demo_db, "headings").read_by_keys([contact], ["id"]) != []


async def test_a_block_refused_by_its_form_then_by_the_engine_writes_nothing(
    demo_url: str, demo_db: Database
) -> None:
    """The nested form refuses a heading level of 9 at Done. A heading stored with level 9
    before the rule existed, duplicated (which copies values without a form), reaches the
    engine: the page's save (page title, an edited gallery with a new image, the copy) writes
    nothing, and the message under Sections names the copy by its place."""
    async with demo_db.transaction() as conn:
        await conn.execute(text("UPDATE headings SET level = 9 WHERE title = 'Contact'"))
    before = await contents(demo_db)
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, blocks = await open_sections(app, pilot, ABOUT)
        await pilot.press("f7")
        await choose(pilot, 1)
        form = await nested(pilot)
        await replace(pilot, form, "title", "Too deep")
        await replace(pilot, form, "level", "9")
        await pilot.press("ctrl+s")
        await pilot.pause(0.1)
        assert app.screen is form
        assert row(form, "level").message == "A heading level is 1 to 6."
        await replace(pilot, form, "level", "3")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen)
        await until_settled(pilot, blocks)
        assert cursor_title(blocks) == "Headings: Too deep"

        await go_to(pilot, blocks, GALLERY)
        await pilot.press("enter")
        gallery = await nested(pilot)
        images = row(gallery, "images").interface
        assert isinstance(images, M2MInterface)
        assert gallery.form is not None and gallery.form.focus_field("images")
        await wait_until(pilot, lambda: settled(images))
        await pilot.press("f7")
        await fill_and_done(pilot, gallery, title="Roof")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen)

        await go_to(pilot, blocks, "Headings: Contact")
        await pilot.press("d")
        await until_settled(pilot, blocks)
        await replace(pilot, screen, "title", "About us")
        assert screen.form is not None and screen.form.focus_field("sections")
        await pilot.press("f2")
        await wait_until(pilot, lambda: not screen._busy)
        message = row(screen, "sections").message
        assert message == "Sections, item 5 (Headings: Contact): A heading level is 1 to 6."
        assert cursor_title(blocks) == "Headings: Contact" and blocks.window.cursor == 4
        assert marks(blocks)["Headings: Contact"].startswith("! not saved")
        assert screen.dirty  # everything is still staged
    assert await contents(demo_db) == before


async def test_a_gallery_block_and_its_images_are_saved_with_the_page(
    demo_url: str, demo_db: Database
) -> None:
    """Three levels (page, gallery, image), each with its breadcrumb and its guard; the
    page's one save writes the page, the gallery and its new image link together."""
    before = await block_titles(demo_db, ABOUT)
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, blocks = await open_sections(app, pilot, ABOUT)
        await go_to(pilot, blocks, GALLERY)
        await pilot.press("enter")
        gallery = await nested(pilot)
        assert gallery.heading() == SEP.join(
            ["Pages / About", "Sections", "Galleries / Our office"]
        )
        await replace(pilot, gallery, "title", "Our new office")
        images = row(gallery, "images").interface
        assert isinstance(images, M2MInterface)
        assert gallery.form is not None and gallery.form.focus_field("images")
        await wait_until(pilot, lambda: settled(images))
        await pilot.press("f7")
        image = await nested(pilot)
        assert image.heading() == SEP.join(
            ["Pages / About", "Sections", "Galleries / Our office", "Images / New item"]
        )
        await replace(pilot, image, "title", "Roof")
        await pilot.press("escape")  # the guard of the third level: stay
        await wait_until(pilot, lambda: isinstance(app.screen, UnsavedChangesScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is image)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is gallery)
        await pilot.press("escape")  # the gallery's guard: keep
        await wait_until(pilot, lambda: isinstance(app.screen, UnsavedChangesScreen))
        await pilot.press("s")
        await wait_until(pilot, lambda: app.screen is screen)
        await until_settled(pilot, blocks)
        assert marks(blocks) == {"Galleries: Our new office": "● edited"}
        staged = blocks.staging.change_set()
        assert staged is not None and staged["update"][0]["item"]["images"]["create"]

        await pilot.press("enter")  # re-opened with its staged edits, the image still staged
        gallery = await nested(pilot)
        assert row(gallery, "title").interface.value == "Our new office"
        images = row(gallery, "images").interface
        assert isinstance(images, M2MInterface)
        await wait_until(pilot, lambda: settled(images))
        assert [line.title for line in images.child_list.lines][-1] == "Roof"
        await pilot.press("escape")  # nothing new: no question
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    assert await block_titles(demo_db, ABOUT) == [*before[:-1], "Galleries: Our new office"]
    office = await ItemsService(demo_db, "galleries").read_one(
        1, ["title", "images.sort", "images.images_id.title"]
    )
    assert [i["images_id"]["title"] for i in office["images"]] == ["Desks", "Kitchen", "Roof"]


async def test_a_builder_in_a_nested_form_comes_back_with_its_staged_blocks(
    demo_url: str, demo_db: Database
) -> None:
    """A nested form holding a builder re-opens with the change-set it staged: every kind of
    row is staged again, named and marked, and Done hands the same edits back."""
    before = await contents(demo_db)
    team = await item_key(demo_db, "pages_sections", collection="text_bodies", item="3")
    contact = await item_key(demo_db, "pages_sections", collection="headings", item="3")
    office = await item_key(demo_db, "pages_sections", collection="galleries", item="1")
    staged = {
        "create": [
            {"collection": "headings", "item": {"title": "Restored"}, "sort": 2},
            {"collection": "images", "item": 1},
        ],
        "update": [{"id": office, "collection": "galleries", "item": {"id": 1, "title": "Hall"}}],
        "delete": [team],
        "delete_items": [contact],
    }
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        done: list[Staged | None] = []
        form = NestedItemScreen("pages", ABOUT, trail="Test", staged={"sections": staged})
        app.push_screen(form, done.append)
        await nested(pilot)
        blocks = row(form, "sections").interface
        assert isinstance(blocks, M2AInterface)
        assert form.form is not None and form.form.focus_field("sections")
        await until_settled(pilot, blocks)
        assert titles(blocks) == [
            "Headings: Who we are",
            "Text Bodies: A small team that likes keyboards.",
            "Headings: Restored",
            "Headings: Contact",
            "Text Bodies: Write to hello@example.com.",
            "Galleries: Hall",
            "Images: Screenshot",
        ]
        assert marks(blocks) == {
            "Text Bodies: A small team that likes keyboards.": "- remove",
            "Headings: Restored": "+ new",
            "Headings: Contact": "✕ delete item",
            "Galleries: Hall": "● edited",
            "Images: Screenshot": "+ added",
        }
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: bool(done))
    result = done[0]
    assert result is not None
    sent = result.values["sections"]
    assert sent["delete"] == [team] and sent["delete_items"] == [contact]
    assert sent["update"] == staged["update"]
    assert [c["item"] for c in sent["create"]] == [{"title": "Restored"}, 1]
    assert await contents(demo_db) == before
