"""The translation coverage matrix's reads, as query-format filters (no Textual, no SQL).

A translation of an item in language X is
- **complete**: it has a row for X with every translatable field filled (the engine's `_nempty`,
  so what a count finds is what a cell shows, see `translation_setup.is_filled`);
- **missing**: it has no row for X;
- **incomplete**: it has a row for X, but no complete one.
A **gap** is a missing or incomplete translation, i.e. "not complete": one `_none` rule.

Every rule is a `_some`/`_none` over the translations field (a sub-select, never a join that
multiplies rows), so the counts cost two queries per language (complete, missing; incomplete is
the rest) plus one for the total, whatever the number of items, and "the next item with a gap
after this one" is one keyset read of one row, plus one count for its place in the list.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from studio.ui.grid_pages import GridQuery, ItemsReader, reversed_sort
from studio.ui.translation_setup import Language, TranslationSetup

FilterKind = Literal["missing", "incomplete", "gap"]
FILTER_KINDS: tuple[FilterKind, ...] = ("missing", "incomplete", "gap")
_KIND_WORDS = {"missing": "Missing", "incomplete": "Incomplete", "gap": "Missing or incomplete"}


def both(*rules: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The rules together (None when there are none)."""
    parts = [dict(rule) for rule in rules if rule]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"_and": parts}


def language_rule(setup: TranslationSetup, code: Any) -> dict[str, Any]:
    """A junction row in language `code`."""
    return {setup.language_field: {"_eq": code}}


def _complete_row(setup: TranslationSetup, code: Any) -> dict[str, Any]:
    filled = [{name: {"_nempty": True}} for name in setup.fields]
    return {"_and": [language_rule(setup, code), *filled]}


def complete_rule(setup: TranslationSetup, code: Any) -> dict[str, Any]:
    """Items with a complete translation in `code`."""
    return {setup.field: {"_some": _complete_row(setup, code)}}


def missing_rule(setup: TranslationSetup, code: Any) -> dict[str, Any]:
    """Items with no translation in `code`."""
    return {setup.field: {"_none": language_rule(setup, code)}}


def gap_rule(setup: TranslationSetup, code: Any) -> dict[str, Any]:
    """Items whose translation in `code` is missing or incomplete (not complete)."""
    return {setup.field: {"_none": _complete_row(setup, code)}}


def incomplete_rule(setup: TranslationSetup, code: Any) -> dict[str, Any]:
    """Items with a translation in `code` that is not complete."""
    present = {setup.field: {"_some": language_rule(setup, code)}}
    return {"_and": [present, gap_rule(setup, code)]}


def any_gap_rule(setup: TranslationSetup, codes: Sequence[Any]) -> dict[str, Any] | None:
    """Items with a gap in at least one of `codes` (None: no languages, no gaps)."""
    rules = [gap_rule(setup, code) for code in codes]
    if not rules:
        return None
    return rules[0] if len(rules) == 1 else {"_or": rules}


@dataclass(frozen=True)
class CoverageFilter:
    """What the matrix is narrowed to: items missing (or incomplete, or either) in a language."""

    kind: FilterKind
    language: Any

    def rule(self, setup: TranslationSetup) -> dict[str, Any]:
        if self.kind == "missing":
            return missing_rule(setup, self.language)
        if self.kind == "incomplete":
            return incomplete_rule(setup, self.language)
        return gap_rule(setup, self.language)

    def describe(self, languages: Iterable[Language]) -> str:
        """ "Missing in German (de-DE)"."""
        return f"{_KIND_WORDS[self.kind]} in {language_name(languages, self.language)}"

    def next_kind(self) -> CoverageFilter:
        """The same language, the next kind (missing → incomplete → either → missing)."""
        index = (FILTER_KINDS.index(self.kind) + 1) % len(FILTER_KINDS)
        return CoverageFilter(FILTER_KINDS[index], self.language)


def language_name(languages: Iterable[Language], code: Any) -> str:
    """ "German (de-DE)", "Arabic (ar-SA, RTL)"; an unknown code is itself."""
    for language in languages:
        if str(language.code) == str(code):
            if language.name == str(code):
                return str(code)
            return f"{language.name} ({code}{', RTL' if language.rtl else ''})"
    return str(code)


