"""Translated columns without the app: how one is named and parsed, what a page read asks for
(the `deep` options the columns merge), what a cell shows, and that a page of translated
columns costs one query for the items and one for their translations, whatever its size."""

from __future__ import annotations

from typing import Any

from studio.engine import Database
from studio.engine.items import ItemsService
from studio.ui.columns import (
    COUNT_LIMIT,
    available_columns,
    column_from_key,
    columns_from_prefs,
    columns_to_prefs,
    default_columns,
    read_fields,
    translation_choices,
    translation_column,
)
from studio.ui.grid_pages import GridQuery, PageCache, total_sort
from studio.ui.translation_setup import Language
from tests.engine.items.test_statement_count import counting

EN, DE, FR = "en-US", "de-DE", "fr-FR"


async def _overview(db: Database) -> Any:
    return await db.overview()


async def test_default_articles_columns_hold_the_title_in_the_default_language(
    demo_db: Database,
) -> None:
    overview = await _overview(demo_db)
    columns = default_columns(overview, "articles")
    assert [c.key for c in columns] == [
        "id", "slug", "translations.title@en-US", "status", "featured",
    ]  # fmt: skip
    title = columns[2]
    assert (title.kind, title.label, title.sort_path) == ("translation", "Title (en-US)", None)
    assert "cannot be sorted" in (title.why_unsorted or "")
    assert columns[1].why_unsorted is None
    # collections without translations are as before
    assert [c.key for c in default_columns(overview, "cities")] == [
        "id", "name", "country", "population",
    ]  # fmt: skip


async def test_read_fields_merges_the_languages_of_one_translations_field(
    demo_db: Database,
) -> None:
    overview = await _overview(demo_db)
    en_title = translation_column(overview, "articles", "translations", "title", EN)
    de_title = translation_column(overview, "articles", "translations", "title", DE)
    de_summary = translation_column(overview, "articles", "translations", "summary", DE)
    fr_title = translation_column(overview, "articles", "translations", "title", FR)
    assert en_title and de_title and de_summary and fr_title
    fields, deep = read_fields([en_title, de_title, de_summary], "id", "{{slug}}")
    assert fields == [
        "id",
        "translations.title",
        "translations.languages_code",
        "translations.summary",
        "slug",
    ]
    assert deep == {"translations": {"_filter": {"languages_code": {"_in": [EN, DE]}}}}
    _, deep = read_fields([fr_title, en_title, fr_title], "id", None)
    assert deep == {"translations": {"_filter": {"languages_code": {"_in": [FR, EN]}}}}
    # a count of the same translations needs every row (up to its limit): no language filter,
    # whichever column comes first
    count = {c.key: c for c in available_columns(overview, "articles")}["translations"]
    for order in ([de_title, count], [count, de_title], [de_title, count, en_title]):
        _, deep = read_fields(order, "id", None)
        assert deep == {"translations": {"_limit": COUNT_LIMIT + 1}}
    # the columns' own options are not changed by a merge
    assert de_title.deep() == {"translations": {"_filter": {"languages_code": {"_in": [DE]}}}}


async def test_a_translated_cell_shows_its_language_or_nothing(demo_db: Database) -> None:
    overview = await _overview(demo_db)
    de_title = translation_column(overview, "articles", "translations", "title", DE)
    assert de_title is not None
    item = {
        "id": 1,
        "translations": [
            {"languages_code": EN, "title": "Hello"},
            {"languages_code": DE, "title": "Hallo\nWelt\x1b[31m"},
        ],
    }
    assert de_title.text(item) == "Hallo Welt�[31m"  # no byte of a value drives the terminal
    assert de_title.text({"id": 2, "translations": [{"languages_code": EN, "title": "Hi"}]}) == ""
    assert de_title.text({"id": 3, "translations": []}) == ""
    assert de_title.text({"id": 4}) == ""
    assert de_title.text({"id": 5, "translations": [{"languages_code": DE, "title": None}]}) == ""
    assert de_title.cell(item).startswith("Hallo Welt") and len(de_title.cell(item)) == 24
    assert de_title.tone(item) is None


