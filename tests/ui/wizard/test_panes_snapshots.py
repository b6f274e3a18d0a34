"""Pictures of the advanced panes, each in a tiny host (the pane over a scrolling area, as its
tab shows it) over the demo database's schema, at 80x24 and 120x40. A baseline is updated only
after looking at the picture."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from studio.engine import Database
from studio.engine.schema import SchemaOverview
from studio.ui.wizard.draft import FieldDraft
from studio.ui.wizard.pane import DraftPane
from studio.ui.wizard.panes.conditions import ConditionsPane
from studio.ui.wizard.panes.display import DisplayPane
from studio.ui.wizard.panes.field_settings import FieldPane
from studio.ui.wizard.panes.relationship import RelationshipPane
from studio.ui.wizard.panes.schema import SchemaPane
from studio.ui.wizard.panes.validation import ValidationPane
from tests.ui.snapshots import no_blink
from tests.ui.wizard.pane_helpers import PaneHost, draft

SIZES = [(80, 24), (120, 40)]
SIZE_IDS = [f"{w}x{h}" for w, h in SIZES]


@pytest.fixture(scope="module")
def demo_overview(demo_file: Path) -> SchemaOverview:
    async def read() -> SchemaOverview:
        db = await Database.open(str(demo_file))
        try:
            return await db.overview()
        finally:
            await db.close()

    return asyncio.run(read())


def drafts() -> dict[str, tuple[type[DraftPane], Callable[[], FieldDraft]]]:
    return {
        "schema": (SchemaPane, lambda: draft("articles", "input", "price", type="decimal")),
        "relationship": (
            RelationshipPane,
            lambda: draft("recipes", "m2m", "allergens", related="allergens"),
        ),
        "field": (FieldPane, lambda: draft("articles", "input", "subtitle")),
        "display": (
            DisplayPane,
            lambda: draft(
                "articles", "boolean", "featured",
                meta={"display": "boolean", "display_options": {"labelOn": "Featured"}},
            ),
        ),
        "validation": (
            ValidationPane,
            lambda: draft(
                "articles", "input", "code",
                meta={"validation": {"code": {"_regex": "^[A-Z]{3}$"}},
                      "validation_message": "Three capital letters."},
            ),
        ),
        "conditions": (
            ConditionsPane,
            lambda: draft(
                "articles", "input", "code",
                meta={"conditions": [{"name": "Archived", "rule": {"status": {"_eq": "archived"}},
                                      "readonly": True}]},
            ),
        ),
    }  # fmt: skip


async def _still(pilot: Pilot) -> None:
    await pilot.pause()
    no_blink(pilot)
    pilot.app.set_focus(None)
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("pane", list(drafts()))
def test_pane(snap_compare: Any, demo_overview: SchemaOverview, pane: str, size: Any) -> None:
    kind, made = drafts()[pane]
    app = PaneHost(kind, made(), demo_overview)
    assert snap_compare(app, terminal_size=size, run_before=_still)
