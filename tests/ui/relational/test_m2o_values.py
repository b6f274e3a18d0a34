"""What an M2O value means (key, None, a new item, an item with edits) and the filter of what
may be picked, without a screen."""

from __future__ import annotations

from dataclasses import replace

from studio.engine import Database
from studio.engine.items import ItemsService
from studio.ui.interfaces.m2o_value import (
    is_new,
    merged_for_title,
    pick_filter,
    related_key,
    staged_edits,
    with_edits,
)


def test_the_four_kinds_of_value() -> None:
    assert (is_new(None, "id"), related_key(None, "id"), staged_edits(None, "id")) == (
        False, None, {},
    )  # fmt: skip
    assert (is_new(7, "id"), related_key(7, "id"), staged_edits(7, "id")) == (False, 7, {})
    new = {"name": "Neverland"}
    assert (is_new(new, "id"), related_key(new, "id"), staged_edits(new, "id")) == (
        True, None, new,
    )  # fmt: skip
    edited = {"id": 7, "name": "Frankreich"}
    assert (is_new(edited, "id"), related_key(edited, "id")) == (False, 7)
    assert staged_edits(edited, "id") == {"name": "Frankreich"}
    assert with_edits(7, {}, "id") == 7
    assert with_edits(7, {"name": "X", "id": 9}, "id") == {"id": 7, "name": "X"}


def test_title_keeps_a_related_item_an_edit_names_by_key() -> None:
    item = {"id": 3, "name": "Paris", "country": {"id": 2, "name": "France"}}
    merged = merged_for_title(item, {"name": "Paname", "country": 5})
    assert merged == {"id": 3, "name": "Paname", "country": {"id": 2, "name": "France"}}


async def test_pick_filter(demo_db: Database) -> None:
    overview = await demo_db.overview()
    country = overview.relation_info("cities", "country")
    assert pick_filter(overview, country, 1) is None
    assert pick_filter(overview, country, 1, {"name": {"_neq": "X"}}) == {"name": {"_neq": "X"}}
    capital = overview.relation_info("countries", "capital_city")
    assert pick_filter(overview, capital, None) == {"capital_of": {"_none": {}}}
    france = pick_filter(overview, capital, 74, {"population": {"_gt": 0}})
    assert france == {
        "_and": [
            {"population": {"_gt": 0}},
            {"capital_of": {"_none": {"id": {"_neq": 74}}}},
        ]
    }
    # Without the reverse alias the same rule goes through $FOLLOW.
    bare = replace(capital, related_field=None)
    rule = pick_filter(overview, bare, 74)
    assert rule == {"$FOLLOW(countries, capital_city)": {"_none": {"id": {"_neq": 74}}}}
    cities = ItemsService(demo_db, "cities")
    assert await cities.count(rule) == await cities.count(
        {"capital_of": {"_none": {"id": {"_neq": 74}}}}
    )