async def test_keys_name_a_field_and_a_language_and_prefs_restore_them(demo_db: Database) -> None:
    overview = await _overview(demo_db)
    column = column_from_key(overview, "articles", "translations.summary@de-DE")
    assert column is not None
    assert (column.field, column.translated, column.language) == ("translations", "summary", DE)
    assert column.label == "Summary (de-DE)" and column.source == "translations"
    assert column_from_key(overview, "articles", "slug") == next(
        c for c in available_columns(overview, "articles") if c.key == "slug"
    )
    # a language code holding "@" (sr@latin) stays whole: field keys never hold one
    latin = column_from_key(overview, "articles", "translations.title@sr@latin")
    assert latin is not None and latin.language == "sr@latin"
    for wrong in ("translations.body@de-DE", "slug.title@de-DE", "translations.title@", "nope"):
        assert column_from_key(overview, "articles", wrong) is None
    saved = columns_to_prefs([column.with_width(30)])
    assert saved == [{"field": "translations.summary@de-DE", "width": 30}]
    restored = columns_from_prefs(
        overview,
        "articles",
        [*saved, {"field": "translations.title@xx-XX"}, {"field": "translations.gone@de-DE"}],
    )
    assert restored is not None
    assert [(c.key, c.width) for c in restored] == [
        ("translations.summary@de-DE", 30),
        ("translations.title@xx-XX", 24),  # a language deleted since: kept, its cells empty
    ]


async def test_the_picker_choices_hold_every_language_of_each_translatable_field(
    demo_db: Database,
) -> None:
    overview = await _overview(demo_db)
    languages = [Language("ar-SA", "Arabic", True), Language(DE, "German"), Language(EN, "English")]
    choices = translation_choices(overview, "articles", {"translations": languages})
    assert [(c.field, c.translated, c.name) for c in choices] == [
        ("translations", "title", "Title"),  # the junction form's order, not the alphabet
        ("translations", "summary", "Summary"),
    ]
    title = choices[0]
    assert [c.key for c in title.columns.values()] == [
        "translations.title@ar-SA",
        "translations.title@de-DE",
        "translations.title@en-US",
    ]
    assert title.first_free([]) == languages[2]  # the field's default language first
    assert title.first_free([EN]) == languages[0]
    assert title.first_free(["ar-SA", DE, EN]) is None
    assert translation_choices(overview, "cities", {}) == []


async def _bulk_articles(db: Database, count: int) -> None:
    """`count` more articles, each translated into English and German."""
    await ItemsService(db, "articles").create_many(
        [
            {
                "slug": f"bulk-{n}",
                "status": "draft",
                "translations": [
                    {"languages_code": EN, "title": f"Bulk {n}"},
                    {"languages_code": DE, "title": f"Masse {n}"},
                ],
            }
            for n in range(count)
        ]
    )


async def test_a_page_of_translated_columns_costs_two_queries_whatever_its_size(
    demo_db: Database,
) -> None:
    await _bulk_articles(demo_db, 200)
    overview = await demo_db.overview()
    by_key = {c.key: c for c in available_columns(overview, "articles")}
    en_title = translation_column(overview, "articles", "translations", "title", EN)
    de_title = translation_column(overview, "articles", "translations", "title", DE)
    fr_summary = translation_column(overview, "articles", "translations", "summary", FR)
    assert en_title and de_title and fr_summary
    count = by_key["translations"]
    service = ItemsService(demo_db, "articles")
    for chosen in ([by_key["slug"], en_title, de_title, fr_summary], [de_title, count, en_title]):
        fields, deep = read_fields(chosen, "id", "{{slug}}")
        selects = {}
        for size in (5, 100):
            query = GridQuery(tuple(fields), total_sort(["-id"], "id"), deep=deep)
            cache = PageCache(service, query, page_size=size)
            await cache.count()
            with counting(demo_db) as statements:
                await cache.load(cache.plan(0))
                await cache.load(cache.plan(1))
            selects[size] = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
            page = cache.peek(1)
            assert page is not None and len(page.rows) == size
            for row in page.rows:  # newest first: page 1 holds bulk articles only
                n = row["slug"].removeprefix("bulk-")
                assert (en_title.text(row), de_title.text(row)) == (f"Bulk {n}", f"Masse {n}")
                assert fr_summary.text(row) == ""
                if count in chosen:
                    assert count.text(row) == "2"
        assert len(selects[5]) == len(selects[100]) == 4  # a page: its articles, translations
