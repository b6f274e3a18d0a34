"""The M2A builder as an editor uses it, on a page's sections: new blocks placed where the cursor
is, reorder, edit, remove, add an existing item, duplicate, delete a block's item; the database is
checked after each save, and cancelling and reverting write nothing."""

from __future__ import annotations

from studio.engine import Database
from studio.engine.items import ItemsService
from studio.ui.interfaces.base import TRAIL_SEPARATOR as SEP
from studio.ui.interfaces.m2a import M2AInterface
from studio.ui.screens.browser import BrowserScreen
from studio.ui.screens.collection_choice import CollectionChoiceScreen
from studio.ui.screens.confirm import ConfirmScreen, UnsavedChangesScreen
from studio.ui.screens.item import ItemScreen
from studio.ui.screens.picker import PickerScreen
from studio.ui.widgets.item_grid import ItemGrid
from tests.ui.conftest import running_studio, wait_until
from tests.ui.item.conftest import replace, row, saved, type_text
from tests.ui.relational.m2a_helpers import (
    ABOUT,
    PRICING,
    after_save,
    block_titles,
    choose,
    contents,
    cursor_title,
    fill_and_done,
    go_to,
    hint,
    item_key,
    marks,
    nested,
    open_sections,
    sections,
    summary,
    titles,
    until_settled,
)

SIZE = (100, 40)
FREE = "Headings: Free and open source"
GALLERY = "Galleries: Our office"
BADGE = "Images: Badge"


async def search(pilot, text: str, count: int) -> None:  # type: ignore[no-untyped-def]
    """In the picker on screen, search for `text` and wait for `count` rows."""
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen))
    grid = app.screen.query_one(ItemGrid)
    await wait_until(pilot, lambda: grid.settled)
    await pilot.press("slash", "ctrl+u")
    await type_text(pilot, text)
    await pilot.press("enter")
    await wait_until(pilot, lambda: grid.settled and grid.row_count == count)


async def test_a_page_built_with_keys_is_saved_in_order(demo_url: str, demo_db: Database) -> None:
    """The issue's pilot: two new blocks (a heading and a text) placed after the cursor,
    reordered, an existing block edited, one removed, an existing image added; one save."""
    markup = (await block_titles(demo_db, PRICING))[2]
    before_images = (await contents(demo_db))["images"]
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, blocks = await open_sections(app, pilot, PRICING)
        assert titles(blocks) == [FREE, BADGE, markup]
        assert summary(blocks) == "3 items · / search"

        await pilot.press("f7")  # on the first block: the new one goes right after it
        await wait_until(pilot, lambda: isinstance(app.screen, CollectionChoiceScreen))
        chooser = app.screen
        assert [o.id for o in chooser.query_one("#choice-list").options] == [  # type: ignore[attr-defined]
            "headings",
            "text_bodies",
            "images",
            "galleries",
        ]
        await choose(pilot, 1)
        form = await nested(pilot)
        assert form.heading() == SEP.join(["Pages / Pricing", "Sections", "Headings / New item"])
        await fill_and_done(pilot, screen, title="Plans")
        await until_settled(pilot, blocks)
        assert titles(blocks) == [FREE, "Headings: Plans", BADGE, markup]
        assert cursor_title(blocks) == "Headings: Plans"

        await pilot.press("f7")
        await choose(pilot, 2)
        await fill_and_done(pilot, screen, body="Pay nothing.")
        await until_settled(pilot, blocks)
        assert titles(blocks) == [
            FREE,
            "Headings: Plans",
            "Text Bodies: Pay nothing.",
            BADGE,
            markup,
        ]
        assert marks(blocks) == {"Headings: Plans": "+ new", "Text Bodies: Pay nothing.": "+ new"}

        await pilot.press("shift+up")  # the text above the new heading
        await until_settled(pilot, blocks)
        assert titles(blocks)[1:3] == ["Text Bodies: Pay nothing.", "Headings: Plans"]

        await go_to(pilot, blocks, FREE)
        await pilot.press("enter")
        await fill_and_done(pilot, screen, title="Free forever")
        await until_settled(pilot, blocks)
        assert marks(blocks)["Headings: Free forever"] == "● edited"

        await go_to(pilot, blocks, markup)
        await pilot.press("delete")
        assert marks(blocks)[markup] == "- remove"
        assert "will be removed from Sections (its item stays) when you save" in hint(blocks)

        await go_to(pilot, blocks, BADGE)
        await pilot.press("f6")
        await choose(pilot, 3)
        picker = app.screen
        assert isinstance(picker, PickerScreen) and picker.multiple
        await search(pilot, "Badge", 0)  # already on this page: not offered
        await search(pilot, "Screenshot", 1)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen)
        await until_settled(pilot, blocks)
        assert titles(blocks) == [
            "Headings: Free forever",
            "Text Bodies: Pay nothing.",
            "Headings: Plans",
            BADGE,
            "Images: Screenshot",
            markup,
        ]
        assert marks(blocks)["Images: Screenshot"] == "+ added"
        assert summary(blocks) == "6 items · 2 new, 1 added, 1 edited, 1 to remove · / search"

        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))

    assert await block_titles(demo_db, PRICING) == [
        "Headings: Free forever",
        "Text Bodies: Pay nothing.",
        "Headings: Plans",
        BADGE,
        "Images: Screenshot",
    ]
    rows = await ItemsService(demo_db, "pages_sections").read_many(
        {"fields": ["sort"], "filter": {"pages_id": {"_eq": PRICING}}, "sort": ["sort"]}
    )
    assert [r["sort"] for r in rows] == [1, 2, 3, 4, 5]
    assert await item_key(demo_db, "headings", title="Plans")
    assert await item_key(demo_db, "text_bodies", body="Pay nothing.")
    after = await contents(demo_db)
    assert any(t["body"] == markup.removeprefix("Text Bodies: ") for t in after["text_bodies"])
    assert after["images"] == before_images  # the image was linked, not copied


