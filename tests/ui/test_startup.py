"""Start-up: the first frame before the engine is loaded, progress, and failures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from textual.message import Message

from studio.ui.app import StudioApp, Target
from studio.ui.screens.browser import BrowserScreen
from studio.ui.widgets.collection_nav import CollectionNav
from tests.ui.conftest import running_studio, wait_until


async def test_the_browser_opens_on_the_demo(demo_url: str) -> None:
    async with running_studio(demo_url) as (app, pilot):
        assert isinstance(app.screen, BrowserScreen)
        tree = app.screen.query_one(CollectionNav).query_one("#nav-tree")
        labels = {str(node.label) for node in tree.root.children}
        labels |= {str(c.label) for node in tree.root.children for c in node.children}
        assert {"Cities", "Countries"} <= labels
        assert "Articles Translations" not in labels  # a junction: out of the way
        await pilot.press("h")
        labels = {str(node.label) for node in tree.root.children}
        labels |= {str(c.label) for node in tree.root.children for c in node.children}
        assert "Articles Translations" in labels


async def test_progress_is_shown_for_each_step(demo_url: str) -> None:
    steps: list[str] = []

    def record(message: Message) -> None:
        if isinstance(message, StudioApp.Progress):
            steps.append(message.step)

    app = StudioApp(Target(url=demo_url))
    async with app.run_test(message_hook=record) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen), seconds=30)
    assert steps[0] == "Loading the engine"
    assert steps[1].startswith("Connecting to ")
    assert steps[2].startswith("Reading the schema of ")


async def test_an_unreachable_server_ends_the_app_with_status_2() -> None:
    app = StudioApp(Target(url="postgresql://postgres@127.0.0.1:1/nothing"))
    async with app.run_test() as pilot:
        await wait_until(pilot, lambda: app.failure is not None, seconds=20)
    assert app.return_code == 2
    assert app.failure is not None and app.failure.startswith("Cannot reach PostgreSQL")


def test_the_first_frame_is_painted_before_sqlalchemy_is_imported(demo_file: Path) -> None:
    """`on_ready` runs once the first frame is on screen; the engine must not be loaded yet."""
    script = f"""
import sys
from studio.ui.app import StudioApp, Target
seen = []
class Probe(StudioApp):
    def on_ready(self):
        heavy = ("sqlalchemy", "aiosqlite", "studio.engine")
        seen.append(sorted(m for m in heavy if m in sys.modules))
        super().on_ready()
        self.set_timer(0.05, self.exit)
Probe(Target(url={str(demo_file)!r})).run(headless=True)
print(seen[0])
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]", result.stdout + result.stderr
