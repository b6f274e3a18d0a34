"""Start-up: the first frame, progress, and the browser on the demo database."""

from __future__ import annotations

from studio.ui.screens.browser import BrowserScreen
from studio.ui.widgets.collection_nav import CollectionNav
from tests.ui.conftest import running_studio


async def test_the_browser_opens_on_the_demo(demo_url: str) -> None:
    async with running_studio(demo_url) as (app, pilot):
        assert isinstance(app.screen, BrowserScreen)
        nav = app.screen.query_one(CollectionNav)
        tree = nav.query_one("#nav-tree")
        labels = [str(node.label) for node in tree.root.children]
        assert "Cities" in labels and "Countries" in labels
        assert "Articles Translations" not in labels  # a junction: out of the way
        await pilot.press("h")
        labels = [str(node.label) for node in tree.root.children]
        assert "Articles Translations" in labels
