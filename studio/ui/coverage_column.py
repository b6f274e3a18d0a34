"""The coverage matrix's columns: the item's title, then one cell per language showing how
complete its translation is (no Textual).

A language column reads the junction's language key and translatable fields through the
translations field (`translations.languages_code`, `translations.title`, ...) with a per-page
filter on its language; the grid merges the columns' filters into one `_in`, so a page of items
and all their translations cost two queries, never one per row. A cell is "✗" (missing),
"filled/total" (incomplete, e.g. "1/2") or "✓" (complete), and its tone colours it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len

from studio.engine.schema import FieldInfo, SchemaOverview
from studio.engine.templates import template_fields
from studio.ui.columns import Column, Tone, fit, translation_column
from studio.ui.coverage_reads import Coverage
from studio.ui.related import title_of
from studio.ui.translation_setup import Language, TranslationSetup, is_filled

MISSING = "✗"
COMPLETE = "✓"
MIN_LANGUAGE_WIDTH = 4  # "100%" in the totals row
TITLE_WIDTH = 20


@dataclass(frozen=True)
class LanguageColumn(Column):
    """One language's cells. `translatable` holds the junction's translatable fields (their
    types decide what "filled" means)."""

    translatable: tuple[FieldInfo, ...] = ()

    @property
    def read_paths(self) -> list[str]:
        names = [self.language_field, *(info.field for info in self.translatable)]
        return [f"{self.source}.{name}" for name in names]

    def deep(self) -> dict[str, Any]:
        return {self.source: {"_filter": {self.language_field: {"_in": [self.language]}}}}

    def translation(self, item: Mapping[str, Any]) -> Mapping[str, Any] | None:
        """This language's row of the item's translations (None: missing)."""
        for row in item.get(self.source) or ():
            if isinstance(row, Mapping) and str(row.get(self.language_field)) == str(self.language):
                return row
        return None

    def progress(self, item: Mapping[str, Any]) -> tuple[int, int] | None:
        """(filled, total) of the translation; None when it is missing."""
        row = self.translation(item)
        if row is None:
            return None
        filled = sum(1 for info in self.translatable if is_filled(info, row.get(info.field)))
        return filled, len(self.translatable)

    def tone(self, item: Mapping[str, Any]) -> Tone:
        progress = self.progress(item)
        if progress is None:
            return "missing"
        return "complete" if progress[0] == progress[1] else "partial"

    def is_gap(self, item: Mapping[str, Any]) -> bool:
        return self.tone(item) != "complete"

    def text(self, item: Mapping[str, Any]) -> str:
        progress = self.progress(item)
        if progress is None:
            return MISSING
        filled, total = progress
        return COMPLETE if filled == total else f"{filled}/{total}"

    def cell(self, item: Mapping[str, Any] | None) -> str:
        """Centred: the marks line up under the language codes."""
        return centre(self.text(item) if item is not None else "", self.width)


def centre(text: str, width: int) -> str:
    length = cell_len(text)
    if length >= width:
        return fit(text, width)
    left = (width - length) // 2
    return " " * left + text + " " * (width - length - left)


@dataclass(frozen=True)
class TitleColumn(Column):
    """The item named by its collection's display template (its key when that is empty)."""

    key_field: str | None = None

    @property
    def read_paths(self) -> list[str]:
        return [*template_fields(self.template or ""), *([self.key_field] * bool(self.key_field))]

    def text(self, item: Mapping[str, Any]) -> str:
        return super().text({self.key: title_of(self.template or "", item, self.key_field)})


def language_columns(
    overview: SchemaOverview, setup: TranslationSetup, languages: Sequence[Language]
) -> list[LanguageColumn]:
    translatable = tuple(setup.field_info(overview, name) for name in setup.fields)
    total = len(translatable)
    width = max(MIN_LANGUAGE_WIDTH, cell_len(f"{total}/{total}"))
    return [
        LanguageColumn(
            key=f"{setup.field}@{language.code}",
            label=str(language.code),
            kind="translation",
            width=max(width, cell_len(str(language.code))),
            type="alias",
            field=setup.field,
            language=language.code,
            language_field=setup.language_field,
            translatable=translatable,
        )
        for language in languages
    ]


def title_column(overview: SchemaOverview, setup: TranslationSetup) -> Column:
    """The collection's display template; without one, the first translatable field in the
    default language; else the key. It sorts by the template's first field when that is a
    plain field of the collection (the gap walk's place count needs plain sort fields)."""
    info = overview.collection(setup.collection)
    pk = info.primary_key or ""
    template = info.display_template
    if not template and setup.default_language is not None and setup.fields:
        found = translation_column(
            overview, setup.collection, setup.field, setup.fields[0], setup.default_language
        )
        if found is not None:
            return found.with_width(TITLE_WIDTH)
    template = template or "{{" + pk + "}}"
    first = template_fields(template)[:1]
    head = info.fields.get(first[0]) if first else None
    sortable = head is not None and not head.is_alias and "." not in first[0]
    return TitleColumn(
        key="__title",
        label=info.name,
        kind="value",
        width=TITLE_WIDTH,
        type="string",
        template=template,
        sort_path=first[0] if sortable else None,
        key_field=pk,
    )


def first_gap(
    columns: Sequence[Column], walked: Sequence[int], item: Mapping[str, Any], step: int = 1
) -> int | None:
    """The first column of `walked` (indexes of language columns, in walking order) where
    `item` has a gap; the last one when `step` is negative."""
    order = walked if step > 0 else list(reversed(walked))
    for index in order:
        column = columns[index]
        if isinstance(column, LanguageColumn) and column.is_gap(item):
            return index
    return None


def scan_gaps(
    row_at: Callable[[int], Mapping[str, Any] | None],
    count: int,
    columns: Sequence[Column],
    walked: Sequence[int],
    start: tuple[int, int],
    step: int,
) -> tuple[int, int] | int:
    """The gap cell after (`step` 1) or before (-1) the cell `start` (row, column), left to
    right then down, among the rows `row_at` has; or, when it runs out of them first, the
    first row index it does not have (-1 or `count` at an end of the list)."""
    row, column = start
    order = walked if step > 0 else list(reversed(walked))
    while 0 <= row < count:
        item = row_at(row)
        if item is None:
            return row
        for index in order:
            if (index - column) * step <= 0:
                continue
            language = columns[index]
            if isinstance(language, LanguageColumn) and language.is_gap(item):
                return row, index
        row += step
        column = -1 if step > 0 else len(columns)
    return row


def totals_cells(
    columns: Sequence[Column], coverage: Coverage | None
) -> list[tuple[str, Tone | None]]:
    """The row under the matrix: each language's complete share ("80%") in its column's
    width, toned like a cell (all complete, none, some); the title column names the row."""
    cells: list[tuple[str, Tone | None]] = []
    for column in columns:
        if not isinstance(column, LanguageColumn):
            label = "% complete" if coverage is not None else "counting…"
            cells.append((fit(label, column.width), None))
            continue
        counts = coverage.of(column.language) if coverage is not None else None
        percent = counts.percent() if counts is not None else None
        if counts is None or percent is None:
            cells.append((centre("-" if counts else "", column.width), None))
            continue
        tone: Tone = "complete" if counts.gaps == 0 else "missing" if percent == 0 else "partial"
        cells.append((centre(f"{percent}%", column.width), tone))
    return cells
