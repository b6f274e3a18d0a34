"""The coverage matrix's filters and counts (`coverage_reads`, no Textual): the rules' shapes,
what they find in the demo database compared with its rows, and the keyset rule for "sorts
before this item" that places a gap found past the loaded pages."""

from __future__ import annotations

import pytest

from studio.engine import Database
from studio.engine.items import ItemsService
from studio.ui.columns import read_fields
from studio.ui.coverage_column import language_columns, title_column
from studio.ui.coverage_reads import (
    CoverageFilter,
    LanguageCounts,
    any_gap_rule,
    before_rule,
    both,
    complete_rule,
    count_coverage,
    find_gap,
    gap_rule,
    incomplete_rule,
    language_name,
    missing_rule,
    position_of,
)
from studio.ui.grid_pages import GridQuery, reversed_sort, total_sort
from studio.ui.translation_setup import Language, TranslationSetup
from tests.engine.items.test_statement_count import counting
from tests.ui.coverage.helpers import expected_counts, languages, states


async def _setup(db: Database) -> TranslationSetup:
    setup = TranslationSetup.of(await db.overview(), "articles", "translations")
    assert setup is not None
    return setup


async def _keys(db: Database, rule: dict | None) -> list[int]:
    rows = await ItemsService(db, "articles").read_many(
        fields=["id"], filter=both({"status": {"_neq": "archived"}}, rule), sort=["id"], limit=-1
    )
    return [row["id"] for row in rows]


def test_rule_shapes() -> None:
    setup = TranslationSetup(
        collection="articles",
        field="translations",
        junction="articles_translations",
        junction_key="id",
        parent_field="articles_id",
        language_field="languages_code",
        languages="languages",
        language_key="code",
        label_field="name",
        direction_field="direction",
        fields=("title", "summary"),
    )
    complete_row = {
        "_and": [
            {"languages_code": {"_eq": "de-DE"}},
            {"title": {"_nempty": True}},
            {"summary": {"_nempty": True}},
        ]
    }
    assert missing_rule(setup, "de-DE") == {
        "translations": {"_none": {"languages_code": {"_eq": "de-DE"}}}
    }
    assert complete_rule(setup, "de-DE") == {"translations": {"_some": complete_row}}
    assert gap_rule(setup, "de-DE") == {"translations": {"_none": complete_row}}
    assert incomplete_rule(setup, "de-DE") == {
        "_and": [
            {"translations": {"_some": {"languages_code": {"_eq": "de-DE"}}}},
            {"translations": {"_none": complete_row}},
        ]
    }
    assert any_gap_rule(setup, []) is None
    assert any_gap_rule(setup, ["de-DE"]) == gap_rule(setup, "de-DE")
    assert any_gap_rule(setup, ["de-DE", "fr-FR"]) == {
        "_or": [gap_rule(setup, "de-DE"), gap_rule(setup, "fr-FR")]
    }
    assert both(None, {}) is None
    assert both({"a": 1}, None) == {"a": 1}
    assert both({"a": 1}, {"b": 2}) == {"_and": [{"a": 1}, {"b": 2}]}
    chosen = CoverageFilter("missing", "de-DE")
    assert chosen.rule(setup) == missing_rule(setup, "de-DE")
    assert [chosen.next_kind().kind, chosen.next_kind().next_kind().kind] == ["incomplete", "gap"]
    assert chosen.next_kind().next_kind().next_kind() == chosen
    names = [Language("de-DE", "German"), Language("ar-SA", "Arabic", rtl=True), Language("x", "x")]
    assert chosen.describe(names) == "Missing in German (de-DE)"
    assert CoverageFilter("gap", "ar-SA").describe(names) == (
        "Missing or incomplete in Arabic (ar-SA, RTL)"
    )
    assert language_name(names, "x") == "x" and language_name(names, "zz") == "zz"


def test_counts_and_percent() -> None:
    counts = LanguageCounts(complete=1, incomplete=1, missing=1)
    assert (counts.gaps, counts.total, counts.percent()) == (2, 3, 33)
    assert LanguageCounts(0, 0, 0).percent() is None
    assert LanguageCounts(2, 0, 0).percent() == 100