async def test_cancelling_and_reverting_write_nothing(demo_url: str, demo_db: Database) -> None:
    before = await contents(demo_db)
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, blocks = await open_sections(app, pilot, ABOUT)
        await pilot.press("f7")
        await choose(pilot, 1)
        await fill_and_done(pilot, screen, title="Never saved")
        await pilot.press("down", "delete", "shift+up")
        await until_settled(pilot, blocks)
        assert blocks.staging.has_changes
        await pilot.press("ctrl+r")  # revert: the staged blocks go, the list is read again
        await until_settled(pilot, blocks)
        assert not blocks.staging.has_changes
        assert titles(blocks)[0] == "Headings: Who we are" and len(titles(blocks)) == 5

        await pilot.press("f7")
        await choose(pilot, 2)
        await fill_and_done(pilot, screen, body="Never saved either")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, UnsavedChangesScreen))
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    assert await contents(demo_db) == before


async def test_a_new_form_left_with_escape_stages_nothing(demo_url: str, demo_db: Database) -> None:
    before = await contents(demo_db)
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, blocks = await open_sections(app, pilot, ABOUT)
        await pilot.press("f7")
        await pilot.press("escape")  # the collection question: nothing chosen
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.press("f7")
        await choose(pilot, 1)
        await nested(pilot)
        await pilot.press("escape")  # nothing typed: the form closes without a question
        await wait_until(pilot, lambda: app.screen is screen)
        assert not blocks.staging.has_changes and not screen.dirty
    assert await contents(demo_db) == before


async def test_duplicate_a_block_and_the_copy_is_placed_after_it(
    demo_url: str, demo_db: Database
) -> None:
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, blocks = await open_sections(app, pilot, ABOUT)
        await go_to(pilot, blocks, "Headings: Contact")
        await pilot.press("d")
        await until_settled(pilot, blocks)
        assert titles(blocks)[2:5] == [
            "Headings: Contact",
            "Headings: Contact",
            "Text Bodies: Write to hello@example.com.",
        ]
        assert blocks.window.cursor == 3 and marks(blocks) == {"Headings: Contact": "+ new"}
        await pilot.press("enter")  # the copy's form opens with its values
        form = await nested(pilot)
        assert form.form is not None and form.form.state.values["level"] == 2
        await fill_and_done(pilot, screen, title="Contact us")
        await until_settled(pilot, blocks)
        await pilot.press("f2")
        await saved(pilot, screen)
    assert await block_titles(demo_db, ABOUT) == [
        "Headings: Who we are",
        "Text Bodies: A small team that likes keyboards.",
        "Headings: Contact",
        "Headings: Contact us",
        "Text Bodies: Write to hello@example.com.",
        "Galleries: Our office",
    ]
    copy = await ItemsService(demo_db, "headings").read_many(
        {"fields": ["level"], "filter": {"title": {"_eq": "Contact us"}}}
    )
    assert copy == [{"level": 2}]


