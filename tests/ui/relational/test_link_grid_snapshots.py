"""Pictures (pytest-textual-snapshot) of the M2M grid and the bulk-set dialog at 80x24 and
120x40, in the small owner apps of their own tests: four links (one selected, one refused with
its message under it, one staged new, one edited), and the dialog refusing a level out of its
rule. Update a baseline only after looking at it."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets._footer import FooterKey

from studio.engine import Database
from studio.engine.schema import FieldInfo
from studio.ui.o2m_staging import NewId
from studio.ui.widgets.link_grid import GridRow
from tests.ui.conftest import wait_until
from tests.ui.relational.test_bulk_set import BulkOwner, dialog, pick
from tests.ui.relational.test_link_grid import GridOwner, ready
from tests.ui.snapshots import no_blink

SIZES = [(80, 24), (120, 40)]
REFUSED = {"quantity": "quantity is required."}


@pytest.fixture(scope="module")
def demo_fields(demo_file: Path) -> dict[str, FieldInfo]:
    async def read() -> dict[str, FieldInfo]:
        db = await Database.open(str(demo_file))
        try:
            overview = await db.overview()
        finally:
            await db.close()
        return {
            "quantity": overview.collection("recipes_ingredients").fields["quantity"],
            "level": overview.collection("headings").fields["level"],
        }

    return asyncio.run(read())


def four_links() -> list[GridRow]:
    return [
        GridRow(11, 1, "Spaghetti", {"quantity": "400 g"}),
        GridRow(12, 2, "Guanciale", {"quantity": ""}, "● edited", ("edited",), REFUSED),
        GridRow(13, 3, "Pecorino Romano, finely grated", {"quantity": "100 g"}),
        GridRow(NewId(1), 4, "Black pepper", {"quantity": "to taste"}, "+ new", ("new",)),
    ]


async def grid_at_rest(pilot: Pilot) -> None:
    await ready(pilot)
    await wait_until(pilot, lambda: len(pilot.app.query(FooterKey)) >= 7)  # the grid's keys
    await pilot.pause(0.1)
    no_blink(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_link_grid(snap_compare, demo_fields: dict[str, FieldInfo], size: tuple[int, int]):
    quantity = replace(demo_fields["quantity"], required=True)
    app = GridOwner([quantity], four_links(), selected=[13])
    assert snap_compare(app, terminal_size=size, run_before=grid_at_rest)


async def refused_level(pilot: Pilot) -> None:
    screen = await dialog(pilot)
    await pick(pilot, screen, "level")
    await pilot.press("9", "enter")
    await wait_until(pilot, lambda: screen.message != "")
    no_blink(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_bulk_set(snap_compare, demo_fields: dict[str, FieldInfo], size: tuple[int, int]):
    app = BulkOwner([demo_fields["quantity"], demo_fields["level"]], count=2)
    assert snap_compare(app, terminal_size=size, run_before=refused_level)
