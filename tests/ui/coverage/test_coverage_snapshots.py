"""Pictures of the translation coverage matrix (pytest-textual-snapshot): the articles by their
eight languages at 80x24 and 120x40, and narrowed to the ones missing French at 80x24."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from studio.ui.app import StudioApp, Target
from tests.ui.coverage.helpers import open_coverage, settle
from tests.ui.snapshots import copy_demo


@pytest.fixture
def demo_copy(demo_file: Path, tmp_path: Path) -> str:
    return copy_demo(demo_file, tmp_path)


def test_the_matrix_at_80x24(snap_compare, demo_copy: str) -> None:
    async def run_before(pilot: Pilot) -> None:
        app: StudioApp = pilot.app  # type: ignore[assignment]
        await open_coverage(pilot, app)

    app = StudioApp(Target(url=demo_copy))
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_the_matrix_at_120x40_on_a_partial_cell(snap_compare, demo_copy: str) -> None:
    async def run_before(pilot: Pilot) -> None:
        app: StudioApp = pilot.app  # type: ignore[assignment]
        await open_coverage(pilot, app)
        await pilot.press("down", "down", "down", "down", *["right"] * 5)  # big-tables, French
        await settle(pilot, app)

    app = StudioApp(Target(url=demo_copy))
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_missing_in_french_at_80x24(snap_compare, demo_copy: str) -> None:
    async def run_before(pilot: Pilot) -> None:
        app: StudioApp = pilot.app  # type: ignore[assignment]
        await open_coverage(pilot, app)
        await pilot.press(*["right"] * 5, "f")
        await settle(pilot, app)

    app = StudioApp(Target(url=demo_copy))
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