def test_before_rule_shapes() -> None:
    assert before_rule(["id"], {"id": 1}) == {"id": {"_lt": 1}}
    assert before_rule(["-id"], {"id": 4}) == {"_or": [{"id": {"_null": True}}, {"id": {"_gt": 4}}]}
    assert before_rule(["slug", "id"], {"slug": "b", "id": 2}) == {
        "_or": [{"slug": {"_lt": "b"}}, {"_and": [{"slug": {"_eq": "b"}}, {"id": {"_lt": 2}}]}]
    }
    assert before_rule(["slug", "id"], {"slug": None, "id": 2}) == {
        "_or": [
            {"slug": {"_nnull": True}},
            {"_and": [{"slug": {"_null": True}}, {"id": {"_lt": 2}}]},
        ]
    }
    assert before_rule(["-slug", "id"], {"slug": None, "id": 2}) == {
        "_and": [{"slug": {"_null": True}}, {"id": {"_lt": 2}}]
    }


async def test_the_rules_find_what_the_rows_say(demo_db: Database) -> None:
    setup = await _setup(demo_db)
    by_item = await states(demo_db)
    for code in await languages(demo_db):

        def having(*wanted: str, code: str = code) -> list[int]:
            return [key for key, item in by_item.items() if item[code] in wanted]

        assert await _keys(demo_db, missing_rule(setup, code)) == having("missing")
        assert await _keys(demo_db, complete_rule(setup, code)) == having("complete")
        assert await _keys(demo_db, incomplete_rule(setup, code)) == having("incomplete")
        assert await _keys(demo_db, gap_rule(setup, code)) == having("missing", "incomplete")
    assert await _keys(demo_db, incomplete_rule(setup, "fr-FR")) == [5]  # big-tables: no summary


async def test_counts_cost_two_queries_per_language(demo_db: Database) -> None:
    setup = await _setup(demo_db)
    codes = await languages(demo_db)
    base = {"status": {"_neq": "archived"}}
    with counting(demo_db) as statements:
        coverage = await count_coverage(ItemsService(demo_db, "articles"), setup, codes, base)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 1 + 2 * len(codes)
    by_item = await states(demo_db)
    total, expected = expected_counts(by_item, by_item)
    assert coverage.total == total == 5
    assert {
        code: (c.complete, c.incomplete, c.missing) for code, c in coverage.languages.items()
    } == expected
    assert expected["fr-FR"] == (3, 1, 1) and expected["ar-SA"] == (4, 0, 1)


@pytest.mark.parametrize("sort", [[], ["slug"], ["-slug"], ["-id"]])
async def test_a_gap_found_past_a_cursor_and_its_place(demo_db: Database, sort: list[str]) -> None:
    """The first item with a gap after a keyset cursor, read with the grid's own fields, and
    its row index counted with `before_rule`, agree with the list read whole."""
    overview = await demo_db.overview()
    setup = await _setup(demo_db)
    codes = await languages(demo_db)
    langs = [Language(code, code) for code in codes]
    columns = [title_column(overview, setup), *language_columns(overview, setup, langs)]
    fields, deep = read_fields(columns, "id", None)
    query = GridQuery(tuple(fields), total_sort(sort, "id"), deep=deep)
    reader = ItemsService(demo_db, "articles")
    everything = await reader.read_page(**query.options(), sort=list(query.sort), limit=-1)
    order = [item["id"] for item in everything.items]
    arabic = gap_rule(setup, "ar-SA")  # only keyboard (4) has no Arabic translation
    first = await reader.read_page(**query.options(), sort=list(query.sort), limit=1)
    found = await find_gap(reader, query, arabic, first.after)
    assert found is not None and found["id"] == 4
    assert {row["languages_code"] for row in found["translations"]} == {"de-DE", "en-US", "fr-FR"}
    assert await position_of(reader, query, found) == order.index(4)
    last = await reader.read_page(**query.options(), sort=list(reversed_sort(query.sort)), limit=1)
    back = await find_gap(reader, query, arabic, last.after, backward=True)
    assert back is not None and back["id"] == 4
    own = await reader.read_page(
        fields=["id"], filter={"id": {"_eq": 4}}, sort=list(query.sort), limit=1
    )
    assert await find_gap(reader, query, arabic, own.before) is None  # none after it
    assert await find_gap(reader, query, arabic, own.before, backward=True) is None
    for index, key in enumerate(order):
        item = next(i for i in everything.items if i["id"] == key)
        assert await position_of(reader, query, item) == index
