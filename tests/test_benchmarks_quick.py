"""The benchmark suite with tiny data, so it cannot rot: every benchmark runs on SQLite and on
PostgreSQL, produces its figures, and reads the same rows as its hand-written baseline (each
benchmark checks that before timing and raises if not). Timings are never asserted here."""

from __future__ import annotations

from benchmarks.__main__ import run_suite
from tests.conftest import postgres_url

GROUPS = {"item reads", "relations", "typeahead", "overview"}


def _check(figures: list) -> None:
    assert {figure.group for figure in figures} == GROUPS
    assert len(figures) >= 20
    for figure in figures:
        assert figure.ours[0] > 0 or figure.unit != "ms", figure.label
        assert figure.ours[1] <= figure.ours[0] <= figure.ours[2], figure.label
        assert figure.verdict in {"PASS", "MISS", "-"}
    o2m = next(f for f in figures if f.label.startswith("country with 500 cities"))
    assert "constant" in o2m.note and "GROWS" not in o2m.note, o2m.note


def test_quick_suite_on_sqlite_with_the_app() -> None:
    run = run_suite(quick=True, postgres=None, log=lambda *_: None)
    assert set(run.figures) == {"SQLite", "app (SQLite)"}
    _check(run.figures["SQLite"])
    app = {figure.label: figure for figure in run.figures["app (SQLite)"]}
    assert len(app) == 7
    assert app["first frame (Studio vs a bare Textual app)"].ratio is not None
    rss = next(figure for label, figure in app.items() if label.startswith("RSS growth"))
    assert rss.unit == "MiB"


def test_quick_suite_on_postgresql() -> None:
    url = postgres_url()
    run = run_suite(quick=True, postgres=url, app=False, sqlite=False, log=lambda *_: None)
    assert set(run.figures) == {"PostgreSQL"}
    _check(run.figures["PostgreSQL"])