@dataclass(frozen=True)
class LanguageCounts:
    complete: int
    incomplete: int
    missing: int

    @property
    def gaps(self) -> int:
        return self.incomplete + self.missing

    @property
    def total(self) -> int:
        return self.complete + self.incomplete + self.missing

    def percent(self) -> int | None:
        """Complete, in whole percent rounded down (100 only when every item is complete)."""
        if self.total == 0:
            return None
        return self.complete * 100 // self.total


@dataclass(frozen=True)
class Coverage:
    """The counts over the matrix's current filter: its items, and per language code."""

    total: int
    languages: Mapping[str, LanguageCounts]

    @property
    def gaps(self) -> int:
        return sum(counts.gaps for counts in self.languages.values())

    def of(self, code: Any) -> LanguageCounts | None:
        return self.languages.get(str(code))

    def describe(self, languages: Sequence[Language], code: Any = None) -> str:
        """One language's counts in words; with no language, the gaps of them all."""
        counts = self.of(code) if code is not None else None
        if counts is not None:
            return (
                f"{language_name(languages, code)}: {counts.complete:,} complete · "
                f"{counts.incomplete:,} incomplete · {counts.missing:,} missing"
            )
        noun = "language" if len(languages) == 1 else "languages"
        return f"{self.gaps:,} gaps (missing or incomplete) in {len(languages)} {noun}"


async def count_coverage(
    reader: ItemsReader,
    setup: TranslationSetup,
    codes: Sequence[Any],
    base: Mapping[str, Any] | None,
) -> Coverage:
    """1 + 2 per language count queries: the items, then per language the complete and the
    missing ones; the incomplete are what is left."""
    total = (await reader.count(base)).value
    found = {}
    for code in codes:
        complete = (await reader.count(both(base, complete_rule(setup, code)))).value
        missing = (await reader.count(both(base, missing_rule(setup, code)))).value
        found[str(code)] = LanguageCounts(complete, max(0, total - complete - missing), missing)
    return Coverage(total, found)


# walking the gaps ---------------------------------------------------------------------------


def before_rule(sort: Sequence[str], item: Mapping[str, Any]) -> dict[str, Any] | None:
    """Items that sort strictly before `item` in `sort` (a total sort of plain fields, as the
    grid's `total_sort` makes it), with the engine's NULL order: last ascending, first
    descending. None when nothing can come before it."""
    rule: dict[str, Any] | None = None  # the tail: equal in every term is the item itself
    for term in reversed(sort):
        descending = term.startswith("-")
        name = term.lstrip("-+")
        value = item.get(name)
        options = []
        strictly = _strictly_before(name, value, descending)
        if strictly is not None:
            options.append(strictly)
        if rule is not None:
            same = {name: {"_null": True}} if value is None else {name: {"_eq": value}}
            options.append({"_and": [same, rule]})
        rule = None if not options else options[0] if len(options) == 1 else {"_or": options}
    return rule


def _strictly_before(name: str, value: Any, descending: bool) -> dict[str, Any] | None:
    if not descending:
        return {name: {"_nnull": True}} if value is None else {name: {"_lt": value}}
    if value is None:
        return None
    return {"_or": [{name: {"_null": True}}, {name: {"_gt": value}}]}


async def find_gap(
    reader: ItemsReader,
    query: GridQuery,
    gaps: Mapping[str, Any],
    after: tuple[Any, ...] | None,
    *,
    backward: bool = False,
) -> dict[str, Any] | None:
    """The first item of the grid's query matching `gaps` after the keyset cursor `after`
    (before it, nearest first, when `backward`): one read of one row, with the grid's fields."""
    sort = reversed_sort(query.sort) if backward else query.sort
    page = await reader.read_page(
        **query.options() | {"filter": both(query.filter, gaps)},
        sort=list(sort),
        limit=1,
        after=after,
    )
    return page.items[0] if page.items else None


async def position_of(reader: ItemsReader, query: GridQuery, item: Mapping[str, Any]) -> int:
    """The row index of `item` in the grid's query: one count of the items before it."""
    before = before_rule(query.sort, item)
    if before is None:
        return 0
    return (await reader.count(both(query.filter, before), query.search)).value