async def test_remove_keeps_the_item_and_shift_delete_deletes_it(
    demo_url: str, demo_db: Database
) -> None:
    contact = await item_key(demo_db, "headings", title="Contact")
    team = await item_key(demo_db, "text_bodies", body="A small team that likes keyboards.")
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, blocks = await open_sections(app, pilot, ABOUT)
        await go_to(pilot, blocks, "Headings: Contact")
        await pilot.press("shift+delete")
        await until_settled(pilot, blocks)
        assert marks(blocks)["Headings: Contact"] == "✕ delete item"
        assert "will be removed and this Headings item deleted when you save" in hint(blocks)
        await pilot.press("up", "down")  # the row's own hint, once the message is gone
        assert hint(blocks) == "removed, and this Headings item deleted, when saved · u undoes"
        assert summary(blocks) == "5 items · 1 to delete · / search"
        await pilot.press("u")
        assert "Headings: Contact" not in marks(blocks)
        await pilot.press("shift+delete")
        await until_settled(pilot, blocks)
        await go_to(pilot, blocks, "Text Bodies: A small team that likes keyboards.")
        await pilot.press("delete")
        await pilot.press("f2")
        blocks = await after_save(pilot, screen, blocks)
        assert titles(blocks) == [
            "Headings: Who we are",
            "Text Bodies: Write to hello@example.com.",
            "Galleries: Our office",
        ]
    assert await ItemsService(demo_db, "headings").read_by_keys([contact], ["id"]) == []
    assert await ItemsService(demo_db, "text_bodies").read_by_keys([team], ["id"]) != []


async def test_deleting_an_item_used_elsewhere_asks_first(demo_url: str, demo_db: Database) -> None:
    """The Home page's heading added to Pricing too: deleting it from Pricing would break Home,
    so the builder asks; saying no stages nothing."""
    heading = await item_key(demo_db, "headings", title="A terminal data studio")
    await ItemsService(demo_db, "pages").update_one(
        PRICING, {"sections": {"create": [{"collection": "headings", "item": heading}]}}
    )
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, blocks = await open_sections(app, pilot, PRICING)
        await go_to(pilot, blocks, "Headings: A terminal data studio")
        await pilot.press("shift+delete")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        body = str(app.screen.query_one(".question-body").content)
        assert "used once more in Sections elsewhere" in body
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is screen)
        assert not blocks.staging.has_changes
        await pilot.press("shift+delete")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.press("f2")
        await saved(pilot, screen)
    assert await ItemsService(demo_db, "headings").read_by_keys([heading], ["id"]) == []
    assert (await sections(demo_db, 1))[0] == ("headings", str(heading))  # now broken on Home


async def test_new_blocks_go_at_the_end_of_an_empty_list_and_keys_say_why_not(
    demo_url: str, demo_db: Database
) -> None:
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        app.open_item("pages", None)
        await wait_until(pilot, lambda: getattr(app.screen, "form", None) is not None)
        screen = app.screen
        assert isinstance(screen, ItemScreen) and screen.form is not None
        await replace(pilot, screen, "title", "Jobs")
        blocks = row(screen, "sections").interface
        assert isinstance(blocks, M2AInterface)
        assert screen.form.focus_field("sections")
        await until_settled(pilot, blocks)
        assert titles(blocks) == [] and blocks.child_list.empty == "no blocks yet"
        await pilot.press("f7")
        await choose(pilot, 1)
        await fill_and_done(pilot, screen, title="Join us")
        await pilot.press("f7")
        await choose(pilot, 2)
        await fill_and_done(pilot, screen, body="We hire.")
        await until_settled(pilot, blocks)
        assert titles(blocks) == ["Headings: Join us", "Text Bodies: We hire."]
        await pilot.press("f3")  # a new block has no page yet
        assert "no page until this item is saved" in hint(blocks)
        await pilot.press("shift+delete")
        assert "is not saved yet" in hint(blocks)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    key = await item_key(demo_db, "pages", title="Jobs")
    assert await block_titles(demo_db, key) == ["Headings: Join us", "Text Bodies: We hire."]


