"""`Page.before`: the first item's sort values, so a window over a list can page backwards by
reading with every sort term reversed (NULLs last ascending, first descending, so the reversed
order is exactly the reverse)."""

from __future__ import annotations

import pytest

from studio.engine import Database
from studio.engine.items import ItemsService


def reverse(sort: list[str]) -> list[str]:
    return [term[1:] if term.startswith("-") else f"-{term}" for term in sort]


async def all_names(db: Database, sort: list[str]) -> list[str]:
    items = await ItemsService(db, "cities").read_many(fields=["name"], sort=sort, limit=-1)
    return [item["name"] for item in items]


@pytest.mark.parametrize(
    "sort",
    [
        ["name", "id"],
        ["-name", "id"],
        ["country", "-id"],
        ["-country", "name", "id"],
        ["country.name", "-name", "id"],
        ["-country.name", "id"],
    ],
)
async def test_backward_walk_from_the_end_is_the_reverse_order(
    guide: Database, sort: list[str]
) -> None:
    service = ItemsService(guide, "cities")
    everything = await all_names(guide, sort)
    walked: list[str] = []
    cursor = None
    while True:
        page = await service.read_page(fields=["name"], sort=reverse(sort), limit=2, after=cursor)
        walked[:0] = [item["name"] for item in reversed(page.items)]
        if page.after is None:
            break
        cursor = page.after
    assert walked == everything


@pytest.mark.parametrize("sort", [["name", "id"], ["-country.name", "name", "id"]])
async def test_a_page_read_backwards_from_its_successor_is_the_same_page(
    guide: Database, sort: list[str]
) -> None:
    service = ItemsService(guide, "cities")
    first = await service.read_page(fields=["name"], sort=sort, limit=3)
    second = await service.read_page(fields=["name"], sort=sort, limit=3, after=first.after)
    assert second.before is not None
    back = await service.read_page(
        fields=["name"], sort=reverse(sort), limit=3, after=second.before
    )
    assert [i["name"] for i in reversed(back.items)] == [i["name"] for i in first.items]
    # the backward page's cursors are the forward page's, swapped
    assert back.after == first.before
    assert back.before == first.after


async def test_before_is_the_first_items_cursor_and_none_on_an_empty_page(
    guide: Database,
) -> None:
    service = ItemsService(guide, "cities")
    page = await service.read_page(fields=["name"], sort=["name", "id"], limit=2)
    assert page.before == ("Lyon", 4)
    empty = await service.read_page(fields=["name"], filter={"name": {"_eq": "Nope"}})
    assert (empty.items, empty.before, empty.after) == ([], None, None)
    # an offset read has cursors too, so a far jump can continue by keyset from it
    far = await service.read_page(fields=["name"], sort=["name", "id"], limit=2, offset=4)
    assert far.before == ("Santiago", 1)
    assert far.after == ("Tokyo", 6)
