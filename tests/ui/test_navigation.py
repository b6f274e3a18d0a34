"""The navigation list: folders in order, singletons straight to their item, and collections
that cannot be edited shown with the reason."""

from __future__ import annotations

from sqlalchemy import text
from textual.widgets import Static

from studio.engine import Database
from studio.ui.screens.item import ItemScreen
from studio.ui.widgets.collection_nav import CollectionNav
from tests.ui.conftest import running_studio, wait_until


def shown(nav: CollectionNav) -> list[str]:
    tree = nav.query_one("#nav-tree")
    names: list[str] = []
    for node in tree.root.children:
        names.append(str(node.label))
        names.extend(f"  {child.label}" for child in node.children)
    return names


async def test_folders_in_order_and_the_singleton_opens_its_item(demo_url: str) -> None:
    async with running_studio(demo_url, size=(80, 24)) as (app, pilot):
        nav = app.screen.query_one(CollectionNav)
        assert shown(nav) == [
            "Content", "  Articles", "  Pages",
            "Places", "  Countries", "  Cities", "  Languages",
            "Kitchen", "  Recipes", "  Ingredients",
            "Blocks", "  Headings", "  Text Bodies", "  Images", "  Galleries",
            "Settings ◆",
        ]  # fmt: skip
        nav.highlight("settings")
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: isinstance(app.screen, ItemScreen) and app.screen.form is not None
        )
        assert app.screen.collection == "settings"  # type: ignore[attr-defined]


async def test_a_table_that_cannot_be_edited_is_listed_with_its_reason(
    demo_url: str, demo_db: Database
) -> None:
    async with demo_db.transaction() as conn:
        await conn.execute(text("CREATE TABLE audit_log (line TEXT)"))
    async with running_studio(demo_url) as (app, pilot):
        nav = app.screen.query_one(CollectionNav)
        assert "Audit Log (read-only)" in shown(nav)
        nav.highlight("audit_log")
        await pilot.pause()
        note = str(nav.query_one("#nav-note", Static).content)
        assert "Read-only:" in note and "primary key" in note