async def test_reorder_across_pages_and_undo_a_move(demo_url: str, demo_db: Database) -> None:
    headings = [f"H{n}" for n in range(1, 13)]
    key = await ItemsService(demo_db, "pages").create_one(
        {
            "title": "Long",
            "sections": [{"collection": "headings", "item": {"title": t}} for t in headings],
        }
    )
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, blocks = await open_sections(app, pilot, key)
        assert summary(blocks) == "12 items · page 1 of 2 · / search"
        await pilot.press("end")
        await until_settled(pilot, blocks)
        assert titles(blocks) == ["Headings: H11", "Headings: H12"]
        await pilot.press("m", "1", "enter")  # H12 to the top, on page 1
        await until_settled(pilot, blocks)
        assert blocks.window.cursor == 0 and titles(blocks)[:2] == ["Headings: H12", "Headings: H1"]
        await go_to(pilot, blocks, "Headings: H10")  # on page 2 now
        assert blocks.window.cursor == 10
        await pilot.press("shift+up")  # across to page 1
        await until_settled(pilot, blocks)
        assert blocks.window.cursor == 9 and titles(blocks)[-2:] == [
            "Headings: H8",
            "Headings: H10",
        ]
        await go_to(pilot, blocks, "Headings: H12")
        await pilot.press("u")  # back after the row it followed: last
        await until_settled(pilot, blocks)
        assert "Headings: H12" not in marks(blocks)
        await pilot.press("f2")
        await after_save(pilot, screen, blocks)
    expected = [*headings[:8], "H10", "H9", "H11", "H12"]
    assert await block_titles(demo_db, key) == [f"Headings: {t}" for t in expected]


async def test_allow_duplicates_offers_items_already_on_the_page(
    demo_url: str, demo_db: Database
) -> None:
    from studio.engine.fields import FieldsService

    await FieldsService(demo_db).update(
        "pages", "sections", meta={"options": {"allowDuplicates": True}}
    )
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, blocks = await open_sections(app, pilot, PRICING)
        await go_to(pilot, blocks, BADGE)
        await pilot.press("f6")
        await choose(pilot, 3)
        await search(pilot, "Badge", 1)  # on this page already, offered all the same
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen)
        await until_settled(pilot, blocks)
        assert titles(blocks)[1:3] == [BADGE, BADGE]
        await pilot.press("f2")
        await after_save(pilot, screen, blocks)
    assert (await sections(demo_db, PRICING))[1:3] == [("images", "4"), ("images", "4")]


async def test_search_finds_blocks_by_their_titles(demo_url: str, demo_db: Database) -> None:
    """By a text field of any allowed collection, or by the collection's name; moving is
    off while searching and a new block goes last."""
    async with running_studio(demo_url, size=SIZE) as (app, pilot):
        screen, blocks = await open_sections(app, pilot, ABOUT)

        async def find(text: str) -> None:
            await pilot.press("slash", "ctrl+u")
            await type_text(pilot, text)
            await pilot.press("enter")
            await wait_until(pilot, lambda: blocks.window.search == text.strip())
            await until_settled(pilot, blocks)

        await find("CONT")
        assert titles(blocks) == ["Headings: Contact"]
        assert summary(blocks) == "1 item found"
        await find("hello@")
        assert titles(blocks) == ["Text Bodies: Write to hello@example.com."]
        await find("galler")
        assert titles(blocks) == [GALLERY]
        await pilot.press("shift+up")
        assert "searching" in hint(blocks)
        await pilot.press("f7")
        await choose(pilot, 1)
        await fill_and_done(pilot, screen, title="Gallery below")
        await until_settled(pilot, blocks)
        assert titles(blocks) == [GALLERY, "Headings: Gallery below"]
        await find(" ")
        assert titles(blocks)[-2:] == [GALLERY, "Headings: Gallery below"]
        await pilot.press("f2")
        await after_save(pilot, screen, blocks)
    assert (await block_titles(demo_db, ABOUT))[-2:] == [GALLERY, "Headings: Gallery below"]
