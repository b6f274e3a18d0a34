"""The matrix's columns (no Textual): what a language cell reads, shows and tones, the title,
the totals row, and finding the next gap among loaded rows."""

from __future__ import annotations

from typing import Any

from studio.engine import Database
from studio.ui.columns import read_fields
from studio.ui.coverage_column import (
    COMPLETE,
    MISSING,
    LanguageColumn,
    first_gap,
    language_columns,
    scan_gaps,
    title_column,
    totals_cells,
)
from studio.ui.coverage_reads import Coverage, LanguageCounts
from studio.ui.translation_setup import Language, TranslationSetup

LANGUAGES = [Language("ar-SA", "Arabic", rtl=True), Language("de-DE", "German")]


async def _columns(db: Database) -> list[Any]:
    overview = await db.overview()
    setup = TranslationSetup.of(overview, "articles", "translations")
    assert setup is not None
    return [title_column(overview, setup), *language_columns(overview, setup, LANGUAGES)]


def _item(key: int, **rows: tuple[str | None, str | None]) -> dict[str, Any]:
    translations = [
        {"languages_code": code.replace("_", "-"), "title": title, "summary": summary}
        for code, (title, summary) in rows.items()
    ]
    return {"id": key, "slug": f"item-{key}", "translations": translations}


async def test_a_language_cell(demo_db: Database) -> None:
    title, arabic, german = await _columns(demo_db)
    assert isinstance(arabic, LanguageColumn) and arabic.label == "ar-SA"
    assert arabic.read_paths == [  # the translatable fields in the junction's form order
        "translations.languages_code",
        "translations.title",
        "translations.summary",
    ]
    fields, deep = read_fields([title, arabic, german], "id", "{{slug}}")
    assert fields == [
        "id",
        "slug",
        "translations.languages_code",
        "translations.title",
        "translations.summary",
    ]
    assert deep == {"translations": {"_filter": {"languages_code": {"_in": ["ar-SA", "de-DE"]}}}}
    item = _item(1, ar_SA=("عنوان", ""), de_DE=("Titel", "Text"))
    assert (arabic.text(item), arabic.tone(item), arabic.progress(item)) == (
        "1/2",
        "partial",
        (1, 2),
    )
    assert (german.text(item), german.tone(item), german.is_gap(item)) == (
        COMPLETE,
        "complete",
        False,
    )
    bare = _item(2)
    assert (arabic.text(bare), arabic.tone(bare), arabic.is_gap(bare)) == (MISSING, "missing", True)
    assert arabic.cell(item) == " 1/2 " and arabic.width == 5
    assert title.text(item) == "item-1" and title.sort_path == "slug"
    assert title.with_width(30).width == 30 and title.with_width(30).text(item) == "item-1"


async def test_scanning_loaded_rows_for_gaps(demo_db: Database) -> None:
    columns = await _columns(demo_db)
    rows = {
        0: _item(1, ar_SA=("a", "b"), de_DE=("a", "b")),
        1: _item(2, ar_SA=("a", None), de_DE=("a", "b")),
        2: _item(3, de_DE=("a", "b")),
        4: _item(5, ar_SA=("a", "b")),
    }
    walked = [1, 2]

    def scan(start: tuple[int, int], step: int, count: int = 5, only: list[int] = walked) -> Any:
        return scan_gaps(rows.get, count, columns, only, start, step)

    assert scan((0, 0), 1) == (1, 1)
    assert scan((1, 1), 1) == (2, 1)
    assert scan((2, 1), 1) == 3  # row 3 is not loaded: the engine takes over from there
    assert scan((2, 1), -1) == (1, 1)
    assert scan((1, 1), -1) == -1  # nothing before: the start of the list
    assert scan((4, 0), 1) == (4, 2)
    assert scan((4, 2), 1) == 5  # the end of the list
    assert scan((0, 0), 1, only=[2]) == 3  # German only: no gap before row 3
    assert first_gap(columns, walked, rows[2]) == 1
    assert first_gap(columns, walked, rows[4], -1) == 2
    assert first_gap(columns, walked, rows[0]) is None


async def test_the_totals_row_and_the_status_words(demo_db: Database) -> None:
    columns = await _columns(demo_db)
    assert [text.strip() for text, _ in totals_cells(columns, None)] == ["counting…", "", ""]
    coverage = Coverage(4, {"ar-SA": LanguageCounts(4, 0, 0), "de-DE": LanguageCounts(1, 1, 2)})
    cells = totals_cells(columns, coverage)
    assert [(text.strip(), tone) for text, tone in cells] == [
        ("% complete", None),
        ("100%", "complete"),
        ("25%", "partial"),
    ]
    assert all(len(text) == column.width for (text, _), column in zip(cells, columns, strict=True))
    empty = Coverage(0, {"ar-SA": LanguageCounts(0, 0, 0), "de-DE": LanguageCounts(0, 0, 0)})
    assert [text.strip() for text, _ in totals_cells(columns, empty)][1:] == ["-", "-"]
    assert coverage.describe(LANGUAGES, "de-DE") == (
        "German (de-DE): 1 complete · 1 incomplete · 2 missing"
    )
    assert coverage.describe(LANGUAGES) == "3 gaps (missing or incomplete) in 2 languages"
